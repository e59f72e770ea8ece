import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 工作台: what is due and overdue, the tasks by stage, and what waits for the person logged in.
extension Workbench {
    func addDesk(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/desk", .read) { _, context, staff, _ in
            let today = CivilDate(date: Clock.now())
            let words = Words(english: context.english)
            // The page's body is kept per person, role, day and language until the workspace changes; the
            // frame (with the session's token) is made for each request.
            let body = try await self.recently("desk \(staff.account.name) \(staff.account.role.rawValue) \(today) \(words.english)") {
                Pages.desk(try self.desk(for: staff.account, today: today), staff: staff, words)
            }
            return self.page(context, title: words("工作台", "Desk"), body: body)
        }
    }

    /// What the 工作台 shows.
    struct Desk: Sendable {
        struct Task: Sendable {
            var task: PlanTask
            var stage: TaskStage
            var visits: Int
            var withResults: Int
        }
        var today: CivilDate
        var deadlines: [Deadline]
        var warnings: [String]
        var tasks: [Task]
        /// Visits of the person logged in (an inspector) that have no result yet.
        var myVisits: [Visit]
        /// Where the office reviews results: visits whose result awaits review, and those returned.
        var submitted: [String] = []
        var returned: [String] = []
    }

    func desk(for account: Account, today: CivilDate) throws -> Desk {
        let results = ResultService(store: workspace)
        let (deadlines, warnings) = try results.deadlines(today: today)
        let visits = try workspace.visits()
        let recorded = try workspace.currentResults()
        let published = try workspace.publications()
        let tasks = try workspace.tasks().map { task in
            let own = visits.filter { $0.tasks.contains(task.id) }
            let done = own.filter { recorded[$0.id] != nil }.count
            let stage = TaskStage.of(
                draws: try workspace.drawCount(task: task.id), locked: try workspace.isLocked(task: task.id), visits: own.count, withResults: done,
                published: published[task.id] != nil)
            return Desk.Task(task: task, stage: stage, visits: own.count, withResults: done)
        }
        let keys = Set(try workspace.inspectors().filter { $0.name == account.name }.map(\.key))
        let mine = keys.isEmpty ? [] : visits.filter { visit in recorded[visit.id] == nil && !keys.isDisjoint(with: visit.inspectors + visit.experts) }
        var desk = Desk(
            today: today, deadlines: deadlines.sorted { ($0.workingDaysLeft, $0.due) < ($1.workingDaysLeft, $1.due) },
            warnings: warnings.map { $0.text.zh }, tasks: tasks, myVisits: mine)
        if try workspace.settings().resultReview {
            let unpublished = Set(visits.filter { visit in !visit.tasks.contains { published[$0] != nil } }.map(\.id))
            let states = try workspace.reviewStates().filter { unpublished.contains($0.key) }
            desk.submitted = states.filter { $0.value == .submitted }.map(\.key).sorted()
            desk.returned = states.filter { $0.value == .returned }.map(\.key).sorted()
        }
        return desk
    }
}
