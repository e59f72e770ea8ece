import Foundation
import Inspection
import Store
import Support
import Templating

/// Renders the standard forms from a workspace: one form or every form of a task, one file per
/// subject or one print file per form, each output's SHA-256 recorded in the workspace.
///
/// Everything is rendered in memory first; a problem anywhere (a missing value, personal data in a
/// public form) stops the batch with every problem listed before a file is written. Each file is then
/// written atomically.
///
/// ```swift
/// let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "张三")
/// let report = try renderer.render(.init(forms: catalog.forms, task: "2024-01"))
/// ```
public struct FormRenderer: Sendable {
    /// What to render.
    public struct Request: Sendable {
        public var forms: [FormCatalog.Form]
        public var task: String?
        public var year: Int?
        /// Visits or targets (visit numbers or credit codes); empty: every visit of the task.
        public var targets: [String]
        /// The output folder; by default `documents/TASK/` (or `documents/YEAR/`) in the workspace.
        public var out: String?
        /// One print file per visit form, every visit on new pages, instead of a file per visit.
        public var merge: Bool
        /// The 成文日期 to print instead of each form's own (the draw, the visit, the result…).
        public var date: String?
        /// The values of a disposal (销毁清册): `{"清册": {...}}`.
        public var data: TemplateValue?
        /// Why documents already issued are issued again with changed contents (重新签发的理由); without it
        /// such a render is refused and names them.
        public var reason: String?

        public init(
            forms: [FormCatalog.Form], task: String? = nil, year: Int? = nil, targets: [String] = [], out: String? = nil,
            merge: Bool = false,
            date: String? = nil, data: TemplateValue? = nil, reason: String? = nil
        ) {
            self.reason = reason
            self.forms = forms
            self.task = task
            self.year = year
            self.targets = targets
            self.out = out
            self.merge = merge
            self.date = date
            self.data = data
        }
    }

    /// A subject a form was not rendered for, and why (a visit without a rectification order needs no
    /// rectification notice).
    public struct Skipped: Sendable, Hashable {
        public var form: String
        public var subject: String
        public var zh: String
        public var en: String
    }

    /// What a render wrote and left out.
    public struct Report: Sendable {
        public var written: [IssuedDocument] = []
        public var skipped: [Skipped] = []
    }

    public let workspace: any CaseStore
    public let catalog: FormCatalog
    public let filters: FilterRegistry
    public let actor: String

    public init(workspace: any CaseStore, catalog: FormCatalog, filters: FilterRegistry = .standard, actor: String) {
        self.workspace = workspace
        self.catalog = catalog
        self.filters = filters.withFormFilters()
        self.actor = actor
    }

    /// One document to render: the form, the values, the subject and where it goes.
    struct Job: Sendable {
        var form: FormCatalog.Form
        var fields: [String: TemplateValue]
        var values: TemplateValue { .object(fields) }
        /// Who the 发文字号 is given to: the visit, the task, the year.
        var subject: String
        var year: Int
        var task: String?
        var visit: String?
        var number: String?
        var dated: String
    }

    /// Renders the request; the case-file forms after the others, so that 卷内文件目录 lists what was
    /// just issued.
    /// - Parameter progress: called after each document (from worker threads).
    /// - Throws: `FormError` for data that is not there (no locked draw, no result), `TemplateError`
    ///   listing every problem of every document.
    public func render(_ request: Request, progress: (@Sendable () -> Void)? = nil) throws -> Report {
        var report = Report()
        for phase in [request.forms.filter { !$0.isArchival }, request.forms.filter(\.isArchival)] where !phase.isEmpty {
            let data = try FormData(workspace: workspace, catalog: catalog)
            var jobs: [Job] = []
            for form in phase { try plan(form, request: request, data: data, jobs: &jobs, skipped: &report.skipped) }
            report.written += try write(jobs, request: request, progress: progress)
        }
        return report
    }

    /// The values each document of the request would be filled from, without writing anything (a
    /// 发文字号 is still given, as rendering would).
    public func values(_ request: Request) throws -> [TemplateValue] {
        let data = try FormData(workspace: workspace, catalog: catalog)
        var jobs: [Job] = []
        var skipped: [Skipped] = []
        for form in request.forms { try plan(form, request: request, data: data, jobs: &jobs, skipped: &skipped) }
        return jobs.map(\.values)
    }

