import XMLCore

/// The element names of a document format's paragraphs, tables and text.
struct Dialect: Sendable {
    let namespace: String
    let prefix: String
    let paragraphs: Set<String>
    let table: String
    let row: String
    let cell: String
    /// DOCX keeps text in `w:t` elements; ODF keeps it as text nodes inside `text:p` and `text:span`.
    let textElement: String?
    /// Elements that make a paragraph more than its text (a picture): such a paragraph is never dropped.
    let objects: String
    let escaping: Escaping
    let extraNamespaces: [String: String]

    static let wordprocessing = Dialect(
        namespace: "http://schemas.openxmlformats.org/wordprocessingml/2006/main", prefix: "w", paragraphs: ["p"],
        table: "tbl", row: "tr", cell: "tc", textElement: "t", objects: ".//w:drawing|.//w:pict|.//w:object",
        escaping: .wordprocessing, extraNamespaces: [:])

    static let openDocument = Dialect(
        namespace: "urn:oasis:names:tc:opendocument:xmlns:text:1.0", prefix: "text", paragraphs: ["p", "h"],
        table: "table", row: "table-row", cell: "table-cell", textElement: nil, objects: ".//draw:frame",
        escaping: .openDocument,
        extraNamespaces: [
            "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0", "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
        ])

    var tableNamespace: String { extraNamespaces["table"] ?? namespace }
}

/// Compiles one part (a Word document, header, footer or notes part; an ODF content or styles
/// part) into a `PartProgram`.
///
/// 1. Every paragraph's text is read across its runs (Word splits `{{ 机构名称 }}` over several
///    `w:r` with `w:proofErr`, bookmarks and revision marks between them; ODF over `text:span`s);
///    each tag found is moved whole into the text where it starts, so the value keeps the
///    formatting of its first character.
/// 2. Each section picks what it repeats: text inside one paragraph; whole table rows when its
///    tags sit in rows of one table; whole paragraphs when each tag is alone in its paragraph
///    (those paragraphs leave no blank line).
/// 3. Tags become processing-instruction markers; the part is serialised once and cut at the
///    markers into literal bytes and tags.
struct PartCompiler {
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
    static let markTarget = "spotcheck-mark"
    private let namespaces: [String: String]
    private let dialect: Dialect

    let name: String
    let document: XMLDocument
    var problems: [TemplateError] = []
    private var sites: [TemplateLocation] = []
    private var found: [FoundTag] = []
    private var marks: [(Tag, Int)] = []

    private struct FoundTag {
        let tag: Tag
        let site: Int
        let paragraph: Int
        let start: Int  // scalar offsets in the paragraph's text
        let end: Int
        var placement: Placement = .inline
    }

    private enum Placement { case inline, removed }

    private struct Paragraph {
        let node: XMLNode
        let texts: [XMLNode]
        let scalars: [Unicode.Scalar]
        let nodeStarts: [Int]
        var tags: [Int] = []
    }

    private var paragraphs: [Paragraph] = []

    init(name: String, bytes: [UInt8], dialect: Dialect) throws {
        self.name = name
        self.dialect = dialect
        namespaces = dialect.extraNamespaces.merging([dialect.prefix: dialect.namespace]) { first, _ in first }
        if bytes.count > 20, String(decoding: bytes, as: UTF8.self).contains(Self.markTarget) {
            throw TemplateError(
                .badTemplate, TemplateText(zh: "\(name) 含有保留字 \(Self.markTarget)", en: "\(name) holds the reserved name \(Self.markTarget)")
            )
        }
        do {
            document = try XMLDocument(bytes: bytes, source: name)
        } catch let error as XMLError {
            throw TemplateError(
                .badTemplate, TemplateText(zh: "\(name) 不是可用的 XML：\(error)", en: "\(name) is not usable XML: \(error)"), cause: error)
        }
    }

    /// Compiles the part; problems are gathered in `problems`.
    mutating func compile() throws -> PartProgram {
        try readParagraphs()
        placeSections()
        try rewrite()
        let pieces = split(document.serialized())
        let (nodes, unbalanced) = PartProgram.build(pieces, sites: sites)
        problems += unbalanced
        return PartProgram(name: name, nodes: nodes, sites: sites, escaping: dialect.escaping)
    }

    // MARK: - 1. Tags across runs

