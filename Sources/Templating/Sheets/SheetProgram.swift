import Foundation
import Tabular

/// A row section of a worksheet: rows `first...last` repeated per item, or kept when a condition holds.
struct SheetSection: Sendable {
    enum Kind: Sendable {
        case each(ValuePath)
        case condition(Condition)
    }
    let kind: Kind
    /// Indices into `SheetProgram.rows`.
    let first: Int
    let last: Int
    let site: Int
}

/// A compiled worksheet. Rows are kept as a model (not bytes) because their numbers, and every
/// reference to them, move when a section repeats rows.
struct SheetProgram: Sendable {
    struct Row: Sendable {
        let number: Int
        let attributes: String
        let cells: [Cell]
    }

    struct Cell: Sendable {
        let column: String
        /// Attributes other than `r` (and, for filled cells, other than `t`), as written.
        let attributes: String
        let style: Int?
        let content: Content
    }

    enum Content: Sendable {
        /// Kept as it is (values, shared strings without tags).
        case raw(String)
        /// A formula, whose references move with the rows; the cached value is dropped.
        case formula(attributes: String, text: String, isShared: Bool)
        /// Text with tags; a cell that is one value tag keeps a number or date typed.
        case text([ProgramNode])
        /// A cell that held only section tags.
        case empty
    }

    /// A piece of the XML after `</sheetData>`.
    enum Tail: Sendable {
        case bytes([UInt8])
        /// The value of a `ref` or `sqref` attribute.
        case ranges(String)
        /// `<mergeCells>`, rebuilt: ranges inside a repeated row are repeated too.
        case mergeCells([String])
    }

    let name: String
    /// Up to `<dimension ref="`, then after its value up to `<sheetData>`; without a dimension, all in the first.
    let head: [UInt8]
    let dimension: (first: String, lastColumn: String)?
    let afterDimension: [UInt8]
    let rows: [Row]
    let sections: [SheetSection]
    let tail: [Tail]
    let sites: [TemplateLocation]
    let dateStyles: Set<Int>
}

extension SheetProgram {
    /// Renders the sheet for `data`, gathering problems into `problems`.
    func render(_ data: TemplateValue, filters: FilterRegistry, problems: inout [TemplateError]) -> [UInt8] {
        var renderer = Renderer(program: PartProgram(name: name, nodes: [], sites: sites, escaping: .xml), data: data, filters: filters)
        // Pass 1: how often each section repeats, so that every row's new number is known up front.
        let counts = sections.map { renderer.items(of: $0.kind, site: $0.site) }
        let layout = RowLayout(rows: rows.map(\.number), sections: sections, counts: counts.map(\.count))

        var body: [UInt8] = []
        body.reserveCapacity(64 << 10)
        var index = 0
        var lastRow = 0
        while index < rows.count {
            if let (number, section) = sections.enumerated().first(where: { $0.element.first == index }) {
                for (instance, item) in counts[number].enumerated() {
                    let scope = Renderer.Scope(value: item, index: instance, count: counts[number].count)
                    for row in section.first...section.last {
                        lastRow = emit(
                            rows[row], instance: (number, instance), scope: scope, layout: layout, renderer: &renderer, into: &body)
                    }
                }
                index = section.last + 1
                continue
            }
            lastRow = emit(rows[index], instance: nil, scope: nil, layout: layout, renderer: &renderer, into: &body)
            index += 1
        }
        problems += renderer.problems

        var output = head
        if let dimension {
            output += Array("\(dimension.first):\(dimension.lastColumn)\(max(lastRow, 1))".utf8)
            output += afterDimension
        }
        output += body
        for piece in tail {
            switch piece {
            case .bytes(let bytes): output += bytes
            case .ranges(let text): output += Array(XMLEscape.attribute(CellReference.rewriteRanges(text) { layout.outside($0, $1) }).utf8)
            case .mergeCells(let ranges):
                var merged: [String] = []
                for range in ranges {
                    let ends = range.split(separator: ":").compactMap { CellReference.split(String($0)) }
                    if ends.count == 2, let section = layout.section(containingRow: ends[0].row),
                        section == layout.section(containingRow: ends[1].row)
                    {
                        for instance in 0..<layout.counts[section] {
                            merged.append(
                                "\(ends[0].column)\(layout.row(ends[0].row, instance: (section, instance))):\(ends[1].column)\(layout.row(ends[1].row, instance: (section, instance)))"
                            )
                        }
                    } else {
                        merged.append(CellReference.rewriteRanges(range) { layout.outside($0, $1) })
                    }
                }
                if !merged.isEmpty {
                    output += Array("<mergeCells count=\"\(merged.count)\">".utf8)
                    for range in merged { output += Array("<mergeCell ref=\"\(range)\"/>".utf8) }
                    output += Array("</mergeCells>".utf8)
                }
            }
        }
        return output
    }

