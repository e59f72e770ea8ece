import Foundation
import Support
import XMLCore
import ZipCore

extension Table {
    /// Excel's own limits (ECMA-376; Excel 2007 and later): a sheet has at most 1,048,576 rows and
    /// 16,384 columns (A…XFD). A file claiming more is not a workbook any office made.
    public static let excelRows = 1_048_576
    public static let excelColumns = 16_384
    /// The most cells a table holds (rows × header columns): a million-row registry of sixteen columns.
    public static let maxCells = 1 << 24

    /// Reads the first worksheet of an `.xlsx` workbook: text as shown, numbers as written, dates
    /// (cells with a date format) as `2024-03-01`, booleans as `TRUE`/`FALSE`.
    ///
    /// The sheet and its shared strings are streamed as they inflate — no tree, no copy of the sheet's XML —
    /// so memory follows the cells kept, not the file's size or the width of its widest row: a row is cut to
    /// the header's width (a value beyond it is a problem of its row), and the table stops at
    /// `maxCells`.
    /// - Throws: `TabularError` for a damaged or hostile file, or bad headers and rows (with their row numbers).
    public init(xlsx bytes: [UInt8], source: String) throws {
        do {
            var limits = ZipReader.Limits()
            limits.maxEntrySize = 4 << 30
            limits.maxRatio = 500
            limits.maxInMemory = 64 << 20
            let zip = try ZipReader(bytes: bytes, name: source, limits: limits)
            let sheetPath = try Self.firstSheet(of: zip, source: source)
            // The shared strings are read on another thread while the sheet is: the sheet waits only for a
            // string not read yet, and workbooks list them in the order the sheet first uses them.
            let shared = SharedStringTable()
            let sharedRead = Concurrent(thread: true) { Result { try Self.sharedStrings(of: zip, into: shared) } }
            let sheetRead = Result { () throws -> SheetReader in
                let dateStyles = try Self.dateStyles(of: zip)
                guard let sheet = zip[sheetPath] else {
                    throw TabularError(
                        source: source, zh: "工作簿缺少工作表 \(sheetPath)", en: "the workbook lacks its sheet \(sheetPath)")
                }
                var reader = SheetReader(source: source, shared: SharedStrings(shared), dateStyles: dateStyles)
                let parser = XMLStreamParser(
                    elements: SheetReader.elements, starts: SheetReader.starts, source: sheetPath,
                    limits: XMLParseLimits(maxBytes: Int(limits.maxEntrySize)), maxText: 1 << 18)
                try Self.streamAhead(sheet, of: zip) { chunk in try parser.feed(chunk) { try reader.take($0) } }
                try parser.finish { try reader.take($0) }
                return reader
            }
            // A damaged shared-strings part is reported before anything the sheet said, as when it was read first.
            if case .failure(let error) = sharedRead.value { throw error }
            let reader = try sheetRead.get()
            try self.init(
                records: reader.records, lines: reader.lines, source: source, encoding: nil, padShortRows: true,
                problems: reader.problems, omitted: reader.omitted)
        } catch let error as ZipError {
            throw TabularError(source: source, zh: "不是可用的 XLSX 文件：\(error)", en: "not a usable XLSX file: \(error)")
        } catch let error as XMLError {
            throw TabularError(source: source, zh: "XLSX 文件内容有误：\(error)", en: "the XLSX file is damaged: \(error)")
        }
    }

