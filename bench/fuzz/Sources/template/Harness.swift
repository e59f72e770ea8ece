import FuzzDriver
import Templating

/// A Word template's bytes into the template compiler (the tag language in every part).
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? Template(bytes: bytes, name: "fuzz.docx")
    return 0
}
