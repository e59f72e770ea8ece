import Foundation
import Tabular
import XMLCore

/// Compiles the worksheets of an `.xlsx` template.
///
/// Tags may sit in shared strings (as Excel stores typed text, also rich text split into runs) or
/// inline strings. A cell that holds one value tag keeps a number or a date typed; other filled
/// cells become inline strings. `{{#each}}` in one row and `{{/each}}` in the same or a later row
/// repeat those rows; rows below move down, and formulas, merged ranges, the dimension and every
/// `ref`/`sqref` follow them (a range over a repeated row grows to cover all its copies).
struct SheetCompiler {
    static let namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let namespaces = ["x": namespace]

    /// The text of every shared string, by index.
    let sharedStrings: [String]
    /// Cell style indices whose number format shows a date.
    let dateStyles: Set<Int>

    init(sharedStrings bytes: [UInt8]?, styles: [UInt8]?) throws {
        var strings: [String] = []
        if let bytes {
            let document = try Self.parse(bytes, "xl/sharedStrings.xml")
            for item in try document.nodes(matching: "/x:sst/x:si", namespaces: Self.namespaces) {
                let texts = try document.nodes(matching: ".//x:t[not(ancestor::x:rPh)]", namespaces: Self.namespaces, from: item)
                strings.append(texts.map(\.textContent).joined())
            }
        }
        sharedStrings = strings
        var dates = Set<Int>()
        if let styles {
            let document = try Self.parse(styles, "xl/styles.xml")
            var custom: [Int: String] = [:]
            for format in try document.nodes(matching: "/x:styleSheet/x:numFmts/x:numFmt", namespaces: Self.namespaces) {
                if let id = format.attribute("numFmtId").flatMap(Int.init) { custom[id] = format.attribute("formatCode") ?? "" }
            }
            for (index, xf) in try document.nodes(matching: "/x:styleSheet/x:cellXfs/x:xf", namespaces: Self.namespaces).enumerated() {
                let id = xf.attribute("numFmtId").flatMap(Int.init) ?? 0
                if SpreadsheetDates.isDateFormat(id, custom[id]) { dates.insert(index) }
            }
        }
        dateStyles = dates
    }

    private static func parse(_ bytes: [UInt8], _ name: String) throws -> XMLDocument {
        do {
            return try XMLDocument(bytes: bytes, source: name)
        } catch let error as XMLError {
            throw TemplateError(
                .badTemplate, TemplateText(zh: "\(name) 不是可用的 XML：\(error)", en: "\(name) is not usable XML: \(error)"), cause: error)
        }
    }

