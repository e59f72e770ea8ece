/// A seed assembled from public random numbers the way RFC 3797 (Publicly Verifiable Nominations
/// Committee Random Selection) does it, so that nobody — including the office — knows it before the
/// numbers are drawn: e.g. the results of two lotteries announced after the task was published.
///
/// ```swift
/// try PublicSeed.rfc3797(["9 18 26 34 41 45", "2 5 12 8 10"])   // "9.18.26.34.41.45./2.5.8.10.12./"
/// ```
public enum PublicSeed {
    /// A source that cannot be read: which one (1-based) and why.
    public struct Problem: Error, Sendable, Hashable {
        public var source: Int
        public var zh: String
        public var en: String
    }

    /// The canonical text of RFC 3797 §4: each source's values as decimal integers without leading
    /// zeros, sorted numerically (the RFC's rule for sets of values), each followed by "."; each source
    /// followed by "/"; sources in the order given. That text is the draw's seed.
    /// - Parameter sources: each source's numbers, separated by spaces, commas or 、, optionally after a
    ///   label and a colon (`双色球 2024064期：3 9 14 20 27 31`); the label is not part of the seed.
    /// - Throws: `Problem` for an empty source or a value that is not a non-negative integer.
    public static func rfc3797(_ sources: [String]) throws(Problem) -> String {
        guard !sources.isEmpty else { throw Problem(source: 0, zh: "至少需要一个公开随机数来源", en: "at least one public source is needed") }
        var text = ""
        for (index, source) in sources.enumerated() {
            let numbers = source.firstIndex(where: { $0 == ":" || $0 == "：" }).map { source[source.index(after: $0)...] } ?? source[...]
            let tokens = numbers.split { " \t,，、;；".contains($0) }.map(String.init)
            guard !tokens.isEmpty else {
                throw Problem(source: index + 1, zh: "第 \(index + 1) 个来源没有数字", en: "source \(index + 1) has no numbers")
            }
            var values: [(digits: String, text: String)] = []
            for token in tokens {
                guard token.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    throw Problem(
                        source: index + 1, zh: "第 \(index + 1) 个来源中的 “\(token)” 不是非负整数",
                        en: "'\(token)' in source \(index + 1) is not a non-negative integer")
                }
                let trimmed = String(token.drop { $0 == "0" })
                values.append((trimmed.isEmpty ? "0" : trimmed, token))
            }
            // Numeric order of arbitrarily long integers: shorter first, then by digits.
            for value in values.sorted(by: { ($0.digits.count, $0.digits) < ($1.digits.count, $1.digits) }) { text += value.digits + "." }
            text += "/"
        }
        return text
    }
}
