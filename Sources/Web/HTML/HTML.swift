/// A piece of HTML in which every interpolated text is escaped unless it is itself `HTML`: escaping is
/// the default, and markup has to be asked for by type.
///
/// ```swift
/// let name = "<script>alert(1)</script>"
/// let cell: HTML = "<td>\(name)</td>"          // <td>&lt;script&gt;alert(1)&lt;/script&gt;</td>
/// let row: HTML = "<tr>\(cell)</tr>"           // markup kept
/// let link: HTML = "<a href=\"/public/tasks/\(segment: "2024/01")\">"   // 2024%2F01
/// ```
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String

    public init(stringLiteral value: String) { text = value }
    public init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }
    /// Markup trusted as it is: only for constants of the program, never for data.
    init(trusted text: String) { self.text = text }

    public var description: String { text }

    /// Joins pieces of HTML.
    public static func joined(_ pieces: some Sequence<HTML>, separator: HTML = "") -> HTML {
        HTML(trusted: pieces.map(\.text).joined(separator: separator.text))
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        public init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity + interpolationCount * 16) }
        public mutating func appendLiteral(_ literal: String) { text += literal }
        /// Text, escaped for an element's content or a quoted attribute.
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
        public mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }
        public mutating func appendInterpolation(_ html: HTML) { text += html.text }
        public mutating func appendInterpolation(_ list: [HTML]) { for piece in list { text += piece.text } }
        public mutating func appendInterpolation(_ html: HTML?) { if let html { text += html.text } }
        /// A URL path segment: percent-encoded (then nothing is left to escape).
        public mutating func appendInterpolation(segment value: String) { text += HTML.percentEncoded(value) }
    }

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in content and in quoted attributes.
    public static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Every byte but the unreserved ones of RFC 3986 as %XX.
    public static func percentEncoded(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
