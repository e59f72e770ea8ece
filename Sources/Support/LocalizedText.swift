import Foundation

/// A message in Chinese, for the clerk, and in English: every layer's errors, problems and labels
/// carry their text as one of these.
///
/// ```swift
/// let text = LocalizedText(zh: "没有检查 2024-01-0009", en: "there is no visit 2024-01-0009")
/// print(text.localized())   // Chinese, or English when LANG=en_US.UTF-8
/// ```
public struct LocalizedText: Sendable, Hashable, Codable, CustomStringConvertible {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// A text from its Chinese and English, in that order.
    public init(_ zh: String, _ en: String) {
        self.init(zh: zh, en: en)
    }

    /// The text in the language the environment asks for (`LANG`/`LC_ALL` starting `en` → English).
    public func localized(english: Bool = LocalizedText.prefersEnglish) -> String { english ? en : zh }

    /// The English text.
    public var description: String { en }

    /// True when `LC_ALL`, `LC_MESSAGES` or `LANG` names an English locale.
    public static var prefersEnglish: Bool {
        let environment = ProcessInfo.processInfo.environment
        let locale = [environment["LC_ALL"], environment["LC_MESSAGES"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.hasPrefix("en")
    }
}
