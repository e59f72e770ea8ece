import Crypto
import Foundation
import GRDB
import Inspection
import Support

/// What an import changed.
public struct ImportSummary: Codable, Sendable, Hashable {
    public var added: Int
    public var changed: Int
    public var removed: Int
    public var unchanged: Int
    /// SHA-256 of the registry as it stands after the import (sorted records), which a draw records.
    public var snapshotHash: String
    /// When the import took effect (ISO 8601, UTC): the registry "as of" any later time includes it.
    public var at: String
    /// False for the same file again, changing nothing: not recorded as another import.
    public var recorded = true
}

/// The registries of 一单两库.
public enum Registry: String, Sendable, CaseIterable {
    /// 检查对象名录库, keyed by credit code.
    case targets
    /// 执法检查人员名录库 and 专家库, keyed by certificate number.
    case inspectors
    /// 随机抽查事项清单, keyed by item name.
    case items
    /// The annual plan's tasks, keyed by task number.
    case tasks
    /// Targets drawn this year by higher levels (001 §11), keyed by code, year and department.
    case upperDraws
}

extension Workspace {
    /// Replaces the target registry (see `importRegistry`).
    @discardableResult
    public func importTargets(_ targets: [Target], file: String, fileSHA256: String, actor: String, at date: Date = Clock.now()) throws
        -> ImportSummary
    {
        try importRegistry(.targets, targets, key: \.creditCode, file: file, fileSHA256: fileSHA256, actor: actor, at: date)
    }

    /// Replaces a registry with `records` in one transaction, keeping history: a changed or removed
    /// record stays queryable as it was on any past date (000 §10; 003 三(八)).
    /// - Parameters:
    ///   - records: the whole registry as the office keeps it (validated by the matching `…Import`).
    ///   - key: what identifies a record across imports.
    ///   - progress: told how many records were stored since it was last told.
    ///   - file: the file it came from and its SHA-256, for the audit trail.
    /// - Returns: what changed.
    @discardableResult
    public func importRegistry<Record: Encodable & Sendable>(
        _ registry: Registry, _ records: consuming [Record], key: (Record) -> String, file: String, fileSHA256: String, actor: String,
        at date: Date = Clock.now(), progress: ((Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let at = ISO8601DateFormatter().string(from: date)
        // Rows are stored in key order and the snapshot hash is over it; the records stay where they are,
        // taken over from the caller, and are visited through `order` — for a city's million targets,
        // moving them into order cost more than everything that then reads them.
        let records = consume records
        // Through Any, the runtime sees the element types are the same and hands the array over whole; a
        // direct `as? [Target]` in this unspecialised generic code casts a million elements one by one.
        let targets = (records as Any) as? [Target]
        let (order, keys) = Self.keyOrder(of: records, targets: registry == .targets ? targets : nil, key: key)
        // Targets are encoded a slice at a time as they are stored; the small registries all at once.
        let encoded = targets == nil ? try order.parallelMap { try CanonicalJSON.string(records[$0]) } : []
        let kind = registry.rawValue
        // Meanwhile other cores compute the snapshot hash over the canonical JSON (for targets, written only
        // now: the table stores arrays), a targets import's draw columns, and the public snapshot a draw
        // publishes (RegistrySnapshot) — written beside the transaction: a file of an import that then fails
        // is an unused cache file.
        let snapshot = Concurrent {
            targets.map { targets in Self.hash(count: targets.count, bytes: { CanonicalJSON.fastBytes(targets[order[$0]]) }) }
                ?? Self.hash(count: encoded.count) { encoded[$0] }
        }
        let columns = targets.map { targets in Concurrent { TargetColumns(targets, in: order).encoded(snapshot: snapshot.value) } }
        let published = targets.map { targets in
            Concurrent { self.writePublicSnapshot(RegistrySnapshot.bytes(of: targets, in: order), snapshot: snapshot.value) }
        }
        var stored = StoredForms(targets: targets, order: order, encoded: encoded)
        let (summary, _) = try auditedWrite { db -> (ImportSummary, AuditEntry?) in
            var current = try Self.current(kind, in: db)
            var summary = ImportSummary(added: 0, changed: 0, removed: 0, unchanged: 0, snapshotHash: "", at: at)
            let close = try db.cachedStatement(sql: "UPDATE registry_version SET validTo = ? WHERE id = ?")
            var inserts = BatchInsert(db, registry: kind, validFrom: at)
            var reported = 0
            for position in order.indices {
                let code = keys[position]
                let stored = try stored(position)
                if position - reported == 4096 {
                    progress?(4096)
                    reported = position
                }
                if let old = current.removeValue(forKey: code) {
                    // A target stored before targets were stored as arrays compares by its canonical JSON.
                    let compared = old.object ? targets.map { CanonicalJSON.fast($0[order[position]]) } ?? stored : stored
                    if old.digest == SHA256.hash(data: Array(compared.utf8)) {
                        summary.unchanged += 1
                        continue
                    }
                    try close.execute(arguments: [at, old.id])
                    summary.changed += 1
                } else {
                    summary.added += 1
                }
                try inserts.append(key: code, data: stored)
            }
            try inserts.flush()
            progress?(records.count - reported)
            // What is left was not in the file: removed, kept as history.
            for (id, _, _) in current.values {
                try close.execute(arguments: [at, id])
                summary.removed += 1
            }
            summary.snapshotHash = snapshot.value
            let details = AuditPayload.RegistryImport(
                file: file, fileSHA256: fileSHA256, added: String(summary.added), changed: String(summary.changed),
                removed: String(summary.removed), snapshotHash: summary.snapshotHash)
            let entry = try Self.recordImport(
                kind, details, unchanged: summary.added + summary.changed + summary.removed == 0, actor: actor, at: date, in: db)
            summary.recorded = entry != nil
            return (summary, entry)
        }
        if let columns { writeTargetColumns(columns.value, snapshot: summary.snapshotHash) }
        _ = published?.value
        return summary
    }

    /// The target registry as it stood at `time` (ISO 8601), or now.
    public func targets(asOf time: String? = nil) throws -> [Target] { try records(.targets, asOf: time) }

    /// The current records of the targets with these credit codes (those not in the registry are left out).
    public func targets(codes: some Sequence<String>) throws -> [String: Target] {
        let rows = try database.read { db in
            let select = try db.cachedStatement(
                sql: "SELECT data FROM registry_version WHERE registry = ? AND key = ? AND validTo IS NULL")
            return try Set(codes).sorted().compactMap { code in
                try String.fetchOne(select, arguments: [Registry.targets.rawValue, code])
            }
        }
        var targets: [String: Target] = [:]
        for row in rows {
            let target = try CanonicalJSON.target(from: row) ?? JSONDecoder().decode(Target.self, from: Data(row.utf8))
            targets[target.creditCode] = target
        }
        return targets
    }

    /// The inspector registry as it stood at `time`, or now.
    public func inspectors(asOf time: String? = nil) throws -> [Inspector] { try records(.inspectors, asOf: time) }

    /// The checklist as it stood at `time`, or now.
    public func checkItems(asOf time: String? = nil) throws -> [CheckItem] { try records(.items, asOf: time) }

    /// How many records a registry holds now.
    public func count(_ registry: Registry) throws -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM registry_version WHERE registry = ? AND validTo IS NULL", arguments: [registry.rawValue]) ?? 0
        }
    }

