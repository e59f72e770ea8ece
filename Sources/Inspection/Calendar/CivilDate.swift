import Foundation
import Support

/// A calendar date without time or zone, as official papers and deadlines use them.
///
/// ```swift
/// let end = CivilDate(year: 2024, month: 9, day: 20)
/// end.weekday   // 5 (Friday; Monday is 1)
/// ```
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, when it exists in the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.days(in: month, of: year), (1...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads a date as offices write it (`DateText`: `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`,
    /// `20240301`); nil for anything else, 2024-02-30 included.
    public init?(parsing text: String) {
        guard let (year, month, day) = DateText.components(text), let date = CivilDate(year: year, month: month, day: day) else {
            return nil
        }
        self = date
    }

    /// Reads a date as versions before the one date reading stored it: any three runs of ASCII digits that
    /// make a real day (`2024－03－01` with full-width hyphens, `2024年3月1号`). Only for reading stored
    /// records back — new input goes through `init?(parsing:)`, and is stored as `2024-03-01`.
    public init?(stored text: String) {
        let numbers = text.split { !($0.isASCII && $0.isNumber) }.compactMap { Int($0) }
        guard numbers.count == 3, let date = CivilDate(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
        self = date
    }

    /// Reads a date given for `field` (an option, a column), or throws a `DateProblem` naming the field,
    /// what was given and the accepted forms.
    public init(parsing text: String, field: String) throws {
        let (year, month, day) = try DateText.parse(text, field: field)
        guard let date = CivilDate(year: year, month: month, day: day) else { throw DateProblem(text: text, field: field) }
        self = date
    }

    init(dayNumber: Int) {
        // Richards' algorithm from a Julian day number.
        let f = dayNumber + 1401 + (((4 * dayNumber + 274277) / 146097) * 3) / 4 - 38
        let e = 4 * f + 3
        let g = (e % 1461) / 4
        let h = 5 * g + 2
        day = (h % 153) / 5 + 1
        month = ((h / 153 + 2) % 12) + 1
        year = e / 1461 - 4716 + (12 + 2 - month) / 12
    }

    /// The Julian day number, for arithmetic.
    var dayNumber: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    /// The day as a spreadsheet serial number (days since 1899-12-30, as Excel and LibreOffice count
    /// from 1 March 1900 on).
    public var spreadsheetSerial: Int { dayNumber - 2_415_019 }

    /// 1 January 1970, for a value that stands in where no date was given (never printed).
    public static let epoch = CivilDate(dayNumber: 2_440_588)

    /// ISO weekday: Monday 1 … Sunday 7.
    public var weekday: Int { dayNumber % 7 + 1 }

    /// Saturday or Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// `2024-03-01`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func days(in month: Int, of year: Int) -> Int { DateText.daysIn(month: month, year: year) }
}

/// Stored and exchanged as `2024-03-01`.
extension CivilDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(parsing: text) ?? CivilDate(stored: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An optional date stored as `2024-03-01`, or "" when there is none — as results were always written.
@propertyWrapper
public struct DateOrBlank: Codable, Sendable, Hashable {
    public var wrappedValue: CivilDate?

    public init(wrappedValue: CivilDate?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text.isEmpty {
            wrappedValue = nil
        } else if let date = CivilDate(parsing: text) ?? CivilDate(stored: text) {
            wrappedValue = date
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue?.description ?? "")
    }
}

extension CivilDate {
    /// The calendar date in China (Asia/Shanghai) at `date`: "today" for an office, whatever the
    /// machine's time zone.
    public init(date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self = CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? .epoch
    }
}
