import Foundation
import GRDB
import Inspection
import Support

extension Workspace {
    /// The plan's tasks as they stand now.
    public func tasks() throws -> [PlanTask] { try records(.tasks) }

    /// The hash of a registry as it stands now: the value its last import recorded (computed from the
    /// records for workspaces older than that record).
    public func snapshotHash(_ registry: Registry) throws -> String {
        let stored = try database.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM registry_snapshot WHERE registry = ?", arguments: [registry.rawValue])
        }
        return try stored ?? recomputedSnapshotHash(registry)
    }

    /// SHA-256 over the current records' canonical JSON in key order, joined by LF.
    func recomputedSnapshotHash(_ registry: Registry) throws -> String {
        let rows = try database.read { db in
            try String.fetchAll(
                db, sql: "SELECT data FROM registry_version WHERE registry = ? AND validTo IS NULL ORDER BY key",
                arguments: [registry.rawValue])
        }
        let lines = try rows.map { row in
            guard let canonical = CanonicalJSON.canonical(stored: row) else {
                throw StoreError(zh: "登记库记录无法读取：\(row.prefix(40))", en: "a registry row cannot be read: \(row.prefix(40))")
            }
            return canonical
        }
        return Self.hash(count: lines.count) { lines[$0] }
    }

    /// Writes a draw's record as `draws/TASK-N.xml` (N: the task's next attempt) and records the draw,
    /// not yet locked, with its audit entry.
    /// - Returns: the path written.
    public func saveDraw(_ record: DrawRecord, year: Int, actor: String, at date: Date = Clock.now()) throws -> String {
        let id = record.task
        let bytes = try record.xml()
        try FileManager.default.createDirectory(atPath: layout.draws, withIntermediateDirectories: true)
        let number = try drawCount(task: id) + 1
        guard record.attempt == number else {
            throw StoreError(
                zh: "任务 \(id) 已有 \(number - 1) 次抽取，这份记录写的是第 \(record.attempt) 次", en: "task \(id) has \(number - 1) draws; this record says attempt \(record.attempt)",
                code: .conflict)
        }
        let relative = WorkspaceLayout.relativeDraw(task: id, number: number)
        try AtomicFile.write(bytes, to: layout.absolute(relative))
        let digest = sha256Hex(bytes)
        let drawn = record.result.flatMap(\.drawn)
        _ = try auditedWrite { db -> AuditEntry in
            try db.execute(
                sql:
                    "INSERT INTO draw (task, number, year, record, recordSHA256, drawn, locked, seed, visitOrder) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                arguments: [
                    id, number, year, relative, digest, StoredList.text(drawn), record.seed,
                    StoredList.text(record.batchOrder.isEmpty ? drawn : record.batchOrder),
                ])
            return try AuditTrail.append(
                db, actor: actor, action: .drawRun, entity: "task", entityID: id,
                after: AuditPayload.RecordFile(
                    record: relative, sha256: digest, drawn: drawn.count, attempt: record.isLegacy ? nil : record.attempt,
                    reason: record.reason.isEmpty ? nil : record.reason,
                    snapshot: record.registryFile.isEmpty ? nil : "draws/\(record.registryFile)",
                    snapshotSHA256: record.registryFile.isEmpty ? nil : record.registryHash), at: date)
        }
        return layout.absolute(relative)
    }

    /// How many times a task has been drawn.
    public func drawCount(task id: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM draw WHERE task = ?", arguments: [id]) ?? 0 }
    }

    /// The latest attempt to draw a task: its number, record (relative path) and the record's SHA-256.
    public func latestDraw(task id: String) throws -> (number: Int, path: String, sha256: String)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT number, record, recordSHA256 FROM draw WHERE task = ? ORDER BY number DESC LIMIT 1", arguments: [id])
                .map { ($0["number"], $0["record"], $0["recordSHA256"]) }
        }
    }

    /// Locks the latest draw of a task: its list is final (002 (十四)).
    public func lockDraw(task id: String, actor: String) throws -> String {
        let entry = try auditedWrite { db -> (AuditEntry, String) in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT number, record, recordSHA256, locked FROM draw WHERE task = ? ORDER BY number DESC LIMIT 1",
                    arguments: [id])
            else {
                throw StoreError(zh: "任务 \(id) 还没有抽取", en: "task \(id) has not been drawn")
            }
            guard row["locked"] as Int == 0 else { throw StoreError(zh: "任务 \(id) 已锁定", en: "task \(id) is already locked") }
            try db.execute(sql: "UPDATE draw SET locked = 1 WHERE task = ? AND number = ?", arguments: [id, row["number"] as Int])
            let record: String = row["record"]
            let audit = try AuditTrail.append(
                db, actor: actor, action: .drawLock, entity: "task", entityID: id,
                after: AuditPayload.RecordFile(record: record, sha256: row["recordSHA256"]))
            return (audit, record)
        }
        return entry.1
    }

    /// Whether the task has a locked draw.
    public func isLocked(task id: String) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM draw WHERE task = ? AND locked = 1", arguments: [id]) ?? false
        }
    }

    /// How often each target was drawn this year by locked draws.
    public func lockedDrawCounts(year: Int) throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for list in try String.fetchAll(db, sql: "SELECT drawn FROM draw WHERE year = ? AND locked = 1", arguments: [year]) {
                for code in StoredList.values(list) { counts[code, default: 0] += 1 }
            }
            return counts
        }
    }
}
