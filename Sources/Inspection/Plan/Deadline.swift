/// A legal deadline computed on the official working-day calendar.
public struct Deadline: Sendable, Hashable, Codable {
    /// The task it belongs to.
    public var task: String
    /// What must happen: `结果公示` (publish the results).
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
        let due = try calendar.adding(workingDays: 20, to: end)
        let left: Int
        if today <= due {
            left = try calendar.workingDays(from: today.adding(days: 1), through: due)
        } else {
            left = -(try calendar.workingDays(from: due.adding(days: 1), through: today))
        }
        return Deadline(task: task.id, what: "结果公示", basis: "002 (二十二) 4", due: due.description, workingDaysLeft: left)
    }
}
