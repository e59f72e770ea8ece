import FuzzDriver
import Tabular

/// An XLSX workbook's bytes into the streaming sheet reader.
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let table = try? Table(xlsx: bytes, source: "fuzz.xlsx") {
        precondition(table.rows.allSatisfy { $0.count == table.header.count }, "a row of the wrong width")
    }
    return 0
}
