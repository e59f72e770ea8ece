/// A compiled part: literal bytes and the tags between them, as a tree of sections.
///
/// Rendering walks the tree and concatenates bytes; no XML is parsed per render.
indirect enum ProgramNode: Sendable {
    case literal([UInt8])
    case value(Expression, site: Int)
    case image(Expression, site: Int)
    case each(ValuePath, body: [ProgramNode], site: Int)
    case conditional(Condition, then: [ProgramNode], otherwise: [ProgramNode], site: Int)
}

/// How a value is written into a part.
enum Escaping: Sendable {
    /// Inside `<w:t>`: XML-escaped; a line break becomes `<w:br/>` and a tab `<w:tab/>`.
    case wordprocessing
    /// Inside an ODF paragraph: XML-escaped; a line break becomes `<text:line-break/>`, a tab
    /// `<text:tab/>`, and a space after a space `<text:s/>` (ODF collapses runs of spaces).
    case openDocument
    /// Plain XML text.
    case xml
    /// HTML text: `&`, `<`, `>` and quotes escaped; a line break becomes `<br>`.
    case html
    /// No escaping (file names, messages).
    case plain
}

/// A compiled part and the locations of its tags (indexed by `site`).
struct PartProgram: Sendable {
    let name: String
    let nodes: [ProgramNode]
    let sites: [TemplateLocation]
    let escaping: Escaping

    /// Whether any value asks for vertical merging (so the rendered part needs that pass).
    var mergesVertically: Bool {
        func asks(_ nodes: [ProgramNode]) -> Bool {
            nodes.contains { node in
                switch node {
                case .value(let expression, _): expression.requestsVerticalMerge
                case .image: false
                case .each(_, let body, _): asks(body)
                case .conditional(_, let then, let otherwise, _): asks(then) || asks(otherwise)
                case .literal: false
                }
            }
        }
        return escaping == .wordprocessing && asks(nodes)
    }
}

/// One element of a flat stream of literal bytes and tags, before sections are matched.
enum FlatPiece {
    case literal([UInt8])
    case tag(Tag, site: Int)
}

extension PartProgram {
    /// Matches sections in a flat stream into a tree, reporting every unbalanced tag.
    static func build(_ pieces: [FlatPiece], sites: [TemplateLocation]) -> (nodes: [ProgramNode], problems: [TemplateError]) {
        struct Frame {
            var tag: Tag
            var site: Int
            var body: [ProgramNode] = []
            var otherwise: [ProgramNode]?
        }
        var stack: [Frame] = [Frame(tag: .otherwise, site: -1)]
        var problems: [TemplateError] = []
        func append(_ node: ProgramNode) {
            if stack[stack.count - 1].otherwise != nil {
                stack[stack.count - 1].otherwise?.append(node)
            } else {
                stack[stack.count - 1].body.append(node)
            }
        }
        for piece in pieces {
            switch piece {
            case .literal(let bytes):
                append(.literal(bytes))
            case .tag(let tag, let site):
                switch tag {
                case .value(let expression):
                    append(.value(expression, site: site))
                case .image(let expression):
                    append(.image(expression, site: site))
                case .openEach, .openIf:
                    stack.append(Frame(tag: tag, site: site))
                case .otherwise:
                    if stack.count > 1, case .openIf = stack[stack.count - 1].tag, stack[stack.count - 1].otherwise == nil {
                        stack[stack.count - 1].otherwise = []
                    } else {
                        problems.append(
                            TemplateError(
                                .unbalanced, TemplateText(zh: "{{else}} 不在 {{#if}} 区段内", en: "{{else}} outside an {{#if}} section"),
                                at: sites[site]))
                    }
                case .close(let name):
                    guard stack.count > 1 else {
                        problems.append(
                            TemplateError(
                                .unbalanced,
                                TemplateText(
                                    zh: "{{/\(name)}} 没有对应的 {{#\(name)}}", en: "{{/\(name)}} closes a section that was never opened"),
                                at: sites[site]))
                        continue
                    }
                    let frame = stack.removeLast()
                    if frame.tag.sectionName != name {
                        problems.append(
                            TemplateError(
                                .unbalanced,
                                TemplateText(
                                    zh: "{{#\(frame.tag.sectionName ?? "")}}（\(sites[frame.site].chinese)）被 {{/\(name)}} 关闭",
                                    en: "{{#\(frame.tag.sectionName ?? "")}} (at \(sites[frame.site].english)) is closed by {{/\(name)}}"),
                                at: sites[site]))
                    }
                    switch frame.tag {
                    case .openEach(let path): append(.each(path, body: frame.body, site: frame.site))
                    case .openIf(let condition):
                        append(.conditional(condition, then: frame.body, otherwise: frame.otherwise ?? [], site: frame.site))
                    default: break
                    }
                }
            }
        }
        for frame in stack.dropFirst().reversed() {
            problems.append(
                TemplateError(
                    .unbalanced,
                    TemplateText(
                        zh: "{{#\(frame.tag.sectionName ?? "")}} 没有结束标签 {{/\(frame.tag.sectionName ?? "")}}",
                        en: "{{#\(frame.tag.sectionName ?? "")}} is never closed"), at: sites[frame.site]))
        }
        return (mergeLiterals(stack[0].body), problems)
    }

    private static func mergeLiterals(_ nodes: [ProgramNode]) -> [ProgramNode] {
        var merged: [ProgramNode] = []
        for node in nodes {
            switch node {
            case .literal(let bytes):
                if case .literal(let previous)? = merged.last {
                    merged[merged.count - 1] = .literal(previous + bytes)
                } else if !bytes.isEmpty {
                    merged.append(node)
                }
            case .each(let path, let body, let site):
                merged.append(.each(path, body: mergeLiterals(body), site: site))
            case .conditional(let condition, let then, let otherwise, let site):
                merged.append(.conditional(condition, then: mergeLiterals(then), otherwise: mergeLiterals(otherwise), site: site))
            case .value, .image:
                merged.append(node)
            }
        }
        return merged
    }
}
