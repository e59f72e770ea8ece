import Foundation

/// A table as offices keep them — CSV or the first sheet of an XLSX workbook: a header row of
/// column names, then records.
///
/// CSV is read as RFC 4180 as Excel writes it: commas, fields in double quotes (which may hold
/// commas, quotes doubled, and line breaks), CRLF or LF, in UTF-8, UTF-8 with BOM or GBK/GB18030.
///
/// ```swift
/// let table = try Table(contentsOfFile: "targets.csv")
/// table.header        // ["统一社会信用代码", "机构名称", …]
/// table.rows[0][1]    // "平顶山市第一人民医院"
/// ```
public struct Table: Sendable {
    /// The file name, for messages.
    public let source: String
    /// The encoding a CSV file was read as (nil for XLSX).
    public let encoding: TextEncoding?
    /// Column names from the first row, trimmed.
    public let header: [String]
    /// The records; each has exactly `header.count` fields.
    public let rows: [[String]]
    /// The file line (CSV) or sheet row (XLSX) each record starts on (1-based), for messages.
    public let lines: [Int]

    /// Reads a CSV file, or the first sheet of an `.xlsx` file.
    /// - Throws: `TabularError` listing every problem: an unclosed quote, an empty or repeated column
    ///   name, a record with the wrong number of fields (each with its line or row).
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TabularError(source: path, zh: "无法读取文件", en: "cannot read the file")
        }
        if path.lowercased().hasSuffix(".xlsx") {
            try self.init(xlsx: Array(data), source: path)
        } else {
            try self.init(csv: Array(data), source: path)
        }
    }

    /// Reads CSV bytes.
    public init(csv bytes: [UInt8], source: String) throws {
        let (text, encoding) = try TextDecoding.decode(bytes, source: source)
        let (records, starts) = try Self.parse(text, source: source)
        try self.init(records: records, lines: starts, source: source, encoding: encoding, padShortRows: false)
    }

    /// Checks the header and every record: all problems at once.
    init(
        records: [[String]], lines starts: [Int], source: String, encoding: TextEncoding?, padShortRows: Bool,
        problems found: [TabularError] = [], omitted: Int = 0
    ) throws {
        self.source = source
        self.encoding = encoding
        guard let first = records.first else {
            throw TabularError(source: source, zh: "文件是空的", en: "the file is empty")
        }
        var problems = found
        let names = first.map { $0.trimmed }
        var seen: [String: Int] = [:]
        for (column, name) in names.enumerated() {
            if name.isEmpty {
                problems.append(TabularError(source: source, row: 1, column: column + 1, zh: "列名为空", en: "an empty column name"))
            } else if let earlier = seen[name] {
                problems.append(
                    TabularError(
                        source: source, row: 1, column: column + 1, zh: "列名 “\(name)” 与第 \(earlier + 1) 列重复",
                        en: "the column name '\(name)' repeats column \(earlier + 1)"))
            } else {
                seen[name] = column
            }
        }
        var rows: [[String]] = []
        var lines: [Int] = []
        for (record, line) in zip(records.dropFirst(), starts.dropFirst()) {
            if record.allSatisfy({ $0.trimmed.isEmpty }) { continue }  // a blank line
            var record = record
            if padShortRows && record.count < names.count { record += Array(repeating: "", count: names.count - record.count) }
            if record.count != names.count {
                problems.append(
                    TabularError(
                        source: source, row: line, zh: "有 \(record.count) 个字段，表头有 \(names.count) 列",
                        en: "\(record.count) fields, but the header has \(names.count) columns"))
                continue
            }
            rows.append(record)
            lines.append(line)
        }
        let ordered = problems.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
        if let error = TabularError.combining(ordered, omitted: omitted, source: source) { throw error }
        header = names
        self.rows = rows
        self.lines = lines
    }

    /// RFC 4180 on UTF-8 bytes (every delimiter is ASCII, so no multi-byte character is ever split):
    /// records and the line each starts on.
    private static func parse(_ text: String, source: String) throws -> ([[String]], [Int]) {
        let bytes = Array(text.utf8)
        var records: [[String]] = []
        var starts: [Int] = []
        var record: [String] = []
        var line = 1
        var recordStart = 1
        var index = 0
        let count = bytes.count
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var cells = 0
        func endRecord() throws {
            cells += record.count
            if cells > Table.maxCells { throw TabularError.tooManyCells(source: source, row: recordStart) }
            records.append(record)
            starts.append(recordStart)
            record = []
            recordStart = line
        }
        // Each turn reads one field and the delimiter after it; input ending in a newline ends here.
        while index < count {
            if bytes[index] == quote {
                let quoteLine = line
                var field: [UInt8] = []
                index += 1
                while true {
                    guard index < count else {
                        throw TabularError(
                            source: source, row: quoteLine, column: record.count + 1, zh: "引号没有闭合", en: "a quoted field is never closed")
                    }
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count, bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == newline { line += 1 }
                    field.append(byte)
                    index += 1
                }
                // Anything between the closing quote and the delimiter is kept, as the old reader did.
                while index < count, bytes[index] != comma, bytes[index] != newline {
                    if bytes[index] != carriageReturn { field.append(bytes[index]) }
                    index += 1
                }
                record.append(String(decoding: field, as: UTF8.self))
            } else {
                var end = index
                while end < count, bytes[end] != comma, bytes[end] != newline { end += 1 }
                var last = end
                while last > index, bytes[last - 1] == carriageReturn { last -= 1 }
                record.append(String(decoding: bytes[index..<last], as: UTF8.self))
                index = end
            }
            if index == count {
                try endRecord()
                break
            }
            if bytes[index] == newline {
                line += 1
                index += 1
                try endRecord()
            } else {
                index += 1  // a comma
                if index == count {
                    record.append("")
                    try endRecord()
                    break
                }
            }
        }
        return (records, starts)
    }
}