    /// How many documents a request makes (for a progress bar).
    public func count(_ request: Request) throws -> Int {
        let data = try FormData(workspace: workspace, catalog: catalog)
        var jobs: [Job] = []
        var skipped: [Skipped] = []
        for form in request.forms {
            if form.isArchival {
                // Counted without building the case file, which needs the documents rendered first.
                guard let id = request.task else { continue }
                jobs += try visits(of: try data.task(id), data: data, request: request).filter { data.result(of: $0) != nil }.map {
                    Job(form: form, fields: [:], subject: $0.id, year: 0, task: id, visit: $0.id, number: nil, dated: "")
                }
            } else {
                // Counting gives out no 发文字号.
                try plan(form, request: request, data: data, into: &jobs, skipped: &skipped)
            }
        }
        return request.merge ? Set(jobs.map { $0.form.name }).count : jobs.count
    }

    // MARK: - Planning

    func plan(_ form: FormCatalog.Form, request: Request, data: FormData, jobs: inout [Job], skipped: inout [Skipped]) throws {
        let first = jobs.count
        try plan(form, request: request, data: data, into: &jobs, skipped: &skipped)
        try number(&jobs[first...])
    }

    /// The 成文日期 each document of a form was first issued with, by visit ("" for the task's own), in one query.
    func firstDates(form: String, task: String) throws -> [String: String] {
        var dates: [String: String] = [:]
        for document in try workspace.documents(visit: nil, task: task) where document.form == form && !document.dated.isEmpty {
            let key = document.visit ?? ""
            if dates[key].map({ document.dated < $0 }) ?? true { dates[key] = document.dated }
        }
        return dates
    }

    /// The 成文日期 a year's form was first issued with: kept on reprints, like the task's and the visit's.
    func firstDate(form: String, year: Int) throws -> String? {
        try workspace.documents(visit: nil, task: nil)
            .first { $0.form == form && $0.year == year && $0.task == nil && $0.format == "docx" && !$0.dated.isEmpty }?.dated
    }

