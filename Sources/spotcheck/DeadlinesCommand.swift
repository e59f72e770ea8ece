import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Workflow

struct Deadlines: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("列出即将到期和已逾期的事项，按法定工作日计算。", en: "List what is due and overdue, in working days on the official calendar."),
        discussion: .zh("""
            各抽查任务的结果公示：任务结束后 20 个工作日内（002 (二十二) 4）；
            限期整改结果的整改期限（000 §20）；异议：收到后 20 个工作日内复查，
            作出复查结论后 15 个工作日内反馈（002 (二十三)）。
            示例：spotcheck deadlines --workspace 卫东区2024 --today 2024-07-15
            """, en: """
            Publication of each task's results, due 20 working days after the task ends (002 (二十二) 4);
            rectification deadlines of 限期整改 results (000 §20); objections: review within 20 working days of
            receipt, feedback within 15 of the decision (002 (二十三)).
            Example: spotcheck deadlines --workspace 卫东区2024 --today 2024-07-15
            """)
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: .zh("起算日期（默认：今天）。", en: "The date to count from (default: today)."))
    var today: String?

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    func run() throws {
        let date: CivilDate
        if let today {
            date = try CivilDate(parsing: today, field: "--today")
        } else {
            // Today in China, where the deadlines run.
            let parts = Calendar(identifier: .gregorian).dateComponents(
                in: TimeZone(identifier: "Asia/Shanghai") ?? .current, from: Clock.now())
            guard let now = CivilDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0) else {
                throw CommandProblem(zh: "无法取得今天的日期", en: "cannot tell today's date")
            }
            date = now
        }
        let (deadlines, warnings) = try ResultService(store: options.open()).deadlines(today: date)
        for warning in warnings { Console.warn((Console.english ? "warning: " : "警告：") + (Console.english ? warning.en : warning.zh)) }
        if json { return print(try Console.json(deadlines)) }
        for deadline in deadlines {
            let state =
                deadline.workingDaysLeft < 0
                ? (Console.english ? "OVERDUE by \(-deadline.workingDaysLeft) working days" : "已逾期 \(-deadline.workingDaysLeft) 个工作日")
                : (Console.english ? "\(deadline.workingDaysLeft) working days left" : "还剩 \(deadline.workingDaysLeft) 个工作日")
            print(
                "\(deadline.task)\t\(deadline.visit.isEmpty ? "-" : deadline.visit)\t\(deadline.what.label(english: Console.english))\t\(deadline.due)\t\(state)\t\(deadline.basis)"
            )
        }
    }
}
