import Foundation

/// The data a template is filled from: JSON's values.
///
/// ```swift
/// let data = try TemplateValue(json: Array(#"{"机构名称": "平顶山市第一人民医院", "金额": 12345.67}"#.utf8))
/// data["机构名称"]  // .string("平顶山市第一人民医院")
/// ```
public enum TemplateValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

    /// Parses JSON (UTF-8, a byte-order mark allowed).
    /// - Parameters:
    ///   - bytes: the JSON text.
    ///   - source: a name for messages: `data.json`.
    ///   - firstLine: the line number of the first byte in `source` (for one line of JSON Lines).
    /// - Throws: `TemplateError` (`.badData`) with the line and column where the JSON is wrong.
    public init(json bytes: [UInt8], source: String = "data", firstLine: Int = 1) throws {
        self = try JSONReader.read(bytes, source: source, firstLine: firstLine)
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> TemplateValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Whether the value counts as true in `{{#if}}`: not null, false, "", 0 or an empty list or object.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .number(let value): value != 0
        case .string(let value): !value.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        }
    }

    /// Whether the value is blank: null, "" (after trimming), or an empty list.
    public var isBlank: Bool {
        switch self {
        case .null: true
        case .string(let value): value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .array(let items): items.isEmpty
        default: false
        }
    }

    /// The text printed for the value: numbers without a needless `.0`, lists joined with `、`.
    public var text: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "是" : "否"
        case .number(let value): Self.format(value)
        case .string(let value): value
        case .array(let items): items.map(\.text).joined(separator: "、")
        case .object: ""
        }
    }

    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }
}

extension TemplateValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([TemplateValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }
}

extension TemplateValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
