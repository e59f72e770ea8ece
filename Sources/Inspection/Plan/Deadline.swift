/// A legal deadline computed on the official working-day calendar.
public struct Deadline: Sendable, Hashable, Codable {
    /// The task it belongs to.
    public var task: String
    /// The visit it belongs to, or empty for the task as a whole.
    public var visit: String = ""
    /// What must happen.
    public var what: DeadlineKind
    /// The rule it comes from.
    public var basis: String
    public var due: String
    /// Working days left from today (negative when overdue).
    public var workingDaysLeft: Int

    /// 002 (二十二) 4: results are published within 20 working days after the task ends.
    public static func publication(of task: PlanTask, calendar: WorkCalendar, today: CivilDate) throws(CalendarError) -> Deadline {
        guard let end = CivilDate(parsing: task.end) else {
            return Deadline(task: task.id, what: .publication, due: "", workingDaysLeft: 0)
        }
        return try Deadline(
            task: task.id, what: .publication, due: try calendar.adding(workingDays: DeadlineKind.publication.workingDays ?? 0, to: end),
            today: today, calendar: calendar)
    }

    /// A deadline on `due`, with the working days left from `today` (negative when overdue).
    public init(
        task: String, visit: String = "", what: DeadlineKind, due: CivilDate, today: CivilDate, calendar: WorkCalendar
    ) throws(CalendarError) {
        let left: Int
        if today <= due {
            left = try calendar.workingDays(from: today.adding(days: 1), through: due)
        } else {
            left = -(try calendar.workingDays(from: due.adding(days: 1), through: today))
        }
        self.init(task: task, visit: visit, what: what, due: due.description, workingDaysLeft: left)
    }

    /// A deadline as computed.
    public init(task: String, visit: String = "", what: DeadlineKind, due: String, workingDaysLeft: Int) {
        self.task = task
        self.visit = visit
        self.what = what
        basis = what.basis
        self.due = due
        self.workingDaysLeft = workingDaysLeft
    }
}

/// The legal deadlines of the process: what must happen, the rule, and how many working days it allows.
public enum DeadlineKind: String, Vocabulary {
    /// Publication of a task's results (002 (二十二) 4); the target's rectification (000 §20); the review
    /// of an objection and the feedback on it (002 (二十三)).
    case publication = "结果公示", rectification = "整改期限", review = "异议复查", feedback = "复查反馈"

    public static let englishLabels: [Self: String] = [
        .publication: "publication", .rectification: "rectification", .review: "objection review", .feedback: "review feedback",
    ]

    /// The rule it comes from.
    public var basis: String {
        switch self {
        case .publication: "002 (二十二) 4"
        case .rectification: "000 §20"
        case .review, .feedback: "002 (二十三)"
        }
    }

    /// Working days allowed from the event that starts it; nil when a document sets the date.
    public var workingDays: Int? {
        switch self {
        case .publication, .review: 20
        case .feedback: 15
        case .rectification: nil
        }
    }
}

/// Every deadline still open on a day, computed from the facts alone.
public enum DeadlineRules {
    /// The deadlines open on `today`, earliest first: publication of each unpublished task, the
    /// rectification of each 限期整改 result, the review and then the feedback of each objection. A date
    /// beyond the calendar's years is returned as a problem rather than stopping the list.
    public static func open(
        tasks: [PlanTask], published: Set<String>, visits: [Visit], results: [String: VisitResult], objections: [Objection],
        today: CivilDate, calendar: WorkCalendar
    ) -> (deadlines: [Deadline], problems: [CalendarError]) {
        var deadlines: [Deadline] = []
        var problems: [CalendarError] = []
        func add(_ make: () throws(CalendarError) -> Deadline) {
            do {
                deadlines.append(try make())
            } catch {
                problems.append(error)
            }
        }
        for task in tasks where !published.contains(task.id) {
            add { () throws(CalendarError) in try Deadline.publication(of: task, calendar: calendar, today: today) }
        }
        let visits = Dictionary(visits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, result) in results.sorted(by: { $0.key < $1.key }) where result.outcome == .rectify {
            guard let due = result.rectifyBy else { continue }
            add { () throws(CalendarError) in
                try Deadline(task: visits[id]?.tasks.first ?? "", visit: id, what: .rectification, due: due, today: today, calendar: calendar)
            }
        }
        for objection in objections {
            let task = visits[objection.visit]?.tasks.first ?? ""
            if objection.decidedOn == nil, let due = CivilDate(parsing: objection.reviewDue) {
                add { () throws(CalendarError) in
                    try Deadline(task: task, visit: objection.visit, what: .review, due: due, today: today, calendar: calendar)
                }
            } else if objection.feedbackOn == nil, let due = objection.feedbackDue.flatMap(CivilDate.init(parsing:)) {
                add { () throws(CalendarError) in
                    try Deadline(task: task, visit: objection.visit, what: .feedback, due: due, today: today, calendar: calendar)
                }
            }
        }
        return (deadlines.sorted { ($0.due, $0.task, $0.visit) < ($1.due, $1.task, $1.visit) }, problems)
    }
}
