/// What kind of problem an error is, across layers; new codes may be added.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    private let value: String
    private init(_ value: String) { self.value = value }

    /// The operation was refused: its input breaks a rule (the text says which).
    public static let refused = ErrorCode("refused")
    /// Something named does not exist: a visit, a task, an objection, a file.
    public static let notFound = ErrorCode("notFound")
    /// The thing already exists or was already done.
    public static let conflict = ErrorCode("conflict")
    /// Files could not be read or written.
    public static let io = ErrorCode("io")
    /// What was sent is larger than accepted (an upload over its limit).
    public static let tooLarge = ErrorCode("tooLarge")

    public var description: String { value }
}

/// The layer an error comes from, which prefixes its code: `store.notFound`, `workflow.refused`.
public protocol ErrorLayer: Sendable {
    static var name: String { get }
}

/// An error of one layer: what, in Chinese and English, with a code, where, and the cause. Each layer
/// names its own (`StoreError`, `WorkflowError`, `ArchiveError`, `FormError`), so a reader sees where a
/// problem was found, and the front ends report them all alike.
///
/// ```swift
/// throw WorkflowError(zh: "没有检查 \(id)", en: "there is no visit \(id)", code: .notFound)
/// ```
public struct LayerError<Layer: ErrorLayer>: SpotCheckError {
    public var code: ErrorCode
    public var zh: String
    public var en: String
    /// Where, when the problem is in one place (a file, a visit): printed before the message.
    public var location: String?
    public var cause: (any Error & Sendable)?

    public init(zh: String, en: String, code: ErrorCode = .refused, location: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.zh = zh
        self.en = en
        self.location = location
        self.cause = cause
    }

    /// One error for several problems, each on its own line, under a heading.
    public init(_ heading: LocalizedText, problems: [LocalizedText], code: ErrorCode = .refused) {
        self.init(
            zh: heading.zh + "\n" + problems.map { "  " + $0.zh }.joined(separator: "\n"),
            en: heading.en + "\n" + problems.map { "  " + $0.en }.joined(separator: "\n"), code: code)
    }

    public var errorCode: String { "\(Layer.name).\(code)" }
    public var text: LocalizedText { LocalizedText(zh: zh, en: en) }
    public func place(english: Bool) -> String? { location }
    public var description: String { en }
}
