import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 匹配 and 公示 of a task: the teams drawn for its visits, a substitution approved by the unit head
/// (000 §14; 002 (十八)), and the publication of its results (002 (二十二)).
extension Workbench {
    func addTask(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/tasks/{task}", .read) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let overview = try await blocking { try self.cached("staff task \(id)") { try self.taskOverview(id) } }
            let words = Words(english: context.english)
            return self.page(context, title: overview.task.name, body: Pages.task(overview, staff: staff, words))
        }
        staff(router, &routes, .post, "/tasks/{task}/match", .match) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let service = MatchService(store: self.workspace)
            _ = try await blocking { try service.match(task: id, by: User(staff.account.name)) }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))")
        }
        staff(router, &routes, .post, "/tasks/{task}/substitute", .approveSubstitution) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            let member = (fields["member"] ?? "").split(separator: "|", maxSplits: 1).map(String.init)
            guard member.count == 2 else {
                throw WebError(zh: "请选择检查和要调换的人员", en: "choose the visit and the person to replace")
            }
            let workspace = self.workspace
            let (visit, published) = try await blocking {
                (try workspace.visits().first { $0.id == member[0] }, try workspace.publications()[id] != nil)
            }
            guard let visit, visit.tasks.contains(id) else { throw WebError.notFound(member[0]) }
            if published {
                throw WebError(zh: "任务 \(id) 已公示，不再调换检查人员", en: "task \(id) is published: its teams are no longer changed", code: .conflict)
            }
            let service = MatchService(store: self.workspace)
            // The unit head logged in approves: their name is the approver (000 §14).
            _ = try await blocking {
                try service.substitute(
                    visit: member[0], inspector: member[1], reason: fields.trimmed("reason") ?? "", approver: staff.account.name, by: User(staff.account.name))
            }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))")
        }
        staff(router, &routes, .post, "/tasks/{task}/publish", .publish) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            guard let text = fields.trimmed("on"), let day = CivilDate(parsing: text) else {
                throw WebError(zh: "请填写公示日期", en: "give the day of publication")
            }
            let service = ResultService(store: self.workspace)
            try await blocking { try service.publish(task: id, on: day, by: User(staff.account.name)) }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))")
        }
    }

    /// A task's visits with their teams (people by name), results and publication.
    struct TaskOverview: Sendable {
        struct Row: Sendable {
            var visit: Visit
            var targetName: String
            var team: [(key: String, name: String)]
            var outcome: String?
        }
        var task: PlanTask
        var drawn: Int
        var locked: Bool
        var matchVersions: Int
        var rows: [Row]
        var publishedOn: String?
    }

    func taskOverview(_ id: String) throws -> TaskOverview {
        guard let task = try workspace.tasks().first(where: { $0.id == id }) else { throw try WorkflowError.unknownTask(id, in: workspace) }
        let visits = try workspace.visits().filter { $0.tasks.contains(id) }
        let names = try workspace.targets(codes: Set(visits.map(\.target))).mapValues(\.name)
        let people = Dictionary(try workspace.inspectors().map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        let results = try workspace.currentResults()
        return TaskOverview(
            task: task, drawn: try workspace.drawCount(task: id), locked: try workspace.isLocked(task: id),
            matchVersions: try workspace.matchCount(task: id),
            rows: visits.map { visit in
                TaskOverview.Row(
                    visit: visit, targetName: names[visit.target] ?? "",
                    team: (visit.inspectors + visit.experts).map { ($0, people[$0] ?? $0) }, outcome: results[visit.id]?.conclusion)
            },
            publishedOn: try workspace.publications()[id])
    }
}
