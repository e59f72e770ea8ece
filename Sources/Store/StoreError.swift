/// A problem with a workspace: what, where, in Chinese and English.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var zh: String
    public var en: String
    public var cause: (any Error & Sendable)?

    public init(zh: String, en: String, cause: (any Error & Sendable)? = nil) {
        self.zh = zh
        self.en = en
        self.cause = cause
    }

    public var description: String { en }
}
