import ArgumentParser
import Forms
import Foundation
import Inspection
import Store
import Support
import Templating
import Workflow

/// Where the standard forms are, for `render`, `forms` and `template check --form`.
struct TemplateOptions: ParsableArguments {
    @Option(help: .zh("标准表单及 catalog.json 所在的文件夹（默认：环境变量 $SPOTCHECK_TEMPLATES，其次为安装目录下的 templates/）。",
                      en: "The folder of the standard forms and catalog.json (default: $SPOTCHECK_TEMPLATES, then templates/ of the installation)."))
    var templates: String?

    func catalog() throws -> FormCatalog {
        guard let folder = FormCatalog.locate(explicit: templates) else {
            throw CommandProblem(
                zh: "找不到标准表单（templates/catalog.json）：请用 --templates 指定，或设置 SPOTCHECK_TEMPLATES",
                en: "the standard forms (templates/catalog.json) were not found: pass --templates or set SPOTCHECK_TEMPLATES")
        }
        return try FormCatalog(folder: folder)
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("用工作区的数据填写标准表单：一种表单，或一个抽查任务需要的全部表单。",
                      en: "Fill the standard forms from the workspace: one form, or every form a task needs."),
        discussion: .zh("""
            表单名称见 `spotcheck forms`。检查类表单（告知书、登记表…）为任务的每次检查各生成一份，
            或只为 --target 指定的检查（检查编号或统一社会信用代码）生成；不需要该表单的检查
            （如结果不是限期整改、未发现问题）跳过并予以说明。文件存入工作区的 documents/任务编号/，
            用 --out 可另行指定；每个文件的 SHA-256 都予以登记，供归档核对。发文字号每份文书只编一次，
            重新生成时保持不变。公开的表单中如印有电话号码、身份证号码或地址，拒绝生成。

            示例：
              spotcheck render 检查告知书 --task 2024-01
              spotcheck render 检查告知书 --task 2024-01 --merge            # 合并为一个打印文件，每份告知书另起一页
              spotcheck render --all --task 2024-01 --pdf                  # 任务的全部表单，并生成 PDF/A-2b 副本
              spotcheck render 随机抽查事项清单 --year 2024 --date 2024-01-15
              spotcheck render 销毁清册 --data 清册.json
              spotcheck render 检查告知书 --task 2024-01 --target 2024-01-0001 --values   # 表单可以印出的字段
            """, en: """
            Forms are listed by `spotcheck forms`. Visit forms (告知书, 登记表…) are made for every visit of the
            task, or those named with --target (visit number or credit code); a visit that does not need a form
            (no 限期整改, no problem found) is skipped and said so. Files go to documents/TASK/ in the workspace
            unless --out says otherwise; each file's SHA-256 is recorded for the archiver. A 发文字号 is given
            once per document and kept on every re-render. Public forms are refused if a printed value holds a
            phone number, an ID number or an address.

            Examples:
              spotcheck render 检查告知书 --task 2024-01
              spotcheck render 检查告知书 --task 2024-01 --merge            # one print file, every notice on new pages
              spotcheck render --all --task 2024-01 --pdf                  # every form of the task, and PDF/A-2b copies
              spotcheck render 随机抽查事项清单 --year 2024 --date 2024-01-15
              spotcheck render 销毁清册 --data 清册.json
              spotcheck render 检查告知书 --task 2024-01 --target 2024-01-0001 --values   # the fields a form can print
            """)
    )

    @Argument(help: .zh("表单名称（见 spotcheck forms）；用 --all 时不写。", en: "The form's name (see spotcheck forms); omit with --all."))
    var form: String?

    @Flag(
        help: .zh("生成任务需要的全部表单：抽查任务公告、随机抽取记录、每次检查的表单、抽查结果公示、卷宗表单。",
                  en: "Every form the task needs: the announcement, the draw record, each visit's forms, the results notice, the case-file forms."))
    var all = false

