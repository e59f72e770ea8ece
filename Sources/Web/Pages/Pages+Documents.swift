import Foundation
import Inspection
import Workflow

extension Pages {
    /// What the 文书 page of a task shows.
    struct DocumentsView: Sendable {
        var task: PlanTask
        var documents: [IssuedDocument]
        var printForms: [String]
        var jobs: [Jobs.Job]
    }

    /// A task's documents: each with its DOCX and PDF (previewed in the page), generating them all as a
    /// job, and one print file of a visit form.
    static func documents(_ view: DocumentsView, staff: Staff, _ words: Words) -> HTML {
        let id = view.task.id
        let base = "/tasks/\(HTML.percentEncoded(id))/documents"
        // One row per document: its DOCX and its PDF side by side.
        var rows: [(IssuedDocument, [IssuedDocument])] = []
        for document in view.documents {
            let stem = (document.path as NSString).deletingPathExtension
            if let index = rows.firstIndex(where: { ($0.0.path as NSString).deletingPathExtension == stem }) {
                rows[index].1.append(document)
            } else {
                rows.append((document, [document]))
            }
        }
        let table = Pages.table(
            [words("文书", "Document"), words("检查", "Visit"), words("发文字号", "Number"), words("成文日期", "Dated"), words("文件", "Files")],
            rows.map { first, files in
                let links = files.sorted { $0.format > $1.format }.map { file -> HTML in
                    let query = "path=\(HTML.percentEncoded(file.path))"
                    return file.format == "pdf"
                        ? "<a href=\"\(base)/preview?\(query)\">\(words("预览 PDF", "Preview PDF"))</a> <a href=\"\(base)/file?\(query)\">\(words("下载", "download"))</a>"
                        : "<a href=\"\(base)/file?\(query)\">\(file.format.uppercased())</a>"
                }
                return [text(first.form), text(first.visit ?? "—"), text(first.number ?? "—"), text(first.dated), HTML.joined(links, separator: " · ")]
            }, empty: words("尚未生成文书。", "No documents yet."), id: "documents")
        let role = staff.account.role
        let render: HTML? =
            role.may(.renderDocuments)
            ? """
            <form method="post" action="\(base)/render" class="card" id="render">\(csrf(staff))
            <h2>\(words("生成全部文书", "Generate every document"))</h2>
            <p>\(words("按任务数据填写全部表单：抽查任务公告、随机抽取记录、每次检查的告知书和登记表、整改通知、结果公示……每份文书的 SHA-256 予以登记；发文字号只编一次。", "Fills every form of the task from its data: the announcement, the draw record, each visit's notices and forms, rectification notices, the results notice… Each file's SHA-256 is recorded; a document number is given once."))</p>
            <label class="check"><input type="checkbox" name="pdf" value="1" checked> \(words("同时生成 PDF/A-2b（LibreOffice，需时较长）", "Also make PDF/A-2b copies (LibreOffice; takes longer)"))</label>
            <label>\(words("重新签发的理由（已签发的文书内容有变时必填）", "Why documents already issued are issued again (needed when their contents changed)")) <input name="reason" maxlength="200"></label>
            <button type="submit">\(words("生成", "Generate"))</button></form>
            """ : nil
        let options = view.printForms.map { "<option>\($0)</option>" as HTML }
        let print: HTML? =
            role.may(.renderDocuments) && !view.printForms.isEmpty
            ? """
            <form method="post" action="\(base)/print" class="card" id="print">\(csrf(staff))
            <h2>\(words("合并打印", "One print file"))</h2>
            <p>\(words("把任务中每次检查的同一种文书合并为一个 PDF，每份另起一页，便于一次打印。", "Every visit's copy of one form in a single PDF, each on new pages, to print at once."))</p>
            <label>\(words("文书", "Form")) <select name="form">\(options)</select></label>
            <button type="submit">\(words("生成合并 PDF", "Make the PDF"))</button></form>
            """ : nil
        return """
            <p><a href="/tasks/\(segment: id)">\(words("返回任务", "Back to the task"))</a> · <a href="/tasks/\(segment: id)/archive">\(words("档案", "Archive"))</a></p>
            \(jobList(view.jobs, words))
            \(table)
            \(render)
            \(print)
            """
    }

