import Foundation

/// The filters a template may call, by name (Chinese and English names both).
///
/// ```swift
/// var filters = FilterRegistry.standard
/// filters.register("工作日后") { value, arguments in … }
/// let template = try Template(contentsOfFile: "notice.docx", filters: filters)
/// ```
public struct FilterRegistry: Sendable {
    /// A filter: the value and its evaluated arguments in, the new value out.
    public typealias Filter = @Sendable (TemplateValue, [TemplateValue]) throws(FilterFailure) -> TemplateValue

    private var filters: [String: Filter] = [:]

    /// An empty registry.
    public init() {}

    /// Adds (or replaces) a filter under one or more names.
    public mutating func register(_ names: String..., filter: @escaping Filter) {
        for name in names { filters[name] = filter }
    }

    /// The filter with this name.
    public func filter(named name: String) -> Filter? { filters[name] }

    /// Every registered name, sorted.
    public var names: [String] { filters.keys.sorted() }

    /// The registered name closest to `name`, for "did you mean" hints.
    func suggestion(for name: String) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in names {
            let distance = editDistance(Array(name), Array(candidate))
            if best == nil || distance < best?.distance ?? .max { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, name.count / 2) else { return nil }
        return best.name
    }

    /// The built-in filters.
    public static let standard: FilterRegistry = {
        var registry = FilterRegistry()
        registry.register("default", "默认") { value, arguments in
            value.isBlank ? (arguments.first ?? .string("")) : value
        }
        // Marks a table cell for vertical merging with equal cells above and below (see VerticalMerge).
        registry.register("合并", "vmerge") { value, _ in value }
        registry.register("中文日期", "cn_date") { value, _ throws(FilterFailure) in
            .string(ChineseFormat.date(try day(value)))
        }
        registry.register("大写日期", "cn_date_upper") { value, _ throws(FilterFailure) in
            .string(ChineseFormat.uppercaseDate(try day(value)))
        }
        registry.register("大写金额", "rmb_upper") { value, _ throws(FilterFailure) in
            guard let text = ChineseFormat.uppercaseAmount(try number(value)) else {
                throw FilterFailure(zh: "金额过大", en: "the amount is too large")
            }
            return .string(text)
        }
        registry.register("数字", "number") { value, arguments throws(FilterFailure) in
            let decimals = Int(try number(arguments.first ?? .number(0)))
            let grouping = arguments.count > 1 ? arguments[1].isTruthy : true
            guard (0...6).contains(decimals) else { throw FilterFailure(zh: "小数位数应在 0 到 6 之间", en: "decimals must be 0 to 6") }
            return .string(ChineseFormat.number(try number(value), decimals: decimals, grouping: grouping))
        }
        registry.register("补零", "pad") { value, arguments throws(FilterFailure) in
            let width = Int(try number(arguments.first ?? .number(0)))
            let text = value.text
            return .string(String(repeating: "0", count: max(0, width - text.count)) + text)
        }
        registry.register("文号", "docno") { value, arguments throws(FilterFailure) in
            guard arguments.count == 2 else {
                throw FilterFailure(
                    zh: "文号 需要两个参数：机关代字和年份，如 文号(\"平卫医保\", 2024)",
                    en: "docno takes two arguments: prefix and year, e.g. docno(\"平卫医保\", 2024)")
            }
            return .string(
                ChineseFormat.documentNumber(
                    prefix: arguments[0].text, year: Int(try number(arguments[1])), sequence: Int(try number(value))))
        }
        // GB/T 9704-2012 7.3.3: headings are numbered 一、 and （一）.
        registry.register("中文序号", "cn_ordinal") { value, _ throws(FilterFailure) in
            let ordinal = try number(value)
            guard ordinal >= 1, ordinal < 100, ordinal == ordinal.rounded() else {
                throw FilterFailure(zh: "中文序号 只用于 1 到 99 的整数", en: "cn_ordinal takes whole numbers 1 to 99")
            }
            return .string(ChineseFormat.smallNumber(Int(ordinal)))
        }
        registry.register("勾选", "checkbox") { value, arguments in
            let checked = arguments.first.map { value.text == $0.text } ?? value.isTruthy
            // ■ and □, not ☑ and ☐: both are in GB 2312, so 仿宋_GB2312 and its free stand-ins print them in
            // the form's own font (☑ is in neither, and would be drawn from whatever font has it).
            return .string(checked ? "■" : "□")
        }
        registry.register("连接", "join") { value, arguments in
            let separator = arguments.first?.text ?? "、"
            guard case .array(let items) = value else { return .string(value.text) }
            return .string(items.map(\.text).joined(separator: separator))
        }
        return registry
    }()

    private static func day(_ value: TemplateValue) throws(FilterFailure) -> ChineseFormat.Day {
        guard let day = ChineseFormat.Day(parsing: value.text) else {
            throw FilterFailure(zh: "“\(value.text)” 不是日期（应如 2024-03-01）", en: "'\(value.text)' is not a date (expected e.g. 2024-03-01)")
        }
        return day
    }

    private static func number(_ value: TemplateValue) throws(FilterFailure) -> Double {
        switch value {
        case .number(let number): return number
        case .string(let text):
            if let number = Double(text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)) { return number }
        default: break
        }
        throw FilterFailure(zh: "“\(value.text)” 不是数字", en: "'\(value.text)' is not a number")
    }
}

/// Why a filter could not format a value.
public struct FilterFailure: Error, Sendable {
    public let text: TemplateText
    public init(zh: String, en: String) { text = TemplateText(zh: zh, en: en) }
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
