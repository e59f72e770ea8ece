import Support
import XMLCore

// XMLCore cannot import Support: a module that sees libxml2's headers (and with them the system's
// ICU) and Foundation's ICU at once fails clean builds ('UErrorCode' has different definitions). So
// the conformance lives in the first module above it.
extension XMLError: SpotCheckError {
    public var errorCode: String { "xml.\(code)" }
    /// The lower half speaks English; the clerk's layers say in Chinese what the XML was for.
    public var text: LocalizedText { LocalizedText(zh: message, en: message) }
    public func place(english: Bool) -> String? { location.map { "\($0)" } }
}
