/// The one shape every layer's errors take: a code that can grow, what is wrong in Chinese and
/// English, where (file, row and column; archive entry; template part; visit), and the cause.
/// The command line (and the web front end) report any of them in one place.
///
/// ```swift
/// catch let error as any SpotCheckError {
///     print(error.localized(english: false))   // 名录库.csv 第 3 行 第 2 列：错误：统一社会信用代码校验位错误
///     print(error.errorCode)                   // tabular.invalidCell
/// }
/// ```
public protocol SpotCheckError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable code, `layer.kind`: `zip.crcMismatch`, `store.notFound`.
    var errorCode: String { get }
    /// What is wrong, without where.
    var text: LocalizedText { get }
    /// Where it is, in the language asked for; nil when nowhere in particular.
    func place(english: Bool) -> String?
    /// The lower-level error, when there is one.
    var cause: (any Error & Sendable)? { get }
    /// The whole message for a person: `place：错误：text` / `place: error: text`.
    func localized(english: Bool) -> String
}

extension SpotCheckError {
    public func place(english: Bool) -> String? { nil }

    public var cause: (any Error & Sendable)? { nil }

    public func localized(english: Bool) -> String {
        let place = place(english: english)
        if english { return (place.map { "\($0): " } ?? "") + "error: " + text.en }
        return (place.map { "\($0)：" } ?? "") + "错误：" + text.zh
    }
}
