import Foundation

/// A draw ratio (抽查比例) exactly as the plan announces it — `33.3%`, `5%`, `0.5%` — held as an exact
/// decimal, so that a sample size is computed in integers and never depends on how a binary float
/// rounds `0.15 × 100` (docs/DRAW.md, *Sample size*).
///
/// ```swift
/// let ratio = try Ratio(percent: "33.3%")          // 333/1000
/// ratio.sampleSize(of: 10)                          // ceil(3.33) = 4
/// ratio.description                                 // "33.3%"
/// ```
public struct Ratio: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fraction `units / 10^scale` (0 ≤ fraction ≤ 1), with no trailing zero in `units` beyond what
    /// `scale` needs: `33.3%` is 333 / 10³.
    public let units: UInt64
    public let scale: Int

    /// The most decimal places a ratio may have, as a fraction of one: 10¹⁸ still fits 64 bits.
    public static let maximumScale = 18

    /// A ratio from a decimal fraction written as text (`0.333`, `1`, `0.50000000025`), exactly.
    public init?(fraction text: String) {
        guard let (units, scale) = Self.decimal(text), scale <= Self.maximumScale else { return nil }
        guard let (normalized, normalizedScale) = Self.normalized(units: units, scale: scale) else { return nil }
        self.units = normalized
        self.scale = normalizedScale
    }

    /// A ratio from a percentage as a plan writes it (`33.3%`, `5 %`, `33.3`), exactly.
    public init?(percent text: String) {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") || text.hasSuffix("％") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard let (units, scale) = Self.decimal(text), scale + 2 <= Self.maximumScale,
            let (normalized, normalizedScale) = Self.normalized(units: units, scale: scale + 2)
        else { return nil }
        self.units = normalized
        self.scale = normalizedScale
    }

    /// A ratio stored as a binary number by earlier versions (`0.05` in office.json): its shortest
    /// decimal text, read exactly.
    public init?(legacy value: Double) {
        guard value.isFinite, value >= 0 else { return nil }
        self.init(fraction: Self.plainDecimal(value))
    }

    private init(units: UInt64, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// `ceil(count × ratio)` in exact integer arithmetic — an exact product is not rounded up — but at
    /// least 1 when there are candidates and the ratio is positive, and at most `count` (003 annex 1).
    public func sampleSize(of count: Int) -> Int {
        guard count > 0, units > 0 else { return 0 }
        let divisor = Self.power(scale)
        let product = UInt64(count).multipliedFullWidth(by: units)
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        let size = Int(quotient) + (remainder > 0 ? 1 : 0)
        return min(count, max(1, size))
    }

    /// The fraction as a binary number — for reading records of `spotcheck-draw-v1`, which computed in doubles.
    public var doubleValue: Double { Double(fractionText) ?? .nan }

    /// The fraction in decimal: `0.333`.
    public var fractionText: String { Self.text(units: units, scale: scale) }

    /// The percentage, with as many decimals as it has: `33.3%`, `5%`, `0.5%`, `100%`.
    public var description: String {
        units == 0 ? "0%" : Self.text(units: units, scale: max(0, scale - 2), shift: scale < 2 ? 2 - scale : 0) + "%"
    }

    public var isValidFraction: Bool { self <= Ratio(units: 1, scale: 0) }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        let left = lhs.units.multipliedFullWidth(by: power(scale - lhs.scale))
        let right = rhs.units.multipliedFullWidth(by: power(scale - rhs.scale))
        return (left.high, left.low) < (right.high, right.low)
    }

    // MARK: - Decimal text

    /// Digits with at most one point: units and the number of places after the point.
    private static func decimal(_ text: String) -> (UInt64, Int)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !text.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(whole.isEmpty && fraction.isEmpty), parts.count == 1 || !fraction.isEmpty
        else { return nil }
        let digits = (whole + fraction).drop { $0 == "0" }
        guard digits.count <= 19, let units = digits.isEmpty ? 0 : UInt64(digits) else { return nil }
        return (units, fraction.count)
    }

    /// Trailing zeros dropped; nil above one.
    private static func normalized(units: UInt64, scale: Int) -> (UInt64, Int)? {
        var (units, scale) = (units, scale)
        while scale > 0, units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        if units == 0 { scale = 0 }
        guard Ratio(units: units, scale: scale) <= Ratio(units: 1, scale: 0) else { return nil }
        return (units, scale)
    }

    private static func power(_ exponent: Int) -> UInt64 { (0..<exponent).reduce(UInt64(1)) { value, _ in value * 10 } }

    /// `units / 10^scale`, written with `shift` more zeros before the point moves (a percentage).
    private static func text(units: UInt64, scale: Int, shift: Int = 0) -> String {
        var digits = String(units) + String(repeating: "0", count: shift)
        if scale == 0 { return digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        return String(digits.dropLast(scale)) + "." + String(digits.suffix(scale))
    }

    /// A double's shortest round-trip text without an exponent (`5e-05` → `0.00005`).
    private static func plainDecimal(_ value: Double) -> String {
        let text = "\(value)"
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        let mantissa = text[..<e]
        let pointAt = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = mantissa.filter { $0 != "." }
        let position = pointAt + exponent
        if position <= 0 { return "0." + String(repeating: "0", count: -position) + digits }
        if position >= digits.count { return digits + String(repeating: "0", count: position - digits.count) }
        return String(digits.prefix(position)) + "." + String(digits.dropFirst(position))
    }
}

extension Ratio: Codable {
    /// Written as its percentage (`"33.3%"`); read from that, or from a number earlier versions wrote.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let ratio = Ratio(percent: text) {
            self = ratio
        } else if let value = try? container.decode(Double.self), let ratio = Ratio(legacy: value) {
            self = ratio
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a ratio: a percentage such as 33.3% is expected")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Ratio: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// `0.05` written in code means 5 %: the literal's shortest decimal text, read exactly.
    public init(floatLiteral value: Double) {
        guard let ratio = Ratio(legacy: value) else { preconditionFailure("\(value) is not a ratio between 0 and 1") }
        self = ratio
    }

    /// `1` written in code means 100 %.
    public init(integerLiteral value: Int) { self.init(floatLiteral: Double(value)) }
}
