import Foundation
import Support

/// A message in Chinese, for the clerk, with an English fallback (the one bilingual text of every layer).
public typealias TemplateText = LocalizedText

/// Where in a template a problem is: the part, then a paragraph or a table cell, and the text around it.
public struct TemplateLocation: Sendable, Hashable, CustomStringConvertible {
    /// The part: `word/document.xml`, `word/header1.xml`.
    public var part: String
    /// 1-based paragraph number in the part (every paragraph, in document order), or 0.
    public var paragraph: Int
    /// Table, row and cell numbers (1-based) when the tag is in a table.
    public var table: Int?
    public var row: Int?
    public var cell: Int?
    /// Up to 40 characters of the paragraph around the tag.
    public var context: String
    /// A spreadsheet cell such as `B7`, for worksheet parts.
    public var cellName: String?

    public var description: String { english }

    /// `word/document.xml 第 3 段` / `… 表格 1 第 2 行 第 3 格`.
    public var chinese: String {
        var text = part
        if let cellName {
            text += " 单元格 \(cellName)"
        } else if let table, let row, let cell {
            text += " 表格 \(table) 第 \(row) 行 第 \(cell) 格"
        } else if paragraph > 0 {
            text += " 第 \(paragraph) 段"
        }
        if !context.isEmpty { text += "（“\(context)”）" }
        return text
    }

    /// `word/document.xml, paragraph 3` / `…, table 1, row 2, cell 3`.
    public var english: String {
        var text = part
        if let cellName {
            text += ", cell \(cellName)"
        } else if let table, let row, let cell {
            text += ", table \(table), row \(row), cell \(cell)"
        } else if paragraph > 0 {
            text += ", paragraph \(paragraph)"
        }
        if !context.isEmpty { text += " (\"\(context)\")" }
        return text
    }
}

/// A problem with a template or its data; `problems` holds every one when there are several.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case syntax, unknownFilter, unbalanced, badStructure, missingValue, badValue, badData, badTemplate, several
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// A tag that cannot be read: `{{ a b }}`, an unclosed `{{`.
        public static let syntax = Code(.syntax)
        /// A filter that does not exist.
        public static let unknownFilter = Code(.unknownFilter)
        /// A section opened and not closed, closed and not opened, or closed by the wrong name.
        public static let unbalanced = Code(.unbalanced)
        /// A section whose tags cannot delimit a repeatable part of the document.
        public static let badStructure = Code(.badStructure)
        /// A value the template needs is absent from the data.
        public static let missingValue = Code(.missingValue)
        /// A value that a filter cannot format, or that XML cannot hold.
        public static let badValue = Code(.badValue)
        /// Data that cannot be read.
        public static let badData = Code(.badData)
        /// A template file that is not a usable document (or is hostile).
        public static let badTemplate = Code(.badTemplate)
        /// Several problems; see `problems`.
        public static let several = Code(.several)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var text: TemplateText
    public var location: TemplateLocation?
    /// Every problem, when this error gathers several.
    public var problems: [TemplateError]
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ text: TemplateText, at location: TemplateLocation? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.text = text
        self.location = location
        self.problems = []
        self.cause = cause
    }

    /// One error for a list of problems (the problem itself when there is one), or nil for none.
    public static func gathering(_ problems: [TemplateError]) -> TemplateError? {
        guard let first = problems.first else { return nil }
        if problems.count == 1 { return first }
        var error = TemplateError(
            .several, TemplateText(zh: "共 \(problems.count) 个问题", en: "\(problems.count) problems"))
        error.problems = problems
        return error
    }

    /// The message in the environment's language, every problem on its own line.
    public func localized(english: Bool = TemplateText.prefersEnglish) -> String {
        if !problems.isEmpty {
            return ([text.localized(english: english) + (english ? ":" : "：")] + problems.map { "  " + $0.localized(english: english) })
                .joined(separator: "\n")
        }
        guard let location else { return (english ? "error: " : "错误：") + text.localized(english: english) }
        return english ? "\(location.english): error: \(text.en)" : "\(location.chinese)：错误：\(text.zh)"
    }

    public var description: String { localized(english: true) }
}

extension TemplateError: SpotCheckError {
    public var errorCode: String { "template.\(code)" }
    public func place(english: Bool) -> String? { location.map { english ? $0.english : $0.chinese } }
}
