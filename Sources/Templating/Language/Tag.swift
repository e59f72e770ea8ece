/// A dotted path into the data: `检查组.组长.姓名`, `rows`, `@index`, `this`.
struct ValuePath: Sendable, Hashable, CustomStringConvertible {
    let components: [String]
    var description: String { components.joined(separator: ".") }
}

/// A filter argument: a literal or a path resolved in the current scope.
enum Operand: Sendable, Hashable {
    case literal(TemplateValue)
    case path(ValuePath)
}

/// One step of a filter chain: `大写金额`, `default("无")`.
struct FilterCall: Sendable, Hashable {
    let name: String
    let arguments: [Operand]
}

/// `path | filter | filter(args)`.
struct Expression: Sendable, Hashable {
    let subject: Operand
    let filters: [FilterCall]

    /// `合并` / `vmerge` in the chain: equal cells one above the other in a table column are merged.
    var requestsVerticalMerge: Bool { filters.contains { $0.name == "合并" || $0.name == "vmerge" } }

    /// A `default` anywhere in the chain allows the subject to be missing or blank.
    var allowsMissing: Bool { filters.contains { $0.name == "default" || $0.name == "默认" } }
}

/// The test of `{{#if …}}`.
indirect enum Condition: Sendable, Hashable {
    case truthy(Expression)
    case empty(Expression)
    case equal(Expression, Operand)
    case notEqual(Expression, Operand)
    case not(Condition)
}

/// What a tag says.
enum Tag: Sendable, Hashable {
    case value(Expression)
    /// `{{@照片}}`: a picture; a `尺寸(宽, 高)` filter fits it into a box in millimetres.
    case image(Expression)
    case openEach(ValuePath)
    case openIf(Condition)
    case otherwise
    case close(String)

    var isOpening: Bool {
        switch self {
        case .openEach, .openIf: true
        default: false
        }
    }

    var sectionName: String? {
        switch self {
        case .openEach: "each"
        case .openIf: "if"
        case .close(let name): name
        default: nil
        }
    }
}
