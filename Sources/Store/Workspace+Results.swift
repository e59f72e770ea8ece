import Foundation
import GRDB
import Inspection
import Support

extension Workspace {
    /// Stores a new version of a visit's result, with its audit entry (a correction when it carries one).
    public func saveResult(_ stored: StoredResult, previous: StoredResult?, at date: Date = Clock.now()) throws {
        try saveResults([(stored, previous)], at: date)
    }

    /// Stores many results in one transaction, each with its audit entry: all or none (a sheet of results).
    public func saveResults(_ batch: [(stored: StoredResult, previous: StoredResult?)], at date: Date = Clock.now()) throws {
        guard !batch.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let rows = try batch.map { item in (item, String(decoding: try encoder.encode(item.stored.result), as: UTF8.self)) }
        _ = try auditedWrite { db -> AuditEntry? in
            var last: AuditEntry?
            for ((stored, previous), data) in rows {
                let result = stored.result
                // Another writer may have stored a version since `previous` was read: never two of one number.
                let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM result WHERE visit = ?", arguments: [result.visit]) ?? 0
                if latest != (previous?.version ?? 0) {
                    throw StoreError(
                        zh: "检查 \(result.visit) 的结果刚被他人修改（现为第 \(latest) 版），请查看后再保存",
                        en: "the result of visit \(result.visit) was just changed by someone else (now version \(latest)); look at it and save again",
                        code: .conflict)
                }
                try db.execute(
                    sql: "INSERT INTO result (visit, version, data, recordedAt, actor, correction, unitHead) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [result.visit, stored.version, data, stored.recordedAt, stored.actor, stored.correction, stored.unitHead])
                last = try AuditTrail.append(
                    db, actor: stored.actor, action: stored.correction == nil ? .resultRecord : .resultCorrect, entity: "visit",
                    entityID: result.visit, before: previous?.result, after: result, at: date)
            }
            return last
        }
    }

    /// Every version of a visit's result, oldest first (the last is current).
    public func results(of visit: String) throws -> [StoredResult] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT version, data, recordedAt, actor, correction, unitHead FROM result WHERE visit = ? ORDER BY version",
                arguments: [visit]
            ).map { row in
                StoredResult(
                    version: row["version"], result: try JSONDecoder().decode(VisitResult.self, from: Data((row["data"] as String).utf8)),
                    recordedAt: row["recordedAt"], actor: row["actor"], correction: row["correction"], unitHead: row["unitHead"])
            }
        }
    }

    /// The current result of every visit that has one, by visit id.
    public func currentResults() throws -> [String: VisitResult] {
        try database.read { db in
            var results: [String: VisitResult] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT visit, data FROM result ORDER BY visit, version") {
                results[row["visit"]] = try JSONDecoder().decode(VisitResult.self, from: Data((row["data"] as String).utf8))
            }
            return results
        }
    }

    /// Throws, listing every problem, unless `addEvidence(files, to: visitID, …)` can take these files:
    /// each readable, no name twice or already used. A command that records a result with evidence checks
    /// first, so that a missing photo does not leave the result recorded without it.
    public func checkEvidence(_ files: [String], for visitID: String) throws {
        guard try visits().contains(where: { $0.id == visitID }) else {
            throw StoreError(zh: "没有检查 \(visitID)", en: "there is no visit \(visitID)")
        }
        let existing = try Dictionary(evidence(of: visitID).map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        var problems: [LocalizedText] = []
        for (file, name) in zip(files, names) {
            if !FileManager.default.isReadableFile(atPath: file) {
                problems.append(LocalizedText("无法读取证据文件 \(file)（不存在或没有读取权限）", "cannot read the evidence file \(file) (missing or not readable)"))
            }
            // The same file again under its name is already recorded (a command rerun); another file under it is not.
            let recordedAlready = existing[name].map { $0 == (try? sha256Hex(ofFile: file)) } ?? false
            if existing[name] != nil && !recordedAlready {
                problems.append(
                    LocalizedText(
                        "证据文件名 \(name) 已用于另一份内容不同的文件：请改名后再添加", "the evidence name \(name) is already used by a different file: rename it and add it again"))
            } else if names.filter({ $0 == name }).count > 1 {
                problems.append(LocalizedText("证据文件名 \(name) 重复", "the evidence name \(name) is used twice"))
            }
        }
        if !problems.isEmpty {
            throw StoreError(zh: problems.map(\.zh).joined(separator: "\n"), en: problems.map(\.en).joined(separator: "\n"))
        }
    }

    /// Copies evidence files (photos, audio, video, scans) into `evidence/VISIT/`, recording each one's
    /// SHA-256 as it is read. All or nothing: a file that cannot be read or a name already used leaves
    /// nothing behind.
    @discardableResult
    public func addEvidence(_ files: [String], to visitID: String, actor: String, at date: Date = Clock.now()) throws -> [Evidence] {
        try checkEvidence(files, for: visitID)
        let recorded = Set(try evidence(of: visitID).map(\.name))
        let files = files.filter { !recorded.contains(URL(fileURLWithPath: $0).lastPathComponent) }
        guard !files.isEmpty else { return [] }
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        let folder = layout.evidence(of: visitID)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var staged: [(temporary: String, final: String, evidence: Evidence)] = []
        defer { for item in staged { try? FileManager.default.removeItem(atPath: item.temporary) } }
        for (file, name) in zip(files, names) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw StoreError(zh: "无法读取 \(file)", en: "cannot read \(file)")
            }
            let temporary = "\(folder)/.\(name).\(getpid()).partial"
            try AtomicFile.write(data, to: temporary)
            staged.append(
                (
                    temporary, "\(folder)/\(name)",
                    Evidence(
                        visit: visitID, name: name, path: WorkspaceLayout.relativeEvidence(visit: visitID, name: name), sha256: sha256Hex([UInt8](data)),
                        size: data.count)
                ))
        }
        let at = ISO8601DateFormatter().string(from: date)
        _ = try auditedWrite { db -> AuditEntry? in
            var last: AuditEntry?
            for item in staged {
                let evidence = item.evidence
                try db.execute(
                    sql: "INSERT INTO evidence (visit, name, path, sha256, size, addedAt, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [visitID, evidence.name, evidence.path, evidence.sha256, evidence.size, at, actor])
                last = try AuditTrail.append(
                    db, actor: actor, action: .evidenceAdd, entity: "visit", entityID: visitID,
                    after: AuditPayload.EvidenceFile(name: evidence.name, sha256: evidence.sha256, size: evidence.size), at: date)
            }
            // Renamed inside the transaction: if a rename fails, the rows roll back.
            for item in staged { try AtomicFile.move(item.temporary, to: item.final) }
            return last
        }
        let added = staged.map(\.evidence)
        staged.removeAll()
        return added
    }

    /// A visit's evidence files.

    /// The evidence of one visit, or of every visit (by visit, then name) when `visit` is nil.
    public func evidence(visit: String?) throws -> [Evidence] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT visit, name, path, sha256, size FROM evidence \(visit == nil ? "" : "WHERE visit = ?") ORDER BY visit, name",
                arguments: StatementArguments(visit.map { [$0] } ?? [])
            ).map {
                Evidence(visit: $0["visit"], name: $0["name"], path: $0["path"], sha256: $0["sha256"], size: $0["size"])
            }
        }
    }

    /// Records that a task's results were published on `day`.
    /// - Throws: `StoreError` (conflict) when the task is already published.
    /// - Parameter approved: where results are reviewed, the version of each visit's result found approved:
    ///   checked again inside the write transaction (still the latest, still approved), so that a version
    ///   recorded meanwhile is never published unreviewed.
    public func savePublication(task id: String, on day: CivilDate, actor: String, approved: [String: Int]?) throws {
        _ = try auditedWrite { db -> AuditEntry in
            if try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM publication WHERE task = ?", arguments: [id]) == true {
                throw StoreError(zh: "任务 \(id) 已公示", en: "task \(id) is already published", code: .conflict)
            }
            for (visit, version) in (approved ?? [:]).sorted(by: { $0.key < $1.key }) {
                let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM result WHERE visit = ?", arguments: [visit]) ?? 0
                let state = try Self.reviewState(db, visit: visit, version: version)
                if latest != version || state != .approved {
                    throw StoreError(
                        zh: "检查 \(visit) 的结果刚有变动，尚未审核通过，不能公示", en: "the result of visit \(visit) just changed and is not approved: not published",
                        code: .conflict)
                }
            }
            try db.execute(
                sql: "INSERT INTO publication (task, publishedOn, actor) VALUES (?, ?, ?)", arguments: [id, day.description, actor])
            return try AuditTrail.append(
                db, actor: actor, action: .resultPublish, entity: "task", entityID: id,
                after: AuditPayload.Publication(publishedOn: day.description))
        }
    }

    /// When each published task was published.
    public func publications() throws -> [String: String] {
        try database.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT task, publishedOn FROM publication").map { ($0["task"], $0["publishedOn"]) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// Stores a new objection (its id is given here) with its audit entry.
    public func addObjection(_ objection: Objection, actor: String) throws -> Objection {
        let (stored, _) = try auditedWrite { db -> (Objection, AuditEntry) in
            try db.execute(
                sql: "INSERT INTO objection (visit, receivedOn, applicant, reason, reviewDue) VALUES (?, ?, ?, ?, ?)",
                arguments: [objection.visit, objection.receivedOn, objection.applicant, objection.reason, objection.reviewDue])
            var stored = objection
            stored.id = Int(db.lastInsertedRowID)
            let entry = try AuditTrail.append(
                db, actor: actor, action: .objectionReceive, entity: "visit", entityID: objection.visit,
                after: AuditPayload.ObjectionReceived(objection: stored.id, receivedOn: stored.receivedOn, reviewDue: stored.reviewDue))
            return (stored, entry)
        }
        return stored
    }

    /// Stores a changed objection (a decision, or the feedback given) with its audit entry.
    /// - Throws: `StoreError` (not found) for an unknown objection.
    public func saveObjection(_ objection: Objection, action: AuditAction, actor: String) throws {
        _ = try auditedWrite { db -> AuditEntry in
            guard let before = try Self.objections(db, id: objection.id).first else {
                throw StoreError(zh: "没有第 \(objection.id) 号异议", en: "there is no objection \(objection.id)", code: .notFound)
            }
            // Only the columns the act changes, so that a decision and a feedback recorded at once both stay.
            if action == .objectionFeedback {
                try db.execute(sql: "UPDATE objection SET feedbackOn = ? WHERE id = ?", arguments: [objection.feedbackOn, objection.id])
            } else {
                try db.execute(
                    sql: "UPDATE objection SET decidedOn = ?, decision = ?, feedbackDue = ? WHERE id = ?",
                    arguments: [objection.decidedOn, objection.decision, objection.feedbackDue, objection.id])
            }
            let after = try Self.objections(db, id: objection.id).first
            return try AuditTrail.append(
                db, actor: actor, action: action, entity: "objection", entityID: String(objection.id), before: before, after: after)
        }
    }

    /// Every objection, oldest first.
    public func objections() throws -> [Objection] {
        try database.read { db in try Self.objections(db, id: nil) }
    }

    /// One objection, or every one when `id` is nil.
    static func objections(_ db: Database, id: Int?) throws -> [Objection] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM objection \(id == nil ? "" : "WHERE id = ?") ORDER BY id", arguments: StatementArguments(id.map { [$0] } ?? [])
        ).map {
            Objection(
                id: $0["id"], visit: $0["visit"], receivedOn: $0["receivedOn"], applicant: $0["applicant"], reason: $0["reason"],
                reviewDue: $0["reviewDue"], decidedOn: $0["decidedOn"], decision: $0["decision"], feedbackDue: $0["feedbackDue"],
                feedbackOn: $0["feedbackOn"])
        }
    }
}
