import XMLCore
import ZipCore

extension Table {
    /// Reads the first worksheet of an `.xlsx` workbook: text as shown, numbers as written, dates
    /// (cells with a date format) as `2024-03-01`, booleans as `TRUE`/`FALSE`.
    /// - Throws: `TabularError` for a damaged or hostile file, or bad headers and rows (with their row numbers).
    ///
    /// Long on purpose: one pass over the package's parts, in the order a reader must take them (shared
    /// strings and styles before the sheet), each guarded where it is read.
    public init(xlsx bytes: [UInt8], source: String) throws {
        do {
            var limits = ZipReader.Limits()
            limits.maxEntrySize = 512 << 20
            limits.maxRatio = 500
            let zip = try ZipReader(bytes: bytes, name: source, limits: limits)
            let namespaces = [
                "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "p": "http://schemas.openxmlformats.org/package/2006/relationships",
            ]
            let workbook = try XMLDocument(bytes: try zip.contents(of: "xl/workbook.xml"), source: "xl/workbook.xml")
            let relationships = try XMLDocument(
                bytes: try zip.contents(of: "xl/_rels/workbook.xml.rels"), source: "xl/_rels/workbook.xml.rels")
            guard let id = try workbook.nodes(matching: "/x:workbook/x:sheets/x:sheet[1]/@r:id", namespaces: namespaces).first?.textContent,
                let target = try relationships.nodes(
                    matching: "/p:Relationships/p:Relationship[@Id='\(id)']/@Target", namespaces: namespaces
                ).first?.textContent
            else {
                throw TabularError(source: source, zh: "工作簿中没有工作表", en: "the workbook has no worksheet")
            }
            let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            var shared: [String] = []
            if zip["xl/sharedStrings.xml"] != nil {
                let strings = try XMLDocument(bytes: try zip.contents(of: "xl/sharedStrings.xml"), source: "xl/sharedStrings.xml")
                for item in try strings.nodes(matching: "/x:sst/x:si", namespaces: namespaces) {
                    shared.append(
                        try strings.nodes(matching: ".//x:t[not(ancestor::x:rPh)]", namespaces: namespaces, from: item).map(\.textContent)
                            .joined())
                }
            }
            var dateStyles = Set<Int>()
            if zip["xl/styles.xml"] != nil {
                let styles = try XMLDocument(bytes: try zip.contents(of: "xl/styles.xml"), source: "xl/styles.xml")
                var custom: [Int: String] = [:]
                for format in try styles.nodes(matching: "/x:styleSheet/x:numFmts/x:numFmt", namespaces: namespaces) {
                    if let id = format.attribute("numFmtId").flatMap(Int.init) { custom[id] = format.attribute("formatCode") ?? "" }
                }
                for (index, xf) in try styles.nodes(matching: "/x:styleSheet/x:cellXfs/x:xf", namespaces: namespaces).enumerated() {
                    let id = xf.attribute("numFmtId").flatMap(Int.init) ?? 0
                    if SpreadsheetDates.isDateFormat(id, custom[id]) { dateStyles.insert(index) }
                }
            }
            let sheet = try XMLDocument(bytes: try zip.contents(of: sheetPath), source: sheetPath)
            var records: [[String]] = []
            var lines: [Int] = []
            var previousRow = 0
            for row in try sheet.nodes(matching: "/x:worksheet/x:sheetData/x:row", namespaces: namespaces) {
                let number = row.attribute("r").flatMap(Int.init) ?? previousRow + 1
                previousRow = number
                var values: [String] = []
                for cell in row.childElements where cell.localName == "c" {
                    let column =
                        cell.attribute("r").map { reference in
                            reference.prefix { $0.isLetter }.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
                        } ?? values.count + 1
                    if column > values.count + 1 { values += Array(repeating: "", count: column - values.count - 1) }
                    let raw = cell.childElements.first { $0.localName == "v" }?.textContent ?? ""
                    let value: String
                    switch cell.attribute("t") {
                    case "s": value = Int(raw).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? ""
                    case "inlineStr": value = cell.childElements.first { $0.localName == "is" }?.textContent ?? ""
                    case "b": value = raw == "1" ? "TRUE" : "FALSE"
                    case "e": value = raw
                    default:
                        if let style = cell.attribute("s").flatMap(Int.init), dateStyles.contains(style), let serial = Double(raw) {
                            value = SpreadsheetDates.date(fromSerial: serial)
                        } else {
                            value = raw
                        }
                    }
                    values.append(value)
                }
                records.append(values)
                lines.append(number)
            }
            try self.init(records: records, lines: lines, source: source, encoding: nil, padShortRows: true)
        } catch let error as ZipError {
            throw TabularError(source: source, zh: "不是可用的 XLSX 文件：\(error)", en: "not a usable XLSX file: \(error)")
        } catch let error as XMLError {
            throw TabularError(source: source, zh: "XLSX 文件内容有误：\(error)", en: "the XLSX file is damaged: \(error)")
        }
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
