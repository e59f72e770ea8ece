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
        return Self.hash(
            lines: try rows.map { row in
                guard let canonical = CanonicalJSON.canonical(stored: row) else {
                    throw StoreError(zh: "登记库记录无法读取：\(row.prefix(40))", en: "a registry row cannot be read: \(row.prefix(40))")
                }
                return canonical
            })
    }

    /// Draws the targets of a task from the registry as it stands (who may be drawn: `DrawEligibility`),
    /// writes the record under `draws/`, and records the draw (not yet locked).
    /// - Returns: the record and the path it was written to.
    public func draw(task id: String, seed: String, witnesses: [String], actor: String, at date: Date = Date()) throws -> (
        DrawRecord, String
    ) {
        guard let task = try tasks().first(where: { $0.id == id }) else {
            throw StoreError(
                zh: "计划中没有任务 \(id)（先用 spotcheck plan import 导入年度计划）",
                en: "the plan has no task \(id) (import the annual plan with spotcheck plan import)")
        }
        guard !seed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(zh: "必须给出事先公布的随机种子 --seed", en: "a seed announced before the draw is required (--seed)")
        }
        if try isLocked(task: id) {
            throw StoreError(
                zh: "任务 \(id) 的抽取结果已锁定，不能重新抽取（002 (十四)）", en: "the draw of task \(id) is locked and cannot be repeated (002 (十四))")
        }
        let settings = try self.settings()
        let registryHash = try snapshotHash(.targets)
        let columns = try targetColumns(snapshot: registryHash)
        let rules = DrawEligibility(
            task: task, perYearCap: settings.perYearCap, keyItems: Set(try checkItems().filter { $0.category == "重点" }.map(\.name)),
            drawnThisYear: try lockedDrawCounts(year: task.year), upperDraws: try records(.upperDraws))
        let (inputs, excluded) = rules.strata(of: columns)
        let result = RandomDraw.run(task: task.id, seed: seed, registryHash: registryHash, strata: inputs)
        var record = DrawRecord(
            task: task.id, taskName: task.name, seed: seed, registryHash: registryHash, drawnAt: ISO8601DateFormatter().string(from: date),
            actor: actor, witnesses: witnesses, strata: inputs, excluded: excluded, result: result)
        if !rules.capApplies {
            // 重点 items: the drawn targets are visited in batches whose order is drawn too (002 (七)).
            record.batchOrder = RandomDraw.batchOrder(task: task.id, seed: seed, registryHash: registryHash, drawn: result.flatMap(\.drawn))
        }
        let bytes = try record.xml()
        let folder = "\(root)/draws"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let number =
            try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM draw WHERE task = ?", arguments: [id]) ?? 0 } + 1
        let path = "\(folder)/\(id)-\(number).xml"
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        let digest = sha256Hex(bytes)
        let drawn = result.flatMap(\.drawn)
        let entry = try database.write { db -> AuditEntry in
            try db.execute(
                sql:
                    "INSERT INTO draw (task, number, year, record, recordSHA256, drawn, locked, seed, visitOrder) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                arguments: [
                    id, number, task.year, "draws/\(id)-\(number).xml", digest, drawn.joined(separator: ","), seed,
                    (record.batchOrder.isEmpty ? drawn : record.batchOrder).joined(separator: ","),
                ])
            return try AuditTrail.append(
                db, actor: actor, action: .drawRun, entity: "task", entityID: id,
                after: AuditPayload.RecordFile(record: "draws/\(id)-\(number).xml", sha256: digest, drawn: drawn.count), at: date)
        }
        try writeHead(entry)
        return (record, path)
    }

    /// Locks the latest draw of a task: its list is final (002 (十四)).
    public func lockDraw(task id: String, actor: String) throws -> String {
        let entry = try database.write { db -> (AuditEntry, String) in
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
        try writeHead(entry.0)
        return entry.1
    }

    func isLocked(task id: String) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM draw WHERE task = ? AND locked = 1", arguments: [id]) ?? false
        }
    }

    /// How often each target was drawn this year by locked draws.
    func lockedDrawCounts(year: Int) throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for list in try String.fetchAll(db, sql: "SELECT drawn FROM draw WHERE year = ? AND locked = 1", arguments: [year]) {
                for code in list.split(separator: ",") { counts[String(code), default: 0] += 1 }
            }
            return counts
        }
    }
}
