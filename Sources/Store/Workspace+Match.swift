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
        return (try DrawRecord(xml: bytes, source: layout.absolute(path), candidates: candidates), path, row["recordSHA256"])
    }

    /// The seed of a task's locked draw and the order its targets are visited in (the batch order for
    /// 重点 tasks, else as drawn), with the record's path and digest; the record file is checked against
    /// its digest.
    public func lockedDrawOrder(task id: String) throws -> (seed: String, order: [String], path: String, sha256: String) {
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
        return (seed, StoredList.values(order), path, row["recordSHA256"])
    }

    /// How many match records a task has (the first match and each substitution).
    public func matchCount(task id: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM match WHERE task = ?", arguments: [id]) ?? 0 }
    }

    /// The visits dated from `start` through `end`, by target: a task drawn in that window joins them.
    public func visits(from start: String, through end: String) throws -> [String: (id: String, tasks: [String])] {
        var byTarget: [String: (id: String, tasks: [String])] = [:]
        for row in try database.read({ db in
            try Row.fetchAll(db, sql: "SELECT id, target, tasks FROM visit WHERE date BETWEEN ? AND ?", arguments: [start, end])
        }) {
            byTarget[row["target"]] = (row["id"], StoredList.values(row["tasks"]))
        }
        return byTarget
    }

    /// Records a task's first match: the record as `draws/TASK-match-1.xml`, the new visits with their
    /// teams, and the task added to the visits it joins — one transaction with its audit entry.
    /// - Returns: the record's path.
    public func saveMatch(
        _ record: MatchRecord, year: Int, visits: [TeamMatch.Visit], teams: [TeamMatch.Team], joins: [MatchRecord.Merge]
    ) throws -> String {
        let joined = try self.visits().filter { visit in joins.contains { $0.visit == visit.id } }
        return try writeMatch(record, number: 1) { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO visit (id, year, target, date, tasks) VALUES (?, ?, ?, ?, ?)")
            for visit in visits { try insert.execute(arguments: [visit.id, year, visit.target, visit.date, StoredList.text([record.task])]) }
            for team in teams { try Self.storeTeam(team, db) }
            for visit in joined {
                try db.execute(
                    sql: "UPDATE visit SET tasks = ? WHERE id = ?", arguments: [StoredList.text(visit.tasks + [record.task]), visit.id])
            }
            // The expert drawn for a joined visit whose team had none (002 (十六)).
            for join in joins where !join.expert.isEmpty {
                try db.execute(
                    sql: "INSERT INTO visit_member (visit, key, role) VALUES (?, ?, ?)", arguments: [join.visit, join.expert, TeamRole.expert.rawValue])
            }
        }
    }

    /// The latest match record of a task, checked against its recorded digest, and its number.
    public func latestMatch(task id: String) throws -> (number: Int, record: MatchRecord) {
        let (number, path, sha) = try database.read { db -> (Int, String, String) in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT number, record, recordSHA256 FROM match WHERE task = ? ORDER BY number DESC LIMIT 1", arguments: [id])
            else { throw StoreError(zh: "任务 \(id) 没有匹配记录", en: "task \(id) has no match record", code: .notFound) }
            return (row["number"], row["record"], row["recordSHA256"])
        }
        return (number, try MatchRecord(xml: try readVerified(path, sha256: sha), source: layout.absolute(path)))
    }

    /// Who is on a team on `date` for a visit not in `visits`, by inspector key.
    public func inspectorsBooked(on date: String, outside visits: Set<String>) throws -> [String] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT m.visit, m.key FROM visit v JOIN visit_member m ON m.visit = v.id WHERE v.date = ? ORDER BY m.key",
                arguments: [date])
        }.filter { !visits.contains($0["visit"]) }.map { $0["key"] as String }
    }

    /// Records a substitution: the record as its next version, and the visit's new team.
    /// - Returns: the record's path.
    public func saveSubstitution(_ record: MatchRecord, number: Int, team: TeamMatch.Team) throws -> String {
        try writeMatch(record, number: number) { db in
            try db.execute(sql: "DELETE FROM visit_member WHERE visit = ?", arguments: [team.visit])
            try Self.storeTeam(team, db)
        }
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
                    team.filter { $0["role"] == TeamRole.leader.rawValue }.map { $0["key"] as String }
                    + team.filter { $0["role"] == TeamRole.member.rawValue }.map { $0["key"] as String }
                return Visit(
                    id: row["id"], year: row["year"], target: row["target"], date: row["date"],
                    tasks: StoredList.values(row["tasks"]), inspectors: inspectors,
                    experts: team.filter { $0["role"] == TeamRole.expert.rawValue }.map { $0["key"] })
            }
        }
    }

    /// Who is already on a team on each of `dates` (between `start` and `end`): they are busy that day.
    public func bookedInspectors(on dates: Set<String>, from start: String, through end: String) throws -> [String: Set<String>] {
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
        let relative = WorkspaceLayout.relativeMatch(task: record.task, number: number)
        try FileManager.default.createDirectory(atPath: layout.draws, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: layout.absolute(relative))
        let digest = sha256Hex(bytes)
        _ = try auditedWrite { db -> AuditEntry in
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
        return layout.absolute(relative)
    }

    private static func storeTeam(_ team: TeamMatch.Team, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO visit_member (visit, key, role) VALUES (?, ?, ?)")
        for (index, key) in team.inspectors.enumerated() {
            try insert.execute(arguments: [team.visit, key, (index == 0 ? TeamRole.leader : TeamRole.member).rawValue])
        }
        for key in team.experts { try insert.execute(arguments: [team.visit, key, TeamRole.expert.rawValue]) }
    }

    /// Reads a workspace file and checks it still has the digest recorded for it.
    func readVerified(_ relative: String, sha256 expected: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: layout.absolute(relative)) else {
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

}
