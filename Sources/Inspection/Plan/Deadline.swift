/// A legal deadline computed on the official working-day calendar.
public struct Deadline: Sendable, Hashable, Codable {
    /// The task it belongs to.
    public var task: String
    /// The visit it belongs to, or empty for the task as a whole.
    public var visit: String = ""
    /// What must happen: `结果公示` (publish the results), `整改期限`, `异议复查`, `复查反馈`.
    public var what: String
    /// The rule it comes from.
    public var basis: String
    public var due: String
    /// Working days left from today (negative when overdue).
    public var workingDaysLeft: Int

    /// 002 (二十二) 4: results are published within 20 working days after the task ends.
    public static func publication(of task: PlanTask, calendar: WorkCalendar, today: CivilDate) throws(CalendarError) -> Deadline {
        guard let end = CivilDate(parsing: task.end) else {
            return Deadline(task: task.id, what: "结果公示", basis: "002 (二十二) 4", due: "", workingDaysLeft: 0)
        }
        return try Deadline(
            task: task.id, what: "结果公示", basis: "002 (二十二) 4", due: try calendar.adding(workingDays: 20, to: end), today: today,
            calendar: calendar)
    }

    /// A deadline on `due`, with the working days left from `today` (negative when overdue).
    public init(
        task: String, visit: String = "", what: String, basis: String, due: CivilDate, today: CivilDate, calendar: WorkCalendar
    ) throws(CalendarError) {
        let left: Int
        if today <= due {
            left = try calendar.workingDays(from: today.adding(days: 1), through: due)
        } else {
            left = -(try calendar.workingDays(from: due.adding(days: 1), through: today))
        }
        self.init(task: task, visit: visit, what: what, basis: basis, due: due.description, workingDaysLeft: left)
    }

    /// A deadline as computed.
    public init(task: String, visit: String = "", what: String, basis: String, due: String, workingDaysLeft: Int) {
        self.task = task
        self.visit = visit
        self.what = what
        self.basis = basis
        self.due = due
        self.workingDaysLeft = workingDaysLeft
    }
}
