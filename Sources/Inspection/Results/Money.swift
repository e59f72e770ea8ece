import Foundation
import Support

/// An amount of money in 元 with 分 exact (违规金额, 追回金额): stored and compared as whole 分, written
/// `1234.50`, never a floating-point number in the record.
///
/// ```swift
/// Money(parsing: "12,345.6元")?.description   // "12345.60"
/// Money(parsing: "-3")                          // nil: an amount is never negative
/// ```
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in 分.
    public var fen: Int

    public init(fen: Int) { self.fen = fen }

    /// Reads `1234`, `1234.5`, `1,234.50`, `1234.50元`, full-width digits too; nil for anything else,
    /// a negative amount, more than two decimals or more than 万亿元.
    public init?(parsing text: String) {
        var plain = ""
        for character in text.trimmingCharacters(in: .whitespaces) {
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, (0xFF10...0xFF19).contains(scalar.value),
                let ascii = Unicode.Scalar(scalar.value - 0xFF10 + 0x30)
            {
                plain.append(Character(ascii))
            } else if character == "．" {
                plain.append(".")
            } else if character != "," && character != "，" {
                plain.append(character)
            }
        }
        if plain.hasSuffix("元") { plain.removeLast() }
        if plain.hasPrefix("¥") || plain.hasPrefix("￥") { plain.removeFirst() }
        plain = plain.trimmingCharacters(in: .whitespaces)
        let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        // Digits only (no sign), at most 12 of them: below 万亿元.
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy({ $0.isASCII && $0.isNumber }), let yuan = Int(whole) else {
            return nil
        }
        var cents = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(decimals) else { return nil }
            cents = decimals.count == 1 ? value * 10 : value
        }
        fen = yuan * 100 + cents
    }

    /// `1234.50`.
    public var description: String {
        let cents = fen % 100
        return "\(fen / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The amount in 元, for a form's number filters (数字, 大写金额); exact up to 万亿元.
    public var yuan: Double { Double(fen) / 100 }

    public static func < (left: Money, right: Money) -> Bool { left.fen < right.fen }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let money = Money(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an amount: \(text)"))
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
