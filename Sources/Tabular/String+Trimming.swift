extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs, the ideographic space U+3000,
    /// no-break spaces): what a cell means when a clerk typed it.
    ///
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString and dominated a million-row import;
    /// this returns the string itself when there is nothing to trim, which is nearly always.
    public var trimmed: String {
        // Fast path: a first and last byte that are ASCII and not white space (nearly every cell).
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

extension String {
    /// Upper case, without the Unicode machinery when there is no ASCII lower-case letter and no
    /// non-ASCII byte (credit codes, grades: nearly always).
    public var asciiFastUppercased: String {
        utf8.allSatisfy({ $0 < 0x80 && !(0x61...0x7A).contains($0) }) ? self : uppercased()
    }
}