    @Option(help: .zh("任务编号。", en: "The task (任务编号)."))
    var task: String?

    @Option(help: .zh("年度，用于按年度生成的表单（默认：任务所属年度）。", en: "The year, for the year's forms (default: the task's)."))
    var year: Int?

    @Option(help: .zh("只生成该次检查的表单（检查编号或统一社会信用代码）；多个时重复使用此选项。", en: "Only this visit (visit number or credit code); repeat for several."))
    var target: [String] = []

    @Option(help: .zh("输出文件夹（默认：工作区的 documents/任务编号/）。", en: "The output folder (default: documents/TASK/ in the workspace)."))
    var out: String?

    @Flag(help: .zh("每种检查类表单合并为一个打印文件，而不是每次检查一个文件。", en: "One print file per visit form instead of one file per visit."))
    var merge = false

    @Option(help: .zh("重新签发的理由：已签发的文书内容有变（如结果经更正）时，另存为新版本（…（第2版）.docx），理由记入审计记录；不给出则不予生成。",
                      en: "Why documents already issued are issued again with changed contents (e.g. a corrected result): saved as a new version (…（第2版）.docx), the reason in the audit trail; refused without it."))
    var reason: String?

    @Flag(help: .zh("同时用 LibreOffice 生成 PDF/A-2b 副本（每个进程转换 150 份，每个 CPU 核心一个进程）。",
                    en: "Also make PDF/A-2b copies through LibreOffice (150 documents per process, a process per core)."))
    var pdf = false

    @Option(help: .zh("表单上印的成文日期（默认：表单所记事项的日期）。", en: "The 成文日期 to print (default: the date of what the form records)."))
    var date: String?

    @Option(help: .zh("不从工作区取数的表单（销毁清册）所用的数据：一个 JSON 文件。", en: "Values for a form filled from outside the workspace (销毁清册): a JSON file."))
    var data: String?

    @Flag(help: .zh("以 JSON 输出生成的文件。", en: "Print what was written as JSON."))
    var json = false

    @Flag(help: .zh("输出每份文书将要填入的数据（JSON），不生成文件：供本单位自制表单时参考。",
                    en: "Print the values each document would be filled from (JSON), and write nothing: for writing an office's own form."))
    var values = false

    @OptionGroup var templates: TemplateOptions
    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if all && form != nil { throw Console.usage("表单名称与 --all 只能给出其一", "give a form's name or --all, not both") }
        if !all && form == nil {
            throw Console.usage("请给出表单名称（spotcheck forms 列出全部），或用 --all 生成任务的全部表单", "give a form's name (spotcheck forms lists them) or --all")
        }
        if all && task == nil { throw Console.usage("--all 需要 --task 指明任务", "--all needs --task") }
    }

    func run() throws {
        let workspace = try options.open()
        let catalog = try templates.catalog()
        let forms: [FormCatalog.Form]
        if let form {
            forms = [try catalog.form(named: form)]
        } else {
            forms = catalog.forms.filter { $0.scope == .task || $0.scope == .visit }
        }
        var supplied: TemplateValue?
        if let data { supplied = try TemplateValue(json: Array(try Data(contentsOf: URL(fileURLWithPath: data))), source: data) }
        let date = try self.date.map { try CivilDate(parsing: $0, field: "--date").description }
        // The archival forms (备考表) print the 立卷人: a person of the office, never a login name.
        let actor = forms.contains(where: \.isArchival) ? try options.signer("立卷人", settings: workspace.settings()) : options.actorName
        if forms.contains(where: \.isArchival) { _ = try CaseArchiveService.checker(settings: workspace.settings()) }
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, filters: try DocumentService.filters(), actor: actor)
        let request = FormRenderer.Request(
            forms: forms, task: task, year: year, targets: target, out: out, merge: merge, date: date, data: supplied, reason: reason)
        if self.values { return print(try Console.json(try renderer.values(request))) }
        let progress = Console.Progress(total: try renderer.count(request))
        let started = Date()
        // What was issued before this run: a DOCX that comes out the same keeps the PDF issued with it.
        let issuedBefore = pdf ? Dictionary(try workspace.documents().map { (DocumentService.key($0), $0) }, uniquingKeysWith: { first, _ in first }) : [:]
        let report = try renderer.render(request, progress: progress.advance)
        var written = report.written
        if pdf {
            written += try Self.pdfs(
                of: written, issuedBefore: issuedBefore, renderer: renderer, mapping: "\(catalog.folder)/fonts/fonts.conf", workspace: workspace,
                actor: options.actorName)
        }
        if json { return print(try Console.json(written)) }
        for document in written {
            print("\(document.path)\t\(document.number ?? "-")\t\(document.sha256.prefix(16))")
        }
        // One line per form and reason: "无需生成：检查报告（3 户：2024-01-0002、…）：未发现问题…".
        for note in DocumentService.grouped(report.skipped) {
            Console.warn(Console.english ? "not needed: \(note.en)" : "无需生成：\(note.zh)")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        Console.say(
            "已生成 \(written.count) 份文件（\(seconds) 秒）" + (report.skipped.isEmpty ? "" : "，\(report.skipped.count) 份无需生成"),
            "Wrote \(written.count) files (\(seconds) s)" + (report.skipped.isEmpty ? "" : "; \(report.skipped.count) not needed"))
    }
}

