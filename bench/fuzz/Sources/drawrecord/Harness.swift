import FuzzDriver
import Inspection

/// A draw record's XML (what anyone may download and re-verify) into its reader.
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? DrawRecord(xml: bytes, source: "fuzz.xml")
    return 0
}