    private static let namespaces = [
        "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    ]

    /// The part of the workbook's first sheet.
    private static func firstSheet(of zip: ZipReader, source: String) throws -> String {
        let small = XMLParseLimits(maxBytes: 16 << 20)
        let workbook = try XMLDocument(bytes: try zip.contents(of: "xl/workbook.xml"), source: "xl/workbook.xml", limits: small)
        let relationships = try XMLDocument(
            bytes: try zip.contents(of: "xl/_rels/workbook.xml.rels"), source: "xl/_rels/workbook.xml.rels", limits: small)
        guard let id = try workbook.nodes(matching: "/x:workbook/x:sheets/x:sheet[1]/@r:id", namespaces: namespaces).first?.textContent,
            let target = try relationships.nodes(matching: "/p:Relationships/p:Relationship", namespaces: namespaces)
                .first(where: { $0.attribute("Id") == id })?.attribute("Target")
        else {
            throw TabularError(source: source, zh: "工作簿中没有工作表", en: "the workbook has no worksheet")
        }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// Streams the shared strings into `table`: each item's text without its phonetic runs (rPh). The table is
    /// finished however this ends, so that a sheet waiting for a string does not wait forever.
    private static func sharedStrings(of zip: ZipReader, into table: SharedStringTable) throws {
        var read = false
        defer { read ? table.finish() : table.fail() }
        guard let part = zip["xl/sharedStrings.xml"] else {
            read = true
            return
        }
        let si = 0, t = 1, rPh = 2
        var batch: [String] = []
        var current = ""
        var phonetic = 0
        let parser = XMLStreamParser(
            elements: ["si", "t", "rPh"], starts: ["si", "rPh"], source: part.path, limits: XMLParseLimits(maxBytes: 1 << 30), maxText: 1 << 18)
        let take = { (event: XMLStreamParser.Event) in
            switch event {
            case .start(si, _): current = ""
            case .start(rPh, _): phonetic += 1
            case .end(rPh, _): phonetic -= 1
            case .end(t, let text) where phonetic == 0: current += text.string
            case .end(si, _):
                batch.append(current)
                if batch.count == SharedStringTable.batch {
                    table.publish(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            default: break
            }
        }
        try zip.stream(part) { chunk in try parser.feed(chunk, to: take) }
        try parser.finish(to: take)
        if !batch.isEmpty { table.publish(batch) }
        read = true
    }

    /// Streams an entry to `consumer` while another thread inflates it a few chunks ahead: inflating a
    /// sheet costs a fifth of reading it.
    private static func streamAhead(_ entry: ZipEntry, of zip: ZipReader, into consumer: (ArraySlice<UInt8>) throws -> Void) throws {
        struct Stopped: Error {}
        let pipe = Handoff<[UInt8]>(capacity: 8)
        let inflated = Concurrent(thread: true) {
            defer { pipe.close() }
            return Result { try zip.stream(entry) { chunk in guard pipe.put(Array(chunk)) else { throw Stopped() } } }
        }
        var failure: (any Error)?
        do {
            while let chunk = pipe.take() { try consumer(chunk[...]) }
        } catch {
            failure = error
        }
        pipe.cancel()
        let inflating = inflated.value
        if let failure { throw failure }
        try inflating.get()
    }

    /// The cell styles (by index) whose number format shows a date.
    private static func dateStyles(of zip: ZipReader) throws -> Set<Int> {
        guard zip["xl/styles.xml"] != nil else { return [] }
        let styles = try XMLDocument(bytes: try zip.contents(of: "xl/styles.xml"), source: "xl/styles.xml", limits: XMLParseLimits(maxBytes: 64 << 20))
        var custom: [Int: String] = [:]
        for format in try styles.nodes(matching: "/x:styleSheet/x:numFmts/x:numFmt", namespaces: namespaces) {
            if let id = format.attribute("numFmtId").flatMap(Int.init) { custom[id] = format.attribute("formatCode") ?? "" }
        }
        var dateStyles = Set<Int>()
        for (index, xf) in try styles.nodes(matching: "/x:styleSheet/x:cellXfs/x:xf", namespaces: namespaces).enumerated() {
            let id = xf.attribute("numFmtId").flatMap(Int.init) ?? 0
            if SpreadsheetDates.isDateFormat(id, custom[id]) { dateStyles.insert(index) }
        }
        return dateStyles
    }
}

/// Builds a table's records from a worksheet's stream of events, one row at a time.
private struct SheetReader {
    static let elements = ["row", "c", "v", "t", "rPh", "is"]
    static let starts = ["row", "c", "rPh"]
    private static let row = 0, cell = 1, value = 2, text = 3, phonetic = 4, inline = 5

    let source: String
    var shared: SharedStrings
    let dateStyles: Set<Int>
    var records: [[String]] = []
    var lines: [Int] = []
    /// The rows' problems, in row order: the first `TabularError.listed`, and how many more (a hostile
    /// sheet with a stray cell on each of a million rows must not hold a million messages).
    var problems: [TabularError] = []
    var omitted = 0

    private var number = 0
    private var values: [String] = []
    /// The header's width once the first row is read: later rows are cut to it.
    private var width: Int?
    private var cells = 0
    private var overflow: (column: Int, count: Int)?
    private var column = 0
    /// The column of the row's previous cell, kept or cut: a cell without a reference follows it.
    private var lastColumn = 0
    private var type = CellType.number
    private var style: Int?
    private var raw = ""
    /// A shared string's index, read as a number where the value is one.
    private var index: Int?
    private var inlineText = ""
    private var phonetics = 0

    init(source: String, shared: SharedStrings, dateStyles: Set<Int>) {
        self.source = source
        self.shared = shared
        self.dateStyles = dateStyles
    }

    mutating func take(_ event: XMLStreamParser.Event) throws {
        switch event {
        case .start(Self.row, let attributes):
            let next =
                try attributes.decimal("r").map { try rowNumber($0, attributes) } ?? attributes["r"].map { try rowNumber($0) } ?? number + 1
            guard next > number else {
                throw TabularError(source: source, row: next, zh: "行号没有按顺序递增（前一行为第 \(number) 行）", en: "rows out of order (after row \(number))")
            }
            number = next
            values = []
            overflow = nil
            lastColumn = 0
        case .start(Self.cell, let attributes):
            // Read from the parser's bytes: a string made for each attribute of a million-row sheet's cells
            // cost a fifth of reading it.
            column = try attributes.bytes("r").map { try columnNumber($0) } ?? lastColumn + 1
            type = attributes.bytes("t").map(CellType.init) ?? .number
            style = attributes.decimal("s") ?? attributes["s"].flatMap(Int.init)
            raw = ""
            index = nil
            inlineText = ""
        case .start(Self.phonetic, _): phonetics += 1
        case .end(Self.phonetic, _): phonetics -= 1
        case .end(Self.value, let text):
            // A shared string's index is read as a number; anything else (or an index written oddly) as text.
            index = type == .shared ? text.decimal : nil
            raw = index == nil ? text.string : ""
        case .end(Self.text, let text) where phonetics == 0: inlineText += text.string
        case .end(Self.cell, _): try place(cellValue())
        case .end(Self.row, _): try endRow()
        default: break
        }
    }

    private mutating func cellValue() throws -> String {
        switch type {
        case .shared: return try (index ?? Int(raw)).flatMap { try shared.string($0) } ?? ""
        case .inline: return inlineText
        case .boolean: return raw == "1" ? "TRUE" : "FALSE"
        case .text: return raw
        case .number:
            // A date within Excel's range (1900 to 9999-12-31); anything else — nan, inf, 1e300 — as written.
            if let style, dateStyles.contains(style), let serial = Double(raw), serial.isFinite, (0.0..<2_958_466).contains(serial) {
                return SpreadsheetDates.date(fromSerial: serial)
            }
            return raw
        }
    }

    /// Puts a cell in its column. Beyond the header's width only the first non-empty value is remembered,
    /// as the row's problem: nothing past the header is kept.
    private mutating func place(_ value: String) throws {
        guard column > lastColumn else {
            throw TabularError(source: source, row: number, column: column, zh: "单元格位置重复或倒序", en: "a cell repeats or goes back a column")
        }
        lastColumn = column
        if let width, column > width {
            if !value.trimmed.isEmpty { overflow = overflow.map { ($0.column, $0.count + 1) } ?? (column, 1) }
            return
        }
        if column > values.count + 1 { values += Array(repeating: "", count: column - values.count - 1) }
        values.append(value)
    }

    private mutating func endRow() throws {
        if width == nil {
            // The header: formatted empty cells at its end are not columns.
            while values.last?.trimmed.isEmpty == true { values.removeLast() }
            width = values.count
        }
        if overflow != nil, problems.count >= TabularError.listed {
            omitted += 1
        } else if let overflow, let width {
            problems.append(
                TabularError(
                    source: source, row: number, column: overflow.column,
                    zh: "第 \(overflow.column) 列起有 \(overflow.count) 个单元格有内容，但表头只有 \(width) 列",
                    en: "values in \(overflow.count) cell(s) from column \(overflow.column) on, but the header has \(width) columns"))
        }
        cells += max(values.count, width ?? 0)
        if cells > Table.maxCells { throw TabularError.tooManyCells(source: source, row: number) }
        records.append(values)
        lines.append(number)
    }

    /// A row number read as a number; one that is not a valid row is judged by its text.
    private func rowNumber(_ value: Int, _ attributes: XMLStreamAttributes) throws -> Int {
        guard value >= 1, value <= Table.excelRows else { return try rowNumber(attributes["r"] ?? "") }
        return value
    }

    private func rowNumber(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 1 else {
            throw TabularError(source: source, row: number + 1, zh: "行号 “\(text)” 无效", en: "the row number '\(text)' is not valid")
        }
        guard value <= Table.excelRows else {
            throw TabularError(
                source: source, row: value, zh: "超过 Excel 的最大行数 \(Table.excelRows)", en: "beyond Excel's last row, \(Table.excelRows)")
        }
        return value
    }

    /// `BC12` → 55; the row part is not checked here (the row element says it).
    private func columnNumber(_ reference: some Collection<UInt8>) throws -> Int {
        var column = 0
        for byte in reference {
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) else { break }
            column = column * 26 + Int(byte) - 64
            if column > Table.excelColumns { break }
        }
        guard column >= 1, column <= Table.excelColumns else {
            throw TabularError(
                source: source, row: number, zh: "单元格 “\(String(decoding: reference, as: UTF8.self).prefix(20))” 超出 Excel 的列范围 A–XFD",
                en: "the cell '\(String(decoding: reference, as: UTF8.self).prefix(20))' is outside Excel's columns A–XFD")
        }
        return column
    }
}

/// A cell's type (its `t` attribute, ECMA-376 18.18.11), read from its bytes.
private enum CellType {
    case number, shared, inline, boolean, text

    init(_ bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 1: self = bytes.first == UInt8(ascii: "s") ? .shared : bytes.first == UInt8(ascii: "b") ? .boolean : bytes.first == UInt8(ascii: "e") ? .text : .number
        case 3: self = bytes.elementsEqual("str".utf8) ? .text : .number
        case 9: self = bytes.elementsEqual("inlineStr".utf8) ? .inline : .number
        default: self = .number
        }
    }
}

/// The shared strings as another thread reads them, published a batch at a time.
private final class SharedStringTable: @unchecked Sendable {
    // @unchecked: `batches` and `finished` are read and written holding `condition`.
    static let batch = 4096
    private let condition = NSCondition()
    private var batches: [[String]] = []
    private var finished = false
    private var failed = false

    func publish(_ strings: [String]) {
        condition.lock()
        batches.append(strings)
        condition.broadcast()
        condition.unlock()
    }

    /// The part could not be read: a sheet waiting for a string stops (the part's error is what is reported).
    func fail() {
        condition.lock()
        failed = true
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The batches published once the one holding string `index` is, or once all are.
    /// - Throws: `Failed` once the part could not be read.
    func batches(holding index: Int) throws -> (batches: [[String]], finished: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while batches.count <= index / Self.batch && !finished { condition.wait() }
        if failed { throw Failed() }
        return (batches, finished)
    }

    struct Failed: Error {}
}

/// The sheet's view of the shared strings: what it has seen of the table, refreshed (and waited for) only
/// when a cell names a string beyond it.
private struct SharedStrings {
    private let table: SharedStringTable
    private var batches: [[String]] = []
    private var finished = false

    init(_ table: SharedStringTable) { self.table = table }

    /// String `index`, or nil for an index the workbook does not have.
    /// - Throws: `SharedStringTable.Failed` when the part could not be read (its own error is reported).
    mutating func string(_ index: Int) throws -> String? {
        guard index >= 0 else { return nil }
        let (batch, offset) = index.quotientAndRemainder(dividingBy: SharedStringTable.batch)
        if batch >= batches.count && !finished { (batches, finished) = try table.batches(holding: index) }
        return batch < batches.count && offset < batches[batch].count ? batches[batch][offset] : nil
    }
}

/// Dates in spreadsheets: which number formats show one, and Excel's serial numbers.
public enum SpreadsheetDates {
    /// Built-in date formats (ECMA-376 18.8.30, with the CJK ones) or a custom code showing y, m or d.
    public static func isDateFormat(_ id: Int, _ code: String?) -> Bool {
        if (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) { return true }
        guard let code else { return false }
        var inQuotes = false
        var inBrackets = false
        for character in code {
            switch character {
            case "\"": inQuotes.toggle()
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "y", "Y", "d", "D", "年", "月",
                "日" where !inQuotes && !inBrackets:
                return true
            default: break
            }
        }
        return false
    }

    /// Days since 1899-12-30 (Excel's 1900 date system) for a calendar date.
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        julianDay(year, month, day) - julianDay(1899, 12, 30)
    }

    /// `2024-03-01` for an Excel serial (the time of day is dropped).
    public static func date(fromSerial serial: Double) -> String {
        let julian = Int(serial.rounded(.down)) + julianDay(1899, 12, 30)
        // Richards' algorithm, Julian day number to Gregorian date.
        let f = julian + 1401 + (((4 * julian + 274277) / 146097) * 3) / 4 - 38
        let e = 4 * f + 3
        let g = (e % 1461) / 4
        let h = 5 * g + 2
        let day = (h % 153) / 5 + 1
        let month = ((h / 153 + 2) % 12) + 1
        let year = e / 1461 - 4716 + (12 + 2 - month) / 12
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    static func julianDay(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let a = (14 - m) / 12
        let year = y + 4800 - a
        let month = m + 12 * a - 3
        return d + (153 * month + 2) / 5 + 365 * year + year / 4 - year / 100 + year / 400 - 32045
    }
}
