import Foundation
import GRDB
import Inspection
import Support

extension Workspace {
    /// Records a result as a clerk typed it (labels, short forms, `ITEM=FINDING`): every problem of the
    /// entry — labels and rules alike — is reported at once, and nothing is recorded unless there are none.
    @discardableResult
    public func recordResult(
        _ entry: ResultEntry, correction: String? = nil, unitHead: String? = nil, actor: String, at date: Date = Date()
    ) throws -> StoredResult {
        guard let visit = try visits().first(where: { $0.id == entry.visit }) else {
            throw StoreError(zh: "没有检查 \(entry.visit)", en: "there is no visit \(entry.visit)", code: .notFound)
        }
        let items = try tasks().filter { visit.tasks.contains($0.id) }.flatMap(\.items)
        switch entry.resolved(items: items) {
        case .success(let result): return try recordResult(result, correction: correction, unitHead: unitHead, actor: actor, at: date)
        case .failure(let problems): throw Self.resultProblems(entry.visit, problems.list)
        }
    }

    static func resultProblems(_ visit: String, _ problems: [LocalizedText]) -> StoreError {
        StoreError(
            LocalizedText(zh: "检查 \(visit) 的结果有 \(problems.count) 处问题：", en: "the result of visit \(visit) has \(problems.count) problems:"),
            problems: problems)
    }