    /// Compiles one worksheet; nil when it holds no tags.
    ///
    /// Long on purpose: one walk over the sheet's rows and cells that collects tags, sections and merged
    /// ranges together, so that each problem is reported with its cell.
    func compile(_ name: String, _ bytes: [UInt8], problems: inout [TemplateError]) throws -> SheetProgram? {
        let document = try Self.parse(bytes, name)
        guard let sheetData = try document.nodes(matching: "/x:worksheet/x:sheetData", namespaces: Self.namespaces).first else {
            return nil
        }
        var sites: [TemplateLocation] = []
        var rows: [SheetProgram.Row] = []
        // (row index, cell index, tag, site) for row-level section tags, in order.
        var sectionTags: [(Int, Tag, Int)] = []
        var sawTag = false
        var previousRow = 0
        for rowNode in sheetData.childElements where rowNode.localName == "row" {
            let number = rowNode.attribute("r").flatMap(Int.init) ?? previousRow + 1
            previousRow = number
            var cells: [SheetProgram.Cell] = []
            var previousColumn = 0
            for cellNode in rowNode.childElements where cellNode.localName == "c" {
                let reference = cellNode.attribute("r").flatMap(CellReference.split)
                let column = reference?.column ?? Self.columnLetters(previousColumn + 1)
                previousColumn = CellReference.columnNumber(Substring(column))
                let type = cellNode.attribute("t")
                let style = cellNode.attribute("s").flatMap(Int.init)
                let text = cellText(cellNode, type: type)
                let keep = cellNode.attributes.filter { $0.name != "r" }
                if let text, text.contains("{{") {
                    sawTag = true
                    let site = { (context: String) -> TemplateLocation in
                        var location = TemplateLocation(part: name, paragraph: 0, context: context)
                        location.cellName = "\(column)\(number)"
                        return location
                    }
                    let (pieces, tagProblems) = Self.pieces(of: text, site: site, sites: &sites)
                    problems += tagProblems
                    var remaining: [FlatPiece] = []
                    var depth = 0
                    for piece in pieces {
                        if case .tag(let tag, let siteIndex) = piece {
                            if tag.isOpening { depth += 1 }
                            if case .close = tag {
                                if depth == 0 {
                                    sectionTags.append((rows.count, tag, siteIndex))
                                    continue
                                }
                                depth -= 1
                            }
                            if tag == .otherwise && depth == 0 {
                                sectionTags.append((rows.count, tag, siteIndex))
                                continue
                            }
                        }
                        remaining.append(piece)
                    }
                    // Openings never closed inside the cell open row sections.
                    var unmatchedOpenings: [Int] = []
                    var stack: [Int] = []
                    for (index, piece) in remaining.enumerated() {
                        guard case .tag(let tag, _) = piece else { continue }
                        if tag.isOpening { stack.append(index) }
                        if case .close = tag, !stack.isEmpty { stack.removeLast() }
                    }
                    unmatchedOpenings = stack
                    for index in unmatchedOpenings {
                        if case .tag(let tag, let siteIndex) = remaining[index] { sectionTags.append((rows.count, tag, siteIndex)) }
                    }
                    remaining = remaining.enumerated().filter { !unmatchedOpenings.contains($0.offset) }.map(\.element)
                    let (nodes, unbalanced) = PartProgram.build(remaining, sites: sites)
                    problems += unbalanced
                    let hasContent = nodes.contains { if case .literal(let bytes) = $0 { !bytes.isEmpty } else { true } }
                    let attributes = Self.attributeText(keep.filter { $0.name != "t" })
                    cells.append(.init(column: column, attributes: attributes, style: style, content: hasContent ? .text(nodes) : .empty))
                } else if let formula = cellNode.childElements.first(where: { $0.localName == "f" }) {
                    let attributes = Self.attributeText(keep)
                    let fAttributes = Self.attributeText(formula.attributes)
                    cells.append(
                        .init(
                            column: column, attributes: attributes, style: style,
                            content: .formula(
                                attributes: fAttributes, text: formula.textContent, isShared: formula.attribute("t") == "shared")))
                } else {
                    let inner = cellNode.children.map { String(decoding: $0.serialized(), as: UTF8.self) }.joined()
                    cells.append(.init(column: column, attributes: Self.attributeText(keep), style: style, content: .raw(inner)))
                }
            }
            rows.append(.init(number: number, attributes: Self.attributeText(rowNode.attributes.filter { $0.name != "r" }), cells: cells))
        }
        guard sawTag else { return nil }
        let sections = matchSections(sectionTags, rows: rows, sites: sites, problems: &problems)
        return try assemble(document, name: name, sheetData: sheetData, rows: rows, sections: sections, sites: sites)
    }

    private func cellText(_ cell: XMLNode, type: String?) -> String? {
        switch type {
        case "s":
            guard let index = cell.childElements.first(where: { $0.localName == "v" }).flatMap({ Int($0.textContent) }),
                sharedStrings.indices.contains(index)
            else { return nil }
            return sharedStrings[index]
        case "inlineStr":
            return cell.childElements.first { $0.localName == "is" }?.textContent
        case "str":
            return nil
        default:
            return nil
        }
    }

