import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 档案 of a task: sealing its case files, the 四性检测 and its report, legal holds, and the export for
/// a records audit (a zip streamed to the browser) — the long steps as jobs with progress.
extension Workbench {
    func addArchive(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/tasks/{task}/archive", .read) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let view = try await blocking { try self.archiveView(id) }
            let words = Words(english: context.english)
            return self.page(context, title: words("档案：", "Archive: ") + view.task.name, body: Pages.archive(view, staff: staff, words))
        }
        staff(router, &routes, .post, "/tasks/{task}/archive/seal", .archive) { _, context, staff, _ in
            let job = try await self.startSeal(task: try Self.parameter(context, "task"), by: staff)
            return Self.redirect(to: "/jobs/\(HTML.percentEncoded(job))")
        }
        staff(router, &routes, .post, "/tasks/{task}/archive/check", .archive) { _, context, staff, _ in
            let job = try await self.startCheck(task: try Self.parameter(context, "task"), by: staff)
            return Self.redirect(to: "/jobs/\(HTML.percentEncoded(job))")
        }
        staff(router, &routes, .post, "/tasks/{task}/archive/export", .archive) { _, context, staff, _ in
            let job = try await self.startExport(task: try Self.parameter(context, "task"), by: staff)
            return Self.redirect(to: "/jobs/\(HTML.percentEncoded(job))")
        }
        staff(router, &routes, .post, "/tasks/{task}/archive/hold", .archive) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            guard let code = fields.trimmed("code"), let reason = fields.trimmed("reason"), let authority = fields.trimmed("authority") else {
                throw WebError(zh: "请填写档号、保全理由和决定机关", en: "give the 档号, the reason and the authority")
            }
            let workspace = self.workspace
            try await blocking {
                guard try workspace.dossiers().contains(where: { $0.code == code && $0.task == id }) else { throw WebError.notFound(code) }
                try workspace.placeHold(code: code, reason: reason, authority: authority, actor: staff.account.name)
            }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))/archive")
        }
        staff(router, &routes, .post, "/tasks/{task}/archive/release", .archive) { _, context, staff, fields in
            let id = try Self.parameter(context, "task")
            guard let hold = fields["hold"].flatMap({ Int64($0) }) else { throw WebError(zh: "请选择要解除的保全", en: "choose the hold to release") }
            let workspace = self.workspace
            try await blocking {
                let codes = Set(try workspace.dossiers().filter { $0.task == id }.map(\.code))
                guard let found = try workspace.holds(activeOnly: true).first(where: { $0.id == hold }), codes.contains(found.code) else {
                    throw WebError.notFound(String(hold))
                }
                try workspace.releaseHold(hold, actor: staff.account.name)
            }
            return Self.redirect(to: "/tasks/\(HTML.percentEncoded(id))/archive")
        }
        staff(router, &routes, .get, "/archive/reports/{name}", .read) { _, context, _, _ in
            let name = try Self.parameter(context, "name")
            let path = "\(self.workspace.layout.reports)/\(name)"
            guard Self.plainName(name), Self.isRegularFile(path) else { throw WebError.notFound(name) }
            return try await Self.download(path, context: context, inline: name.hasSuffix(".pdf"))
        }
        staff(router, &routes, .get, "/exports/{name}", .archive) { _, context, _, _ in
            let name = try Self.parameter(context, "name")
            let path = "\(self.workspace.layout.root)/exports/\(name)"
            guard Self.plainName(name), name.hasSuffix(".zip"), Self.isRegularFile(path) else { throw WebError.notFound(name) }
            return try await Self.download(path, context: context)
        }
    }

    /// Starts sealing a task's case files and draw records; the job's id.
    func startSeal(task id: String, by staff: Staff) async throws -> String {
        let service = try CaseArchiveService(documents: try self.documentService(), tool: self.tool)
        let (archivist, day) = (staff.account.name, CivilDate(date: Clock.now()).description)
        let back = "/tasks/\(HTML.percentEncoded(id))/archive"
        let job = self.jobs.start(key: "task \(id)", title: .init(zh: "封存任务 \(id) 的案卷", en: "Seal the case files of task \(id)"), owner: archivist, back: back)
        { reporter in
            let phases = [("打印卷宗表单（备考表等）", "Printing the case files' own forms"), ("封存案卷", "Sealing the case files"), ("封存抽取记录", "Sealing the draw records")]
            let sealing = try service.seal(task: id, day: day, archivist: archivist) { step, of in
                reporter.progress(step, of: of)
                if step < phases.count { reporter.phase(phases[step].0, phases[step].1) }
            }
            let written = sealing.packages.filter(\.written).count
            var lines: [DocumentService.Note] = [
                .init(
                    zh: "封存 \(written) 个档案包，\(sealing.packages.count - written) 个无变化",
                    en: "Sealed \(written) packages, \(sealing.packages.count - written) unchanged")
            ]
            if let records = sealing.records {
                lines.append(
                    .init(
                        zh: "抽取记录包（\(records.files) 个文件）\(records.written ? "已封存" : "无变化")",
                        en: "Draw records (\(records.files) files) \(records.written ? "sealed" : "unchanged")"))
            }
            return Jobs.Outcome(lines: lines + sealing.notes, links: [.init(zh: "案卷目录", en: "The catalogue", href: back)])
        }
        return job
    }

    /// Starts the 四性检测 of a task's packages with its report; the job's id.
    func startCheck(task id: String, by staff: Staff) async throws -> String {
        let service = try CaseArchiveService(documents: try self.documentService(), tool: self.tool)
        let (checker, day) = (staff.account.name, CivilDate(date: Clock.now()).description)
        let back = "/tasks/\(HTML.percentEncoded(id))/archive"
        let job = self.jobs.start(key: "task \(id)", title: .init(zh: "四性检测：任务 \(id)", en: "四性检测 of task \(id)"), owner: checker, back: back) {
            reporter in
            let packages = try Self.sealedPackages(service, task: id)
            reporter.phase("逐个核验档案包的每个摘要、签名和文件", "Checking every digest, signature and file of each package")
            let check = try service.check(
                packages, scope: "任务 \(id) 的 \(packages.count) 个档案包", day: day, checker: checker,
                progress: { reporter.progress($0, of: $1) })
            let passed = check.reports.count - check.failed
            let line = DocumentService.Note(
                zh: "共 \(check.reports.count) 个档案包：通过 \(passed) 个，不通过 \(check.failed) 个（\(check.problems) 个问题）",
                en: "\(check.reports.count) packages: \(passed) passed, \(check.failed) failed (\(check.problems) problems)")
            let links = check.files.map { path in
                let name = (path as NSString).lastPathComponent
                return Jobs.Link(zh: "下载 \(name)", en: "Download \(name)", href: "/archive/reports/\(HTML.percentEncoded(name))")
            }
            return Jobs.Outcome(lines: [line] + check.notes, links: links + [.init(zh: "案卷目录", en: "The catalogue", href: back)])
        }
        return job
    }

    /// Starts the export of a task's packages into `exports/`; the job's id.
    func startExport(task id: String, by staff: Staff) async throws -> String {
        let service = try CaseArchiveService(documents: try self.documentService(), tool: self.tool)
        let (checker, now) = (staff.account.name, Clock.now())
        let office = try await blocking { try self.workspace.settings().office }
        let back = "/tasks/\(HTML.percentEncoded(id))/archive"
        let folder = self.workspace.layout.root + "/exports"
        let name = "\(id)-\(Self.stamp(now)).zip"
        let job = self.jobs.start(key: "task \(id)", title: .init(zh: "导出任务 \(id) 的档案", en: "Export the archive of task \(id)"), owner: checker, back: back) {
            reporter in
            let packages = try Self.sealedPackages(service, task: id)
            reporter.phase("逐个核验并写入导出文件", "Verifying each package and writing the export")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let (rows, notes) = try service.export(
                packages, to: "\(folder)/\(name)", full: true, pdf: nil, day: CivilDate(date: now).description, scope: office, checker: checker,
                progress: { reporter.advance(of: packages.count) })
            let failed = rows.filter { !$0.verified }.count
            let line = DocumentService.Note(
                zh: "已导出 \(rows.count) 个档案包（索引 index.csv、index.xlsx，四性检测报告）\(failed > 0 ? "；\(failed) 个未通过检测" : "")",
                en: "Exported \(rows.count) packages (index.csv, index.xlsx, the check report)\(failed > 0 ? "; \(failed) failed verification" : "")")
            return Jobs.Outcome(
                lines: [line] + notes,
                links: [.init(zh: "下载 \(name)", en: "Download \(name)", href: "/exports/\(HTML.percentEncoded(name))")])
        }
        return job
    }

    /// A task's latest packages, or why there are none to check or export.
    static func sealedPackages(_ service: CaseArchiveService, task id: String) throws -> [String] {
        let packages = try service.packages(task: id)
        guard !packages.isEmpty else {
            throw WebError(zh: "任务 \(id) 还没有封存的档案包", en: "task \(id) has no sealed package yet", code: .notFound)
        }
        return packages
    }

    /// A file name alone: no folder, no `..`, not hidden, no control or format character.
    static func plainName(_ name: String) -> Bool {
        name.utf8.count <= 255 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\") && !name.contains("..")
            && !name.unicodeScalars.contains(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) })
    }

    /// `20241202-093015` in Beijing time, for an export's name.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// A task's catalogue as the archive page shows it.
    struct ArchiveView: Sendable {
        var task: PlanTask
        var dossiers: [CatalogedDossier]
        var holds: [LegalHold]
        var visitsWithResults: Int
        var jobs: [Jobs.Job]
    }

    func archiveView(_ id: String) throws -> ArchiveView {
        guard let task = try workspace.tasks().first(where: { $0.id == id }) else { throw try WorkflowError.unknownTask(id, in: workspace) }
        let dossiers = try workspace.dossiers().filter { $0.task == id }.sorted { ($0.code, $0.version) < ($1.code, $1.version) }
        let codes = Set(dossiers.map(\.code))
        let results = try workspace.currentResults()
        let visits = try workspace.visits().filter { $0.tasks.contains(id) }
        return ArchiveView(
            task: task, dossiers: dossiers, holds: try workspace.holds(activeOnly: true).filter { codes.contains($0.code) },
            visitsWithResults: visits.filter { results[$0.id] != nil }.count, jobs: jobs.jobs(back: "/tasks/\(HTML.percentEncoded(id))/archive"))
    }
}