    /// Writes one row; returns its new number.
    private func emit(
        _ row: Row, instance: (Int, Int)?, scope: Renderer.Scope?, layout: RowLayout, renderer: inout Renderer, into body: inout [UInt8]
    ) -> Int {
        let number = instance.map { layout.row(row.number, instance: $0) } ?? layout.outside(row.number, .single)
        body += Array("<row r=\"\(number)\"\(row.attributes)".utf8)
        guard !row.cells.isEmpty else {
            body += Array("/>".utf8)
            return number
        }
        body += Array(">".utf8)
        let move: (Int, CellReference.RangeRole) -> Int = { target, role in
            if let instance, layout.section(containingRow: target) == instance.0 { return layout.row(target, instance: instance) }
            return layout.outside(target, role)
        }
        for cell in row.cells {
            let reference = "\(cell.column)\(number)"
            switch cell.content {
            case .raw(let inner):
                body += Array("<c r=\"\(reference)\"\(cell.attributes)".utf8)
                body += Array((inner.isEmpty ? "/>" : ">\(inner)</c>").utf8)
            case .empty:
                body += Array("<c r=\"\(reference)\"\(cell.attributes)/>".utf8)
            case .formula(let attributes, let text, let isShared):
                let moved = CellReference.rewriteFormula(text, move)
                var fAttributes = attributes
                if isShared, let range = attributes.range(of: #"ref="[^"]*""#, options: .regularExpression) {
                    let value = String(attributes[range].dropFirst(5).dropLast())
                    fAttributes.replaceSubrange(range, with: "ref=\"\(CellReference.rewriteRanges(value, move))\"")
                }
                body += Array("<c r=\"\(reference)\"\(cell.attributes)><f\(fAttributes)>\(XMLEscape.text(moved))</f></c>".utf8)
            case .text(let nodes):
                if nodes.count == 1, case .value(let expression, let site) = nodes[0] {
                    guard let value = renderer.value(of: expression, site: site, item: scope) else { continue }
                    body += Array(typedCell(reference, cell, value, renderer: &renderer, nodes: nodes, scope: scope).utf8)
                    continue
                }
                let text = renderer.render(nodes, item: scope)
                body += Array("<c r=\"\(reference)\"\(cell.attributes) t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8) + text
                body += Array("</t></is></c>".utf8)
            }
        }
        body += Array("</row>".utf8)
        return number
    }

    /// A number stays a number; a date in a date-formatted cell becomes an Excel date serial.
    private func typedCell(
        _ reference: String, _ cell: Cell, _ value: TemplateValue, renderer: inout Renderer, nodes: [ProgramNode], scope: Renderer.Scope?
    ) -> String {
        switch value {
        case .number(let number):
            return "<c r=\"\(reference)\"\(cell.attributes)><v>\(TemplateValue.format(number))</v></c>"
        case .bool(let flag):
            return "<c r=\"\(reference)\"\(cell.attributes) t=\"b\"><v>\(flag ? 1 : 0)</v></c>"
        case .string(let text) where cell.style.map(dateStyles.contains) == true:
            if let day = ChineseFormat.Day(parsing: text) {
                return "<c r=\"\(reference)\"\(cell.attributes)><v>\(Self.excelSerial(day))</v></c>"
            }
        default:
            break
        }
        let text = String(decoding: renderer.render(nodes, item: scope), as: UTF8.self)
        return "<c r=\"\(reference)\"\(cell.attributes) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(text)</t></is></c>"
    }

    /// Days since 1899-12-30, Excel's (1900 date system) serial for a date.
    static func excelSerial(_ day: ChineseFormat.Day) -> Int {
        SpreadsheetDates.serial(year: day.year, month: day.month, day: day.day)
    }
}

/// Where template rows land once sections have repeated.
struct RowLayout {
    let sections: [(first: Int, last: Int)]  // template row numbers
    let counts: [Int]
    private let starts: [Int]

    init(rows: [Int], sections: [SheetSection], counts: [Int]) {
        self.sections = sections.map { (rows[$0.first], rows[$0.last]) }
        self.counts = counts
        var starts: [Int] = []
        var shift = 0
        for (index, section) in self.sections.enumerated() {
            starts.append(section.first + shift)
            shift += (counts[index] - 1) * (section.last - section.first + 1)
        }
        self.starts = starts
    }

    func section(containingRow row: Int) -> Int? {
        sections.firstIndex { $0.first <= row && row <= $0.last }
    }

    /// The new number of template row `row` in one instance of its section.
    func row(_ row: Int, instance: (Int, Int)) -> Int {
        let (section, number) = instance
        let height = sections[section].last - sections[section].first + 1
        return starts[section] + number * height + (row - sections[section].first)
    }

    /// The new number of a row seen from outside its section: a range over a repeated row grows to
    /// cover every copy (`SUM(D5:D5)` → `SUM(D5:D24)`); rows below a section move down.
    func outside(_ row: Int, _ role: CellReference.RangeRole) -> Int {
        if let section = section(containingRow: row) {
            let count = counts[section]
            if role == .end {
                return self.row(row, instance: (section, max(count - 1, 0)))
                    - (count == 0 ? sections[section].last - sections[section].first + 1 : 0)
            }
            return self.row(row, instance: (section, 0))
        }
        var shift = 0
        for (index, section) in sections.enumerated() where section.last < row {
            shift += (counts[index] - 1) * (section.last - section.first + 1)
        }
        return row + shift
    }
}

/// Escaping for text written into spreadsheet XML.
enum XMLEscape {
    static func text(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }

    static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension SheetProgram {
    /// The sheet's tags as one program tree (row sections as sections), for listing fields and checking filters.
    var outline: PartProgram {
        var nodes: [ProgramNode] = []
        var index = 0
        func cellNodes(_ row: Row) -> [ProgramNode] {
            row.cells.flatMap { cell -> [ProgramNode] in
                if case .text(let nodes) = cell.content { return nodes }
                return []
            }
        }
        while index < rows.count {
            if let section = sections.first(where: { $0.first == index }) {
                let body = (section.first...section.last).flatMap { cellNodes(rows[$0]) }
                switch section.kind {
                case .each(let path): nodes.append(.each(path, body: body, site: section.site))
                case .condition(let condition): nodes.append(.conditional(condition, then: body, otherwise: [], site: section.site))
                }
                index = section.last + 1
                continue
            }
            nodes += cellNodes(rows[index])
            index += 1
        }
        return PartProgram(name: name, nodes: nodes, sites: sites, escaping: .xml)
    }
}
