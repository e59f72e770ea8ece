import XMLCore

/// Merges equal cells one above the other in a Word table column, for grouped checklists:
/// `{{ 类别 | 合并 }}` in a repeated row shows each category once, spanning its rows.
///
/// The renderer marks each such value with a processing instruction; this pass finds the marked
/// cells, and where consecutive rows of one column hold the same text, the first cell gets
/// `<w:vMerge w:val="restart"/>` and the following ones `<w:vMerge/>` with their text removed.
enum VerticalMerge {
    static let marker = Array("<?spotcheck-vmerge x?>".utf8)
    private static let w = Dialect.wordprocessing.namespace
    /// CT_TcPr children that come after `w:vMerge` (ECMA-376 17.4.66): the new element goes before them.
    private static let after: Set<String> = [
        "tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
        "cellMerge", "tcPrChange",
    ]

    static func apply(_ bytes: [UInt8], part: String) throws -> [UInt8] {
        let document = try XMLDocument(bytes: bytes, source: part)
        let namespaces = ["w": w]
        var tables: [XMLNode] = []
        var columns: [String: [(row: Int, cell: XMLNode, text: String)]] = [:]
        var order: [String] = []
        for mark in try document.nodes(matching: "//processing-instruction('spotcheck-vmerge')") {
            defer { mark.detach() }
            guard let cell = try document.nodes(matching: "ancestor::w:tc[1]", namespaces: namespaces, from: mark).first,
                let row = cell.parent, let table = row.parent
            else { continue }
            let rows = table.childElements.filter { $0.localName == "tr" }
            let cells = row.childElements.filter { $0.localName == "tc" }
            guard let rowIndex = rows.firstIndex(of: row), let cellIndex = cells.firstIndex(of: cell) else { continue }
            // The grid column: earlier cells may span several.
            let column = try cells[..<cellIndex].reduce(0) { sum, earlier in
                sum + (Int(try document.string(of: "string(w:tcPr/w:gridSpan/@w:val)", namespaces: namespaces, from: earlier)) ?? 1)
            }
            if !tables.contains(table) { tables.append(table) }
            let group = "\(tables.firstIndex(of: table) ?? 0):\(column)"
            if columns[group] == nil { order.append(group) }
            columns[group, default: []].append((rowIndex, cell, cell.textContent))
        }
        for group in order {
            guard let cells = columns[group]?.sorted(by: { $0.row < $1.row }) else { continue }
            var start = 0
            while start < cells.count {
                var end = start
                while end + 1 < cells.count, cells[end + 1].row == cells[end].row + 1, cells[end + 1].text == cells[start].text { end += 1 }
                if end > start {
                    try mark(cells[start].cell, restart: true)
                    for index in (start + 1)...end { try mark(cells[index].cell, restart: false) }
                }
                start = end + 1
            }
        }
        return document.serialized()
    }

    private static func mark(_ cell: XMLNode, restart: Bool) throws {
        let properties: XMLNode
        if let existing = cell.childElements.first(where: { $0.localName == "tcPr" }) {
            properties = existing
        } else {
            properties = try cell.appendElement("w:tcPr")
            if let first = cell.childElements.first, first != properties { first.insertBefore(properties) }
        }
        let merge = try properties.appendElement("w:vMerge")
        if restart { try merge.setAttribute("val", to: "restart", namespace: w) }
        if let later = properties.childElements.first(where: { after.contains($0.localName) }) { later.insertBefore(merge) }
        guard !restart else { return }
        // A continuing cell shows nothing; it keeps one empty paragraph, as every cell must.
        for child in cell.childElements where child.localName != "tcPr" { child.detach() }
        try cell.appendElement("w:p")
    }
}