extension TabularError {
    /// A table past `Table.maxCells`, stopped at `row`.
    static func tooManyCells(source: String, row: Int) -> TabularError {
        TabularError(
            source: source, row: row, zh: "表格超过 \(Table.maxCells) 个单元格，请拆分后分别导入",
            en: "the table holds more than \(Table.maxCells) cells: split it and import the parts")
    }

    /// One error for several problems (the problem itself when there is one), or nil for none.
    /// The most problems listed one by one; the rest are counted. A file wrong on every row (the wrong
    /// sheet, a shifted column) is told in a screenful, not in a million lines.
    public static let listed = 200

    /// One error for several problems (the problem itself when there is one), or nil for none; past
    /// `listed` problems, the rest are counted, not listed.
    /// - Parameter omitted: problems found after those given and not kept (a reader keeps the first `listed`).
    public static func combining(_ problems: [TabularError], omitted: Int = 0, source: String) -> TabularError? {
        guard let first = problems.first else { return nil }
        if problems.count == 1 && omitted == 0 { return first }
        let shown = problems.prefix(listed)
        let total = problems.count + omitted
        let rest = total - shown.count
        var combined = TabularError(
            source: source,
            zh: "共 \(total) 个问题：\n" + shown.map { "  " + $0.chinese }.joined(separator: "\n")
                + (rest > 0 ? "\n  ……另有 \(rest) 个问题未列出，请先改正以上问题" : ""),
            en: "\(total) problems:\n" + shown.map { "  " + $0.description }.joined(separator: "\n")
                + (rest > 0 ? "\n  … and \(rest) more, not listed: correct the ones above first" : ""))
        (combined.problems, combined.omitted) = (Array(shown), rest)
        return combined
    }
}

extension Table {
    /// A column's letters as spreadsheets name it: 1 → A, 26 → Z, 27 → AA.
    public static func columnLetters(_ number: Int) -> String {
        var number = number
        var letters = ""
        while number > 0 {
            let remainder = (number - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            number = (number - 1) / 26
        }
        return letters
    }
}
