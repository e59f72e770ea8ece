import Foundation
import Inspection
import Store
import Support
import Templating

/// The values a form is filled from, read once from a workspace: the office, the year's checklist and
/// plan, a task's draw, and each visit with its target, team, result, objection and case file.
///
/// Every form gets `机关`, `年度` and `成文日期`; a numbered form `文号`; the rest by scope (see
/// docs/FORMS.md, and `FormData.provided`, which tests hold equal to what is built here).
///
/// ```swift
/// let data = try FormData(workspace: workspace, catalog: catalog)
/// let values = try data.visit(visits[0], task: task, date: nil, archivist: "李四")   // for 检查告知书
/// ```
public struct FormData: Sendable {
    public let settings: OfficeSettings
    public let tasks: [PlanTask]
    let workspace: any CaseStore
    let items: [CheckItem]
    let targets: [String: Target]
    let inspectors: [String: Inspector]
    public let visits: [Visit]
    let results: [String: StoredResult]
    let objections: [String: Objection]
    let publications: [String: String]
    let departments: Set<String>
    /// The catalogue's forms in order (卷内文件目录 lists documents so), and those of the case file itself.
    let formOrder: [String: Int]
    let archivalForms: Set<String>
    /// The documents issued and the evidence, by visit, as they were when this was read.
    let documents: [String: [IssuedDocument]]
    let evidence: [String: [Evidence]]
    /// The 保管期限表, for the 档号 and term of a case file (nil: 30 years, `ArchivalCode.defaultRetention`).
    let retention: RetentionPolicy?

