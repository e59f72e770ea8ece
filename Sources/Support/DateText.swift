/// The one reading of a date as offices write it, for every layer: `2024-03-01` (also `2024-3-1`),
/// `2024/3/1`, `2024.3.1`, `2024年3月1日`, `20240301`, and an ISO timestamp's date
/// (`2024-03-01T08:00:00Z`). A day the Gregorian calendar does not have (2024-02-30) is no date.
///
/// ```swift
/// DateText.components("2024年3月1日")   // (2024, 3, 1)
/// DateText.components("2024-02-30")    // nil
/// ```
public enum DateText {
    /// The accepted forms, for messages.
    public static let forms = LocalizedText(
        zh: "2024-03-01、2024/3/1、2024.3.1、2024年3月1日 或 20240301", en: "2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日 or 20240301")

    /// Year, month and day; nil for anything that is not one of the accepted forms of a real day.
    public static func components(_ text: String) -> (year: Int, month: Int, day: Int)? {
        var text = Substring(text.trimmingWhitespace)
        if let time = text.firstIndex(of: "T"), text.distance(from: text.startIndex, to: time) == 10 { text = text[..<time] }
        let parts: [Substring]
        if text.count == 8, text.allSatisfy(\.isASCIIDigit) {
            parts = [text.prefix(4), text.dropFirst(4).prefix(2), text.suffix(2)]
        } else if let match = text.wholeMatch(of: #/(\d{4})年(\d{1,2})月(\d{1,2})日/#) {
            parts = [match.1, match.2, match.3]
        } else if let match = text.wholeMatch(of: #/(\d{4})([-/.])(\d{1,2})\2(\d{1,2})/#) {
            parts = [match.1, match.3, match.4]
        } else {
            return nil
        }
        guard let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1000...9999).contains(year),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return (year, month, day)
    }

    /// The number of days of a month in the Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The date of `text`, or an error naming the field and the accepted forms.
    public static func parse(_ text: String, field: String) throws -> (year: Int, month: Int, day: Int) {
        guard let date = components(text) else { throw DateProblem(text: text, field: field) }
        return date
    }
}

/// A text that is not a date: which field, what was given, and the forms that are accepted.
public struct DateProblem: SpotCheckError {
    public var given: String
    public var field: String

    public init(text: String, field: String) {
        given = text
        self.field = field
    }

    public var errorCode: String { "date.invalid" }
    public var text: LocalizedText {
        LocalizedText(
            zh: "\(field) 应为日期（\(DateText.forms.zh)），实为 “\(given)”",
            en: "\(field) must be a date (\(DateText.forms.en)), not '\(given)'")
    }
    public var description: String { localized(english: true) }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Without spaces, tabs and line breaks at either end.
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
