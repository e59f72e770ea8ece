/// Rules for what XML 1.0 can hold, shared by the tree editor and the streaming writer.
public enum XMLText {
    /// Whether XML 1.0 can hold this scalar: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
    @inlinable
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Throws when `text` holds a character XML cannot represent, naming the field and the offset.
    ///
    /// ```swift
    /// try XMLText.validate("备注\u{1}", field: "备注")
    /// // error: 备注: character U+0001 at position 3 cannot be stored in XML
    /// ```
    /// - Parameters:
    ///   - text: the text to check.
    ///   - field: the name to report (a data field, an element).
    /// - Throws: `XMLError.invalidCharacter`.
    public static func validate(_ text: String, field: String) throws {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if !isAllowed(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                throw XMLError(.invalidCharacter, "\(field): character U+\(padded) at position \(position) cannot be stored in XML")
            }
        }
    }

    /// Throws unless `name` is an XML name (optionally `prefix:local`).
    /// - Throws: `XMLError.invalidName`.
    public static func validateName(_ name: String) throws {
        if isASCIIName(name.utf8) { return }
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        guard !name.isEmpty, parts.count <= 2, parts.allSatisfy(isNCName) else {
            throw XMLError(.invalidName, "\(name.isEmpty ? "an empty string" : "'\(name)'") is not an XML name")
        }
    }

    /// The common case without allocating: an ASCII `NCName` or `prefix:NCName`. `false` sends the
    /// name to the full check (non-ASCII letters, or not a name at all).
    private static func isASCIIName(_ bytes: String.UTF8View) -> Bool {
        var atStart = true
        var colons = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                atStart = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if atStart { return false }
            case UInt8(ascii: ":"):
                colons += 1
                if atStart || colons > 1 { return false }
                atStart = true
            default:
                return false
            }
        }
        return !atStart
    }

    private static func isNCName(_ part: Substring) -> Bool {
        guard let first = part.unicodeScalars.first, isNameStart(first) else { return false }
        return part.unicodeScalars.dropFirst().allSatisfy { isNameStart($0) || isNameChar($0) }
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x5F, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
            0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
            0x10000...0xEFFFF:
            true
        default: false
        }
    }

    private static func isNameChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: false
        }
    }

    /// Appends `text` to `output` escaped for element content (`&`, `<`, `>`) or, with
    /// `inAttribute`, for a double-quoted attribute value (also `"`, tab and line ends).
    /// Whether `text` is printable ASCII without `&`, `<`, `>` or `"`: allowed and written as it is.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"")
        }
    }

    static func appendEscaped(_ text: String, inAttribute: Bool, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where inAttribute: output.append(contentsOf: "&quot;".utf8)
            case 0x09 where inAttribute: output.append(contentsOf: "&#9;".utf8)
            case 0x0A where inAttribute: output.append(contentsOf: "&#10;".utf8)
            case 0x0D: output.append(contentsOf: "&#13;".utf8)
            default: output.append(byte)
            }
        }
    }
}