    /// A registry's records as they stood at `time` (ISO 8601), or now, ordered by key.
    public func records<Record: Decodable & Sendable>(_ registry: Registry, asOf time: String? = nil) throws -> [Record] {
        try database.read { db in
            let rows: [String]
            if let time {
                rows = try String.fetchAll(
                    db,
                    sql:
                        "SELECT data FROM registry_version WHERE registry = ? AND validFrom <= ? AND (validTo IS NULL OR validTo > ?) ORDER BY key",
                    arguments: [registry.rawValue, time, time])
            } else {
                rows = try String.fetchAll(
                    db, sql: "SELECT data FROM registry_version WHERE registry = ? AND validTo IS NULL ORDER BY key",
                    arguments: [registry.rawValue])
            }
            return rows
        }.parallelMap { @Sendable (row: String) throws -> Record in
            if Record.self == Target.self, let target = CanonicalJSON.target(from: row) as? Record { return target }
            return try JSONDecoder().decode(Record.self, from: Data(row.utf8))
        }
    }

    /// Records an import: its snapshot and its audit entry — or nothing for the same file again, changing
    /// nothing (a command run twice, or rerun after it was cut off), which is not another import.
    private static func recordImport(
        _ kind: String, _ details: AuditPayload.RegistryImport, unchanged: Bool, actor: String, at date: Date, in db: Database
    ) throws -> AuditEntry? {
        if unchanged, try lastImportedFile(kind, in: db) == details.fileSHA256 { return nil }
        try db.execute(
            sql: "INSERT OR REPLACE INTO registry_snapshot (registry, hash, at) VALUES (?, ?, ?)",
            arguments: [kind, details.snapshotHash, ISO8601DateFormatter().string(from: date)])
        return try AuditTrail.append(
            db, actor: actor, action: .registryImport, entity: kind, entityID: details.snapshotHash, after: details, at: date)
    }

    /// The SHA-256 of the file the registry was last imported from, from the audit trail.
    private static func lastImportedFile(_ kind: String, in db: Database) throws -> String? {
        guard
            let after = try String.fetchOne(
                db, sql: "SELECT after FROM audit WHERE action = ? AND entity = ? ORDER BY sequence DESC LIMIT 1",
                arguments: [AuditAction.registryImport.rawValue, kind])
        else { return nil }
        return try? JSONDecoder().decode(AuditPayload.RegistryImport.self, from: Data(after.utf8)).fileSHA256
    }

