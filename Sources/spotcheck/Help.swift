import ArgumentParser
import Foundation
import Support

// Help in the clerk's language: every abstract, discussion and option help is written in Chinese and
// in English, and the parser's own words (用法, 选项, its error messages) are put in Chinese too,
// unless the locale asks for English (LANG=en_US.UTF-8).
//
//     static let configuration = CommandConfiguration(abstract: .zh("登记检查结果。", en: "Record a result."))
//     @Option(help: .zh("检查的最后一天。", en: "Last day of the check.")) var finished: String

extension String {
    /// The Chinese text, or the English one under an English locale.
    static func zh(_ zh: String, en: String) -> String { LocalizedText(zh: zh, en: en).localized() }
}

extension ArgumentHelp {
    /// A help text in Chinese, or in English under an English locale.
    static func zh(_ zh: String, en: String, valueName: String? = nil) -> ArgumentHelp {
        ArgumentHelp(LocalizedText(zh: zh, en: en).localized(), valueName: valueName)
    }
}

/// The argument parser's own words in Chinese: its help headings and its usage errors.
enum ParserWords {
    /// Whole phrases first, then the headings; `\(x)` stands for the quoted names kept as they are.
    private static let phrases: [(String, String)] = [
        ("Show help information.", "显示帮助。"),
        ("Show the version.", "显示版本号。"),
        ("OVERVIEW: ", "说明："),
        ("USAGE: ", "用法："),
        ("Usage: ", "用法："),
        ("ARGUMENTS:", "参数："),
        ("OPTIONS:", "选项："),
        ("SUBCOMMANDS:", "子命令："),
        ("Error: ", "错误："),
        ("Help:  ", "说明："),
    ]

    /// Patterns whose quoted parts are kept: `(regex, template)`.
    private static let patterns: [(String, String)] = [
        (#"\(default: ([^)\n]*)\)"#, "（默认：$1）"),
        (#"See '([^']*) help <subcommand>' for detailed help\."#, "子命令的详细说明：'$1 help <子命令>'。"),
        (#"See '([^']*)' for more information\."#, "更多说明：'$1'。"),
        (#"Missing expected argument '([^']*)'"#, "缺少参数 '$1'"),
        (#"Missing value for '([^']*)'"#, "选项 '$1' 缺少值"),
        (#"Unknown option '([^']*)'"#, "没有选项 '$1'"),
        (#"Unexpected arguments? (.*)"#, "多余的参数 $1"),
        (#"The value '([^']*)' is invalid for '([^']*)'"#, "值 '$1' 不能用于 '$2'"),
        (#"Did you mean '([^']*)'\?"#, "是否要用 '$1'？"),
        (#"Please provide at least one value for '([^']*)'"#, "'$1' 至少要给一个值"),
        (#"Missing expected arguments? (.*)"#, "缺少参数 $1"),
    ]

    /// The parser's message in the locale's language.
    static func localized(_ message: String, english: Bool = LocalizedText.prefersEnglish) -> String {
        guard !english else { return message }
        var text = message
        for (pattern, template) in patterns {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            text = expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
        for (en, zh) in phrases { text = text.replacingOccurrences(of: en, with: zh) }
        return text
    }

    /// Prints the parser's message for `error` (help on standard output, a mistake on standard
    /// error) in the locale's language and exits with the parser's status (0, or 64 for a mistake).
    static func exit(for error: any Error, command: any ParsableCommand.Type) -> Never {
        let message = localized(command.fullMessage(for: error))
        let code = command.exitCode(for: error)
        if !message.isEmpty {
            if code == .success {
                print(message)
            } else {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
        }
        Foundation.exit(code.rawValue)
    }
}