    private mutating func readParagraphs() throws {
        let p = dialect.prefix
        let all = try document.nodes(
            matching: dialect.paragraphs.sorted().map { "//\(p):\($0)" }.joined(separator: "|"), namespaces: namespaces)
        let tableName = dialect.extraNamespaces["table"] != nil ? "table:\(dialect.table)" : "\(p):\(dialect.table)"
        let tables = try document.nodes(matching: "//\(tableName)", namespaces: namespaces)
        for (number, node) in all.enumerated() {
            var texts: [XMLNode] = []
            collectTexts(node, into: &texts, isRoot: true)
            var scalars: [Unicode.Scalar] = []
            var starts: [Int] = []
            for text in texts {
                starts.append(scalars.count)
                scalars.append(contentsOf: text.textContent.unicodeScalars)
            }
            paragraphs.append(Paragraph(node: node, texts: texts, scalars: scalars, nodeStarts: starts))
            findTags(inParagraph: paragraphs.count - 1, number: number + 1, tables: tables)
        }
    }

    /// The paragraph's own text holders (`w:t` elements, or ODF text nodes), in order; nested
    /// paragraphs (text boxes, notes) are their own.
    private func collectTexts(_ node: XMLNode, into texts: inout [XMLNode], isRoot: Bool) {
        for child in node.children {
            if child.kind == .text {
                if dialect.textElement == nil && node.namespaceURI == dialect.namespace { texts.append(child) }
                continue
            }
            guard child.kind == .element else { continue }
            if child.namespaceURI == dialect.namespace && dialect.paragraphs.contains(child.localName) { continue }
            if let textElement = dialect.textElement, child.localName == textElement, child.namespaceURI == dialect.namespace {
                texts.append(child)
            } else if dialect.textElement != nil || child.namespaceURI == dialect.namespace {
                collectTexts(child, into: &texts, isRoot: false)
            }
        }
    }

    private mutating func findTags(inParagraph index: Int, number: Int, tables: [XMLNode]) {
        let scalars = paragraphs[index].scalars
        var cursor = 0
        func location(_ start: Int, _ end: Int) -> TemplateLocation {
            let from = max(0, start - 10)
            let to = min(scalars.count, max(end, start + 30))
            var context = String(String.UnicodeScalarView(scalars[from..<to]))
            if context.count > 40 { context = String(context.prefix(40)) + "…" }
            var site = TemplateLocation(part: name, paragraph: number, context: context)
            if let cell = ancestor(paragraphs[index].node, named: dialect.cell), let row = cell.parent,
                let table = ancestor(row, named: dialect.table)
            {
                site.table = (tables.firstIndex(of: table) ?? 0) + 1
                site.row = (rows(of: table).firstIndex(of: row) ?? 0) + 1
                site.cell = (row.childElements.filter { $0.localName == dialect.cell }.firstIndex(of: cell) ?? 0) + 1
            }
            return site
        }
        while cursor + 1 < scalars.count {
            if scalars[cursor] == "}" && scalars[cursor + 1] == "}" {
                problems.append(
                    TemplateError(
                        .syntax, TemplateText(zh: "多余的 }}（前面没有 {{）", en: "a }} with no {{ before it"), at: location(cursor, cursor + 2)))
                cursor += 2
                continue
            }
            guard scalars[cursor] == "{" && scalars[cursor + 1] == "{" else {
                cursor += 1
                continue
            }
            var end = cursor + 2
            while end + 1 < scalars.count && !(scalars[end] == "}" && scalars[end + 1] == "}") {
                if scalars[end] == "{" && scalars[end + 1] == "{" { break }
                end += 1
            }
            guard end + 1 < scalars.count, scalars[end] == "}" else {
                problems.append(
                    TemplateError(
                        .syntax,
                        TemplateText(
                            zh: "{{ 没有闭合（一个标签必须在同一段落内）", en: "{{ is never closed (a tag must stay within one paragraph)"),
                        at: location(cursor, end)))
                cursor = end
                continue
            }
            let inner = String(String.UnicodeScalarView(scalars[(cursor + 2)..<end]))
            let site = sites.count
            sites.append(location(cursor, end + 2))
            do {
                let tag = try TagParser.parse(inner)
                found.append(FoundTag(tag: tag, site: site, paragraph: index, start: cursor, end: end + 2))
                paragraphs[index].tags.append(found.count - 1)
            } catch {
                problems.append(TemplateError(.syntax, error.text, at: sites[site]))
            }
            cursor = end + 2
        }
    }

    private func ancestor(_ node: XMLNode, named local: String) -> XMLNode? {
        let namespace = [dialect.table, dialect.row, dialect.cell].contains(local) ? dialect.tableNamespace : dialect.namespace
        var current = node.parent
        while let element = current {
            if element.localName == local && element.namespaceURI == namespace { return element }
            current = element.parent
        }
        return nil
    }

