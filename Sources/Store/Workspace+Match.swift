import Foundation
import GRDB
import Inspection
import Support

extension Workspace {
    /// The locked draw of a task: its record, checked against the digest recorded when it was drawn.
    /// - Parameter candidates: false to skip reading the candidate lists (see `DrawRecord.init`).
    public func lockedDraw(task id: String, candidates: Bool = true) throws -> (record: DrawRecord, path: String, sha256: String) {
        guard
            let row = try database.read({ db in
                try Row.fetchOne(
                    db, sql: "SELECT record, recordSHA256 FROM draw WHERE task = ? AND locked = 1 ORDER BY number DESC LIMIT 1",
                    arguments: [id])
            })
        else {
            throw StoreError(
                zh: "任务 \(id) 还没有锁定的抽取结果（先 spotcheck draw \(id)，确认后 spotcheck draw lock \(id)）",
                en: "task \(id) has no locked draw (run spotcheck draw \(id), then spotcheck draw lock \(id))")
        }
        let path: String = row["record"]
        let bytes = try readVerified(path, sha256: row["recordSHA256"])
        return (try DrawRecord(xml: bytes, source: "\(root)/\(path)", candidates: candidates), path, row["recordSHA256"])
    }

    /// The seed of a task's locked draw and the order its targets are visited in (the batch order for
    /// 重点 tasks, else as drawn), with the record's path and digest; the record file is checked against
    /// its digest.
    func lockedDrawOrder(task id: String) throws -> (seed: String, order: [String], path: String, sha256: String) {
        let row = try database.read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT record, recordSHA256, seed, visitOrder FROM draw WHERE task = ? AND locked = 1 ORDER BY number DESC LIMIT 1",
                arguments: [id])
        }
        guard let row, let seed = row["seed"] as String?, let order = row["visitOrder"] as String? else {
            // Locked before v7 (or not locked: lockedDraw says so).
            let (draw, path, sha) = try lockedDraw(task: id, candidates: false)
            return (draw.seed, draw.batchOrder.isEmpty ? draw.result.flatMap(\.drawn) : draw.batchOrder, path, sha)
        }
        let path: String = row["record"]
        _ = try readVerified(path, sha256: row["recordSHA256"])
        return (seed, order.split(separator: ",").map(String.init), path, row["recordSHA256"])
    }

    /// Matches inspectors to the visits of a task's locked draw and writes the match record under `draws/`.
    ///
    /// Each drawn target becomes a visit, unless it already has a visit (from another task) dated within
    /// this task's window: then this task joins that visit (002 (十五)). New visits are spread evenly over
    /// the working days of the window, in the draw's batch order for 重点 tasks (002 (七)), else in the
    /// order drawn. Teams: `OfficeSettings.inspectorsPerVisit` inspectors (≥ 2, 000 §18) and an expert
    /// when an item needs one (002 (十六)); see `TeamMatch`.
    /// - Parameters:
    ///   - seed: the public seed; by default the draw's.
    ///   - department: confine the draw to one department (000 §14), or the whole office when `nil`.
    ///   - assignments: inspectors named directly for a target (credit code → keys, leader first), when
    ///     too few are eligible (002 (十六)).
    ///   - jointPool: inspectors lent by another office for joint matching (002 (十六)).
    /// - Throws: `StoreError` naming every visit that cannot be staffed and what to do about it.
    public func match(
        task id: String, seed: String? = nil, department: String? = nil, assignments: [String: [String]] = [:], jointPool: [Inspector] = [],
        actor: String, at date: Date = Date()
    ) throws -> (MatchRecord, String) {
        guard let task = try tasks().first(where: { $0.id == id }) else {
            throw StoreError(zh: "计划中没有任务 \(id)", en: "the plan has no task \(id)")
        }
        let existing = try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM match WHERE task = ?", arguments: [id]) ?? 0
        }
        if existing > 0 {
            throw StoreError(
                zh: "任务 \(id) 已匹配检查人员；人员不能到岗时用 spotcheck match substitute 调换",
                en: "task \(id) is already matched; use spotcheck match substitute to replace an unavailable inspector")
        }
        let (drawSeed, order, drawPath, drawSHA) = try lockedDrawOrder(task: id)
        let settings = try self.settings()
        let calendar = try WorkCalendar.official()
        guard let start = CivilDate(parsing: task.start), let end = CivilDate(parsing: task.end) else {
            throw StoreError(zh: "任务 \(id) 的起止日期无效", en: "task \(id) has invalid dates")
        }
        let days: [CivilDate]
        do {
            days = try VisitSchedule.workingDays(from: start, through: end, calendar: calendar)
        } catch {
            throw StoreError(zh: error.chinese, en: error.description)
        }
        guard !days.isEmpty else {
            throw StoreError(
                zh: "任务 \(id) 的期间 \(task.start)–\(task.end) 没有工作日", en: "task \(id) has no working day in \(task.start)–\(task.end)")
        }

        // Join visits of other tasks in this window (002 (十五)).
        let known = try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, target, date, tasks FROM visit WHERE date BETWEEN ? AND ?", arguments: [task.start, task.end])
        }
        var joinable: [String: (id: String, tasks: String)] = [:]
        for row in known { joinable[row["target"]] = (row["id"], row["tasks"]) }
        let expertItems = Set(try checkItems().filter(\.needsExpert).map(\.name))
        let (visits, merged) = VisitSchedule.plan(
            task: id, order: order, joinable: joinable.mapValues(\.id), days: days, needsExpert: task.items.contains(where: expertItems.contains),
            assignments: assignments)
        let fresh = visits.map(\.target)
        let unknownAssignments = Set(assignments.keys).subtracting(fresh)
        if !unknownAssignments.isEmpty {
            throw StoreError(
                zh: "指定人员的对象不在本任务新建的检查中：\(unknownAssignments.sorted().joined(separator: "、"))",
                en: "assignments name targets without a new visit in this task: \(unknownAssignments.sorted().joined(separator: ", "))")
        }
        var pool = try inspectors().filter { department == nil || $0.department == department }.map(TeamMatch.Member.init)
        pool += jointPool.map(TeamMatch.Member.init)
        let bookedElsewhere = try bookedInspectors(on: Set(visits.map(\.date)), from: task.start, through: task.end)
        let registryHash = try snapshotHash(.inspectors)
        let seed = seed ?? drawSeed
        let (teams, shortages) = TeamMatch.run(
            task: id, seed: seed, registryHash: registryHash, teamSize: settings.inspectorsPerVisit, pool: pool, visits: visits,
            bookedElsewhere: bookedElsewhere)
        if !shortages.isEmpty { throw Self.shortageError(shortages, visits: visits, task: id) }

        let record = MatchRecord(
            task: id, taskName: task.name, seed: seed, registryHash: registryHash, drawRecord: drawPath, drawSHA256: drawSHA,
            matchedAt: ISO8601DateFormatter().string(from: date), actor: actor, teamSize: settings.inspectorsPerVisit,
            department: department ?? "", pool: pool, bookedElsewhere: bookedElsewhere, visits: visits, merged: merged, teams: teams)
        let path = try writeMatch(record, number: 1) { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO visit (id, year, target, date, tasks) VALUES (?, ?, ?, ?, ?)")
            for visit in visits { try insert.execute(arguments: [visit.id, task.year, visit.target, visit.date, id]) }
            for team in teams { try Self.storeTeam(team, db) }
            for merge in merged {
                let tasks = (joinable[merge.target]?.tasks ?? "") + ",\(id)"
                try db.execute(sql: "UPDATE visit SET tasks = ? WHERE id = ?", arguments: [tasks, merge.visit])
            }
        }
        return (record, path)
    }

    /// Replaces an unavailable inspector on a visit by a new verifiable draw, recording reason and
    /// approver (000 §14; 002 (十八)); the match record is rewritten as its next version.
    public func substitute(
        visit visitID: String, inspector key: String, reason: String, approver: String, actor: String, at date: Date = Date()
    )
        throws -> (TeamMatch.Substitution, String)
    {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, !approver.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(
                zh: "调换人员必须写明理由（--reason）和批准人（--approver）（002 (十八)）",
                en: "a substitution needs a reason (--reason) and an approver (--approver) (002 (十八))")
        }
        guard let visit = try visits().first(where: { $0.id == visitID }) else {
            throw StoreError(zh: "没有检查 \(visitID)", en: "there is no visit \(visitID)")
        }
        guard visit.inspectors.contains(key) || visit.experts.contains(key) else {
            throw StoreError(zh: "\(key) 不是检查 \(visitID) 的检查组成员", en: "\(key) is not on the team of visit \(visitID)")
        }
        let task = visit.tasks[0]
        let (number, path, sha) = try database.read { db -> (Int, String, String) in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT number, record, recordSHA256 FROM match WHERE task = ? ORDER BY number DESC LIMIT 1", arguments: [task]
                )
            else { throw StoreError(zh: "任务 \(task) 没有匹配记录", en: "task \(task) has no match record") }
            return (row["number"], row["record"], row["recordSHA256"])
        }
        var record = try MatchRecord(xml: try readVerified(path, sha256: sha), source: "\(root)/\(path)")
        let ownVisits = Set(record.visits.map(\.id))
        let bookedElsewhere = try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT m.visit, m.key FROM visit v JOIN visit_member m ON m.visit = v.id WHERE v.date = ? ORDER BY m.key",
                arguments: [visit.date])
        }.filter { !ownVisits.contains($0["visit"]) }.map { $0["key"] as String }
        let request = TeamMatch.Substitution(
            visit: visitID, removed: key, reason: reason, approver: approver, actor: actor, at: ISO8601DateFormatter().string(from: date),
            bookedElsewhere: bookedElsewhere)
        guard
            let (teams, done) = TeamMatch.substitute(
                request, ordinal: record.substitutions.count, task: record.task, seed: record.seed, registryHash: record.registryHash,
                pool: record.pool, visits: record.visits, teams: record.currentTeams)
        else {
            throw StoreError(
                zh: "检查 \(visitID)（\(visit.date)）没有可递补的人员：可直接指派，或与其他单位联合匹配（002 (十六)）",
                en:
                    "nobody is eligible to replace \(key) on visit \(visitID) (\(visit.date)): assign someone directly or match jointly with another office (002 (十六))"
            )
        }
        record.substitutions.append(done)
        let written = try writeMatch(record, number: number + 1) { db in
            try db.execute(sql: "DELETE FROM visit_member WHERE visit = ?", arguments: [visitID])
            if let team = teams.first(where: { $0.visit == visitID }) { try Self.storeTeam(team, db) }
        }
        return (done, written)
    }

    /// Every visit with its current team, ordered by date and id.
    public func visits() throws -> [Visit] {
        try database.read { db in
            var members: [String: [Row]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT visit, key, role FROM visit_member ORDER BY visit, rowid") {
                members[row["visit"], default: []].append(row)
            }
            return try Row.fetchAll(db, sql: "SELECT id, year, target, date, tasks FROM visit ORDER BY date, id").map { row in
                let team = members[row["id"]] ?? []
                let inspectors =
                    team.filter { $0["role"] == "组长" }.map { $0["key"] as String }
                    + team.filter { $0["role"] == "组员" }.map { $0["key"] as String }
                return Visit(
                    id: row["id"], year: row["year"], target: row["target"], date: row["date"],
                    tasks: (row["tasks"] as String).split(separator: ",").map(String.init), inspectors: inspectors,
                    experts: team.filter { $0["role"] == "专家" }.map { $0["key"] })
            }
        }
    }

    /// Who is already on a team on each of `dates` (between `start` and `end`): they are busy that day.
    func bookedInspectors(on dates: Set<String>, from start: String, through end: String) throws -> [String: Set<String>] {
        var booked: [String: Set<String>] = [:]
        for row in try database.read({ db in
            try Row.fetchAll(
                db, sql: "SELECT v.date, m.key FROM visit v JOIN visit_member m ON m.visit = v.id WHERE v.date BETWEEN ? AND ?",
                arguments: [start, end])
        }) where dates.contains(row["date"]) {
            booked[row["date"], default: []].insert(row["key"])
        }
        return booked
    }

    // MARK: - Helpers

    /// Writes the record as `draws/TASK-match-N.xml`, then records it, runs `changes` and appends the audit
    /// entry in one transaction.
    private func writeMatch(_ record: MatchRecord, number: Int, changes: (Database) throws -> Void) throws -> String {
        let bytes = try record.xml()
        let relative = "draws/\(record.task)-match-\(number).xml"
        try FileManager.default.createDirectory(atPath: "\(root)/draws", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(relative)"), options: .atomic)
        let digest = sha256Hex(bytes)
        let entry = try database.write { db -> AuditEntry in
            try db.execute(
                sql: "INSERT INTO match (task, number, record, recordSHA256) VALUES (?, ?, ?, ?)",
                arguments: [record.task, number, relative, digest])
            try changes(db)
            var details = AuditPayload.RecordFile(record: relative, sha256: digest, visits: record.visits.count)
            if let last = record.substitutions.last, number > 1 {
                details.visit = last.visit
                details.removed = last.removed
                details.added = last.added
            }
            return try AuditTrail.append(
                db, actor: record.substitutions.last.map(\.actor) ?? record.actor, action: number == 1 ? .matchRun : .matchSubstitute,
                entity: "task", entityID: record.task, after: details)
        }
        try writeHead(entry)
        return "\(root)/\(relative)"
    }

    private static func storeTeam(_ team: TeamMatch.Team, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO visit_member (visit, key, role) VALUES (?, ?, ?)")
        for (index, key) in team.inspectors.enumerated() { try insert.execute(arguments: [team.visit, key, index == 0 ? "组长" : "组员"]) }
        for key in team.experts { try insert.execute(arguments: [team.visit, key, "专家"]) }
    }

    /// Reads a workspace file and checks it still has the digest recorded for it.
    func readVerified(_ relative: String, sha256 expected: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: "\(root)/\(relative)") else {
            throw StoreError(zh: "缺少记录文件 \(root)/\(relative)", en: "the record \(root)/\(relative) is missing")
        }
        let bytes = [UInt8](data)
        guard sha256Hex(bytes) == expected else {
            throw StoreError(
                zh: "记录文件 \(root)/\(relative) 与登记的 SHA-256 不符，已被改动",
                en: "the record \(root)/\(relative) does not match its recorded SHA-256: it was changed")
        }
        return bytes
    }

    private static func shortageError(_ shortages: [TeamMatch.Shortage], visits: [TeamMatch.Visit], task: String) -> StoreError {
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
        return StoreError(zh: zh.joined(separator: "\n"), en: en.joined(separator: "\n"))
    }
}