struct Forms: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("列出标准表单：名称、生成范围、是否公开、文件名。", en: "List the standard forms: name, what each is made for, public or not, file name."),
        discussion: .zh("示例：spotcheck forms --json", en: "Example: spotcheck forms --json")
    )

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    @OptionGroup var templates: TemplateOptions

    func run() throws {
        let catalog = try templates.catalog()
        if json { return print(try Console.json(catalog.forms)) }
        let scopes: [FormCatalog.Scope: (String, String)] = [
            .year: ("每年", "per year"), .task: ("每个任务", "per task"), .visit: ("每户", "per visit"), .disposal: ("每次销毁", "per disposal"),
            .report: ("每次检测", "per archive check"),
        ]
        for form in catalog.forms {
            let scope = scopes[form.scope].map { Console.english ? $0.1 : $0.0 } ?? ""
            let visibility = form.isPublic ? (Console.english ? "public" : "公开") : (Console.english ? "internal" : "内部")
            print("\(form.name)\t\(scope)\t\(visibility)\t\(form.output)\t\(form.description)")
        }
    }
}

extension Render {
    /// PDF/A-2b renditions of the DOCX files just written (`DocumentService.pdfs`), with a progress line
    /// for those converted and the notes as warnings.
    static func pdfs(
        of written: [IssuedDocument], issuedBefore: [String: IssuedDocument], renderer: FormRenderer, mapping: String, workspace: Workspace,
        actor: String
    ) throws -> [IssuedDocument] {
        let converting = ProgressLine()
        let (made, notes) = try DocumentService.pdfs(
            of: written, issuedBefore: issuedBefore, renderer: renderer, mapping: mapping, workspace: workspace, actor: actor,
            willConvert: { count in
                Console.warn(
                    Console.english ? "converting \(count) documents to PDF/A-2b…" : "正在用 LibreOffice 转换 \(count) 份 PDF/A-2b…")
                converting.start(total: count)
            },
            converted: { converting.advance(by: $0) })
        for note in notes { Console.warn(Console.english ? note.en : note.zh) }
        return made
    }

    /// A progress line made once the total is known, advanced from LibreOffice's worker threads.
    final class ProgressLine: @unchecked Sendable {
        // @unchecked: `progress` is set once, before any worker starts, then only read.
        private var progress: Console.Progress?

        func start(total: Int) { progress = Console.Progress(total: total) }

        func advance(by count: Int) { progress?.advance(by: count) }
    }
}