    /// A table's rows in order, also where ODF groups them in `table:table-rows` or header rows.
    private func rows(of table: XMLNode) -> [XMLNode] {
        (try? document.nodes(
            matching: ".//table:\(dialect.row)|.//w:\(dialect.row)",
            namespaces: namespaces.merging(["table": dialect.tableNamespace, "w": dialect.namespace]) { a, _ in a }, from: table))?
            .filter { ancestor($0, named: dialect.table) == table } ?? []
    }

    // MARK: - 2. What each section repeats

    private mutating func placeSections() {
        var stack: [Int] = []
        var elses: [Int: Int] = [:]
        for (index, tag) in found.enumerated() {
            switch tag.tag {
            case .openEach, .openIf: stack.append(index)
            case .otherwise: if let open = stack.last { elses[open] = index }
            case .close:
                guard let open = stack.popLast() else { continue }
                if found[open].tag.sectionName == tag.tag.sectionName { place(open: open, otherwise: elses[open], close: index) }
            default: break
            }
        }
    }

    private mutating func place(open: Int, otherwise: Int?, close: Int) {
        let first = paragraphs[found[open].paragraph]
        let last = paragraphs[found[close].paragraph]
        if first.node == last.node {
            return checkSameLevel(open, close)
        }
        // Paragraphs first: tags alone in paragraphs of one parent (the body, or one table cell) repeat
        // those paragraphs, also inside a table row.
        if first.node.parent == last.node.parent && isTagOnly(found[open].paragraph) && isTagOnly(found[close].paragraph) {
            if let otherwise {
                let paragraph = paragraphs[found[otherwise].paragraph]
                guard paragraph.node.parent == first.node.parent, isTagOnly(found[otherwise].paragraph) else {
                    return structureProblem(
                        otherwise, zh: "{{else}} 应像 {{#if}} 一样独占一段", en: "{{else}} must be alone in its paragraph, like its {{#if}}")
                }
                replace(paragraph.node, with: otherwise)
            }
            replace(first.node, with: open)
            replace(last.node, with: close)
            return
        }
        if let rowA = ancestor(first.node, named: dialect.row), let rowB = ancestor(last.node, named: dialect.row),
            rowA.parent == rowB.parent,
            let table = rowA.parent
        {
            let rows = table.childElements.filter { $0.localName == dialect.row }
            guard let a = rows.firstIndex(of: rowA), let b = rows.firstIndex(of: rowB), a <= b else { return checkSameLevel(open, close) }
            if let otherwise {
                guard let rowK = ancestor(paragraphs[found[otherwise].paragraph].node, named: dialect.row),
                    let k = rows.firstIndex(of: rowK),
                    a < k, k < b
                else {
                    return structureProblem(
                        otherwise, zh: "表格行区段中的 {{else}} 应独占一行", en: "in a table-row section, {{else}} must sit in a row of its own")
                }
                replace(rowK, with: otherwise)
            }
            insertMark(before: rowA, for: open)
            insertMark(after: rowB, for: close)
            return
        }
        checkSameLevel(open, close)
    }

    /// Text-level sections repeat the bytes between their tags, which is well-formed only when
    /// both tags sit at the same place in the element tree (same element names up to the root).
    private mutating func checkSameLevel(_ open: Int, _ close: Int) {
        func path(_ tag: Int) -> [String] {
            let paragraph = paragraphs[found[tag].paragraph]
            let position = found[tag].start
            let node = paragraph.texts[max(0, (paragraph.nodeStarts.lastIndex { $0 <= position }) ?? 0)]
            var names: [String] = []
            var current: XMLNode? = node
            while let element = current {
                names.append(element.qualifiedName)
                current = element.parent
            }
            return names
        }
        if path(open) != path(close) {
            structureProblem(
                open, zh: "区段的开始与结束标签处于文档的不同层级（如一个在表格内、一个在表格外），无法重复",
                en:
                    "the section's opening and closing tags sit at different levels of the document (say one inside a table and one outside), so it cannot repeat"
            )
        }
    }

    private func isTagOnly(_ index: Int) -> Bool {
        let paragraph = paragraphs[index]
        var covered = Set<Int>()
        for tag in paragraph.tags {
            guard found[tag].tag.sectionName != nil || found[tag].tag == .otherwise else { return false }
            covered.formUnion(found[tag].start..<found[tag].end)
        }
        for (offset, scalar) in paragraph.scalars.enumerated() where !covered.contains(offset) {
            if !scalar.properties.isWhitespace { return false }
        }
        let objects =
            (try? document.string(of: "count(\(dialect.objects))", namespaces: namespaces, from: paragraph.node)) ?? "0"
        return objects == "0"
    }

    private mutating func replace(_ node: XMLNode, with tag: Int) {
        guard node.parent != nil else {
            return structureProblem(tag, zh: "每个区段标签应独占一段", en: "put each section tag in a paragraph of its own")
        }
        insertMark(before: node, for: tag)
        node.detach()
    }

