import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 文书 of a task: every form filled from the case data with its PDF/A-2b copy (a job with progress),
/// each PDF previewed in the page, and a visit form printed for every visit as one PDF.
extension Workbench {
    func addDocuments(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/tasks/{task}/documents", .read) { _, context, staff, _ in
            let id = try Self.parameter(context, "task")
            let workspace = self.workspace
            let (task, documents) = try await blocking { () -> (PlanTask, [IssuedDocument]) in
                guard let task = try workspace.tasks().first(where: { $0.id == id }) else { throw try WorkflowError.unknownTask(id, in: workspace) }
                return (task, Self.latest(try workspace.documents().filter { $0.task == id }))
            }
            let forms = (try? self.documentService().visitForms.map(\.name)) ?? []
            let words = Words(english: context.english)
            let view = Pages.DocumentsView(
                task: task, documents: documents, printForms: forms, jobs: self.jobs.jobs(back: "/tasks/\(HTML.percentEncoded(id))/documents"))
            return self.page(context, title: words("文书：", "Documents: ") + task.name, body: Pages.documents(view, staff: staff, words))
        }
        staff(router, &routes, .post, "/tasks/{task}/documents/render", .renderDocuments) { _, context, staff, fields in
            let job = try self.startRender(task: try Self.parameter(context, "task"), fields: fields, by: staff)
            return Self.redirect(to: "/jobs/\(HTML.percentEncoded(job))")
        }
        staff(router, &routes, .post, "/tasks/{task}/documents/print", .renderDocuments) { _, context, staff, fields in
            let job = try self.startPrint(task: try Self.parameter(context, "task"), fields: fields, by: staff)
            return Self.redirect(to: "/jobs/\(HTML.percentEncoded(job))")
        }
        staff(router, &routes, .get, "/tasks/{task}/documents/preview", .read) { request, context, _, _ in
            let id = try Self.parameter(context, "task")
            let path = request.uri.queryParameters["path"].map(String.init) ?? ""
            let pages = try await blocking { PageImages.count(try self.documentFile(task: id, path: path)) ?? 0 }
            let words = Words(english: context.english)
            return self.page(
                context, title: (path as NSString).lastPathComponent, body: Pages.preview(task: id, path: path, pages: pages, words))
        }
        staff(router, &routes, .get, "/tasks/{task}/documents/page", .read) { request, context, _, _ in
            let id = try Self.parameter(context, "task")
            let path = request.uri.queryParameters["path"].map(String.init) ?? ""
            let number = request.uri.queryParameters["n"].flatMap { Int($0) } ?? 1
            guard path.hasSuffix(".pdf"), (1...PageImages.shown).contains(number) else { throw WebError.notFound(path) }
            let image = try await blocking { PageImages.png(try self.documentFile(task: id, path: path), page: number) }
            guard let image else { throw WebError.notFound(path) }
            var headers = HTTPFields()
            headers[.contentType] = "image/png"
            headers[.cacheControl] = "private, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: image)))
        }
        staff(router, &routes, .get, "/tasks/{task}/documents/file", .read) { request, context, _, _ in
            let id = try Self.parameter(context, "task")
            let path = request.uri.queryParameters["path"].map(String.init) ?? ""
            let absolute = try await blocking { try self.documentFile(task: id, path: path) }
            return try await Self.download(absolute, context: context, inline: path.hasSuffix(".pdf"))
        }
    }

    /// Starts filling every form of a task (and with `pdf` their PDFs); the job's id.
    func startRender(task id: String, fields: FormFields, by staff: Staff) throws -> String {
        let service = try self.documentService()
        let (pdf, reason, actor) = (fields["pdf"] == "1", fields.trimmed("reason"), staff.account.name)
        let back = "/tasks/\(HTML.percentEncoded(id))/documents"
        let job = self.jobs.start(
            key: "task \(id)", title: .init(zh: "生成任务 \(id) 的全部文书\(pdf ? "（含 PDF）" : "")", en: "Every document of task \(id)\(pdf ? " (with PDFs)" : "")"),
            owner: actor, back: back
        ) { reporter in
            reporter.phase("正在填写表单", "Filling the forms")
            let outcome = try service.render(task: id, actor: actor, reason: reason, pdf: pdf) { done, total in
                reporter.progress(done, of: total)
                if done > 0 && done == total && pdf { reporter.phase("正在用 LibreOffice 转换 PDF/A-2b", "Converting to PDF/A-2b with LibreOffice") }
            }
            let made = DocumentService.Note(zh: "已生成 \(outcome.written.count) 份文件", en: "Wrote \(outcome.written.count) files")
            return Jobs.Outcome(
                lines: [made] + outcome.skipped.map { .init(zh: "无需生成：" + $0.zh, en: "Not needed: " + $0.en) } + outcome.notes,
                links: [.init(zh: "文书列表", en: "The documents", href: back)])
        }
        return job
    }

    /// Starts one print file of a visit form for the whole task; the job's id.
    func startPrint(task id: String, fields: FormFields, by staff: Staff) throws -> String {
        let service = try self.documentService()
        guard let form = fields.trimmed("form") else { throw WebError(zh: "请选择要合并打印的表单", en: "choose the form to print") }
        let actor = staff.account.name
        let back = "/tasks/\(HTML.percentEncoded(id))/documents"
        let job = self.jobs.start(
            key: "task \(id)", title: .init(zh: "合并打印：\(form)（任务 \(id)）", en: "One print file: \(form) (task \(id))"), owner: actor,
            back: back
        ) { reporter in
            reporter.phase("正在填写并用 LibreOffice 转换为 PDF", "Filling and converting to PDF with LibreOffice")
            reporter.progress(0, of: 1)
            let path = try service.printFile(task: id, form: form, actor: actor)
            reporter.progress(1, of: 1)
            let name = (path as NSString).lastPathComponent
            return Jobs.Outcome(
                lines: [.init(zh: "每次检查的\(form)各自另起一页，合并为一个 PDF", en: "Every visit's \(form) on new pages, in one PDF")],
                links: [
                    .init(zh: "下载 \(name)", en: "Download \(name)", href: "\(back)/file?path=\(HTML.percentEncoded(path))"),
                    .init(zh: "预览", en: "Preview", href: "\(back)/preview?path=\(HTML.percentEncoded(path))"),
                ])
        }
        return job
    }

    func documentService() throws -> DocumentService { try DocumentService(workspace: workspace, templates: templates) }

    /// The latest version of each document (a reissue supersedes its earlier versions in the list).
    static func latest(_ documents: [IssuedDocument]) -> [IssuedDocument] {
        var seen: [String: Int] = [:]
        var list: [IssuedDocument] = []
        for document in documents {
            let key = "\(document.form)|\(document.visit ?? "")|\(document.format)"
            if let index = seen[key] { list[index] = document } else {
                seen[key] = list.count
                list.append(document)
            }
        }
        return list.sorted { ($0.visit ?? "", $0.form, $0.format) < ($1.visit ?? "", $1.form, $1.format) }
    }

    /// A document of the task the person may download: one the register records for the task, or a print
    /// file of the task's `打印/` folder — a regular file either way, never a link or a path out.
    func documentFile(task: String, path: String) throws -> String {
        let printFolder = "documents/\(task)/打印/"
        let plain =
            !path.isEmpty && !path.contains("..") && !path.hasPrefix("/") && !path.contains("\\")
            && !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        let recorded = try plain && workspace.documents().contains { $0.task == task && $0.path == path }
        let printed =
            plain && path.hasPrefix(printFolder) && !path.dropFirst(printFolder.count).contains("/") && path.hasSuffix(".pdf")
        let absolute = workspace.absolutePath(path)
        guard recorded || printed, Self.isRegularFile(absolute) else { throw WebError.notFound(path) }
        return absolute
    }

    /// A file as a download (or shown in the browser, `inline`), streamed from disk.
    static func download(_ path: String, context: WebContext, inline: Bool = false) async throws -> Response {
        let name = (path as NSString).lastPathComponent
        let types = [
            "pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "odt": "application/vnd.oasis.opendocument.text",
            "zip": "application/zip", "html": "text/plain; charset=utf-8",
        ]
        var headers = HTTPFields()
        headers[.contentType] = types[(name as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        headers[.cacheControl] = "no-store"
        // RFC 6266: an ASCII name as it is, any other also percent-encoded (RFC 8187).
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }
        let disposition = inline ? "inline" : "attachment"
        let fallback = "download." + (name as NSString).pathExtension.lowercased()
        headers[.contentDisposition] =
            plain ? "\(disposition); filename=\"\(name)\"" : "\(disposition); filename=\"\(fallback)\"; filename*=UTF-8''\(HTML.percentEncoded(name))"
        return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
    }
}
