import Foundation
import Support
import Tabular

/// Working days per the official calendar of the People's Republic of China: weekends and public
/// holidays are off, and the make-up working days (调休) announced each year are on.
///
/// The calendar is data: `holidays-cn.csv` (bundled) lists each holiday and make-up day range with
/// the State Council notice it comes from. An office adds next year's notice there, or loads its
/// own file with `init(contentsOfFile:)`.
///
/// ```swift
/// let calendar = try WorkCalendar.official()
/// // 002 (二十二) 4: results are published within 20 working days after the task ends.
/// let due = try calendar.adding(workingDays: 20, to: CivilDate(parsing: "2024-09-20")!)   // 2024-10-23
/// ```
public struct WorkCalendar: Sendable {
    /// The years the data covers completely; dates outside them are an error, not a guess.
    public let years: ClosedRange<Int>
    private let holidays: Set<Int>
    private let workdays: Set<Int>

    /// The bundled official calendar.
    /// - Throws: `TabularError` if the bundled file is damaged.
    public static func official() throws -> WorkCalendar {
        guard let url = Bundle.module.url(forResource: "holidays-cn", withExtension: "csv") else {
            throw TabularError(source: "holidays-cn.csv", zh: "缺少节假日数据文件", en: "the holiday data file is missing")
        }
        return try WorkCalendar(contentsOfFile: url.path)
    }

    /// The SHA-256 of the bundled calendar file: which version of the official calendar a schedule used.
    public static func officialSHA256() throws -> String {
        guard let url = Bundle.module.url(forResource: "holidays-cn", withExtension: "csv") else {
            throw TabularError(source: "holidays-cn.csv", zh: "缺少节假日数据文件", en: "the holiday data file is missing")
        }
        return try sha256Hex(ofFile: url.path)
    }

    /// Reads a calendar file with columns 起, 止, 类型 (休 or 班), 名称, 依据.
    /// - Throws: `TabularError` listing every bad row: unreadable dates, an end before its start, a
    ///   type other than 休/班, a make-up day that is not a weekend, a day listed twice.
    public init(contentsOfFile path: String) throws {
        let table = try Table(contentsOfFile: path)
        let source = table.source
        guard let start = table.header.firstIndex(of: "起"), let end = table.header.firstIndex(of: "止"),
            let kind = table.header.firstIndex(of: "类型")
        else {
            throw TabularError(source: source, row: 1, zh: "表头应有 起、止、类型 三列", en: "the header must have the columns 起, 止 and 类型")
        }
        var holidays = Set<Int>()
        var workdays = Set<Int>()
        var problems: [TabularError] = []
        var years = Set<Int>()
        for (row, line) in zip(table.rows, table.lines) {
            guard let first = CivilDate(parsing: row[start]), let last = CivilDate(parsing: row[end]), first <= last else {
                problems.append(
                    TabularError(
                        source: source, row: line, zh: "起止日期无效", en: "the start or end date is not valid, or the end is before the start"))
                continue
            }
            guard row[kind] == "休" || row[kind] == "班" else {
                problems.append(
                    TabularError(
                        source: source, row: line, column: kind + 1, zh: "类型应为 休 或 班",
                        en: "the type must be 休 (off) or 班 (make-up working day)"))
                continue
            }
            for number in first.dayNumber...last.dayNumber {
                let date = CivilDate(dayNumber: number)
                years.insert(date.year)
                if row[kind] == "班" && !date.isWeekend {
                    problems.append(
                        TabularError(
                            source: source, row: line, zh: "\(date) 不是周末，不能是调休上班日",
                            en: "\(date) is not a weekend day, so it cannot be a make-up working day"))
                }
                guard !holidays.contains(number) && !workdays.contains(number) else {
                    problems.append(TabularError(source: source, row: line, zh: "\(date) 重复出现", en: "\(date) is listed twice"))
                    continue
                }
                if row[kind] == "休" { holidays.insert(number) } else { workdays.insert(number) }
            }
        }
        if let error = TabularError.combining(problems, source: source) { throw error }
        guard let low = years.min(), let high = years.max() else {
            throw TabularError(source: source, zh: "没有任何日期", en: "the file lists no dates")
        }
        // A year counts as covered when the file has an entry in it (a New Year's Eve spilling over does not cover the next year).
        let covered = (low...high).filter { years.contains($0) }
        self.years = (covered.first ?? low)...(covered.last ?? high)
        self.holidays = holidays
        self.workdays = workdays
    }

    /// Whether `date` is a working day.
    /// - Throws: `CalendarError` for a date in a year the data does not cover.
    public func isWorkingDay(_ date: CivilDate) throws(CalendarError) -> Bool {
        guard years.contains(date.year) else { throw CalendarError(date: date, years: years) }
        if workdays.contains(date.dayNumber) { return true }
        if holidays.contains(date.dayNumber) { return false }
        return !date.isWeekend
    }

    /// The `count`-th working day after `date` (`date` itself is not counted).
    /// - Throws: `CalendarError` when the count runs past the years the data covers.
    public func adding(workingDays count: Int, to date: CivilDate) throws(CalendarError) -> CivilDate {
        var current = date
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The working days in `from...to`.
    public func workingDays(from: CivilDate, through to: CivilDate) throws(CalendarError) -> Int {
        guard from <= to else { return 0 }
        var count = 0
        for number in from.dayNumber...to.dayNumber where try isWorkingDay(CivilDate(dayNumber: number)) { count += 1 }
        return count
    }
}

/// A date outside the years the holiday data covers.
public struct CalendarError: Error, Sendable, CustomStringConvertible {
    public let date: CivilDate
    public let years: ClosedRange<Int>
    public var description: String {
        "\(date) is outside the official calendar data (\(years.lowerBound)–\(years.upperBound)): add \(date.year)'s holiday notice to holidays-cn.csv"
    }
    public var chinese: String {
        "\(date) 不在节假日数据范围内（\(years.lowerBound)–\(years.upperBound) 年）：请把 \(date.year) 年的放假通知加入 holidays-cn.csv"
    }
}
