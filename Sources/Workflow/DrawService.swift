import Foundation
import Inspection
import Store
import Support

/// The draw (双随机's first 随机): who may be drawn, the verifiable draw itself, and the lock that makes
/// its list final. The same operations for the command line and the workbench.
///
/// ```swift
/// let (record, path) = try DrawService(store: workspace).draw(
///     task: "2024-01", .init(seed: "福彩3D 2024064 期 123", witnesses: ["纪检组王某"]), by: User("张三"))
/// ```
public struct DrawService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// What a draw is asked to do, beyond the task.
    public struct Request: Sendable {
        /// The public seed, or empty when `sources` give it.
        public var seed: String
        /// Public random numbers drawn after the task was announced (RFC 3797), as given.
        public var sources: [String]
        public var witnesses: [String]
        /// Why the task is drawn again (required for every attempt after the first).
        public var reason: String
        /// For a draw that took place earlier and is entered now: its date, and why it is entered late.
        public var drawnOn: CivilDate?
        public var entryReason: String

        public init(
            seed: String = "", sources: [String] = [], witnesses: [String] = [], reason: String = "", drawnOn: CivilDate? = nil,
            entryReason: String = ""
        ) {
            (self.seed, self.sources, self.witnesses, self.reason) = (seed, sources, witnesses, reason)
            (self.drawnOn, self.entryReason) = (drawnOn, entryReason)
        }
    }

    /// Draws the targets of a task from the registry as it stands (who may be: `DrawEligibility`),
    /// publishes the registry snapshot beside the record, writes the record under `draws/`, and records
    /// the draw (not yet locked). A redraw needs a reason and cites the attempt before it; a draw dated
    /// after the task's window opened is refused unless it is entered as a past draw, with its date and why.
    /// - Returns: the record and the path it was written to.
    /// - Throws: `WorkflowError` for an unknown task, a missing seed, a locked draw, a redraw without a
    ///   reason, a late draw, a registry with nobody to draw or with invalid credit codes.
    ///
    /// Long on purpose: the draw's preconditions, each with the message that tells a clerk what to do.
    public func draw(task id: String, _ request: Request, by user: User, at now: Date = Clock.now()) throws -> (DrawRecord, String) {
        guard let task = try store.tasks().first(where: { $0.id == id }) else {
            throw try WorkflowError.unknownTask(id, in: store)
        }
        let seed = try Self.seed(request)
        for text in request.witnesses + [request.reason, request.entryReason] where text.containsControlCharacter {
            throw WorkflowError(zh: "见证人和理由不能含控制字符（如换行）", en: "witnesses and reasons must not contain control characters (such as line breaks)")
        }
        if try store.isLocked(task: id) {
            throw WorkflowError(
                zh: "任务 \(id) 的抽取结果已锁定，不能重新抽取（002 (十四)）", en: "the draw of task \(id) is locked and cannot be repeated (002 (十四))",
                code: .conflict)
        }
        let earlier = try store.latestDraw(task: id)
        let reason = request.reason.trimmingCharacters(in: .whitespaces)
        if let earlier, reason.isEmpty {
            throw WorkflowError(
                zh: "任务 \(id) 已抽取 \(earlier.number) 次（\(earlier.path)）：重新抽取必须写明理由（--reason），每一次抽取都保留并公开",
                en: "task \(id) has been drawn \(earlier.number) time(s) (\(earlier.path)): a redraw needs a reason (--reason); every attempt is kept and published",
                code: .refused)
        }
        let (drawnAt, enteredAt) = try Self.dates(of: task, request, now: now)
        let settings = try store.settings()
        let rules = DrawEligibility(
            task: task, perYearCap: settings.perYearCap,
            keyItems: Set(try store.checkItems(asOf: nil).filter { $0.category == "重点" }.map(\.name)),
            drawnThisYear: try store.lockedDrawCounts(year: task.year), upperDraws: try store.records(.upperDraws, asOf: nil))
        let columns = try store.targetColumns(snapshot: try store.snapshotHash(.targets))
        let (strata, excluded) = rules.strata(of: columns)
        // A draw with nobody to draw would burn the public seed and publish "共抽取0家".
        guard strata.contains(where: { !$0.candidates.isEmpty }) else {
            throw WorkflowError(
                zh:
                    "任务 \(id) 没有可抽取的对象（名录库中没有符合任务类型、区域和风险等级的正常状态机构；已排除 \(excluded.count) 家）：请先导入检查对象名录库（spotcheck import targets 名录库.csv），或核对计划的对象类型、区域和抽查比例",
                en:
                    "task \(id) has no one to draw (no target of its types, districts and grades with status 正常; \(excluded.count) excluded): import the target registry first (spotcheck import targets FILE.csv), or check the plan's types, districts and ratios",
                code: .refused)
        }
        let published = try store.publishTargetSnapshot()
        let inputs = rules.inputs(seed: seed, registryHash: published.hash)
        let result = RandomDraw.run(inputs, strata: strata)
        // A draw that would send inspectors to a code with a wrong check character is refused (the import
        // refuses such codes, so only an altered registry holds one; draw verify names any among the candidates).
        let invalid = result.flatMap(\.drawn).filter { CreditCode.problem(in: $0) != nil }
        guard invalid.isEmpty else {
            throw WorkflowError(
                zh: "抽中的机构中有统一社会信用代码校验位错误的，不能抽取：\(invalid.prefix(20).joined(separator: "、"))\(invalid.count > 20 ? "等 \(invalid.count) 家" : "")；请更正后重新导入名录库",
                en: "targets drawn have credit codes with a wrong check character: \(invalid.prefix(20).joined(separator: ", "))\(invalid.count > 20 ? " (\(invalid.count) in all)" : ""); correct and import the registry again")
        }
        var record = DrawRecord(
            task: task.id, taskName: task.name, inputs: inputs, drawnAt: drawnAt, actor: user.name, witnesses: request.witnesses,
            strata: strata, excluded: excluded, result: result)
        record.seedSources = request.sources
        record.registryFile = RegistrySnapshot.fileName(hash: published.hash)
        record.registryRows = columns.count
        record.attempt = (earlier?.number ?? 0) + 1
        record.reason = reason
        record.previous = earlier.map { DrawRecord.Previous(record: ($0.path as NSString).lastPathComponent, sha256: $0.sha256) }
        if let enteredAt {
            record.enteredAt = enteredAt
            record.entryReason = request.entryReason.trimmingCharacters(in: .whitespaces)
        }
        if inputs.keyItems {
            // 重点 items: the drawn targets are visited in batches whose order is drawn too (002 (七)).
            record.batchOrder = RandomDraw.batchOrder(inputs, drawn: result.flatMap(\.drawn))
        }
        return (record, try store.saveDraw(record, year: task.year, actor: user.name, at: now))
    }

    /// The seed: given as text, or assembled from public sources (RFC 3797); NFC, one line.
    static func seed(_ request: Request) throws -> String {
        var seed = request.seed
        if !request.sources.isEmpty {
            guard seed.isEmpty else { throw WorkflowError(zh: "请给出 --seed 或 --source 之一", en: "give either --seed or --source") }
            do {
                seed = try PublicSeed.rfc3797(request.sources)
            } catch {
                throw WorkflowError(zh: "--source：\(error.zh)", en: "--source: \(error.en)")
            }
        }
        guard !seed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(zh: "必须给出事先公布的随机种子 --seed", en: "a seed announced before the draw is required (--seed)")
        }
        guard !seed.containsControlCharacter else {
            throw WorkflowError(
                zh: "种子不能含控制字符（换行、回车、制表符）：请写成一行", en: "the seed must not contain control characters (line breaks, tabs): write it on one line")
        }
        // The same seed typed on two keyboards must draw the same (docs/DRAW.md, *Text*).
        return seed.precomposedStringWithCanonicalMapping
    }

    /// When the draw took place, and when it was entered if that was later. A draw must come before its
    /// task's window opens (the first visit may be on its first day); a past draw is entered with its date
    /// and the reason it is entered late.
    static func dates(of task: PlanTask, _ request: Request, now: Date) throws -> (drawnAt: String, enteredAt: String?) {
        let stamp = ISO8601DateFormatter().string(from: now)
        let today = CivilDate(date: now)
        let start = CivilDate(parsing: task.start)
        guard let drawnOn = request.drawnOn else {
            if let start, today > start {
                throw WorkflowError(
                    zh:
                        "任务 \(task.id) 的检查期自 \(task.start) 开始，今天（\(today)）抽取晚于首次检查，不能抽取。如为补录以往进行的抽取，请用 --drawn-on 日期 给出抽取当天的日期，并用 --entry-reason 写明补录理由",
                    en:
                        "task \(task.id)'s window opened on \(task.start); a draw today (\(today)) would come after its first visit. To enter a draw that took place earlier, give its date with --drawn-on and the reason with --entry-reason",
                    code: .refused)
            }
            return (stamp, nil)
        }
        if drawnOn > today {
            throw WorkflowError(zh: "--drawn-on \(drawnOn) 在今天之后", en: "--drawn-on \(drawnOn) is after today")
        }
        if let start, drawnOn > start {
            throw WorkflowError(
                zh: "抽取日期 \(drawnOn) 晚于任务 \(task.id) 的检查期开始日 \(task.start)：抽取必须在检查之前",
                en: "the draw date \(drawnOn) is after task \(task.id)'s window opened (\(task.start)): a draw comes before the visits")
        }
        if drawnOn == today { return (stamp, nil) }
        guard !request.entryReason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(
                zh: "补录 \(drawnOn) 的抽取必须写明理由（--entry-reason）", en: "entering a draw of \(drawnOn) needs a reason (--entry-reason)")
        }
        return (drawnOn.description, stamp)
    }

    /// Locks the latest draw of a task: its list is final (002 (十四)).
    /// - Returns: the locked record's path, relative to the workspace.
    @discardableResult
    public func lock(task id: String, by user: User) throws -> String {
        try store.lockDraw(task: id, actor: user.name)
    }

    /// A witness's sign-off of a draw attempt (001 §12; 004 §13): the person, logged in as themselves,
    /// attests the record as it is — its SHA-256 goes into the audit trail with their name.
    /// - Throws: `WorkflowError` for an attempt that does not exist or that this person already signed.
    public func witness(task id: String, attempt: Int, by user: User) throws {
        let relative = WorkspaceLayout.relativeDraw(task: id, number: attempt)
        guard attempt >= 1, attempt <= (try store.drawCount(task: id)) else {
            throw WorkflowError(zh: "任务 \(id) 没有第 \(attempt) 次抽取", en: "task \(id) has no draw attempt \(attempt)", code: .notFound)
        }
        if try signOffs(task: id, attempt: attempt).contains(where: { $0.witness == user.name }) {
            throw WorkflowError(zh: "\(user.name) 已确认过这次抽取", en: "\(user.name) has already signed this draw", code: .conflict)
        }
        let sha = try sha256Hex(ofFile: store.absolutePath(relative))
        _ = try store.record(
            actor: user.name, action: .drawWitness, entity: "draw", entityID: "\(id)-\(attempt)", before: nil,
            after: AuditPayload.WitnessSignOff(record: relative, sha256: sha, attempt: attempt))
    }

    /// Who signed a draw attempt as witness, when, and the SHA-256 they attested.
    public struct SignOff: Sendable, Hashable {
        public var witness: String
        public var at: String
        public var sha256: String
    }

    public func signOffs(task id: String, attempt: Int) throws -> [SignOff] {
        try store.auditEntries().filter { $0.action == .drawWitness && $0.entityID == "\(id)-\(attempt)" }.map { entry in
            let payload = entry.after.flatMap { try? JSONDecoder().decode(AuditPayload.WitnessSignOff.self, from: Data($0.utf8)) }
            return SignOff(witness: entry.actor, at: entry.at, sha256: payload?.sha256 ?? "")
        }
    }
}
