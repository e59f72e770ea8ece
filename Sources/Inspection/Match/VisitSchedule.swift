/// When and how a task's drawn targets are visited: the policy of scheduling, with no database.
///
/// A drawn target that already has a visit (from another task) dated within this task's window is
/// joined to it (进一次门、查多项事, 002 (十五)). The other targets get new visits, numbered `TASK-0001`…
/// in the order given (the draw's batch order for 重点 tasks, 002 (七), else the order drawn) and
/// spread evenly over the working days of the window.
///
/// ```swift
/// let days = try VisitSchedule.workingDays(from: start, through: end, calendar: .official())
/// let plan = VisitSchedule.plan(task: "2024-01", order: drawn, joinable: [:], days: days, needsExpert: false, assignments: [:])
/// ```
public enum VisitSchedule {
    /// The working days from `start` through `end`, on the official calendar.
    public static func workingDays(from start: CivilDate, through end: CivilDate, calendar: WorkCalendar) throws(CalendarError)
        -> [CivilDate]
    {
        var days: [CivilDate] = []
        var day = start
        while day <= end {
            if try calendar.isWorkingDay(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        return days
    }

    /// The new visits and the joins.
    /// - Parameters:
    ///   - task: the task's id, which numbers its visits.
    ///   - order: the drawn targets in visiting order.
    ///   - joinable: targets that have a visit in the window, with that visit's id.
    ///   - days: the window's working days (not empty).
    ///   - needsExpert: whether an item of the task needs an expert (002 (十六)).
    ///   - assignments: inspectors named directly for a target, leader first.
    public static func plan(
        task: String, order: [String], joinable: [String: String], days: [CivilDate], needsExpert: Bool, assignments: [String: [String]]
    ) -> (visits: [TeamMatch.Visit], merged: [MatchRecord.Merge]) {
        var merged: [MatchRecord.Merge] = []
        var fresh: [String] = []
        for code in order {
            if let visit = joinable[code] { merged.append(.init(target: code, visit: visit)) } else { fresh.append(code) }
        }
        let visits = fresh.enumerated().map { index, code in
            TeamMatch.Visit(
                id: visitID(task: task, number: index + 1), date: days[index * days.count / fresh.count].description, target: code,
                needsExpert: needsExpert, assigned: assignments[code] ?? [])
        }
        return (visits, merged)
    }

    /// `2024-01-0007`.
    public static func visitID(task: String, number: Int) -> String {
        let digits = String(number)
        return "\(task)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
