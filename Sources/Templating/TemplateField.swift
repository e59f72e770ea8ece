/// A field a template needs: a value, or a list (`{{#each}}`) with fields of its own.
public struct TemplateField: Sendable, Hashable, Codable {
    /// The field's name (a path component; `检查组.组长.姓名` nests three fields).
    public var name: String
    /// Whether a section repeats over it.
    public var isList: Bool
    /// Fields inside it: members of an object, or of each item of a list.
    public var children: [TemplateField]

    /// Indented lines, one field per line: `事项[]` for a list.
    public static func outline(_ fields: [TemplateField], indent: String = "") -> [String] {
        fields.flatMap { field in [indent + field.name + (field.isList ? "[]" : "")] + outline(field.children, indent: indent + "  ") }
    }

    static func collect(from programs: [PartProgram]) -> [TemplateField] {
        var root = Builder()
        for program in programs { root.walk(program.nodes, scope: []) }
        return root.fields()
    }

    /// Gathers paths in first-use order.
    private struct Builder {
        final class Node {
            var children: [(String, Node)] = []
            var isList = false
            func child(_ name: String) -> Node {
                if let existing = children.first(where: { $0.0 == name }) { return existing.1 }
                let node = Node()
                children.append((name, node))
                return node
            }
        }
        let top = Node()

        /// `scope` is the chain of list nodes we are inside; a path resolves to the innermost scope
        /// where it was first seen, else the innermost one.
        mutating func walk(_ nodes: [ProgramNode], scope: [Node]) {
            for node in nodes {
                switch node {
                case .literal: break
                case .value(let expression, _), .image(let expression, _): add(expression, scope)
                case .each(let path, let body, _):
                    guard let list = add(path, scope) else { continue }
                    list.isList = true
                    walk(body, scope: scope + [list])
                case .conditional(let condition, let then, let otherwise, _):
                    add(condition, scope)
                    walk(then, scope: scope)
                    walk(otherwise, scope: scope)
                }
            }
        }

        private func add(_ condition: Condition, _ scope: [Node]) {
            switch condition {
            case .truthy(let e), .empty(let e): add(e, scope)
            case .equal(let e, let operand), .notEqual(let e, let operand):
                add(e, scope)
                if case .path(let path) = operand { add(path, scope) }
            case .not(let inner): add(inner, scope)
            }
        }

        private func add(_ expression: Expression, _ scope: [Node]) {
            if case .path(let path) = expression.subject { add(path, scope) }
            for call in expression.filters {
                for case .path(let path) in call.arguments { add(path, scope) }
            }
        }

        @discardableResult
        private func add(_ path: ValuePath, _ scope: [Node]) -> Node? {
            let head = path.components[0]
            guard !head.hasPrefix("@"), head != "this" else { return nil }
            // An outer field used inside a loop stays outer: look outward for where it is known.
            let home = ([top] + scope).reversed().first { node in node.children.contains { $0.0 == head } } ?? scope.last ?? top
            var node = home
            for component in path.components { node = node.child(component) }
            return node
        }

        func fields() -> [TemplateField] { convert(top) }

        private func convert(_ node: Node) -> [TemplateField] {
            node.children.map { TemplateField(name: $0.0, isList: $0.1.isList, children: convert($0.1)) }
        }
    }
}

extension Template {
    /// The fields the template needs, as a tree, in order of first use.
    public var fields: [TemplateField] {
        if let html { return html.fields }
        return TemplateField.collect(
            from: parts.compactMap { part in
                switch part {
                case .program(let program): program
                case .sheet(let sheet): sheet.outline
                default: nil
                }
            })
    }
}
