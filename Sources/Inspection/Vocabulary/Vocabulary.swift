import Foundation

/// A closed vocabulary of the domain — a status, an outcome, a method — whose Chinese labels are
/// data: the raw value is the label the policies and forms use, `englishLabels` what an English
/// locale shows, and `aliasLabels` the short forms a clerk may type.
///
/// ```swift
/// Outcome(label: "整改")          // .rectify
/// Outcome.rectify.rawValue        // "限期整改"
/// Outcome.labels()                // "符合要求、限期整改、…"
/// ```
public protocol Vocabulary: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {
    /// Each value's label in English.
    static var englishLabels: [Self: String] { get }
    /// Shorter forms accepted as input, besides the label itself.
    static var aliasLabels: [Self: [String]] { get }
}

extension Vocabulary {
    public static var aliasLabels: [Self: [String]] { [:] }

    /// The Chinese label (the raw value).
    public var label: String { rawValue }

    /// The label in English.
    public var english: String { Self.englishLabels[self] ?? rawValue }

    /// The short forms accepted for this value.
    public var aliases: [String] { Self.aliasLabels[self] ?? [] }

    /// The label in the language asked for.
    public func label(english: Bool) -> String { english ? self.english : rawValue }

    /// The value for a label, an alias or the English label (spaces around it ignored); nil for anything else.
    public init?(label text: String) {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        guard
            let found = Self.allCases.first(where: {
                $0.rawValue == wanted || $0.aliases.contains(wanted) || $0.english.lowercased() == wanted.lowercased()
            })
        else { return nil }
        self = found
    }

    /// Every label, joined for a message: `符合要求、限期整改`, or in English with commas.
    public static func labels(english: Bool = false) -> String {
        english ? allCases.map(\.english).joined(separator: ", ") : allCases.map(\.rawValue).joined(separator: "、")
    }
}

/// An optional vocabulary value stored as its label, or "" when there is none — as results were
/// always written (`"outcome":""` for a target that was not checked).
@propertyWrapper
public struct LabelOrBlank<Value: Vocabulary>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let label = try decoder.singleValueContainer().decode(String.self)
        guard label.isEmpty || Value(rawValue: label) != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not one of \(Value.labels()): \(label)"))
        }
        wrappedValue = Value(rawValue: label)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue?.rawValue ?? "")
    }
}
