import FuzzDriver
import Tabular

/// A CSV registry as a clerk's spreadsheet might save it — or as an attacker would write one.
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let table = try? Table(csv: bytes, source: "fuzz.csv") {
        precondition(table.rows.allSatisfy { $0.count == table.header.count }, "a row of the wrong width")
        precondition(table.rows.count == table.lines.count)
    }
    return 0
}
