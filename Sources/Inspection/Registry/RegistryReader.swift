import Foundation
import Support
import Tabular

/// Reading one row of a registry table: values by column name, and problems located at the cell.
struct RegistryRow {
    let source: String
    let line: Int
    let row: [String]
    let column: ColumnIndex
    var problems: [TabularError] = []

    func value(_ name: String) -> String { column[name].map { row[$0].trimmed } ?? "" }

    mutating func problem(_ name: String, _ zh: String, _ en: String) {
        problems.append(TabularError(source: source, row: line, column: (column[name] ?? 0) + 1, zh: "\(name)：\(zh)", en: "\(name): \(en)"))
    }

    mutating func required(_ name: String) -> String {
        let text = value(name)
        if text.isEmpty { problem(name, "不能为空", "is empty") }
        return text
    }

    mutating func oneOf(_ name: String, _ allowed: [String], default fallback: String? = nil) -> String {
        var text = value(name)
        if text.isEmpty, let fallback { text = fallback }
        if !allowed.contains(text) {
            problem(
                name, "应为 \(allowed.joined(separator: "、")) 之一，实为 “\(text)”",
                "must be one of \(allowed.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    mutating func flag(_ name: String) -> Bool {
        let text = value(name)
        if Self.yes.contains(text) { return true }
        if Self.no.contains(text) { return false }
        problem(name, "应为 是 或 否，实为 “\(text)”", "must be 是 or 否, not '\(text)'")
        return false
    }

    /// A cell holding a control character XML 1.0 cannot carry (NUL, U+000B, …) would make every later
    /// form of the task fail: it is refused here, with its cell, like any other bad value.
    mutating func refuseControlCharacters() {
        func control(_ byte: UInt8) -> Bool { byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D }
        // Scanned where the bytes lie: through the UTF-8 view's iterator this cost a tenth of the validation.
        for (index, cell) in row.enumerated()
        where cell.utf8.withContiguousStorageIfAvailable({ $0.contains(where: control) }) ?? cell.utf8.contains(where: control) {
            guard let scalar = cell.unicodeScalars.first(where: { $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) }) else { continue }
            let code = "U+" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16).uppercased()
            problems.append(
                TabularError(
                    source: source, row: line, column: index + 1, zh: "含有不可打印的控制字符 \(code)，请删去后再导入",
                    en: "holds the control character \(code), which no document can print: remove it and import again"))
        }
    }

    static let yes = ["是", "Y", "y", "1", "TRUE", "true"]
    static let no = ["否", "N", "n", "0", "FALSE", "false", ""]
}

/// A header's column positions by name. Looked up a dozen times per row of a million-row file: a
/// dictionary hashes each Chinese name through Unicode normalisation, which cost more than all the
/// validation, and so did `==` on Chinese text. The header's names are kept in NFC and compared as bytes
/// with the names asked for, which the code writes in NFC: `==` (canonical equivalence) exactly.
struct ColumnIndex: Sendable {
    private let names: [[UInt8]]

    init(_ header: [String]) { names = header.map { Array($0.precomposedStringWithCanonicalMapping.utf8) } }

    subscript(name: String) -> Int? {
        let count = name.utf8.count
        return names.firstIndex { $0.count == count && $0.elementsEqual(name.utf8) }
    }
}

/// The shared frame of a registry import: header checks, per-row reading, duplicates, and every
/// problem in reading order — all or nothing.
enum RegistryReader {
    static func read<Record: Sendable>(
        _ table: Table, required: [String], optional: [String], key: (Record) -> String, keyColumn: String,
        progress: (@Sendable (Int) -> Void)? = nil, row read: @escaping @Sendable (inout RegistryRow) -> Record
    ) throws -> [Record] {
        let (records, problems) = try collect(
            table, required: required, optional: optional, key: key, keyColumn: keyColumn, progress: progress, row: read)
        if let error = TabularError.combining(problems, source: table.source) { throw error }
        return records
    }

    /// As `read`, but the rows' problems are returned beside the records instead of thrown, for a caller
    /// that checks more and reports everything at once. Missing required columns still throw.
    static func collect<Record: Sendable>(
        _ table: Table, required: [String], optional: [String], key: (Record) -> String, keyColumn: String,
        progress: (@Sendable (Int) -> Void)? = nil, row read: @escaping @Sendable (inout RegistryRow) -> Record
    ) throws -> (records: [Record], problems: [TabularError]) {
        let source = table.source
        let missing = required.filter { !table.header.contains($0) }
        if !missing.isEmpty {
            throw TabularError(
                source: source, row: 1, zh: "缺少必需的列：\(missing.joined(separator: "、"))",
                en: "required columns are missing: \(missing.joined(separator: ", "))")
        }
        var problems: [TabularError] = []
        let unknown = table.header.filter { !required.contains($0) && !optional.contains($0) }
        if !unknown.isEmpty {
            problems.append(
                TabularError(
                    source: source, row: 1, zh: "无法识别的列：\(unknown.joined(separator: "、"))",
                    en: "unknown columns: \(unknown.joined(separator: ", "))"))
        }
        let column = ColumnIndex(table.header)
        // Rows are read on every core; duplicates are found afterwards, in order. The rows' problems (rare)
        // are gathered under a lock, so that the records come back as one array, not copied out of pairs.
        let rowProblems = Gathered<TabularError>()
        let records = try Array(zip(table.rows, table.lines)).parallelMap(progress: progress) { row, line -> Record in
            var reader = RegistryRow(source: source, line: line, row: row, column: column)
            reader.refuseControlCharacters()
            let record = read(&reader)
            if !reader.problems.isEmpty { rowProblems.append(contentsOf: reader.problems) }
            return record
        }
        problems += rowProblems.all
        var firstRow: [String: Int] = [:]
        firstRow.reserveCapacity(records.count)
        for (record, line) in zip(records, table.lines) {
            let identity = key(record)
            if let earlier = firstRow[identity] {
                let index = (column[keyColumn] ?? 0) + 1
                problems.append(
                    TabularError(
                        source: source, row: line, column: index, zh: "\(keyColumn)：与第 \(earlier) 行重复",
                        en: "\(keyColumn): repeats row \(earlier)"))
            } else {
                firstRow[identity] = line
            }
        }
        // Reported in reading order: row by row, left to right (a row's own problems before its duplicate).
        let ordered = problems.enumerated().sorted {
            ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset)
        }.map(\.element)
        return (records, ordered)
    }
}
