import Foundation
import Inspection
import Store
import Support

/// The second 随机: inspectors matched to the drawn targets (000 §14; 002 (十五)–(十八)), and an
/// unavailable inspector replaced by a new verifiable draw.
///
/// ```swift
/// let (record, path) = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
/// ```
public struct MatchService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// Matches inspectors to the visits of a task's locked draw and writes the match record under `draws/`.
    ///
    /// Visits are planned by `VisitSchedule` (joins of 002 (十五), new visits over the window's working
    /// days); teams of `OfficeSettings.inspectorsPerVisit` inspectors (≥ 2, 000 §18) and an expert when
    /// an item needs one (002 (十六)) are drawn by `TeamMatch`.
    /// - Parameters:
    ///   - seed: the public seed; by default the draw's.
    ///   - department: confine the draw to one department (000 §14), or the whole office when `nil`.
    ///   - assignments: inspectors named directly for a target (credit code → keys, leader first), when
    ///     too few are eligible (002 (十六)).
    ///   - jointPool: inspectors lent by another office for joint matching (002 (十六)).
    /// - Throws: `WorkflowError` naming every visit that cannot be staffed and what to do about it.
    public func match(
        task id: String, seed: String? = nil, department: String? = nil, assignments: [String: [String]] = [:], jointPool: [Inspector] = [],
        by user: User, at date: Date = Clock.now()
    ) throws -> (MatchRecord, String) {
        guard let task = try store.tasks().first(where: { $0.id == id }) else {
            throw try WorkflowError.unknownTask(id, in: store)
        }
        if try store.matchCount(task: id) > 0 {
            throw WorkflowError(
                zh: "任务 \(id) 已匹配检查人员；人员不能到岗时用 spotcheck match substitute 调换",
                en: "task \(id) is already matched; use spotcheck match substitute to replace an unavailable inspector", code: .conflict)
        }
        let (drawSeed, order, drawPath, drawSHA) = try store.lockedDrawOrder(task: id)
        let settings = try store.settings()
        let days = try workingDays(of: task)
        let expertItems = Set(try store.checkItems(asOf: nil).filter(\.needsExpert).map(\.name))
        let needsExpert = task.items.contains(where: expertItems.contains)
        var (visits, merged) = VisitSchedule.plan(
            task: id, order: order, joinable: try store.visits(from: task.start, through: task.end).mapValues(\.id), days: days,
            needsExpert: needsExpert, assignments: assignments)
        if !merged.isEmpty {
            // The host visits as they stand: their dates and teams go into the record.
            let hosts = Dictionary(try store.visits().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for index in merged.indices {
                merged[index].date = hosts[merged[index].visit]?.date ?? ""
                merged[index].hostTeam = (hosts[merged[index].visit].map { $0.inspectors + $0.experts }) ?? []
            }
        }
        let unknownAssignments = Set(assignments.keys).subtracting(visits.map(\.target))
        if !unknownAssignments.isEmpty {
            throw WorkflowError(
                zh: "指定人员的对象不在本任务新建的检查中：\(unknownAssignments.sorted().joined(separator: "、"))",
                en: "assignments name targets without a new visit in this task: \(unknownAssignments.sorted().joined(separator: ", "))")
        }
        // A department scope confines the office's enforcement inspectors (000 §14); experts belong to no
        // department, and people lent by another office are matched as lent (002 (十六)).
        let registry = try store.inspectors(asOf: nil).map(TeamMatch.Member.init)
        var pool = registry.filter { department == nil || $0.isExpert || $0.department == department }
        pool += jointPool.map { var member = TeamMatch.Member($0); member.joint = true; return member }
        // People a direct assignment names from outside the pool (another department, or lent): recorded, never drawn.
        let inPool = Set(pool.map(\.key))
        let everyone = registry + pool.filter(\.joint)
        let named = Set(assignments.values.joined()).subtracting(inPool)
        let outsiders = everyone.filter { named.contains($0.key) && !inPool.contains($0.key) }
        let bookedElsewhere = try store.bookedInspectors(on: Set(visits.map(\.date) + merged.map(\.date)), from: task.start, through: task.end)
        let registryHash = try store.snapshotHash(.inspectors)
        let seed = seed ?? drawSeed
        let (teams, shortages) = TeamMatch.run(
            task: id, seed: seed, registryHash: registryHash, teamSize: settings.inspectorsPerVisit, pool: pool, visits: visits,
            bookedElsewhere: bookedElsewhere, drawSHA256: drawSHA, outsiders: outsiders)
        var record = MatchRecord(
            task: id, taskName: task.name, seed: seed, registryHash: registryHash, drawRecord: drawPath, drawSHA256: drawSHA,
            matchedAt: ISO8601DateFormatter().string(from: date), actor: user.name, teamSize: settings.inspectorsPerVisit,
            department: department ?? "", pool: pool, bookedElsewhere: bookedElsewhere, visits: visits, merged: merged, teams: teams)
        (record.windowStart, record.windowEnd) = (task.start, task.end)
        record.outsiders = outsiders
        record.workingDays = days.map(\.description)
        record.calendar = try WorkCalendar.officialSHA256()
        record.needsExpert = needsExpert
        // A target joining a visit whose team has no expert gets one drawn for that visit (002 (十六)).
        let (experts, joinShortages) = TeamMatch.joinExperts(
            record.expertJoins, task: id, seed: seed, registryHash: registryHash, drawSHA256: drawSHA, pool: pool,
            bookedElsewhere: bookedElsewhere, teams: teams, visits: visits)
        if !shortages.isEmpty || !joinShortages.isEmpty { throw Self.shortageError(shortages + joinShortages, visits: visits, task: id) }
        for index in record.merged.indices { record.merged[index].expert = experts[record.merged[index].visit] ?? "" }
        return (record, try store.saveMatch(record, year: task.year, visits: visits, teams: teams, joins: record.merged))
    }

    /// The working days of a task's window; an error when there are none or the dates are not dates.
    func workingDays(of task: PlanTask) throws -> [CivilDate] {
        guard let start = CivilDate(parsing: task.start), let end = CivilDate(parsing: task.end) else {
            throw WorkflowError(zh: "任务 \(task.id) 的起止日期无效", en: "task \(task.id) has invalid dates")
        }
        let days: [CivilDate]
        do {
            days = try VisitSchedule.workingDays(from: start, through: end, calendar: try WorkCalendar.official())
        } catch let error as CalendarError {
            throw WorkflowError(zh: error.chinese, en: error.description)
        }
        guard !days.isEmpty else {
            throw WorkflowError(
                zh: "任务 \(task.id) 的期间 \(task.start)–\(task.end) 没有工作日", en: "task \(task.id) has no working day in \(task.start)–\(task.end)")
        }
        return days
    }

    /// The key of a team member given by key (执法证号) or by name, when the name is one member's.
    func member(_ given: String, of visit: Visit) throws -> String {
        let team = visit.inspectors + visit.experts
        if team.contains(given) { return given }
        let people = Dictionary(try store.inspectors().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let named = team.filter { people[$0]?.name == given }
        if named.count == 1 { return named[0] }
        let members = team.map { "\(people[$0]?.name ?? $0)（\($0)）" }.joined(separator: "、")
        if named.count > 1 {
            throw WorkflowError(
                zh: "检查 \(visit.id) 的检查组中有 \(named.count) 人名为 \(given)：请用执法证号指明（\(members)）",
                en: "\(named.count) members of visit \(visit.id)'s team are called \(given): give the certificate number (\(members))")
        }
        throw WorkflowError(
            zh: "\(given) 不是检查 \(visit.id) 的检查组成员；检查组：\(members)", en: "\(given) is not on the team of visit \(visit.id); the team: \(members)")
    }

    /// Replaces an unavailable inspector on a visit by a new verifiable draw, recording reason and
    /// approver (000 §14; 002 (十八)); the match record is rewritten as its next version. Those on
    /// another team of the same day are busy (docs/DRAW.md).
    public func substitute(
        visit visitID: String, inspector key: String, reason: String, approver: String, by user: User, at date: Date = Clock.now()
    ) throws -> (TeamMatch.Substitution, String) {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, !approver.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(
                zh: "调换人员必须写明理由（--reason）和批准人（--approver）（002 (十八)）",
                en: "a substitution needs a reason (--reason) and an approver (--approver) (002 (十八))")
        }
        guard let visit = try store.visits().first(where: { $0.id == visitID }) else {
            throw WorkflowError(zh: "没有检查 \(visitID)", en: "there is no visit \(visitID)", code: .notFound)
        }
        let key = try member(key, of: visit)
        var (number, record) = try store.latestMatch(task: visit.tasks[0])
        // An expert drawn for this visit by a task that joined it (002 (十五)(十六)) is in that task's record,
        // not in the record that drew the team: say so instead of "nobody is eligible".
        if let team = record.currentTeams.first(where: { $0.visit == visitID }), !(team.inspectors + team.experts).contains(key) {
            throw WorkflowError(
                zh: "\(key) 是任务 \(visit.tasks.dropFirst().joined(separator: "、")) 并入检查 \(visitID) 时为其抽取的专家，不在本检查组的匹配记录中，暂不能用 match substitute 调换（见 docs/DRAW.md）",
                en: "\(key) is the expert a joining task (\(visit.tasks.dropFirst().joined(separator: ", "))) drew for visit \(visitID); it is not in the record that drew the team and cannot be replaced with match substitute yet (docs/DRAW.md)",
                code: .refused)
        }
        let request = TeamMatch.Substitution(
            visit: visitID, removed: key, reason: reason, approver: approver, actor: user.name,
            at: ISO8601DateFormatter().string(from: date),
            bookedElsewhere: try store.inspectorsBooked(on: visit.date, outside: Set(record.visits.map(\.id))))
        guard
            let (teams, done) = TeamMatch.substitute(
                request, ordinal: record.substitutions.count, task: record.task, seed: record.seed, registryHash: record.registryHash,
                pool: record.pool, visits: record.visits, teams: record.currentTeams, earlier: record.substitutions,
                drawSHA256: record.drawSHA256, rules: record.isLegacy ? .v1 : .v2),
            let team = teams.first(where: { $0.visit == visitID })
        else {
            throw WorkflowError(
                zh: "检查 \(visitID)（\(visit.date)）没有可递补的人员：可直接指派，或与其他单位联合匹配（002 (十六)）",
                en:
                    "nobody is eligible to replace \(key) on visit \(visitID) (\(visit.date)): assign someone directly or match jointly with another office (002 (十六))"
            )
        }
        record.substitutions.append(done)
        number += 1
        return (done, try store.saveSubstitution(record, number: number, team: team))
    }

    static func shortageError(_ shortages: [TeamMatch.Shortage], visits: [TeamMatch.Visit], task: String) -> WorkflowError {
        let targets = Dictionary(visits.map { ($0.id, $0.target) }, uniquingKeysWith: { first, _ in first })
        var zh: [String] = []
        var en: [String] = []
        for shortage in shortages {
            let target = targets[shortage.visit] ?? ""
            if !shortage.reasons.isEmpty {
                zh.append("检查 \(shortage.visit)（\(target)，\(shortage.date)）的指定人员不能到岗：\(shortage.reasons.map(\.zh).joined(separator: "；"))")
                en.append(
                    "visit \(shortage.visit) (\(target), \(shortage.date)): the assigned team cannot serve: \(shortage.reasons.map(\.en).joined(separator: "; "))"
                )
            } else if shortage.expert {
                zh.append("检查 \(shortage.visit)（\(target)，\(shortage.date)）需要 1 名专家，专家库中没有符合条件的专家")
                en.append("visit \(shortage.visit) (\(target), \(shortage.date)) needs an expert and no expert is eligible")
            } else {
                let missing = shortage.needed - shortage.eligible
                zh.append(
                    "检查 \(shortage.visit)（\(target)，\(shortage.date)）需要 \(shortage.needed) 名执法人员，符合条件的只有 \(shortage.eligible) 名，缺 \(missing) 名"
                )
                en.append(
                    "visit \(shortage.visit) (\(target), \(shortage.date)) needs \(shortage.needed) inspectors, only \(shortage.eligible) are eligible: \(missing) missing"
                )
            }
        }
        zh.append(
            "可以：直接指派（spotcheck match \(task) --assign 信用代码=执法证号,执法证号），或与其他单位联合匹配（spotcheck match \(task) --joint 外单位人员名录.csv）（002 (十六)）")
        en.append(
            "either assign inspectors directly (spotcheck match \(task) --assign CODE=CERT,CERT) or match jointly with another office (spotcheck match \(task) --joint THEIR-INSPECTORS.csv) (002 (十六))"
        )
        return WorkflowError(zh: zh.joined(separator: "\n"), en: en.joined(separator: "\n"), code: .refused)
    }
}