    /// Records a visit's result (all problems at once). Once a task of the visit is published, the result
    /// may only be corrected: `correction` says why and `unitHead` names the unit head who signed it; the
    /// original stays (002 (二十三)).
    @discardableResult
    public func recordResult(
        _ result: VisitResult, correction: String? = nil, unitHead: String? = nil, actor: String, at date: Date = Date()
    ) throws -> StoredResult {
        guard let visit = try visits().first(where: { $0.id == result.visit }) else {
            throw StoreError(zh: "没有检查 \(result.visit)", en: "there is no visit \(result.visit)")
        }
        let items = try tasks().filter { visit.tasks.contains($0.id) }.flatMap(\.items)
        let problems = result.problems(items: items)
        if !problems.isEmpty {
            throw Self.resultProblems(result.visit, problems.map { LocalizedText(zh: $0.zh, en: $0.en) })
        }
        let published = try database.read { db in
            try String.fetchAll(db, sql: "SELECT task FROM publication").filter(visit.tasks.contains)
        }
        let previous = try results(of: result.visit).last
        if previous != nil, !published.isEmpty {
            guard let correction, !correction.isEmpty, let unitHead, !unitHead.isEmpty else {
                throw StoreError(
                    zh:
                        "检查 \(result.visit) 的结果已公示（任务 \(published.joined(separator: "、"))），不得擅自更改；确有错误的，须写明更正理由（--correction）并由单位主要负责人签字确认（--unit-head）（002 (二十三)）",
                    en:
                        "the result of visit \(result.visit) is published (task \(published.joined(separator: ", "))) and may not be changed; a proven error is corrected with a reason (--correction) and the unit head's signature (--unit-head) (002 (二十三))"
                )
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = String(decoding: try encoder.encode(result), as: UTF8.self)
        let stored = StoredResult(
            version: (previous?.version ?? 0) + 1, result: result, recordedAt: ISO8601DateFormatter().string(from: date), actor: actor,
            correction: published.isEmpty ? nil : correction, unitHead: published.isEmpty ? nil : unitHead)
        let entry = try database.write { db -> AuditEntry in
            try db.execute(
                sql: "INSERT INTO result (visit, version, data, recordedAt, actor, correction, unitHead) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [result.visit, stored.version, data, stored.recordedAt, actor, stored.correction, stored.unitHead])
            return try AuditTrail.append(
                db, actor: actor, action: stored.correction == nil ? .resultRecord : .resultCorrect, entity: "visit",
                entityID: result.visit, before: previous?.result, after: result, at: date)
        }
        try writeHead(entry)
        return stored
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
        let existing = Set(try evidence(of: visitID).map(\.name))
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        var problems: [(String, String)] = []
        for (file, name) in zip(files, names) {
            if !FileManager.default.isReadableFile(atPath: file) {
                problems.append(("无法读取证据文件 \(file)（不存在或没有读取权限）", "cannot read the evidence file \(file) (missing or not readable)"))
            }
            if existing.contains(name) || names.filter({ $0 == name }).count > 1 {
                problems.append(("证据文件名 \(name) 重复", "the evidence name \(name) is used twice"))
            }
        }
        if !problems.isEmpty {
            throw StoreError(zh: problems.map(\.0).joined(separator: "\n"), en: problems.map(\.1).joined(separator: "\n"))
        }
    }

    /// Copies evidence files (photos, audio, video, scans) into `evidence/VISIT/`, recording each one's
    /// SHA-256 as it is read. All or nothing: a file that cannot be read or a name already used leaves
    /// nothing behind.
    @discardableResult
    public func addEvidence(_ files: [String], to visitID: String, actor: String, at date: Date = Date()) throws -> [Evidence] {
        try checkEvidence(files, for: visitID)
        let names = files.map { URL(fileURLWithPath: $0).lastPathComponent }
        let folder = "\(root)/evidence/\(visitID)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var staged: [(temporary: String, final: String, evidence: Evidence)] = []
        defer { for item in staged { try? FileManager.default.removeItem(atPath: item.temporary) } }
        for (file, name) in zip(files, names) {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw StoreError(zh: "无法读取 \(file)", en: "cannot read \(file)")
            }
            let temporary = "\(folder)/.\(name).partial"
            try data.write(to: URL(fileURLWithPath: temporary))
            staged.append(
                (
                    temporary, "\(folder)/\(name)",
                    Evidence(
                        visit: visitID, name: name, path: "evidence/\(visitID)/\(name)", sha256: sha256Hex([UInt8](data)),
                        size: data.count)
                ))
        }
        let at = ISO8601DateFormatter().string(from: date)
        let entry = try database.write { db -> AuditEntry? in
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
            for item in staged { try FileManager.default.moveItem(atPath: item.temporary, toPath: item.final) }
            return last
        }
        if let entry { try writeHead(entry) }
        let added = staged.map(\.evidence)
        staged.removeAll()
        return added
    }

    /// A visit's evidence files.
    public func evidence(of visit: String) throws -> [Evidence] { try evidence(visit: visit) }

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

    /// Records that a task's results were published on `day`; every visit must have a result.
    public func publish(task id: String, on day: CivilDate, actor: String) throws {
        let visits = try visits().filter { $0.tasks.contains(id) }
        guard !visits.isEmpty else { throw StoreError(zh: "任务 \(id) 没有检查", en: "task \(id) has no visits") }
        let results = try currentResults()
        let missing = visits.filter { results[$0.id] == nil }.map(\.id)
        if !missing.isEmpty {
            throw StoreError(
                zh: "以下检查还没有结果，不能公示：\(missing.joined(separator: "、"))",
                en: "these visits have no result yet: \(missing.joined(separator: ", "))")
        }
        let entry = try database.write { db -> AuditEntry in
            if try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM publication WHERE task = ?", arguments: [id]) == true {
                throw StoreError(zh: "任务 \(id) 已公示", en: "task \(id) is already published")
            }
            try db.execute(
                sql: "INSERT INTO publication (task, publishedOn, actor) VALUES (?, ?, ?)", arguments: [id, day.description, actor])
            return try AuditTrail.append(
                db, actor: actor, action: .resultPublish, entity: "task", entityID: id,
                after: AuditPayload.Publication(publishedOn: day.description))
        }
        try writeHead(entry)
    }

    /// When each published task was published.
    public func publications() throws -> [String: String] {
        try database.read { db in
            Dictionary(
                try Row.fetchAll(db, sql: "SELECT task, publishedOn FROM publication").map { ($0["task"], $0["publishedOn"]) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// Registers an objection to a visit's published result: the review is due 20 working days after
    /// receipt (002 (二十三)).
    @discardableResult
    public func receiveObjection(visit visitID: String, on day: CivilDate, applicant: String, reason: String, actor: String) throws
        -> Objection
    {
        guard try visits().contains(where: { $0.id == visitID }) else {
            throw StoreError(zh: "没有检查 \(visitID)", en: "there is no visit \(visitID)")
        }
        let due = try workingDays(DeadlineKind.review.workingDays ?? 0, after: day)
        let (objection, entry) = try database.write { db -> (Objection, AuditEntry) in
            try db.execute(
                sql: "INSERT INTO objection (visit, receivedOn, applicant, reason, reviewDue) VALUES (?, ?, ?, ?, ?)",
                arguments: [visitID, day.description, applicant, reason, due.description])
            let objection = Objection(
                id: Int(db.lastInsertedRowID), visit: visitID, receivedOn: day.description, applicant: applicant, reason: reason,
                reviewDue: due.description)
            let entry = try AuditTrail.append(
                db, actor: actor, action: .objectionReceive, entity: "visit", entityID: visitID,
                after: AuditPayload.ObjectionReceived(objection: objection.id, receivedOn: day.description, reviewDue: due.description))
            return (objection, entry)
        }
        try writeHead(entry)
        return objection
    }

    /// Records the review decision: feedback to the target is due 15 working days after it (002 (二十三)).
    /// A decision that the result was wrong is followed by a correction (`recordResult` with `correction`).
    @discardableResult
    public func decideObjection(_ id: Int, on day: CivilDate, decision: String, actor: String) throws -> Objection {
        let due = try workingDays(DeadlineKind.feedback.workingDays ?? 0, after: day)
        try updateObjection(
            id, actor: actor, action: .objectionDecide,
            sql: "UPDATE objection SET decidedOn = ?, decision = ?, feedbackDue = ? WHERE id = ?",
            arguments: [day.description, decision, due.description, id])
        guard let objection = try objections().first(where: { $0.id == id }) else {
            throw StoreError(zh: "没有第 \(id) 号异议", en: "there is no objection \(id)")
        }
        return objection
    }

    /// Records that the review's outcome was told to the target.
    public func recordFeedback(_ id: Int, on day: CivilDate, actor: String) throws {
        try updateObjection(
            id, actor: actor, action: .objectionFeedback, sql: "UPDATE objection SET feedbackOn = ? WHERE id = ?",
            arguments: [day.description, id])
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

    private func updateObjection(_ id: Int, actor: String, action: AuditAction, sql: String, arguments: StatementArguments) throws {
        let entry = try database.write { db -> AuditEntry in
            guard let before = try Self.objections(db, id: id).first else {
                throw StoreError(zh: "没有第 \(id) 号异议", en: "there is no objection \(id)", code: .notFound)
            }
            try db.execute(sql: sql, arguments: arguments)
            let after = try Self.objections(db, id: id).first
            return try AuditTrail.append(
                db, actor: actor, action: action, entity: "objection", entityID: String(id), before: before, after: after)
        }
        try writeHead(entry)
    }

    /// Everything due, open or overdue, counted in working days from `today`: publication of each
    /// unpublished task (002 (二十二) 4), rectification deadlines of 限期整改 results, and the review and
    /// feedback of objections (002 (二十三)). Calendar problems (a date beyond the calendar's years) are
    /// returned as warnings rather than stopping the list.
    public func deadlines(today: CivilDate) throws -> (deadlines: [Deadline], warnings: [StoreError]) {
        let (deadlines, problems) = DeadlineRules.open(
            tasks: try tasks(), published: Set(try publications().keys), visits: try visits(), results: try currentResults(),
            objections: try objections(), today: today, calendar: try WorkCalendar.official())
        return (deadlines, problems.map { StoreError(zh: $0.chinese, en: $0.description) })
    }

    private func workingDays(_ count: Int, after day: CivilDate) throws -> CivilDate {
        do {
            return try WorkCalendar.official().adding(workingDays: count, to: day)
        } catch let error as CalendarError {
            throw StoreError(zh: error.chinese, en: error.description)
        }
    }
}

extension Workspace {
    /// The 抽查结果公示 lines of a task: no personal data (checked field by field).
    public func publicResults(task id: String) throws -> [PublicView.ResultLine] {
        guard let task = try tasks().first(where: { $0.id == id }) else {
            throw StoreError(zh: "计划中没有任务 \(id)", en: "the plan has no task \(id)")
        }
        let targets = Dictionary(try targets().map { ($0.creditCode, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            return try PublicView.results(
                task: task, office: try settings().office, visits: try visits().map { ($0.id, $0.target, $0.tasks) }, targets: targets,
                results: try currentResults())
        } catch let violation as PublicView.Violation {
            throw Self.publicError(violation)
        }
    }

    /// The 不予配合情况公示 lines (000 §24).
    public func publicNonCooperation() throws -> [PublicView.NonCooperationLine] {
        let targets = Dictionary(try targets().map { ($0.creditCode, $0) }, uniquingKeysWith: { first, _ in first })
        do {
            return try PublicView.nonCooperation(
                visits: try visits().map { ($0.id, $0.target) }, targets: targets, results: try currentResults())
        } catch let violation as PublicView.Violation {
            throw Self.publicError(violation)
        }
    }

    private static func publicError(_ violation: PublicView.Violation) -> StoreError {
        StoreError(
            zh: "公示内容的“\(violation.field)”含有\(violation.kind)，不得公开；请修改后再公示",
            en: "the public field \(violation.field) holds personal data (\(violation.kind)); correct it before publishing")
    }
}
