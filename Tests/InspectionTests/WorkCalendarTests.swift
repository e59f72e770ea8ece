import Forms
import Foundation
import Tabular
import TestSupport
import Testing

@testable import Inspection
@testable import Templating

@Suite struct WorkCalendarTests {
    let calendar: WorkCalendar

    init() throws { calendar = try WorkCalendar.official() }

    func date(_ text: String) throws -> CivilDate { try #require(CivilDate(parsing: text)) }

    @Test func coversTheYearsOfTheNotices() {
        #expect(calendar.years == 2020...2026)
    }

    @Test(arguments: [
        ("2024-10-01", false), ("2024-09-29", true), ("2024-10-12", true), ("2024-10-13", false), ("2024-10-08", true),
        ("2026-02-14", true), ("2026-02-16", false), ("2026-02-28", true), ("2026-01-04", true), ("2026-06-19", false),
        ("2020-02-01", false), ("2020-01-19", true), ("2023-01-02", false), ("2022-12-31", false), ("2025-01-27", true),
    ])
    func knownDays(day: String, working: Bool) throws {
        #expect(try calendar.isWorkingDay(date(day)) == working, "\(day)")
    }

    @Test func workingDaysInAYearMatchThePublishedCounts() throws {
        #expect(try calendar.workingDays(from: date("2024-01-01"), through: date("2024-12-31")) == 251)
        #expect(try calendar.workingDays(from: date("2025-01-01"), through: date("2025-12-31")) == 248)
    }

    /// 002 (二十二) 4: results are published within 20 working days after the task ends.
    @Test func publicationDeadlineSpansNationalDay() throws {
        #expect(try calendar.adding(workingDays: 20, to: date("2024-09-20")) == date("2024-10-23"))
        #expect(try calendar.adding(workingDays: 1, to: date("2026-02-13")) == date("2026-02-14"), "a make-up Saturday counts")
        #expect(try calendar.adding(workingDays: 0, to: date("2024-10-01")) == date("2024-10-01"))
    }

    @Test func datesOutsideTheDataAreAnErrorNotAGuess() throws {
        do {
            _ = try calendar.adding(workingDays: 20, to: date("2026-12-20"))
            Issue.record("guessed")
        } catch let error as CalendarError {
            #expect(
                error.description
                    == "2027-01-01 is outside the official calendar data (2020–2026): add 2027's holiday notice to holidays-cn.csv")
        }
    }

    @Test func theTemplateFilterFormatsDeadlines() throws {
        let template = try TextTemplate("请于{{ 结束日期 | 工作日后(20) | 中文日期 }}前公示", filters: .withWorkingDays(calendar))
        #expect(try template.render(.object(["结束日期": .string("2024-09-20")])) == "请于2024年10月23日前公示")
    }

    @Test func aBadCalendarFileReportsEveryRow() throws {
        let folder = TemporaryFolder()
        let path = try folder.write(
            "bad.csv",
            Array(
                """
                起,止,类型,名称,依据
                2024-10-01,2024-10-07,休,国庆节,x
                2024-10-08,2024-10-08,班,错误,x
                2024-10-05,2024-10-05,休,重复,x
                2024-13-01,2024-13-01,休,无效,x
                2024-11-01,2024-11-01,放,类型,x
                """.utf8))
        do {
            _ = try WorkCalendar(contentsOfFile: path)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(
                error.description == """
                    \(path): error: 4 problems:
                      \(path):3: error: 2024-10-08 is not a weekend day, so it cannot be a make-up working day
                      \(path):4: error: 2024-10-05 is listed twice
                      \(path):5: error: the start or end date is not valid, or the end is before the start
                      \(path):6:3: error: the type must be 休 (off) or 班 (make-up working day)
                    """)
        }
    }
}
