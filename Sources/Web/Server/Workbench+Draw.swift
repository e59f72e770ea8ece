import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 抽取: the draw ceremony of a task — the seed from public lottery numbers, the witnesses, the result
/// with its record and its verification, the witnesses' sign-off, the lock.
extension Workbench {
    func addDraw(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/tasks/{task}/draw", .read) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let ceremony = try await blocking { try self.ceremony(id) }
            let words = Words(english: context.english)
            return self.page(context, title: words("随机抽取：", "Draw: ") + ceremony.task.name, body: Pages.ceremony(ceremony, staff: staff, words))
        }
        staff(router, &routes, .post, "/tasks/{task}/draw", .draw) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            let sources = (fields["sources"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let witnesses = (fields["witnesses"] ?? "").split(whereSeparator: { "、,，;；\n\r".contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var drawnOn: CivilDate?
            if let day = fields.trimmed("drawnOn") {
                guard let parsed = CivilDate(parsing: day) else { throw WebError(zh: "抽取日期有误：\(day)", en: "not a date: \(day)") }
                drawnOn = parsed
            }
            let request = DrawService.Request(
                seed: fields.trimmed("seed") ?? "", sources: sources, witnesses: witnesses, reason: fields.trimmed("reason") ?? "",
                drawnOn: drawnOn, entryReason: fields.trimmed("entryReason") ?? "")
            let service = DrawService(store: self.workspace)
            _ = try await blocking { try service.draw(task: id, request, by: User(staff.account.name)) }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))/draw")
        }
        staff(router, &routes, .post, "/tasks/{task}/draw/witness", .witnessDraw) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            guard let attempt = fields["attempt"].flatMap({ Int($0) }) else { throw WebError(zh: "缺少抽取次序", en: "which attempt?") }
            let service = DrawService(store: self.workspace)
            try await blocking { try service.witness(task: id, attempt: attempt, by: User(staff.account.name)) }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))/draw")
        }
        staff(router, &routes, .post, "/tasks/{task}/draw/lock", .lockDraw) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let service = DrawService(store: self.workspace)
            try await blocking { try service.lock(task: id, by: User(staff.account.name)) }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))/draw")
        }
    }

    /// A task's draws as the ceremony page shows them.
    struct Ceremony: Sendable {
        struct Attempt: Sendable {
            var number: Int
            var file: String
            var record: DrawRecord
            var signOffs: [DrawService.SignOff]
        }
        var task: PlanTask
        var attempts: [Attempt]
        var locked: Bool
        /// Names of the targets drawn, by credit code.
        var names: [String: String]
    }

    func ceremony(_ id: String) throws -> Ceremony {
        guard let task = try workspace.tasks().first(where: { $0.id == id }) else { throw try WorkflowError.unknownTask(id, in: workspace) }
        let service = DrawService(store: workspace)
        let attempts = try (0..<(try workspace.drawCount(task: id))).map { index -> Ceremony.Attempt in
            let relative = WorkspaceLayout.relativeDraw(task: id, number: index + 1)
            let path = workspace.absolutePath(relative)
            guard let data = FileManager.default.contents(atPath: path) else { throw WebError.notFound(relative) }
            let record = try DrawRecord(xml: Array(data), source: relative, candidates: false)
            return Ceremony.Attempt(
                number: index + 1, file: Pages.lastComponent(relative), record: record, signOffs: try service.signOffs(task: id, attempt: index + 1))
        }
        let codes = Set(attempts.flatMap { $0.record.result.flatMap(\.drawn) })
        let names = try workspace.targets(codes: codes).mapValues(\.name)
        return Ceremony(task: task, attempts: attempts, locked: try workspace.isLocked(task: id), names: names)
    }
}
