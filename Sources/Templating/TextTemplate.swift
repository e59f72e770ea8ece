/// A template over plain text or HTML: the same tag language, sections repeat text.
///
/// ```swift
/// let name = try TextTemplate("{{编号}}-{{机构名称}}.docx")
/// try name.render(record)   // "2024-001-平顶山市第一人民医院.docx"
/// ```
/// For HTML (`escaping: .html`) values are escaped for HTML and line breaks become `<br>`.
public struct TextTemplate: Sendable {
    /// How values are written.
    public enum Kind: Sendable {
        /// As they are.
        case plain
        /// HTML-escaped.
        case html
    }

    let program: PartProgram
    let filters: FilterRegistry

    /// Compiles `text`.
    /// - Parameters:
    ///   - text: the template text.
    ///   - name: a name for locations in messages.
    ///   - kind: plain or HTML escaping.
    ///   - filters: the filters tags may use.
    /// - Throws: `TemplateError` listing every problem, located by line.
    public init(_ text: String, name: String = "text", kind: Kind = .plain, filters: FilterRegistry = .standard) throws {
        var pieces: [FlatPiece] = []
        var sites: [TemplateLocation] = []
        var problems: [TemplateError] = []
        var literal: [UInt8] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        func site(_ start: Int, _ end: Int) -> TemplateLocation {
            let context = String(String.UnicodeScalarView(scalars[start..<min(end, start + 40)]))
            return TemplateLocation(part: name, paragraph: line, context: context)
        }
        while index < scalars.count {
            if index + 1 < scalars.count, scalars[index] == "{", scalars[index + 1] == "{" {
                var end = index + 2
                while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
                guard end + 1 < scalars.count else {
                    problems.append(
                        TemplateError(.syntax, TemplateText(zh: "{{ 没有闭合", en: "{{ is never closed"), at: site(index, scalars.count)))
                    break
                }
                pieces.append(.literal(literal))
                literal = []
                let location = site(index, end + 2)
                do {
                    let tag = try TagParser.parse(String(String.UnicodeScalarView(scalars[(index + 2)..<end])))
                    sites.append(location)
                    pieces.append(.tag(tag, site: sites.count - 1))
                } catch {
                    problems.append(TemplateError(.syntax, error.text, at: location))
                }
                for scalar in scalars[index..<(end + 2)] where scalar == "\n" { line += 1 }
                index = end + 2
                continue
            }
            if scalars[index] == "\n" { line += 1 }
            literal.append(contentsOf: String(scalars[index]).utf8)
            index += 1
        }
        pieces.append(.literal(literal))
        let (nodes, unbalanced) = PartProgram.build(pieces, sites: sites)
        program = PartProgram(name: name, nodes: nodes, sites: sites, escaping: kind == .html ? .html : .plain)
        self.filters = filters
        problems += unbalanced + Template.unknownFilters(in: [.program(program)], filters: filters)
        if let error = TemplateError.gathering(problems) { throw error }
    }

    /// Fills the text.
    /// - Throws: `TemplateError` listing every missing or unprintable value.
    public func render(_ data: TemplateValue) throws -> String {
        var renderer = Renderer(program: program, data: data, filters: filters)
        renderer.run()
        if let error = TemplateError.gathering(renderer.problems) { throw error }
        return String(decoding: renderer.output, as: UTF8.self)
    }

    /// The fields the text needs, as a tree.
    public var fields: [TemplateField] { TemplateField.collect(from: [program]) }
}