    /// Reads everything the forms need from the workspace.
    public init(workspace: any CaseStore, catalog: FormCatalog) throws {
        self.workspace = workspace
        formOrder = Dictionary(catalog.forms.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        archivalForms = Set(catalog.forms.filter(\.isArchival).map(\.name))
        settings = try workspace.settings()
        tasks = try workspace.tasks()
        items = try workspace.checkItems()
        let visits = try workspace.visits()
        self.visits = visits
        // Only the targets visited: a registry may hold a million.
        targets = try workspace.targets(codes: visits.map(\.target))
        let people = try workspace.inspectors()
        inspectors = Dictionary(people.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        departments = Set(people.map(\.department))
        var latest: [String: StoredResult] = [:]
        for visit in visits {
            if let last = try workspace.results(of: visit.id).last { latest[visit.id] = last }
        }
        results = latest
        // The latest objection of each visit.
        objections = Dictionary(try workspace.objections().map { ($0.visit, $0) }, uniquingKeysWith: { _, last in last })
        publications = try workspace.publications()
        documents = Dictionary(grouping: try workspace.documents().filter { $0.visit != nil }) { $0.visit ?? "" }
        evidence = Dictionary(grouping: try workspace.evidence(visit: nil), by: \.visit)
        let policy = catalog.retentionPath(workspace: workspace)
        retention = FileManager.default.fileExists(atPath: policy) ? try RetentionPolicy(contentsOfFile: policy) : nil
    }

    /// The task called `id`.
    public func task(_ id: String) throws -> PlanTask {
        guard let task = tasks.first(where: { $0.id == id }) else {
            let known = tasks.map { "\($0.id) \($0.name)" }
            throw FormError(
                zh: "计划中没有任务 \(id)" + (known.isEmpty ? "：计划为空（spotcheck plan import 计划.csv）" : "；计划中的任务有：\(known.joined(separator: "、"))"),
                en: "the plan has no task \(id)" + (known.isEmpty ? ": the plan is empty (spotcheck plan import PLAN.csv)" : "; its tasks: \(known.joined(separator: ", "))"))
        }
        return task
    }

    /// The visits of a task, in the order they are made.
    public func visits(of task: PlanTask) -> [Visit] { visits.filter { $0.tasks.contains(task.id) } }

    /// The 件号 of a visit's case file in its 档号: its place among the year's visits by visit number
    /// (a later task's visits come after).
    public func dossierSequence(of visit: Visit, year: Int) -> Int { CaseFile.sequence(of: visit, among: visits, year: year) }

    /// The latest result recorded for a visit.
    public func result(of visit: Visit) -> StoredResult? { results[visit.id] }

    /// The objection to a visit's published result, if any.
    public func objection(to visit: Visit) -> Objection? { objections[visit.id] }

    // MARK: - Values

    /// What every form has: the office, the year and the date printed on it.
    func common(year: Int, date: String) -> [String: TemplateValue] {
        [
            "机关": .object(
                [
                    "名称": .string(settings.office), "区域": .string(settings.district), "全宗号": .string(settings.fondsNumber),
                    "机关代字": .string(settings.documentPrefix),
                ].merging(OfficeSettings.detailNames.map { ($0.name, TemplateValue.string(settings.details[$0.name] ?? "")) }) { own, _ in own }),
            "年度": .number(Double(year)),
            "成文日期": .string(date),
        ]
    }

    /// The year's forms: the checklist, the plan and its joint lists, the non-cooperation list.
    public func year(_ year: Int, date: String) throws -> [String: TemplateValue] {
        var values = common(year: year, date: date)
        values["事项"] = .array(
            items.enumerated().map { index, item in
                .object([
                    "序号": .number(Double(index + 1)), "部门名称": .string(settings.office), "名称": .string(item.name),
                    "依据": .string(item.basis), "主体": .string(item.checkingBody.isEmpty ? settings.office : item.checkingBody),
                    "内容": .string(item.content), "类别": .string(item.category.isEmpty ? "一般" : item.category),
                    "检查对象": .string(item.targetKind), "比例": .string(item.ratio.isEmpty ? Self.ratioText(settings.ratios) : item.ratio),
                    "频次": .string(item.frequency), "方式": .string(item.method.isEmpty ? "现场检查" : item.method),
                    "备注": .string(item.remarks),
                ])
            })
        let yearTasks = tasks.filter { $0.year == year }
        values["计划"] = .array(yearTasks.map(planLine))
        // 003 annexes 2–3: joint tasks this office initiates, and those it joins.
        values["联合计划"] = .array(yearTasks.filter { !$0.cooperators.isEmpty && initiatedHere($0) }.map(planLine))
        values["配合计划"] = .array(yearTasks.filter { !initiatedHere($0) }.map(planLine))
        // Personal data in a public line stops the form: the violation names the field.
        let lines = try PublicView.nonCooperation(
            visits: visits.map { ($0.id, $0.target) }, targets: targets, results: results.mapValues(\.result)
        ).filter { line in line.dates.contains { $0.hasPrefix("\(year)") } }
        values["不予配合"] = .array(
            lines.map { line in
                .object([
                    "机构名称": .string(line.targetName), "统一社会信用代码": .string(line.creditCode), "次数": .number(Double(line.count)),
                    "日期": .string(line.dates.joined(separator: "、")), "情形": .string(line.circumstances.joined(separator: "；")),
                ])
            })
        return values
    }

    /// A task's forms: the task, and its locked draw when the form needs it.
    public func task(_ task: PlanTask, date: String?, needsDraw: Bool) throws -> [String: TemplateValue] {
        var draw: TemplateValue?
        var drawDate = task.start
        if needsDraw {
            let (record, path, sha256) = try workspace.lockedDraw(task: task.id, candidates: false)
            let local = Self.beijingTime(record.drawnAt)
            drawDate = String(local.prefix(10))
            let named = try workspace.targets(codes: record.result.flatMap(\.drawn) + record.excluded.map(\.code))
            draw = drawValue(record, path: path, sha256: sha256, time: local, targets: named, attempts: try attempts(record, path: path, sha256: sha256))
        }
        var values = common(year: task.year, date: date ?? drawDate)
        values["任务"] = taskValue(task)
        if let draw { values["抽取"] = draw }
        let published = try PublicView.results(
            task: task, office: settings.office, visits: visits.map { ($0.id, $0.target, $0.tasks) }, targets: targets,
            results: results.mapValues(\.result))
        values["公示"] = .array(
            published.map { line in
                .object([
                    "机构名称": .string(line.targetName), "统一社会信用代码": .string(line.creditCode),
                    "抽查事项": .string(line.items.joined(separator: "、")), "检查结果": .string(line.outcome), "检查日期": .string(line.date),
                ])
            })
        values["公示日期"] = .string(publications[task.id] ?? "")
        values["公示期间"] = .string(try publicationPeriod(of: task, date: date))
        return values
    }

    /// The days a task's results are open to objection: from the publication (or the notice's date)
    /// for the office's 公示期 in working days; empty while the office has not recorded one.
    func publicationPeriod(of task: PlanTask, date: String?) throws -> String {
        // From the notice's own date (its first issue's, kept on reprints), so that recording the publication
        // afterwards does not change a 公示 already posted.
        guard let days = settings.publicationDays,
            let start = CivilDate(parsing: date ?? publications[task.id] ?? resultsDate(of: task))
        else { return "" }
        // The N-th working day counting the first (a start on a Saturday counts from the Monday).
        let end = try WorkCalendar.official().adding(workingDays: days, to: start.adding(days: -1))
        return Self.period(start.description, end.description)
    }

    /// The date a task's results notice carries: its publication, else the last visit's end.
    public func resultsDate(of task: PlanTask) -> String {
        if let published = publications[task.id] { return published }
        return visits(of: task).compactMap { results[$0.id]?.result.finished.description }.max() ?? task.end
    }

    /// A visit's forms: the task, the visit with its target, team and items, and — when recorded —
    /// its result, objection and case file.
    public func visit(_ visit: Visit, task: PlanTask, date: String?, archivist: String) throws -> [String: TemplateValue] {
        var values = common(year: task.year, date: date ?? visit.date)
        values["任务"] = taskValue(task)
        let target = targets[visit.target]
        let result = results[visit.id]
        // The team and the items as the case file has them (the same rules the archive seals by).
        let members = CaseFile.team(of: visit, inspectors: inspectors)
        let team: [TemplateValue] = members.map { member in
            .object([
                "姓名": .string(member.name), "执法证号": .string(member.certificate.isEmpty ? "—" : member.certificate),
                "部门": .string(member.unit), "角色": .string(member.role.rawValue),
            ])
        }
        let names = members.map { $0.name + ($0.certificate.isEmpty ? "（专家）" : "（\($0.certificate)）") }
        let leader = inspectors[visit.leader]
        let itemNames = CaseFile.items(of: visit, tasks: tasks)
        let visitItems: [TemplateValue] = itemNames.enumerated().map { index, name in
            let item = items.first { $0.name == name }
            let findings = result?.result.findings.filter { $0.item == name }.map(\.finding) ?? []
            let found = findings.isEmpty ? (result?.result.status == .checked ? "未发现问题" : "") : findings.joined(separator: "；")
            return .object([
                "序号": .number(Double(index + 1)), "名称": .string(name), "依据": .string(item?.basis ?? ""), "发现": .string(found),
            ])
        }
        var inspection: [String: TemplateValue] = [
            "编号": .string(visit.id), "日期": .string(visit.date),
            "地点": .string(target?.address.isEmpty == false ? target?.address ?? "" : target?.name ?? ""),
            "机构": .object([
                "名称": .string(target?.name ?? visit.target), "统一社会信用代码": .string(visit.target), "类型": .string(target?.type ?? ""),
                "地址": .string(target?.address ?? ""), "法定代表人": .string(target?.legalRepresentative ?? ""),
                "风险等级": .string(target?.riskGrade ?? ""),
            ]),
            "组长": .object([
                "姓名": .string(leader?.name ?? visit.leader), "执法证号": .string(leader?.certificate ?? ""),
                "部门": .string(leader?.department ?? ""),
            ]),
            "检查组": .array(team), "检查人员": .string(names.joined(separator: "、")),
            "事项": .array(visitItems), "事项名称": .string(itemNames.joined(separator: "、")),
            // What a 责令限期整改通知书 lists: the items where something was found, not "未发现问题".
            "问题": .array(
                itemNames.enumerated().compactMap { _, name in
                    let problems = result?.result.findings.filter { $0.item == name && $0.isProblem } ?? []
                    return problems.isEmpty ? nil : .object(["名称": .string(name), "发现": .string(problems.map(\.finding).joined(separator: "；"))])
                }),
        ]
        if let result {
            inspection["结果"] = resultValue(result)
            values["成文日期"] = .string(date ?? result.result.finished.description)
        }
        if let objection = objections[visit.id] {
            inspection["异议"] = .object([
                "收到日期": .string(objection.receivedOn), "申请人": .string(objection.applicant), "理由": .string(objection.reason),
                "复查期限": .string(objection.reviewDue), "复查日期": .string(objection.decidedOn ?? ""),
                "复查结论": .string(objection.decision ?? ""),
            ])
        }
        if let result {
            inspection["档案"] = try caseFile(visit: visit, task: task, target: target, result: result, archivist: archivist, date: date)
        }
        values["检查"] = .object(inspection)
        return values
    }

    // MARK: - Parts

    func taskValue(_ task: PlanTask) -> TemplateValue {
        .object([
            "编号": .string(task.id), "名称": .string(task.name), "年度": .number(Double(task.year)),
            "事项名称": .string(task.items.joined(separator: "、")),
            "事项": .array(
                task.items.map { name in .object(["名称": .string(name), "依据": .string(items.first { $0.name == name }?.basis ?? "")]) }),
            "对象范围": .string(Self.scopeText(task)), "比例": .string(Self.ratioText(task.ratios)),
            "开始日期": .string(task.start), "结束日期": .string(task.end), "期间": .string(Self.period(task.start, task.end)),
            "发起部门": .string(task.initiator), "配合部门": .string(task.cooperators.joined(separator: "、")),
        ])
    }

    func planLine(_ task: PlanTask) -> TemplateValue {
        let checklist = task.items.compactMap { name in items.first { $0.name == name } }
        let frequency = checklist.map(\.frequency).first { !$0.isEmpty } ?? "1"
        return .object([
            "编号": .string(task.id), "名称": .string(task.name),
            // 004 §6: 抽查类型 — directional when the task filters the targets (002 (十三)).
            "类型": .string(task.targetTypes.isEmpty && task.districts.isEmpty ? "不定向抽查" : "定向抽查"),
            "事项": .string(task.items.joined(separator: "、")), "对象范围": .string(Self.scopeText(task)),
            "比例": .string(Self.ratioText(task.ratios)), "开始日期": .string(task.start), "结束日期": .string(task.end),
            "期间": .string(Self.period(task.start, task.end)), "发起部门": .string(task.initiator), "配合部门": .string(task.cooperators.joined(separator: "、")),
            "方式": .string(checklist.map(\.method).first { !$0.isEmpty } ?? "现场检查"),
            "频次": .string(frequency.allSatisfy(\.isNumber) ? "\(frequency) 次/年" : frequency), "备注": .string(""),
        ])
    }

    /// Every attempt at the task's draw, first to last, by the chain of records each redraw cites.
    func attempts(_ record: DrawRecord, path: String, sha256: String) throws -> [(record: DrawRecord, sha256: String)] {
        var chain = [(record: record, sha256: sha256)]
        var folder = (workspace.layout.absolute(path) as NSString).deletingLastPathComponent
        while let previous = chain[0].record.previous {
            let file = "\(folder)/\(previous.record)"
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw FormError(zh: "找不到上一次抽取的记录 \(previous.record)", en: "the previous attempt's record \(previous.record) is missing", code: .notFound)
            }
            chain.insert((try DrawRecord(xml: Array(bytes), source: file, candidates: false), previous.sha256), at: 0)
            folder = (file as NSString).deletingLastPathComponent
        }
        return chain
    }

    /// Long on purpose: every value the 公告 and the 随机抽取记录 print of a draw, named once.
    func drawValue(
        _ record: DrawRecord, path: String, sha256: String, time: String, targets: [String: Target],
        attempts: [(record: DrawRecord, sha256: String)]
    ) -> TemplateValue {
        let drawn = record.result.flatMap(\.drawn)
        let strata: [TemplateValue] = record.result.map { selection in
            let parts = selection.stratum.split(separator: "/").map(String.init)
            let ratio = record.strata.first { $0.name == selection.stratum }?.ratio.description ?? ""
            return .object([
                "类型": .string(parts.first ?? selection.stratum), "等级": .string(parts.count > 1 ? parts[1] : ""),
                "总数": .number(Double(selection.population)), "比例": .string(ratio),
                "抽取数": .number(Double(selection.drawn.count)),
            ])
        }
        let grades = Dictionary(
            record.result.flatMap { selection in selection.drawn.map { ($0, selection.stratum) } }, uniquingKeysWith: { a, _ in a })
        return .object([
            "时间": .string(time), "日期": .string(String(time.prefix(10))), "种子": .string(record.seed), "名录版本": .string(record.registryHash),
            "算法": .string(record.algorithm), "操作人": .string(record.actor), "见证人": .string(record.witnesses.joined(separator: "、")),
            "记录文件": .string(path), "记录摘要": .string(sha256),
            "次数": .number(Double(record.attempt)), "重抽": .bool(record.attempt > 1),
            "理由": .string(attempts.dropFirst().map { "第\($0.record.attempt)次：\($0.record.reason)" }.joined(separator: "；")),
            "快照文件": .string(record.registryFile.isEmpty ? "" : "draws/\(record.registryFile)"),
            "补录时间": .string(record.enteredAt.isEmpty ? "" : String(Self.beijingTime(record.enteredAt).prefix(10))),
            "补录理由": .string(record.entryReason),
            "历次": .array(
                attempts.map { attempt in
                    .object([
                        "次序": .string("第\(attempt.record.attempt)次"), "时间": .string(Self.beijingTime(attempt.record.drawnAt)),
                        "种子": .string(attempt.record.seed), "理由": .string(attempt.record.attempt == 1 ? "—" : attempt.record.reason),
                        "摘要": .string(String(attempt.sha256.prefix(16))),
                    ])
                }),
            "候选数": .number(Double(record.result.reduce(0) { $0 + $1.population })), "排除数": .number(Double(record.excluded.count)),
            "抽中数": .number(Double(drawn.count)), "分层": .array(strata),
            "排除": .array(
                record.excluded.map { exclusion in
                    .object([
                        "统一社会信用代码": .string(exclusion.code), "机构名称": .string(targets[exclusion.code]?.name ?? ""),
                        "原因": .string(exclusion.reason),
                    ])
                }),
            "结果": .array(
                drawn.map { code in
                    let target = targets[code]
                    return .object([
                        "统一社会信用代码": .string(code), "机构名称": .string(target?.name ?? ""),
                        "机构类型": .string(target?.type ?? ""),
                        "风险等级": .string(target?.riskGrade ?? String(grades[code]?.split(separator: "/").last ?? "")),
                        "所属区域": .string(target?.district ?? ""),
                    ])
                }),
        ])
    }

    func resultValue(_ stored: StoredResult) -> TemplateValue {
        let result = stored.result
        let checked = result.status == .checked
        let cases = result.nonCooperation.compactMap { VisitResult.nonCooperationCases[$0] }
        var nonCooperation = cases.joined(separator: "；")
        if !result.nonCooperationDetails.isEmpty { nonCooperation += (nonCooperation.isEmpty ? "" : "：") + result.nonCooperationDetails }
        return .object([
            "状态": .string(result.status.rawValue), "已检查": .bool(checked), "开始": .string((result.started ?? result.finished).description),
            "结束": .string(result.finished.description),
            "期间": .string(Self.period((result.started ?? result.finished).description, result.finished.description)),
            "方式": .string(result.method.formLabel),
            "处理意见": .string(result.conclusion), "备注": .string(result.remarks),
            "整改期限": .string(result.rectifyBy?.description ?? ""), "签字人": .string(result.signedBy), "拒签原因": .string(result.refusal),
            "见证人": .string(result.witness), "不予配合情形": .string(nonCooperation), "评价": .string(Self.evaluation(result)),
            "更正": .string(stored.correction ?? ""), "单位负责人": .string(stored.unitHead ?? ""), "版本": .number(Double(stored.version)),
            "违规金额": result.violationAmount.map { .number($0.yuan) } ?? .string(""),
            "追回金额": result.recoveryAmount.map { .number($0.yuan) } ?? .string(""),
            "金额说明": .string(Self.amounts(result)),
        ])
    }

    /// 违规金额 and 追回金额 in words for a form: `涉及违规金额12,345.60元（大写：壹万贰仟叁佰肆拾伍元陆角整）；…`;
    /// empty when the result records none.
    static func amounts(_ result: VisitResult) -> String {
        func text(_ money: Money) -> String {
            let figures = ChineseFormat.number(money.yuan, decimals: 2, grouping: true)
            guard let words = ChineseFormat.uppercaseAmount(money.yuan) else { return "\(figures)元" }
            return "\(figures)元（大写：\(words)）"
        }
        var parts: [String] = []
        if let violation = result.violationAmount { parts.append("涉及违规金额" + text(violation)) }
        if let recovery = result.recoveryAmount { parts.append("应退回医疗保障基金" + text(recovery)) }
        return parts.joined(separator: "；")
    }

    /// The case file of a visit (一对象一档案, 002 (二十六)): its 档号 and the documents and evidence in it.
    func caseFile(visit: Visit, task: PlanTask, target: Target?, result: StoredResult, archivist: String, date: String?) throws
        -> TemplateValue
    {
        let all = documents[visit.id] ?? []
        let documents = all
            .filter { $0.format == "docx" && !archivalForms.contains($0.form) }
            .sorted { (formOrder[$0.form] ?? Int.max, $0.form) < (formOrder[$1.form] ?? Int.max, $1.form) }
        let sequence = dossierSequence(of: visit, year: task.year)
        let evidence = evidence[visit.id] ?? []
        var files: [TemplateValue] = []
        var dates = [visit.date, result.result.finished.description].filter { !$0.isEmpty }
        for document in documents {
            files.append(
                .object([
                    "件号": .number(Double(files.count + 1)), "文号": .string(document.number ?? "—"), "责任者": .string(settings.office),
                    "题名": .string("\(target?.name ?? visit.target)\(document.form)"), "日期": .string(Self.compactDate(document.dated)),
                    "页数": .string(pages(of: all.first { $0.form == document.form && $0.format == "pdf" })), "密级": .string(settings.classification),
                    "备注": .string(""),
                ]))
            dates.append(document.dated)
        }
        for file in evidence {
            files.append(
                .object([
                    "件号": .number(Double(files.count + 1)), "文号": .string("—"), "责任者": .string("检查组"),
                    "题名": .string("现场检查证据：\(file.name)"), "日期": .string(Self.compactDate(result.result.finished.description)),
                    "页数": .string(pages(ofFile: file.path)), "密级": .string(settings.classification), "备注": .string("证据材料"),
                ]))
        }
        let outcome = result.result.conclusion
        let closed = result.result.finished.description
        let term = retention?.term(
            status: result.result.status, outcome: result.result.outcome, closed: closed, rectifyBy: result.result.rectifyBy?.description ?? "",
            filed: date ?? dates.max() ?? closed)
        let period = term?.retention ?? ArchivalCode.defaultRetention
        let sealed = try workspace.latestDossier(visit: visit.id)
        return .object([
            "档号": .string(ArchivalCode.dossier(fonds: settings.fondsNumber, year: task.year, sequence: sequence, retention: period)),
            "题名": .string("\(target?.name ?? visit.target)医疗保障基金“双随机、一公开”抽查卷宗（\(task.year)年度）"),
            "保管期限": .string(period.label), "起始日期": .string(dates.min() ?? visit.date),
            "终止日期": .string(dates.max() ?? visit.date), "起止": .string(Self.period(dates.min() ?? visit.date, dates.max() ?? visit.date)),
            "件数": .number(Double(files.count)),
            "文书数": .number(Double(documents.count)), "证据数": .number(Double(evidence.count)), "处理意见": .string(outcome),
            "文件": .array(files), "立卷人": .string(archivist), "检查人": .string(settings.people["检查人"] ?? ""),
            "密级": .string(settings.classification),
            // A case file already sealed keeps its sealing day on a reprint; `archive seal` prints it with the day it seals.
            "立卷日期": .string(date ?? sealed?.sealedAt ?? dates.max() ?? visit.date),
        ])
    }

    /// 页数 of a 件: its PDF rendition's pages, read from the file (blank when there is none, or when the
    /// PDF hides its page tree in compressed object streams).
    func pages(of pdf: IssuedDocument?) -> String { pdf.map { pages(ofFile: $0.path) } ?? "" }

    /// A PDF's pages (an evidence PDF's too), a photo one, blank for anything else.
    func pages(ofFile path: String) -> String {
        let pages = PDFFacts.pages(named: path) { FileManager.default.contents(atPath: workspace.absolutePath(path)).map(Array.init) }
        return pages.map(String.init) ?? ""
    }

    // MARK: - Text

    /// `A级5%、B级10%`: ratios in grade order.
    static func ratioText(_ ratios: [String: Ratio]) -> String {
        ratios.keys.sorted().map { "\($0)级\(ratios[$0]?.description ?? "")" }.joined(separator: "、")
    }

    /// `2024年3月1日至2024年6月28日`, or one date for a one-day period (issue 14: not "3月1日至3月1日").
    static func period(_ start: String, _ end: String) -> String {
        guard let first = ChineseFormat.Day(parsing: start) else { return start == end ? start : "\(start)至\(end)" }
        guard start != end, let last = ChineseFormat.Day(parsing: end) else { return ChineseFormat.date(first) }
        return "\(ChineseFormat.date(first))至\(ChineseFormat.date(last))"
    }

    static func scopeText(_ task: PlanTask) -> String {
        let types = task.targetTypes.isEmpty ? "全部检查对象" : task.targetTypes.joined(separator: "、")
        return task.districts.isEmpty ? types : "\(task.districts.joined(separator: "、"))的\(types)"
    }

    /// 000 §19: the report's 对被检查人的评价, from the outcome of 000 §20.
    static func evaluation(_ result: VisitResult) -> String {
        switch result.outcome {
        case nil: return "检查对象\(result.status.rawValue)，未实施检查，按已完成处理（002 (二十四)）。"
        case .compliant: return "该单位医疗保障基金使用总体规范，未发现违反医疗保障监督管理法律法规的问题。"
        case .rectify: return "该单位医疗保障基金使用存在上述问题，应在期限内整改到位。"
        case .other: return "该单位存在需另行处理的情况\(result.remarks.isEmpty ? "" : "：\(result.remarks)")。"
        case .investigate: return "该单位涉嫌违反医疗保障监督管理法律法规，需进一步调查处理。"
        }
    }

    /// DA/T 22-2015 卷内文件目录 dates: eight digits, `20240301`.
    static func compactDate(_ date: String) -> String { date.filter(\.isNumber) }

    /// An ISO 8601 UTC time as Beijing time, `2024-03-05 10:20`.
    static func beijingTime(_ iso: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// Whether this office initiated a task (003 annex 2) rather than joining another body's (annex 3).
    func initiatedHere(_ task: PlanTask) -> Bool {
        task.initiator == settings.office || settings.office.contains(task.initiator) || departments.contains(task.initiator)
            || task.initiator.contains("医疗保障") || task.initiator.contains("医保")
    }
}