    func plan(_ form: FormCatalog.Form, request: Request, data: FormData, into jobs: inout [Job], skipped: inout [Skipped]) throws {
        let task = try request.task.map { try data.task($0) }
        switch form.scope {
        case .year:
            guard let year = request.year ?? task?.year else {
                throw FormError(zh: "“\(form.name)”按年度生成：请给出 --year 或 --task", en: "'\(form.name)' is per year: give --year or --task")
            }
            let values = try data.year(year, date: request.date ?? firstDate(form: form.name, year: year) ?? Self.today())
            jobs.append(
                Job(
                    form: form, fields: values, subject: String(year), year: year, task: nil, visit: nil, number: nil,
                    dated: values["成文日期"]?.text ?? ""))
        case .task:
            guard let task else { throw FormError(zh: "“\(form.name)”按任务生成：请给出 --task", en: "'\(form.name)' is per task: give --task") }
            if form.needs.contains("结果") {
                let open = data.visits(of: task).filter { data.result(of: $0) == nil }.map(\.id)
                if data.visits(of: task).isEmpty || !open.isEmpty {
                    let zh = open.isEmpty ? "任务 \(task.id) 还没有检查" : "还有 \(open.count) 户未登记结果：\(open.prefix(5).joined(separator: "、"))"
                    let en =
                        open.isEmpty
                        ? "task \(task.id) has no visits yet"
                        : "\(open.count) visits have no result yet: \(open.prefix(5).joined(separator: ", "))"
                    if request.forms.count == 1 {
                        throw FormError(zh: "无法生成“\(form.name)”：\(zh)", en: "cannot render '\(form.name)': \(en)")
                    }
                    skipped.append(Skipped(form: form.name, subject: task.id, zh: zh, en: en))
                    return
                }
            }
            let issued = request.date == nil ? try firstDates(form: form.name, task: task.id)[""] : nil
            let date = request.date ?? issued ?? (form.needs.contains("结果") ? data.resultsDate(of: task) : nil)
            let values = try data.task(task, date: date, needsDraw: form.needs.contains("抽取"))
            jobs.append(
                Job(
                    form: form, fields: values, subject: task.id, year: task.year, task: task.id, visit: nil, number: nil,
                    dated: values["成文日期"]?.text ?? ""))
        case .visit:
            guard let task else { throw FormError(zh: "“\(form.name)”按检查对象生成：请给出 --task", en: "'\(form.name)' is per visit: give --task") }
            var problems: [FormError] = []
            if data.visits(of: task).isEmpty {
                // Nothing to print yet: say what comes first, rather than "0 documents".
                let zh = "任务 \(task.id) 还没有检查对象：先抽取、锁定并匹配检查组（spotcheck draw \(task.id) …；spotcheck draw lock \(task.id)；spotcheck match \(task.id)）"
                let en = "task \(task.id) has no visits yet: draw, lock and match it first (spotcheck draw \(task.id) …; spotcheck draw lock \(task.id); spotcheck match \(task.id))"
                if request.forms.count == 1 { throw FormError(zh: "无法生成“\(form.name)”：\(zh)", en: "cannot render '\(form.name)': \(en)") }
                skipped.append(Skipped(form: form.name, subject: task.id, zh: zh, en: en))
                return
            }
            let issuedDates = request.date == nil ? try firstDates(form: form.name, task: task.id) : [:]
            for visit in try visits(of: task, data: data, request: request) {
                if let reason = unmet(form, visit: visit, data: data) {
                    if request.targets.isEmpty {
                        skipped.append(Skipped(form: form.name, subject: visit.id, zh: reason.zh, en: reason.en))
                    } else {
                        problems.append(FormError(zh: "\(visit.id)：\(reason.zh)", en: "\(visit.id): \(reason.en)"))
                    }
                    continue
                }
                var values = try data.visit(visit, task: task, date: request.date, archivist: actor)
                if form.needs.contains("异议"), request.date == nil, let decided = data.objection(to: visit)?.decidedOn {
                    values["成文日期"] = .string(decided)  // the review's answer is dated the day it was decided
                }
                // A document's date is fixed when it is first issued: a reprint after the result is recorded
                // is the same notice, not one dated the day the check ended (issue 14).
                if let issued = issuedDates[visit.id] { values["成文日期"] = .string(issued) }
                jobs.append(
                    Job(
                        form: form, fields: values, subject: visit.id, year: task.year, task: task.id, visit: visit.id, number: nil,
                        dated: values["成文日期"]?.text ?? visit.date))
            }
            if !problems.isEmpty {
                throw FormError(
                    zh: "无法生成“\(form.name)”：" + problems.map(\.zh).joined(separator: "；"),
                    en: "cannot render '\(form.name)': " + problems.map(\.en).joined(separator: "; "))
            }
        case .disposal, .report:
            jobs.append(try supplied(form, request: request, data: data))
        }
    }

    /// The one document of a form filled from values given whole (`{"清册": …}`, `{"报告": …}`), dated by them.
    func supplied(_ form: FormCatalog.Form, request: Request, data: FormData) throws -> Job {
        let key = form.scope == .report ? "报告" : "清册"
        guard case .object(var values) = request.data ?? .null, values[key] != nil else {
            if form.scope == .report {
                throw FormError(
                    zh: "“\(form.name)”由档案检测生成：spotcheck archive verify --report",
                    en: "'\(form.name)' comes from checking the archive: spotcheck archive verify --report")
            }
            throw FormError(
                zh: "“\(form.name)”由档案处置生成：请用 --data 给出清册（{\"清册\": {\"编号\": …, \"档案\": […]}}）",
                en: "'\(form.name)' comes from a disposal: give the list with --data ({\"清册\": {\"编号\": …, \"档案\": […]}})")
        }
        let date = values[key]?["日期"]?.text ?? Self.today()
        let year = Int(date.prefix(4)) ?? 0
        for (name, value) in data.common(year: year, date: request.date ?? date) where values[name] == nil { values[name] = value }
        return Job(form: form, fields: values, subject: "", year: year, task: nil, visit: nil, number: nil, dated: date)
    }