    /// A PDF's pages as pictures (for browsers without a PDF viewer) and the PDF itself in the page,
    /// with a link to download it.
    static func preview(task: String, path: String, pages: Int, _ words: Words) -> HTML {
        let base = "/tasks/\(HTML.percentEncoded(task))/documents"
        let file = "\(base)/file?path=\(HTML.percentEncoded(path))"
        let pictures = (0..<min(pages, PageImages.shown)).map { index -> HTML in
            "<img class=\"page\" src=\"\(base)/page?path=\(HTML.percentEncoded(path))&amp;n=\(String(index + 1))\" alt=\"\(words("第 \(index + 1) 页", "page \(index + 1)"))\">"
        }
        let more: HTML? = pages > PageImages.shown ? "<p>\(words("共 \(pages) 页，此处显示前 \(PageImages.shown) 页。", "\(pages) pages; the first \(PageImages.shown) are shown here."))</p>" : nil
        return """
            <p><a href="\(base)">\(words("返回文书列表", "Back to the documents"))</a> · <a href="\(file)" download>\(words("下载", "Download"))</a></p>
            <div class="pages" id="pages">\(pictures)</div>
            \(more)
            <iframe class="pdf" src="\(file)" title="\((path as NSString).lastPathComponent)"></iframe>
            """
    }

    /// The recent jobs of a page, with their state.
    static func jobList(_ jobs: [Jobs.Job], _ words: Words) -> HTML? {
        guard !jobs.isEmpty else { return nil }
        let items = jobs.prefix(5).map { job -> HTML in
            let state =
                switch job.state {
                case .running: words("进行中 \(job.percent)%", "running \(job.percent)%")
                case .finished: words("已完成", "done")
                case .failed: words("失败", "failed")
                }
            return "<li><a href=\"/jobs/\(segment: job.id)\">\(words(job.title.zh, job.title.en))</a>：\(state)</li>"
        }
        return "<div class=\"card\" id=\"jobs\"><h2>\(words("最近的操作", "Recent work"))</h2><ul>\(items)</ul></div>"
    }

    /// A job: a progress bar while it runs (the page reloads itself every two seconds), then its outcome.
    /// (A `<progress>` element: the pages' Content-Security-Policy allows no inline style.)
    static func job(_ job: Jobs.Job, _ words: Words) -> HTML {
        let phase: HTML? = job.phase.map { "<p class=\"phase\">\(words($0.zh, $0.en))</p>" }
        switch job.state {
        case .running:
            let count: HTML? = job.total > 0 ? "<span>\(job.done) / \(job.total)</span>" : nil
            return """
                <meta http-equiv="refresh" content="2">
                <div id="job" data-state="running">
                \(phase)
                <progress class="bar" max="100" value="\(String(job.percent))">\(String(job.percent))%</progress>
                <p>\(job.percent)% \(count)</p>
                <p class="hint">\(words("本页每 2 秒自动刷新；可以离开本页，工作在服务器上继续。", "This page refreshes every 2 seconds; you may leave it, the work goes on on the server."))</p>
                </div>
                """
        case .finished:
            let lines = job.outcome.lines.map { "<li>\(words($0.zh, $0.en))</li>" as HTML }
            let links = job.outcome.links.map { "<li><a href=\"\($0.href)\">\(words($0.zh, $0.en))</a></li>" as HTML }
            return """
                <div id="job" data-state="finished">
                <progress class="bar done" max="100" value="100">100%</progress>
                <p class="ok">\(words("已完成", "Done"))</p>
                <ul>\(lines)</ul>
                <ul class="links">\(links)</ul>
                <p><a href="\(job.back)">\(words("返回", "Back"))</a></p>
                </div>
                """
        case .failed:
            let lines = (job.error.map { words($0.zh, $0.en) } ?? "").split(separator: "\n").map { "<li>\($0)</li>" as HTML }
            return """
                <div id="job" data-state="failed">
                <div class="problem" role="alert"><ul>\(lines)</ul></div>
                <p><a href="\(job.back)">\(words("返回", "Back"))</a></p>
                </div>
                """
        }
    }
}
