extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, the ideographic space U+3000,
    /// no-break spaces): what a cell means when a clerk typed it.
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString and dominated a million-row import;
    /// this returns the string itself when there is nothing to trim, which is nearly always.
    public var trimmed: String {
        // Fast path: the first and the last character cannot be white space, judged by the lead byte of
        // their UTF-8 (nearly every cell, Chinese text included).
        let text = String(self)
        let utf8 = text.utf8
        if let first = utf8.first, !Self.mayLeadWhitespace(first),
            let last = utf8.reversed().prefix(4).first(where: { $0 & 0xC0 != 0x80 }), !Self.mayLeadWhitespace(last)
        {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    /// Whether a UTF-8 lead byte may begin a white-space scalar: ASCII controls and space, or the leads
    /// of U+0085/U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
    private static func mayLeadWhitespace(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0xC2 || (0xE1...0xE3).contains(byte)
    }
}

extension String {
    /// Upper case, without the Unicode machinery when there is no ASCII lower-case letter and no
    /// non-ASCII byte (credit codes, grades: nearly always).
    public var asciiFastUppercased: String {
        utf8.allSatisfy({ $0 < 0x80 && !(0x61...0x7A).contains($0) }) ? self : uppercased()
    }
}