    func visits(of task: PlanTask, data: FormData, request: Request) throws -> [Visit] {
        let all = data.visits(of: task)
        guard !request.targets.isEmpty else { return all }
        var chosen: [Visit] = []
        var unknown: [String] = []
        for wanted in request.targets {
            if let visit = all.first(where: { $0.id == wanted || $0.target == wanted.uppercased() }) {
                chosen.append(visit)
            } else {
                unknown.append(wanted)
            }
        }
        if !unknown.isEmpty {
            throw FormError(
                zh: "任务 \(task.id) 没有这些检查对象：\(unknown.joined(separator: "、"))（用检查编号或统一社会信用代码）",
                en: "task \(task.id) has no visit for: \(unknown.joined(separator: ", ")) (give visit numbers or credit codes)")
        }
        return chosen
    }

    /// Why a visit does not need a form, or nil when it does.
    func unmet(_ form: FormCatalog.Form, visit: Visit, data: FormData) -> LocalizedText? {
        let result = data.result(of: visit)?.result
        if (form.needs.contains("结果") || form.needs.contains("档案")) && result == nil {
            return LocalizedText("尚未登记检查结果（spotcheck result record \(visit.id) …）", "no result recorded yet (spotcheck result record \(visit.id) …)")
        }
        if let condition = form.when,
            let unmet = condition.unmet(by: result, objectionDecided: data.objection(to: visit)?.decision != nil)
        {
            return unmet
        }
        return nil
    }

    /// Gives the documents of a numbered form their 发文字号, in one transaction: a subject keeps its
    /// number on every render.
    func number(_ jobs: inout ArraySlice<Job>) throws {
        guard let first = jobs.first, let series = first.form.numbered else { return }
        let prefix = (first.fields["机关"]?["机关代字"]?.text ?? "") + series
        for year in Set(jobs.map(\.year)).sorted() {
            let subjects = jobs.filter { $0.year == year }.map(\.subject)
            let numbers = try workspace.documentNumbers(series: prefix, year: year, subjects: subjects)
            for index in jobs.indices where jobs[index].year == year {
                let text = ChineseFormat.documentNumber(prefix: prefix, year: year, sequence: numbers[jobs[index].subject] ?? 0)
                jobs[index].fields["文号"] = .string(text)
                jobs[index].number = text
            }
        }
    }

    // MARK: - Writing

    func write(_ jobs: [Job], request: Request, progress: (@Sendable () -> Void)?) throws -> [IssuedDocument] {
        guard !jobs.isEmpty else { return [] }
        var outputs: [(job: Job, name: String, bytes: [UInt8])] = []
        var problems: [TemplateError] = []
        var order: [String] = []
        var byForm: [String: [Job]] = [:]
        let settings = try workspace.settings()
        for job in jobs {
            if byForm[job.form.name] == nil { order.append(job.form.name) }
            byForm[job.form.name, default: []].append(job)
        }
        for name in order {
            let group = byForm[name] ?? []
            let form = group[0].form
            let template: Template
            do {
                template = try Template(contentsOfFile: catalog.templatePath(of: form, workspace: workspace), filters: filters)
            } catch let error as TemplateError {
                problems.append(error)
                continue
            }
            if form.isPublic { problems += Self.publicDataProblems(group, form: form, fields: template.fields) }
            if let missing = Self.missingDetails(form: form, fields: template.fields, settings: settings) {
                problems.append(missing)
                continue
            }
            let names = try TextTemplate(form.output, name: "\(form.name) output", filters: filters)
            if request.merge && form.scope == .visit && group.count > 1 {
                do {
                    let bytes = try template.renderMerged(group.map(\.values))
                    var merged = group[0]
                    merged.visit = nil
                    merged.number = nil
                    outputs.append((merged, "\(merged.task ?? "")-\(form.name)（合并打印）.docx", bytes))
                    for _ in group { progress?() }
                } catch let error as TemplateError {
                    problems.append(Self.labelled(error, form: form.name, subject: group[0].task ?? ""))
                }
                continue
            }
            let rendered = try group.parallelMap(chunk: 8) { job -> Result<(String, [UInt8]), TemplateError> in
                defer { progress?() }
                do {
                    return .success((try names.render(job.values), try template.render(job.values)))
                } catch let error as TemplateError {
                    return .failure(Self.labelled(error, form: form.name, subject: job.visit ?? job.task ?? String(job.year)))
                } catch {
                    return .failure(TemplateError(.badData, TemplateText(zh: "\(error)", en: "\(error)")))
                }
            }
            for (job, result) in zip(group, rendered) {
                switch result {
                case .success(let (name, bytes)): outputs.append((job, name, bytes))
                case .failure(let error): problems.append(error)
                }
            }
        }
        if let error = TemplateError.gathering(problems) { throw error }

        let versioned = try reissues(outputs, request: request)
        let documents = try store(versioned.outputs, request: request)
        try workspace.recordDocuments(documents, actor: actor, reissued: versioned.reissued, reason: request.reason)
        return documents
    }