    /// What a registry holds now, by key: each record's row, a digest of its stored data, and whether that is
    /// the older object form — not the data itself, which for a city's registry would be hundreds of
    /// megabytes held beside the new records.
    private static func current(_ kind: String, in db: Database) throws -> [String: (id: Int64, digest: SHA256.Digest, object: Bool)] {
        var current: [String: (id: Int64, digest: SHA256.Digest, object: Bool)] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, key, data FROM registry_version WHERE registry = ? AND validTo IS NULL", arguments: [kind])
        while let row = try rows.next() {
            let data: String = row["data"]
            current[row["key"]] = (row["id"], SHA256.hash(data: Array(data.utf8)), data.utf8.first == UInt8(ascii: "{"))
        }
        return current
    }

    /// SHA-256 of `count` lines joined by LF, without building the joined text or holding every line: lines
    /// are made a slice at a time (on every core) and hashed in order.
    static func hash(count: Int, line: @escaping @Sendable (Int) -> String) -> String {
        hash(count: count, bytes: { Array(line($0).utf8) })
    }

    /// As `hash(count:line:)`, the lines given as their UTF-8 bytes.
    static func hash(count: Int, bytes line: @escaping @Sendable (Int) -> [UInt8]) -> String {
        var hasher = SHA256()
        let slice = 1 << 15
        for start in stride(from: 0, to: count, by: slice) {
            let indices = Array(start..<min(start + slice, count))
            // The closure cannot throw; parallelMap's rethrow is never taken.
            let lines = (try? indices.parallelMap { line($0) }) ?? indices.map(line)
            for (offset, bytes) in lines.enumerated() {
                if start + offset > 0 { hasher.update(data: [UInt8(ascii: "\n")]) }
                hasher.update(data: bytes)
            }
        }
        return hasher.finalize().hex
    }

    /// The records' positions in key order, and the keys in that order. A target's key is its credit code
    /// (the key of `Registry.targets`), read here as a field of the concrete type: through the generic `key`,
    /// each of a million targets would be copied whole — every string it holds retained and released — to
    /// read one. Keys are unique in a validated registry; equal keys keep their order.
    static func keyOrder<Record>(of records: [Record], targets: [Target]?, key: (Record) -> String) -> (order: [Int], keys: [String]) {
        var pairs: [(key: String, position: Int)]
        if let targets {
            assert(
                targets.first.map { target in ((target as Any) as? Record).map(key) == target.creditCode } ?? true,
                "targets are keyed by credit code")
            pairs = targets.enumerated().map { ($0.element.creditCode, $0.offset) }
        } else {
            pairs = records.enumerated().map { (key($0.element), $0.offset) }
        }
        pairs.sort { $0.key < $1.key || (!($1.key < $0.key) && $0.position < $1.position) }
        return (pairs.map(\.position), pairs.map(\.key))
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hex
    }

}


/// The form the table stores for each record in key order: for targets, encoded on every core a slice at a
/// time as the rows are stored (never all at once); for the small registries, the canonical JSON made before.
private struct StoredForms {
    let targets: [Target]?
    let order: [Int]
    let encoded: [String]
    private var start = 0
    private var slice: [String] = []

    init(targets: [Target]?, order: [Int], encoded: [String]) {
        self.targets = targets
        self.order = order
        self.encoded = encoded
    }

    mutating func callAsFunction(_ position: Int) throws -> String {
        guard let targets else { return encoded[position] }
        if position >= start + slice.count {
            start = position
            slice = try Array(order[position..<min(position + (1 << 15), order.count)]).parallelMap { CanonicalJSON.stored(targets[$0]) }
        }
        return slice[position - start]
    }
}

/// New registry rows inserted many to a statement: a million-row import spends its time in the
/// per-statement cost otherwise. Registry and validFrom are bound once per statement.
private struct BatchInsert {
    static let rowsPerStatement = 256
    private let db: Database
    private let registry: String
    private let validFrom: String
    private var pending: [DatabaseValue] = []

    init(_ db: Database, registry: String, validFrom: String) {
        self.db = db
        self.registry = registry
        self.validFrom = validFrom
    }

    mutating func append(key: String, data: String) throws {
        if pending.isEmpty { pending = [registry.databaseValue, validFrom.databaseValue] }
        pending.append(key.databaseValue)
        pending.append(data.databaseValue)
        if pending.count == 2 + 2 * Self.rowsPerStatement { try flush() }
    }

    /// Inserts what is pending.
    mutating func flush() throws {
        let rows = (pending.count - 2) / 2
        guard rows > 0 else { return }
        let statement = try db.cachedStatement(sql: Self.sql(rows: rows))
        statement.setUncheckedArguments(StatementArguments(pending))
        try statement.execute()
        pending.removeAll(keepingCapacity: true)
    }

    /// `INSERT … VALUES (?1, ?3, ?2, ?4), (?1, ?5, ?2, ?6), …` for `rows` rows.
    static func sql(rows: Int) -> String {
        let values = (0..<rows).map { "(?1, ?\(3 + 2 * $0), ?2, ?\(4 + 2 * $0))" }.joined(separator: ", ")
        return "INSERT INTO registry_version (registry, key, validFrom, data) VALUES \(values)"
    }
}
