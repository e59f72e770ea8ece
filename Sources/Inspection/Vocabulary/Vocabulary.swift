import Foundation

/// A closed vocabulary of the domain — a status, an outcome, a method — whose Chinese labels are
/// data: the raw value is the label the policies and forms use, `english` what an English locale
/// shows, and `aliases` the short forms a clerk may type.
///
/// ```swift
/// Outcome(label: "整改")          // .rectify
/// Outcome.rectify.rawValue        // "限期整改"
/// Outcome.labels                  // "符合要求、限期整改、…"
/// ```
public protocol Vocabulary: RawRepresentable, CaseIterable, Codable, Sendable, Hashable where RawValue == String {
    /// The label in English.
    var english: String { get }
    /// Shorter forms accepted as input, besides the label itself.
    var aliases: [String] { get }
}

extension Vocabulary {
    public var aliases: [String] { [] }

    /// The Chinese label (the raw value).
    public var label: String { rawValue }

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
