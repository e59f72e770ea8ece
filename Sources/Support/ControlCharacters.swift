extension StringProtocol {
    /// Whether the text holds a control character (U+0000–U+001F, U+007F–U+009F: CR, LF, TAB and the
    /// like) — refused in one-line texts that records bind or forms print (seeds, witnesses, reasons).
    public var containsControlCharacter: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
