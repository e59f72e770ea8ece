// fillbench: in-process measurements for bench/fill that a whole-command timing cannot give.
//
//   fillbench table TEMPLATE ROWS REPEAT   mean milliseconds to render one document with a ROWS-row table
//   fillbench memory TEMPLATE RECORDS.jsonl COUNT
//                                          render COUNT documents (cycling the records), printing resident
//                                          memory after 1,000 and after COUNT documents
import Foundation
import Templating

func residentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
    }
    return -1
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "table" where arguments.count == 4:
        let template = try Template(contentsOfFile: arguments[1])
        let rows = Int(arguments[2]) ?? 1000
        let repeats = Int(arguments[3]) ?? 20
        let items = (0..<rows).map { i in
            TemplateValue.object([
                "no": .number(Double(i + 1)), "name": .string("检查事项\(i)"), "basis": .string("条例第十五条"), "note": .string("符合要求"),
            ])
        }
        var record: [String: TemplateValue] = ["items": .array(items)]
        for field in ["doc_no", "org", "code", "address", "basis", "date", "leader", "amount"] { record[field] = .string(field) }
        _ = try template.render(.object(record))
        let start = Date()
        var size = 0
        for _ in 0..<repeats { size = try template.render(.object(record)).count }
        let mean = Date().timeIntervalSince(start) / Double(repeats) * 1000
        print(String(format: "%d rows: %.2f ms per document (%d bytes)", rows, mean, size))
    case "memory" where arguments.count == 4:
        let template = try Template(contentsOfFile: arguments[1])
        let lines = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n")
        let records = try lines.map { try TemplateValue(json: Array($0.utf8)) }
        let count = Int(arguments[3]) ?? 10_000
        var atThousand = 0
        for index in 0..<count {
            _ = try template.render(records[index % records.count])
            if index == 999 { atThousand = residentKiB() }
        }
        print("resident after 1000: \(atThousand) KiB, after \(count): \(residentKiB()) KiB")
    default:
        FileHandle.standardError.write(
            Data("usage: fillbench table TEMPLATE ROWS REPEAT | fillbench memory TEMPLATE RECORDS.jsonl COUNT\n".utf8))
        exit(2)
    }
} catch let error as TemplateError {
    print(error.localized(english: true))
    exit(1)
}
