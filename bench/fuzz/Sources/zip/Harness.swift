import FuzzDriver
import ZipCore

/// A zip's bytes: the central directory read, every entry tested and read within small limits.
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ZipReader.Limits()
    limits.maxEntrySize = 1 << 22
    limits.maxTotalSize = 1 << 24
    limits.maxInMemory = 1 << 22
    guard let reader = try? ZipReader(bytes: bytes, name: "fuzz.zip", limits: limits) else { return 0 }
    _ = try? reader.testAll()
    for entry in reader.entries.prefix(64) { _ = try? reader.contents(of: entry) }
    return 0
}
