import Inspection
import XMLCore
import ZipCore

/// A small XLSX writer for the export's index: typed cells (text, whole numbers, dates), a bold
/// frozen header with an autofilter, column widths from the content — what an auditor expects when
/// the workbook opens in Excel, WPS or LibreOffice.
enum IndexWorkbook {
    enum Cell: Hashable {
        case text(String)
        case number(Int)
        case date(CivilDate)

        /// A date cell when the text is a day (`2024-03-01`), else text.
        static func day(_ text: String) -> Cell { CivilDate(parsing: text).map(Cell.date) ?? .text(text) }
    }

    struct Sheet {
        var name: String
        var header: [String]
        var rows: [[Cell]]
        /// An autofilter over the header and every row.
        var filter = true
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func bytes(_ sheets: [Sheet]) throws -> [UInt8] {
        let zip = ZipWriter()
        func add(_ name: String, _ text: String) throws { try zip.add(name, bytes: Array(text.utf8)) }
        let overrides = sheets.indices.map {
            #"<Override PartName="/xl/worksheets/sheet\#($0 + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        try add(
            "[Content_Types].xml",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\#(overrides)</Types>"#
        )
        try add(
            "_rels/.rels",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        )
        try zip.add("xl/workbook.xml", bytes: try workbook(sheets))
        let relationships = sheets.indices.map {
            #"<Relationship Id="rId\#($0 + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
        }.joined()
        try add(
            "xl/_rels/workbook.xml.rels",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)<Relationship Id="rId\#(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
        )
        try add("xl/styles.xml", styles)
        for (index, sheet) in sheets.enumerated() { try zip.add("xl/worksheets/sheet\(index + 1).xml", bytes: try worksheet(sheet)) }
        return try zip.finishedBytes()
    }

    /// Style indexes of `styles`: 0 plain, 1 the bold header, 2 a date, 3 a whole number.
    static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#

    static func workbook(_ sheets: [Sheet]) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("workbook", attributes: [("xmlns", mainNamespace), ("xmlns:r", relationshipsNamespace)])
        try writer.startElement("sheets")
        for (index, sheet) in sheets.enumerated() {
            try writer.element("sheet", attributes: [("name", sheet.name), ("sheetId", String(index + 1)), ("r:id", "rId\(index + 1)")], text: "")
        }
        try writer.endElement()
        // Excel keeps an autofilter's range in this hidden name as well as in the sheet.
        let filtered = sheets.enumerated().filter { $0.element.filter }
        if !filtered.isEmpty {
            try writer.startElement("definedNames")
            for (index, sheet) in filtered {
                try writer.element(
                    "definedName", attributes: [("name", "_xlnm._FilterDatabase"), ("localSheetId", String(index)), ("hidden", "1")],
                    text: "'\(sheet.name.replacingOccurrences(of: "'", with: "''"))'!\(range(sheet, absolute: true))")
            }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.finish()
        return output
    }

    static func worksheet(_ sheet: Sheet) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("worksheet", attributes: [("xmlns", mainNamespace), ("xmlns:r", relationshipsNamespace)])
        try writer.element("dimension", attributes: [("ref", range(sheet, absolute: false))], text: "")
        // The header stays in view while scrolling.
        try writer.startElement("sheetViews")
        try writer.startElement("sheetView", attributes: [("workbookViewId", "0")])
        try writer.element("pane", attributes: [("ySplit", "1"), ("topLeftCell", "A2"), ("activePane", "bottomLeft"), ("state", "frozen")], text: "")
        try writer.element("selection", attributes: [("pane", "bottomLeft"), ("activeCell", "A2"), ("sqref", "A2")], text: "")
        try writer.endElement()
        try writer.endElement()
        try writer.startElement("cols")
        for (column, width) in widths(sheet).enumerated() {
            try writer.element(
                "col", attributes: [("min", String(column + 1)), ("max", String(column + 1)), ("width", String(width)), ("customWidth", "1")],
                text: "")
        }
        try writer.endElement()
        try writer.startElement("sheetData")
        try row(1, sheet.header.map(Cell.text), header: true, into: &writer)
        for (index, cells) in sheet.rows.enumerated() { try row(index + 2, cells, header: false, into: &writer) }
        try writer.endElement()
        if sheet.filter { try writer.element("autoFilter", attributes: [("ref", range(sheet, absolute: false))], text: "") }
        try writer.endElement()
        try writer.finish()
        return output
    }

    static func row(_ number: Int, _ cells: [Cell], header: Bool, into writer: inout XMLStreamWriter) throws {
        try writer.startElement("row", attributes: [("r", String(number))])
        for (column, cell) in cells.enumerated() {
            let reference = "\(columnName(column))\(number)"
            switch cell {
            case .text(let value):
                var attributes = [("r", reference), ("t", "inlineStr")]
                if header { attributes.append(("s", "1")) }
                try writer.startElement("c", attributes: attributes)
                try writer.startElement("is")
                try writer.element("t", text: value)
                try writer.endElement()
                try writer.endElement()
            case .number(let value):
                try writer.startElement("c", attributes: [("r", reference), ("s", "3")])
                try writer.element("v", text: String(value))
                try writer.endElement()
            case .date(let day):
                try writer.startElement("c", attributes: [("r", reference), ("s", "2")])
                try writer.element("v", text: String(day.spreadsheetSerial))
                try writer.endElement()
            }
        }
        try writer.endElement()
    }

    /// `A1:P40` (or `$A$1:$P$40`): the header and every row.
    static func range(_ sheet: Sheet, absolute: Bool) -> String {
        let last = columnName(max(sheet.header.count, 1) - 1)
        let rows = sheet.rows.count + 1
        return absolute ? "$A$1:$\(last)$\(rows)" : "A1:\(last)\(rows)"
    }

    /// Each column as wide as its widest cell (a CJK character counts two), between 6 and 60.
    static func widths(_ sheet: Sheet) -> [Int] {
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        return sheet.header.indices.map { column in
            var widest = width(sheet.header[column]) + 3  // room for the filter button
            for cells in sheet.rows where column < cells.count {
                switch cells[column] {
                case .text(let value): widest = max(widest, width(value))
                case .number(let value): widest = max(widest, String(value).count + 2)
                case .date: widest = max(widest, 11)
                }
            }
            return min(60, max(6, widest + 1))
        }
    }

    static func columnName(_ index: Int) -> String {
        var name = ""
        var n = index + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