    /// The office details (`机关.联系电话`…) a form prints that the office has not recorded, as one
    /// problem that says how to record them — a notice is never issued with a blank where a telephone
    /// number or the appeal body belongs.
    static func missingDetails(form: FormCatalog.Form, fields: [TemplateField], settings: OfficeSettings) -> TemplateError? {
        let used = Set(FormCatalog.paths(fields))
        let missing = OfficeSettings.detailNames.map(\.name).filter { name in
            used.contains("机关.\(name)") && (settings.details[name] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        }
        guard !missing.isEmpty else { return nil }
        let zh = missing.map { "--set \($0)=…" }.joined(separator: " ")
        return TemplateError(
            .badData,
            TemplateText(
                zh: "\(form.name)：要印机关的\(missing.joined(separator: "、"))，工作区尚未登记：请先运行 spotcheck office \(zh)",
                en: "\(form.name) prints the office's \(missing.joined(separator: ", ")), not recorded yet: run spotcheck office \(zh)"))
    }

    /// A public form's values that hold personal data (phones, ID numbers, addresses), each a problem.
    static func publicDataProblems(_ group: [Job], form: FormCatalog.Form, fields: [TemplateField]) -> [TemplateError] {
        var problems: [TemplateError] = []
        for job in group {
            for violation in personalData(in: job.values, fields: fields) {
                problems.append(
                    TemplateError(
                        .badValue,
                        TemplateText(
                            zh: "公开表单“\(form.name)”（\(job.visit ?? job.task ?? String(job.year))）的“\(violation.field)”含有\(violation.kind)，不得公开",
                            en:
                                "the public form '\(form.name)' (\(job.visit ?? job.task ?? String(job.year))): \(violation.field) holds personal data (\(violation.kind))"
                        )))
            }
        }
        return problems
    }

    /// Writes each rendered document (atomically) and describes it for the register.
    /// An issued document is never overwritten (issue 14): one whose contents come out changed — the
    /// result was corrected, the plan changed — is a new version, written beside the first as
    /// `…（第2版）.docx`, and only with a reason (`request.reason`, recorded in the audit trail). The case
    /// file's own forms (卷宗封面, 卷内文件目录, 备考表) follow their case file and are exempt, as are reports and
    /// disposal lists, each a new document.
    /// - Throws: `FormError` naming every document that would be re-issued, when no reason is given.
    func reissues(_ outputs: [(job: Job, name: String, bytes: [UInt8])], request: Request) throws
        -> (outputs: [(job: Job, name: String, bytes: [UInt8])], reissued: [String])
    {
        let issued = Dictionary(
            try workspace.documents().filter { $0.format == "docx" }.map { (Self.key($0.form, $0.year, $0.task, $0.visit), $0) },
            uniquingKeysWith: { _, last in last })
        var out = outputs
        var reissued: [String] = []
        // A 四性检测报告 or a 销毁清册 is a new document each time, with its own number.
        for index in out.indices where !out[index].job.form.isArchival && [.year, .task, .visit].contains(out[index].job.form.scope) {
            let job = out[index].job
            // A merged print is a print file of documents issued one by one, not a document of its own.
            if job.form.scope == .visit && job.visit == nil { continue }
            guard let before = issued[Self.key(job.form.name, job.year, job.task, job.visit)] else { continue }
            // The same contents as the latest version keep its name (a reprint of 第2版 is 第2版); other contents
            // are the next version. A file once issued is never written over with other contents.
            let latest = Self.version(of: before.path)
            let same = before.sha256 == sha256Hex(out[index].bytes)
            let version = same ? latest : latest + 1
            if version > 1 { out[index].name = (out[index].name as NSString).deletingPathExtension + "（第\(version)版）.docx" }
            if !same { reissued.append(out[index].name) }
        }
        if !reissued.isEmpty, (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw FormError(
                zh: "以下 \(reissued.count) 份文书已签发，内容有变：\(reissued.prefix(10).joined(separator: "、"))\(reissued.count > 10 ? "…" : "")。"
                    + "已签发的文书不覆盖；重新签发（另存为新版本）须写明理由：--reason 理由",
                en: "\(reissued.count) documents were issued before and now come out different: \(reissued.prefix(10).joined(separator: ", "))"
                    + "\(reissued.count > 10 ? "…" : ""). Issued documents are never overwritten; to issue a new version give the reason: --reason TEXT")
        }
        return (out, reissued)
    }

    /// What makes two issued documents the same document, whatever their version, path or format.
    public static func key(_ form: String, _ year: Int, _ task: String?, _ visit: String?) -> String {
        "\(form)|\(year)|\(task ?? "")|\(visit ?? "")"
    }

    /// The version a document's file name carries: `…（第3版）.docx` → 3, no mark → 1.
    static func version(of path: String) -> Int {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard name.hasSuffix("版）"), let open = name.range(of: "（第", options: .backwards) else { return 1 }
        return Int(name[open.upperBound...].dropLast(2)) ?? 1
    }

    func store(_ outputs: [(job: Job, name: String, bytes: [UInt8])], request: Request) throws -> [IssuedDocument] {
        var documents: [IssuedDocument] = []
        let manager = FileManager.default
        for output in outputs {
            let folder = request.out ?? workspace.layout.documents(of: output.job.task ?? String(output.job.year))
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = "\(folder)/\(output.name)"
            try AtomicFile.write(output.bytes, to: path)
            documents.append(
                IssuedDocument(
                    form: output.job.form.name, year: output.job.year, task: output.job.task, visit: output.job.visit,
                    number: output.job.number,
                    dated: output.job.dated, path: relative(path), sha256: sha256Hex(output.bytes), size: output.bytes.count,
                    isPublic: output.job.form.isPublic))
        }
        return documents
    }

    /// A path relative to the workspace when it is inside it.
    public func relative(_ path: String) -> String {
        let root = URL(fileURLWithPath: workspace.root).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        return full.hasPrefix(root) ? String(full.dropFirst(root.count)) : full
    }

    /// The absolute path of a recorded document.
    public func absolute(_ path: String) -> String { workspace.absolutePath(path) }

    static func labelled(_ error: TemplateError, form: String, subject: String) -> TemplateError {
        TemplateError(
            .badData,
            TemplateText(
                zh: "“\(form)”（\(subject)）：\(error.localized(english: false))",
                en: "'\(form)' (\(subject)): \(error.localized(english: true))"))
    }

    /// Personal data in the values a public form prints: every field it uses, followed into lists.
    static func personalData(in values: TemplateValue, fields: [TemplateField], path: String = "") -> [PublicView.Violation] {
        var found: [PublicView.Violation] = []
        for field in fields {
            guard let value = values[field.name] else { continue }
            let name = path.isEmpty ? field.name : "\(path).\(field.name)"
            if field.isList, case .array(let items) = value {
                for (index, item) in items.enumerated() {
                    if field.children.isEmpty {
                        if let kind = PublicView.personalData(in: item.text) {
                            found.append(.init(field: "\(name)[\(index + 1)]", kind: kind))
                        }
                    } else {
                        found += personalData(in: item, fields: field.children, path: "\(name)[\(index + 1)]")
                    }
                }
            } else if !field.children.isEmpty {
                found += personalData(in: value, fields: field.children, path: name)
            } else if let kind = PublicView.personalData(in: value.text), kind != "地址" || !field.name.hasSuffix("名称") {
                // A shop's name may read like an address (解放路88号大药房): public, as in PublicView.
                found.append(.init(field: name, kind: kind))
            }
        }
        return found
    }

    /// Today in Beijing, `2024-03-05`.
    public static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Clock.now())
    }
}