    // Sections are placed inner first (they close first), so an outer section's opening mark goes
    // before the opening marks already beside the same element, and its closing mark after the
    // closing ones; the marks of the sections before and after it stay outside.
    private mutating func insertMark(before node: XMLNode, for tag: Int) {
        guard let mark = makeMark(for: tag) else { return }
        var target = node
        if found[tag].tag.isOpening {
            while let previous = target.previousSibling, markTag(previous)?.isOpening == true { target = previous }
        }
        target.insertBefore(mark)
    }

    private mutating func insertMark(after node: XMLNode, for tag: Int) {
        guard let mark = makeMark(for: tag) else { return }
        var target = node
        while let next = target.nextSibling, let nextTag = markTag(next), case .close = nextTag { target = next }
        target.insertAfter(mark)
    }

    private func markTag(_ node: XMLNode) -> Tag? {
        guard node.processingInstructionTarget == Self.markTarget, let index = Int(node.textContent), marks.indices.contains(index) else {
            return nil
        }
        return marks[index].0
    }

    private mutating func makeMark(for tag: Int) -> XMLNode? {
        found[tag].placement = .removed
        marks.append((found[tag].tag, found[tag].site))
        return try? document.makeProcessingInstruction(target: Self.markTarget, content: String(marks.count - 1))
    }

    private mutating func structureProblem(_ tag: Int, zh: String, en: String) {
        problems.append(TemplateError(.badStructure, TemplateText(zh: zh, en: en), at: sites[found[tag].site]))
    }

    // MARK: - 3. Markers

    private mutating func rewrite() throws {
        for paragraph in paragraphs where !paragraph.tags.isEmpty {
            var removed = Set<Int>()
            var markAt: [Int: Int] = [:]
            for tag in paragraph.tags {
                removed.formUnion(found[tag].start..<found[tag].end)
                if found[tag].placement == .inline {
                    marks.append((found[tag].tag, found[tag].site))
                    markAt[found[tag].start] = marks.count - 1
                }
            }
            for (index, text) in paragraph.texts.enumerated() {
                let start = paragraph.nodeStarts[index]
                let end = index + 1 < paragraph.nodeStarts.count ? paragraph.nodeStarts[index + 1] : paragraph.scalars.count
                guard (start..<end).contains(where: { removed.contains($0) }) else { continue }
                var pieces: [XMLNode] = []
                var pending = String.UnicodeScalarView()
                for offset in start..<end {
                    if let mark = markAt[offset] {
                        if !pending.isEmpty { pieces.append(try document.makeText(String(pending))) }
                        pending = String.UnicodeScalarView()
                        pieces.append(try document.makeProcessingInstruction(target: Self.markTarget, content: String(mark)))
                    }
                    if !removed.contains(offset) { pending.append(paragraph.scalars[offset]) }
                }
                if !pending.isEmpty { pieces.append(try document.makeText(String(pending))) }
                if dialect.textElement != nil {
                    // Word: the pieces become the content of the w:t, which must keep its spaces.
                    text.removeAllChildren()
                    pieces.forEach(text.appendChild)
                    try text.setAttribute("space", to: "preserve", namespace: Self.xmlNamespace)
                } else {
                    // ODF: the pieces take the text node's place, around an anchor so no text merges into it.
                    let anchor = try document.makeProcessingInstruction(target: "spotcheck-anchor", content: "")
                    text.insertBefore(anchor)
                    text.detach()
                    pieces.forEach(anchor.insertBefore)
                    anchor.detach()
                }
            }
        }
    }

    /// Cuts the serialised part at `<?spotcheck-mark N?>`.
    private func split(_ bytes: [UInt8]) -> [FlatPiece] {
        let prefix = Array("<?\(Self.markTarget) ".utf8)
        var pieces: [FlatPiece] = []
        var literalStart = 0
        var index = 0
        while index + prefix.count < bytes.count {
            guard bytes[index] == prefix[0], bytes[index..<(index + prefix.count)].elementsEqual(prefix) else {
                index += 1
                continue
            }
            var cursor = index + prefix.count
            var number = 0
            while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                number = number * 10 + Int(bytes[cursor] - 0x30)
                cursor += 1
            }
            guard cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "?"), bytes[cursor + 1] == UInt8(ascii: ">"), number < marks.count
            else {
                index += 1
                continue
            }
            pieces.append(.literal(Array(bytes[literalStart..<index])))
            pieces.append(.tag(marks[number].0, site: marks[number].1))
            index = cursor + 2
            literalStart = index
        }
        pieces.append(.literal(Array(bytes[literalStart...])))
        return pieces
    }
}
