import Foundation
import Inspection
import Store
import Support

/// What a visit found, its evidence, and the publication of a task's results (000 §18–20, §24;
/// 002 (二十二)–(二十四)).
///
/// ```swift
/// let results = ResultService(store: workspace)
/// let (stored, _) = try results.record(entry, evidence: ["现场照片1.jpg"], by: User("张三"))
/// try results.publish(task: "2024-01", on: CivilDate(year: 2024, month: 7, day: 20)!, by: User("张三"))
/// ```
public struct ResultService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// Records a result as a clerk typed it (labels, short forms, `ITEM=FINDING`), with its evidence:
    /// every problem of the entry, labels and rules alike, and every unreadable evidence file are
    /// reported at once, and nothing is recorded unless there are none.
    /// - Parameter basedOn: the version the person edited (0 for none yet): a result stored meanwhile by
    ///   someone else is then not overwritten but reported.
    /// - Returns: the version stored and the evidence added.
    @discardableResult
    public func record(
        _ entry: ResultEntry, correction: String? = nil, unitHead: String? = nil, evidence files: [String] = [], basedOn: Int? = nil, by user: User,
        at date: Date = Clock.now()
    ) throws -> (StoredResult, [Evidence]) {
        let visit = try visit(entry.visit)
        let tasks = try store.tasks().filter { visit.tasks.contains($0.id) }
        let result: VisitResult
        switch entry.resolved(items: tasks.flatMap(\.items)) {
        case .success(let resolved): result = resolved
        case .failure(let problems): throw Self.resultProblems(entry.visit, problems.list)
        }
        // Evidence is checked before the result is recorded: if one fails, neither is recorded.
        if !files.isEmpty { try store.checkEvidence(files, for: visit.id) }
        let stored = try record(result, of: visit, tasks: tasks, correction: correction, unitHead: unitHead, basedOn: basedOn, by: user, at: date)
        let added = files.isEmpty ? [] : try store.addEvidence(files, to: visit.id, actor: user.name, at: date)
        return (stored, added)
    }

    /// Records a visit's result (all problems at once). Once a task of the visit is published, the result
    /// may only be corrected: `correction` says why and `unitHead` names the unit head who signed it; the
    /// original stays (002 (二十三)).
    @discardableResult
    public func record(
        _ result: VisitResult, correction: String? = nil, unitHead: String? = nil, by user: User, at date: Date = Clock.now()
    ) throws -> StoredResult {
        let visit = try visit(result.visit)
        let tasks = try store.tasks().filter { visit.tasks.contains($0.id) }
        return try record(result, of: visit, tasks: tasks, correction: correction, unitHead: unitHead, by: user, at: date)
    }

    /// Records a result of a visit already read, with its tasks (the items they check, their windows). When
    /// another writer stores a version of the same visit meanwhile, the result is recorded after it (both
    /// are kept, in the order they were stored) — unless `basedOn` names the version the person was looking
    /// at, when the change is refused so that they can see the other one first.
    func record(
        _ result: VisitResult, of visit: Visit, tasks: [PlanTask], correction: String?, unitHead: String?, basedOn: Int? = nil, by user: User,
        at date: Date
    ) throws -> StoredResult {
        var attempt = 0
        while true {
            do {
                return try recordOnce(result, of: visit, tasks: tasks, correction: correction, unitHead: unitHead, basedOn: basedOn, by: user, at: date)
            } catch let error as StoreError where error.code == .conflict && basedOn == nil && attempt < 20 {
                attempt += 1
            }
        }
    }

    func recordOnce(
        _ result: VisitResult, of visit: Visit, tasks: [PlanTask], correction: String?, unitHead: String?, basedOn: Int?, by user: User, at date: Date
    ) throws -> StoredResult {
        let problems = result.problems(items: tasks.flatMap(\.items)) + Self.outsideWindow(result, tasks: tasks)
        if !problems.isEmpty { throw Self.resultProblems(result.visit, problems.map { LocalizedText(zh: $0.zh, en: $0.en) }) }
        let published = try store.publications().keys.filter(visit.tasks.contains).sorted()
        let previous = try store.results(of: result.visit).last
        if let basedOn, basedOn != (previous?.version ?? 0) {
            throw WorkflowError(
                zh: "检查 \(result.visit) 的结果在您编辑期间已被他人修改（现为第 \(previous?.version ?? 0) 版），请查看最新结果后再保存",
                en: "the result of visit \(result.visit) was changed by someone else while you edited it (now version \(previous?.version ?? 0)); look at it and save again",
                code: .conflict)
        }
        if previous != nil, !published.isEmpty {
            guard let correction, !correction.isEmpty, let unitHead, !unitHead.isEmpty else {
                throw WorkflowError(
                    zh:
                        "检查 \(result.visit) 的结果已公示（任务 \(published.joined(separator: "、"))），不得擅自更改；确有错误的，须写明更正理由（--correction）并由单位主要负责人签字确认（--unit-head）（002 (二十三)）",
                    en:
                        "the result of visit \(result.visit) is published (task \(published.joined(separator: ", "))) and may not be changed; a proven error is corrected with a reason (--correction) and the unit head's signature (--unit-head) (002 (二十三))"
                )
            }
        }
        // The same result again (a command run twice, or rerun after it was cut off) is not a new version.
        if let previous, previous.result == result { return previous }
        // A correction of a published result is public at once: checked as the publication was (002 (二十二)).
        for task in tasks where published.contains(task.id) {
            let found = PublicView.violations(
                task: task, visits: [(visit.id, visit.target, visit.tasks)], targets: try store.targets(codes: [visit.target]),
                results: [visit.id: result])
            if !found.isEmpty {
                throw WorkflowError(
                    LocalizedText(zh: "更正后的结果已公示，不能含有个人信息：", en: "a correction is published at once and must hold no personal data:"),
                    problems: found.map { visit, violation in
                        LocalizedText(zh: "检查 \(visit)：“\(violation.field)”含有\(violation.kind)", en: "visit \(visit): \(violation.field) holds \(violation.kind)")
                    })
            }
        }
        let stored = StoredResult(
            version: (previous?.version ?? 0) + 1, result: result, recordedAt: ISO8601DateFormatter().string(from: date), actor: user.name,
            correction: published.isEmpty ? nil : correction, unitHead: published.isEmpty ? nil : unitHead)
        try store.saveResult(stored, previous: previous, at: date)
        return stored
    }

    /// A check dated outside its task's window (开始日期–结束日期 of the plan): a mistyped year or month
    /// more often than a late check, so it is refused and says the window.
    static func outsideWindow(_ result: VisitResult, tasks: [PlanTask]) -> [LocalizedText] {
        guard let start = tasks.compactMap({ CivilDate(parsing: $0.start) }).min(), let end = tasks.compactMap({ CivilDate(parsing: $0.end) }).max()
        else { return [] }
        var problems: [LocalizedText] = []
        let dates: [(CivilDate, String, String)] =
            result.started.map { $0 == result.finished ? [] : [($0, "开始日期", "start ")] } ?? []
        for (date, zh, en) in dates + [(result.finished, dates.isEmpty ? "日期" : "结束日期", dates.isEmpty ? "" : "end ")] {
            guard date < start || end < date else { continue }
            problems.append(
                LocalizedText(
                    "检查\(zh) \(date) 不在任务的检查期间 \(start)–\(end) 之内（请核对年份和月份）",
                    "the check's \(en)date \(date) is outside the task's window \(start)–\(end) (check the year and month)"))
        }
        return problems
    }

    /// Records the results of a filled sheet (结果登记表) — every row checked first, every problem of every
    /// row reported at once with its line, then all recorded in one transaction, or none. A sheet records
    /// first results and changes before publication; a published result is corrected one by one, with
    /// its reason and the unit head (002 (二十三)).
    /// - Returns: the results stored, in the sheet's order (a row equal to the visit's current result is
    ///   not stored again).
    /// - Throws: `WorkflowError` listing every problem by line.
    /// - Parameter sheetProblems: what was wrong with the sheet's cells themselves (`ResultSheet.read`),
    ///   reported together with the rows' results' problems.
    public func recordSheet(
        _ rows: [ResultSheet.Row], source: String, sheetProblems: [LocalizedText] = [], by user: User, at date: Date = Clock.now()
    ) throws -> [StoredResult] {
        let visits = Dictionary(try store.visits().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let tasks = try store.tasks()
        let published = try store.publications()
        var problems = sheetProblems
        var batch: [(stored: StoredResult, previous: StoredResult?)] = []
        let stamp = ISO8601DateFormatter().string(from: date)
        for row in rows {
            func problem(_ text: LocalizedText) {
                problems.append(LocalizedText("\(source) 第 \(row.line) 行（检查 \(row.entry.visit)）：\(text.zh)", "\(source) line \(row.line) (visit \(row.entry.visit)): \(text.en)"))
            }
            guard let visit = visits[row.entry.visit] else {
                problem(LocalizedText("没有这个检查（spotcheck match list 列出全部检查）", "there is no such visit (spotcheck match list lists them)"))
                continue
            }
            if let task = visit.tasks.first(where: { published[$0] != nil }) {
                problem(
                    LocalizedText(
                        "任务 \(task) 已公示，结果只能逐条更正（spotcheck result record … --correction --unit-head，002 (二十三)）",
                        "task \(task) is published: results are corrected one by one (spotcheck result record … --correction --unit-head, 002 (二十三))"))
                continue
            }
            let items = tasks.filter { visit.tasks.contains($0.id) }.flatMap(\.items)
            switch row.entry.resolved(items: items) {
            case .failure(let found): found.list.forEach(problem)
            case .success(let result):
                let rules = result.problems(items: items) + Self.outsideWindow(result, tasks: tasks.filter { visit.tasks.contains($0.id) })
                guard rules.isEmpty else {
                    rules.forEach { problem(LocalizedText(zh: $0.zh, en: $0.en)) }
                    continue
                }
                let previous = try store.results(of: visit.id).last
                // The same sheet imported again changes nothing: an unchanged result is not a new version.
                if previous?.result == result { continue }
                batch.append(
                    (StoredResult(version: (previous?.version ?? 0) + 1, result: result, recordedAt: stamp, actor: user.name, correction: nil, unitHead: nil), previous))
            }
        }
        guard problems.isEmpty else {
            throw WorkflowError(LocalizedText("结果登记表有 \(problems.count) 处问题，未记录任何结果：", "the result sheet has \(problems.count) problems; nothing was recorded:"), problems: problems)
        }
        try store.saveResults(batch, at: date)
        return batch.map(\.stored)
    }

    /// Copies evidence files into the workspace, each with its SHA-256, all or nothing.
    @discardableResult
    public func addEvidence(_ files: [String], to visit: String, by user: User, at date: Date = Clock.now()) throws -> [Evidence] {
        try store.addEvidence(files, to: visit, actor: user.name, at: date)
    }

    // MARK: - Review

    /// Submits the current version of a visit's result for the unit head's review.
    /// - Parameter version: the version the person was looking at; refused when another is current now.
    public func submit(visit id: String, version: Int? = nil, by user: User, at date: Date = Clock.now()) throws {
        let current = try currentVersion(of: id, seen: version)
        try store.saveReview(
            ResultReview(visit: id, version: current.version, action: .submit, actor: user.name, at: ISO8601DateFormatter().string(from: date)), at: date)
    }

    /// The unit head's review of the submitted version: approved, or returned with the reason. Nobody
    /// reviews a version they recorded themselves.
    /// - Parameter version: the version the unit head read; refused when another is current now.
    public func review(visit id: String, version: Int? = nil, approve: Bool, note: String, by user: User, at date: Date = Clock.now()) throws {
        let current = try currentVersion(of: id, seen: version)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if current.actor == user.name {
            throw WorkflowError(
                zh: "检查 \(id) 的这一版结果是你录入的，须由另一位负责人审核", en: "you recorded this version of visit \(id)'s result: another unit head reviews it",
                code: .conflict)
        }
        if !approve && note.isEmpty {
            throw WorkflowError(zh: "退回须写明理由", en: "a result is returned with the reason")
        }
        try store.saveReview(
            ResultReview(
                visit: id, version: current.version, action: approve ? .approve : .return, actor: user.name,
                at: ISO8601DateFormatter().string(from: date), note: note), at: date)
    }

    func currentVersion(of id: String, seen: Int?) throws -> StoredResult {
        _ = try visit(id)
        guard let current = try store.results(of: id).last else {
            throw WorkflowError(zh: "检查 \(id) 还没有结果", en: "visit \(id) has no result yet", code: .notFound)
        }
        if let seen, seen != current.version {
            throw WorkflowError(
                zh: "检查 \(id) 的结果已有第 \(current.version) 版（你看到的是第 \(seen) 版），请查看后再操作",
                en: "visit \(id) now has result version \(current.version) (you saw version \(seen)); look at it first", code: .conflict)
        }
        return current
    }

    // MARK: - Publication

    /// Records that a task's results were published on `day`; every visit must have a result — reviewed
    /// and approved by the unit head where the office wants results reviewed.
    public func publish(task id: String, on day: CivilDate, by user: User) throws {
        let visits = try store.visits().filter { $0.tasks.contains(id) }
        guard !visits.isEmpty else { throw WorkflowError(zh: "任务 \(id) 没有检查", en: "task \(id) has no visits", code: .notFound) }
        let results = try store.currentResults()
        let missing = visits.filter { results[$0.id] == nil }.map(\.id)
        if !missing.isEmpty {
            throw WorkflowError(
                zh: "以下检查还没有结果，不能公示：\(missing.joined(separator: "、"))",
                en: "these visits have no result yet: \(missing.joined(separator: ", "))")
        }
        var approved: [String: Int]?
        if try store.settings().resultReview {
            let states = try store.reviewStates()
            let open = visits.filter { states[$0.id] != .approved }
            if !open.isEmpty {
                throw WorkflowError(
                    LocalizedText(
                        zh: "本单位的结果须经负责人审核后公示；以下 \(open.count) 个检查的结果尚未审核通过：",
                        en: "this office's results are reviewed before publication; \(open.count) visits are not approved yet:"),
                    problems: open.map { visit in
                        let state = states[visit.id] ?? .draft
                        return LocalizedText(zh: "检查 \(visit.id)：\(state.label)", en: "visit \(visit.id): \(state.english)")
                    })
            }
            approved = Dictionary(uniqueKeysWithValues: try visits.map { ($0.id, try store.results(of: $0.id).last?.version ?? 0) })
        }
        // What goes public is checked before the publication is recorded, every field at once (002 (二十二)).
        guard let task = try store.tasks().first(where: { $0.id == id }) else {
            throw try WorkflowError.unknownTask(id, in: store)
        }
        let found = PublicView.violations(
            task: task, visits: visits.map { ($0.id, $0.target, $0.tasks) }, targets: try store.targets(codes: visits.map(\.target)),
            results: results)
        if !found.isEmpty {
            throw WorkflowError(
                LocalizedText(zh: "公示内容含有个人信息，不得公示；请更正后再公示：", en: "the public results hold personal data; correct them before publishing:"),
                problems: found.map { visit, violation in
                    LocalizedText(zh: "检查 \(visit)：“\(violation.field)”含有\(violation.kind)", en: "visit \(visit): \(violation.field) holds \(violation.kind)")
                })
        }
        try store.savePublication(task: id, on: day, actor: user.name, approved: approved)
    }

    /// The 抽查结果公示 lines of a task: no personal data (checked field by field).
    public func publicResults(task id: String) throws -> [PublicView.ResultLine] {
        guard let task = try store.tasks().first(where: { $0.id == id }) else {
            throw try WorkflowError.unknownTask(id, in: store)
        }
        let visits = try store.visits().filter { $0.tasks.contains(id) }
        let targets = try store.targets(codes: Set(visits.map(\.target)))
        // Personal data in a public line is refused: the violation names the field.
        return try PublicView.results(
            task: task, office: try store.settings().office, visits: visits.map { ($0.id, $0.target, $0.tasks) }, targets: targets,
            results: try store.currentResults())
    }

    /// The 不予配合情况公示 lines (000 §24) of the visits whose task is published (a result not yet
    /// published is not public, whatever it holds).
    public func publicNonCooperation() throws -> [PublicView.NonCooperationLine] {
        let published = Set(try store.publications().keys)
        let visits = try store.visits().filter { !published.isDisjoint(with: $0.tasks) }
        return try PublicView.nonCooperation(
            visits: visits.map { ($0.id, $0.target) }, targets: try store.targets(codes: Set(visits.map(\.target))),
            results: try store.currentResults())
    }

    /// Everything due, open or overdue, counted in working days from `today` (`DeadlineRules`); calendar
    /// problems (a date beyond the calendar's years) come back as warnings rather than stopping the list.
    public func deadlines(today: CivilDate) throws -> (deadlines: [Deadline], warnings: [WorkflowError]) {
        let (deadlines, problems) = DeadlineRules.open(
            tasks: try store.tasks(), published: Set(try store.publications().keys), visits: try store.visits(),
            results: try store.currentResults(), objections: try store.objections(), today: today, calendar: try WorkCalendar.official())
        return (deadlines, problems.map { WorkflowError(zh: $0.chinese, en: $0.description) })
    }

    func visit(_ id: String) throws -> Visit {
        guard let visit = try store.visits().first(where: { $0.id == id }) else {
            throw WorkflowError(zh: "没有检查 \(id)", en: "there is no visit \(id)", code: .notFound)
        }
        return visit
    }

    static func resultProblems(_ visit: String, _ problems: [LocalizedText]) -> WorkflowError {
        WorkflowError(
            LocalizedText(zh: "检查 \(visit) 的结果有 \(problems.count) 处问题：", en: "the result of visit \(visit) has \(problems.count) problems:"),
            problems: problems)
    }
}
