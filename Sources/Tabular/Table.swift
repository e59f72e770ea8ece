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
    init(records: [[String]], lines starts: [Int], source: String, encoding: TextEncoding?, padShortRows: Bool) throws {
        self.source = source
        self.encoding = encoding
        guard let first = records.first else {
            throw TabularError(source: source, zh: "文件是空的", en: "the file is empty")
        }
        var problems: [TabularError] = []
        let names = first.map { $0.trimmingCharacters(in: .whitespaces) }
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
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }  // a blank line
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
        if let error = TabularError.combining(problems, source: source) { throw error }
        header = names
        self.rows = rows
        self.lines = lines
    }

    private static func parse(_ text: String, source: String) throws -> ([[String]], [Int]) {
        var records: [[String]] = []
        var starts: [Int] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordStart = 1
        var quoted = false
        var quoteLine = 0
        var quoteColumn = 0
        var atFieldStart = true
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return scalars.next()
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                quoted = true
                quoteLine = line
                quoteColumn = record.count + 1
                atFieldStart = false
            case ",":
                record.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
            case "\r":
                continue
            case "\n":
                record.append(String(field))
                records.append(record)
                starts.append(recordStart)
                record = []
                field = String.UnicodeScalarView()
                atFieldStart = true
                line += 1
                recordStart = line
            default:
                field.append(scalar)
                atFieldStart = false
            }
        }
        if quoted {
            throw TabularError(source: source, row: quoteLine, column: quoteColumn, zh: "引号没有闭合", en: "a quoted field is never closed")
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(field))
            records.append(record)
            starts.append(recordStart)
        }
        return (records, starts)
    }
}

extension TabularError {
    /// One error for several problems (the problem itself when there is one), or nil for none.
    public static func combining(_ problems: [TabularError], source: String) -> TabularError? {
        guard let first = problems.first else { return nil }
        if problems.count == 1 { return first }
        return TabularError(
            source: source, zh: "共 \(problems.count) 个问题：\n" + problems.map { "  " + $0.chinese }.joined(separator: "\n"),
            en: "\(problems.count) problems:\n" + problems.map { "  " + $0.description }.joined(separator: "\n"))
    }
}