    /// Splits a cell's text into literal text and tags.
    private static func pieces(of text: String, site: (String) -> TemplateLocation, sites: inout [TemplateLocation]) -> (
        [FlatPiece], [TemplateError]
    ) {
        var pieces: [FlatPiece] = []
        var problems: [TemplateError] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            pieces.append(.literal(Array(XMLEscape.text(String(rest[..<open.lowerBound])).utf8)))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                problems.append(
                    TemplateError(.syntax, TemplateText(zh: "{{ 没有闭合", en: "{{ is never closed"), at: site(String(rest.prefix(40)))))
                return (pieces, problems)
            }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            let location = site(String(rest[open.lowerBound..<close.upperBound].prefix(40)))
            do {
                let tag = try TagParser.parse(inner)
                sites.append(location)
                pieces.append(.tag(tag, site: sites.count - 1))
            } catch {
                problems.append(TemplateError(.syntax, error.text, at: location))
            }
            rest = rest[close.upperBound...]
        }
        pieces.append(.literal(Array(XMLEscape.text(String(rest)).utf8)))
        return (pieces, problems)
    }

    /// Pairs each section's opening and closing rows, reporting every unclosed or crossed section.
    ///
    /// Long on purpose: one stack walk over the rows, which must see every tag in order.
    private func matchSections(
        _ tags: [(Int, Tag, Int)], rows: [SheetProgram.Row], sites: [TemplateLocation], problems: inout [TemplateError]
    ) -> [SheetSection] {
        var sections: [SheetSection] = []
        var open: (row: Int, tag: Tag, site: Int)?
        for (row, tag, site) in tags {
            switch tag {
            case .openEach, .openIf:
                if let open {
                    problems.append(
                        TemplateError(
                            .badStructure,
                            TemplateText(
                                zh: "行区段不能嵌套（外层区段始于 \(sites[open.site].chinese)）",
                                en: "row sections cannot nest (the outer one opens at \(sites[open.site].english))"), at: sites[site]))
                }
                open = (row, tag, site)
            case .close(let name):
                guard let current = open else {
                    problems.append(
                        TemplateError(
                            .unbalanced,
                            TemplateText(zh: "{{/\(name)}} 没有对应的开始标签", en: "{{/\(name)}} closes a section that was never opened"),
                            at: sites[site]))
                    continue
                }
                open = nil
                guard current.tag.sectionName == name else {
                    problems.append(
                        TemplateError(
                            .unbalanced,
                            TemplateText(
                                zh: "{{#\(current.tag.sectionName ?? "")}} 被 {{/\(name)}} 关闭",
                                en: "{{#\(current.tag.sectionName ?? "")}} is closed by {{/\(name)}}"), at: sites[site]))
                    continue
                }
                let kind: SheetSection.Kind
                switch current.tag {
                case .openEach(let path): kind = .each(path)
                case .openIf(let condition): kind = .condition(condition)
                default: continue
                }
                if let overlapping = sections.last, overlapping.last >= current.row {
                    problems.append(TemplateError(.badStructure, TemplateText(zh: "行区段重叠", en: "row sections overlap"), at: sites[site]))
                    continue
                }
                sections.append(SheetSection(kind: kind, first: current.row, last: row, site: current.site))
            case .otherwise:
                problems.append(
                    TemplateError(
                        .badStructure, TemplateText(zh: "表格中的 {{else}} 只能用在单元格内", en: "in a sheet, {{else}} works only inside one cell"),
                        at: sites[site]))
            default:
                break
            }
        }
        if let open {
            problems.append(
                TemplateError(
                    .unbalanced,
                    TemplateText(zh: "{{#\(open.tag.sectionName ?? "")}} 没有结束标签", en: "{{#\(open.tag.sectionName ?? "")}} is never closed"),
                    at: sites[open.site]))
        }
        for section in sections {
            for row in section.first...section.last {
                for cell in rows[row].cells {
                    if case .formula(_, _, true) = cell.content {
                        problems.append(
                            TemplateError(
                                .badStructure,
                                TemplateText(
                                    zh: "重复行中的单元格 \(cell.column)\(rows[row].number) 是共享公式：请在该单元格重新输入公式",
                                    en:
                                        "cell \(cell.column)\(rows[row].number) in a repeated row holds a shared formula: type the formula into that cell again"
                                ),
                                at: sites[section.site]))
                    }
                }
            }
        }
        return sections
    }

    /// Serialises the sheet once with markers where the rows, the dimension, merged cells and ranges go, and cuts it there.
    private func assemble(
        _ document: XMLDocument, name: String, sheetData: XMLNode, rows: [SheetProgram.Row], sections: [SheetSection],
        sites: [TemplateLocation]
    ) throws -> SheetProgram {
        sheetData.removeAllChildren()
        sheetData.appendChild(try document.makeProcessingInstruction(target: "spotcheck-rows", content: "x"))
        var dimension: (String, String)?
        if let node = try document.nodes(matching: "/x:worksheet/x:dimension", namespaces: Self.namespaces).first,
            let ref = node.attribute("ref")
        {
            let ends = ref.split(separator: ":").map(String.init)
            let first = ends.first ?? "A1"
            let lastColumn = ends.count == 2 ? String(ends[1].prefix { $0.isLetter }) : String(first.prefix { $0.isLetter })
            dimension = (first, lastColumn)
            try node.setAttribute("ref", to: "spotcheck-dimension")
        }
        var merges: [String] = []
        if let node = try document.nodes(matching: "/x:worksheet/x:mergeCells", namespaces: Self.namespaces).first {
            merges = try document.nodes(matching: "x:mergeCell/@ref", namespaces: Self.namespaces, from: node).map(\.textContent)
            node.insertBefore(try document.makeProcessingInstruction(target: "spotcheck-merge", content: "x"))
            node.detach()
        }
        var ranges: [String] = []
        for attribute in try document.nodes(
            matching:
                "/x:worksheet/x:sheetData/following-sibling::*//@ref | /x:worksheet/x:sheetData/following-sibling::*//@sqref | /x:worksheet/x:sheetData/following-sibling::*/@ref | /x:worksheet/x:sheetData/following-sibling::*/@sqref",
            namespaces: Self.namespaces)
        {
            guard let owner = attribute.parent else { continue }
            let local = attribute.localName
            ranges.append(attribute.textContent)
            try owner.setAttribute(local, to: "spotcheck-range-\(ranges.count - 1)")
        }
        let bytes = document.serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        guard let rowsMark = text.range(of: "<?spotcheck-rows x?>") else {
            throw TemplateError(.badTemplate, TemplateText(zh: "\(name) 无法处理", en: "\(name) cannot be processed"))
        }
        var head = String(text[..<rowsMark.lowerBound])
        var afterDimension = ""
        if let mark = head.range(of: "spotcheck-dimension") {
            afterDimension = String(head[mark.upperBound...])
            head = String(head[..<mark.lowerBound])
        }
        var tail: [SheetProgram.Tail] = []
        var rest = Substring(text[rowsMark.upperBound...])
        let pattern = #"spotcheck-range-[0-9]+|<\?spotcheck-merge x\?>"#
        while let match = rest.range(of: pattern, options: .regularExpression) {
            tail.append(.bytes(Array(rest[..<match.lowerBound].utf8)))
            let token = rest[match]
            if token.hasPrefix("<?") {
                tail.append(.mergeCells(merges))
            } else if let index = Int(token.dropFirst("spotcheck-range-".count)) {
                tail.append(.ranges(ranges[index]))
            }
            rest = rest[match.upperBound...]
        }
        tail.append(.bytes(Array(rest.utf8)))
        return SheetProgram(
            name: name, head: Array(head.utf8), dimension: dimension, afterDimension: Array(afterDimension.utf8), rows: rows,
            sections: sections, tail: tail, sites: sites, dateStyles: dateStyles)
    }

    static func attributeText(_ attributes: [(name: String, value: String)]) -> String {
        attributes.map { " \($0.name)=\"\(XMLEscape.attribute($0.value))\"" }.joined()
    }

    static func columnLetters(_ number: Int) -> String { Table.columnLetters(number) }
}
