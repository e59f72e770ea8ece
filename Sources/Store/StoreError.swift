import Support

/// A refused or failed operation on a workspace: what, where, in Chinese and English.
///
/// ```swift
/// throw StoreError(zh: "没有检查 \(id)", en: "there is no visit \(id)", code: .notFound)
/// ```
public struct StoreError: SpotCheckError {
    /// What kind of problem it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The operation was refused: its input breaks a rule (the text says which).
        public static let refused = Code("refused")
        /// Something named does not exist: a visit, a task, an objection, a file.
        public static let notFound = Code("notFound")
        /// The thing already exists or was already done.
        public static let conflict = Code("conflict")
        /// The workspace's files could not be read or written.
        public static let io = Code("io")

        public var description: String { value }
    }

    public var code: Code
    public var zh: String
    public var en: String
    /// Where, when the problem is in one place (a file, a visit): printed before the message.
    public var location: String?
    public var cause: (any Error & Sendable)?

    public init(zh: String, en: String, code: Code = .refused, location: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.zh = zh
        self.en = en
        self.location = location
        self.cause = cause
    }

    /// One error for several problems, each on its own line, under a heading.
    public init(_ heading: LocalizedText, problems: [LocalizedText], code: Code = .refused) {
        self.init(
            zh: heading.zh + "\n" + problems.map { "  " + $0.zh }.joined(separator: "\n"),
            en: heading.en + "\n" + problems.map { "  " + $0.en }.joined(separator: "\n"), code: code)
    }

    public var errorCode: String { "store.\(code)" }
    public var text: LocalizedText { LocalizedText(zh: zh, en: en) }
    public func place(english: Bool) -> String? { location }
    public var description: String { en }
}
