import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 到期鉴定与销毁: the case files whose term has run out, their holds, the disposal by the rules (a 销毁清册
/// with 鉴定人, 批准人 and 监销人; tombstones kept), and the lists made before.
extension Workbench {
    func addDisposal(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/archive/disposal", .read) { request, context, staff, _ in
            let today = CivilDate(date: self.now())
            let day = request.uri.queryParameters["on"].flatMap { CivilDate(parsing: String($0)) } ?? today
            let view = try await self.disposalView(on: day, today: today)
            let words = Words(english: context.english)
            return self.page(context, title: words("到期鉴定与销毁", "Appraisal and disposal"), body: Pages.disposal(view, staff: staff, notice: nil, words))
        }
        staff(router, &routes, .post, "/archive/disposal", .disposeArchive) { _, context, staff, fields in
            let today = CivilDate(date: self.now())
            let codes = fields.all("code")
            guard !codes.isEmpty else { throw WebError(zh: "请勾选要销毁的案卷", en: "tick the case files to dispose of") }
            let (appraiser, approver, supervisor) = (fields.trimmed("appraiser") ?? "", fields.trimmed("approver") ?? "", fields.trimmed("supervisor") ?? "")
            let opinion = fields.trimmed("opinion") ?? "已到保管期限，经鉴定无继续保存价值"
            let service = try CaseArchiveService(documents: try self.documentService(), tool: self.tool)
            let (list, documents) = try await blocking {
                // One disposal at a time: each 销毁清册 takes the next number of its year.
                self.disposing.lock()
                defer { self.disposing.unlock() }
                return try service.dispose(
                    codes, appraiser: appraiser, approver: approver, supervisor: supervisor, opinion: opinion, on: today.description,
                    actor: staff.account.name)
            }
            let view = try await self.disposalView(on: today, today: today)
            let words = Words(english: context.english)
            let names = documents.map { ($0.path as NSString).lastPathComponent }
            let notice = words(
                "已销毁 \(codes.count) 卷，销毁清册 \(list)：\(names.joined(separator: "、"))",
                "Disposed of \(codes.count) case files; disposal list \(list): \(names.joined(separator: ", "))")
            return self.page(
                context, title: words("到期鉴定与销毁", "Appraisal and disposal"), body: Pages.disposal(view, staff: staff, notice: notice, words))
        }
        staff(router, &routes, .get, "/archive/disposals/{name}", .read) { _, context, _, _ in
            let name = try Self.parameter(context, "name")
            let path = "\(self.workspace.layout.disposals)/\(name)"
            guard Self.plainName(name), Self.isRegularFile(path) else { throw WebError.notFound(name) }
            return try await Self.download(path, context: context, inline: name.hasSuffix(".pdf"))
        }
    }

    /// What the disposal page shows.
    struct DisposalView: Sendable {
        struct Row: Sendable {
            var code, title, retention, due: String
            var visit: String?
            var holds: [String]
        }
        var day: CivilDate
        var today: CivilDate
        var due: [Row]
        /// The 销毁清册 made before: file names in `archive/disposals/`.
        var lists: [String]
    }

    func disposalView(on day: CivilDate, today: CivilDate) async throws -> DisposalView {
        let service = try CaseArchiveService(documents: try documentService(), tool: tool)
        let folder = workspace.layout.disposals
        return try await blocking {
            let due = try service.due(on: day.description).map { due in
                DisposalView.Row(
                    code: due.code, title: due.title, retention: due.retention, due: due.due, visit: due.visit,
                    holds: due.holds.map { "\($0.reason)（\($0.authority)）" })
            }
            let lists = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            return DisposalView(day: day, today: today, due: due, lists: lists)
        }
    }
}
