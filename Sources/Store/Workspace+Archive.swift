import Foundation
import GRDB
import Inspection
import Support

extension CatalogedDossier: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dossier"
}

extension Workspace {
    /// Records a sealed package in the catalogue, with an audit entry.
    public func catalog(_ dossier: CatalogedDossier, actor: String) throws {
        _ = try auditedWrite { db -> AuditEntry in
            try dossier.insert(db)
            return try AuditTrail.append(
                db, actor: actor, action: dossier.version == 1 ? .archiveSeal : .archiveAmend, entity: "dossier",
                entityID: "\(dossier.code) v\(dossier.version)", after: dossier)
        }
    }

    /// Every package in the catalogue, by 档号 and version.
    public func dossiers() throws -> [CatalogedDossier] {
        try database.read { db in try CatalogedDossier.order(Column("code"), Column("version")).fetchAll(db) }
    }

    /// The latest version sealed for a visit.
    public func latestDossier(visit: String) throws -> CatalogedDossier? {
        try database.read { db in
            try CatalogedDossier.filter(Column("visit") == visit).order(Column("version").desc).fetchOne(db)
        }
    }
}

extension LegalHold: FetchableRecord {}

extension Workspace {
    /// Places a legal hold (reason, authority, who, when) on a catalogued case file.
    /// - Throws: `StoreError` when the 档号 is not in the catalogue or already disposed of.
    @discardableResult
    public func placeHold(code: String, reason: String, authority: String, actor: String, at date: Date = Clock.now()) throws -> LegalHold {
        let now = ISO8601DateFormatter().string(from: date)
        let (hold, _) = try auditedWrite { db -> (LegalHold, AuditEntry) in
            let versions = try CatalogedDossier.filter(Column("code") == code).fetchAll(db)
            guard !versions.isEmpty else { throw StoreError(zh: "档案目录中没有档号 \(code)", en: "the catalogue has no dossier \(code)") }
            if versions.contains(where: { $0.disposedAt != nil }) {
                throw StoreError(zh: "\(code) 已销毁", en: "\(code) has been disposed of")
            }
            try db.execute(
                sql: "INSERT INTO hold (code, reason, authority, placedBy, placedAt) VALUES (?, ?, ?, ?, ?)",
                arguments: [code, reason, authority, actor, now])
            let hold = LegalHold(
                id: db.lastInsertedRowID, code: code, reason: reason, authority: authority, placedBy: actor, placedAt: now)
            let entry = try AuditTrail.append(
                db, actor: actor, action: .archiveHold, entity: "dossier", entityID: code, after: hold, at: date)
            return (hold, entry)
        }
        return hold
    }

    /// Releases a hold; the release is logged.
    public func releaseHold(_ id: Int64, actor: String, at date: Date = Clock.now()) throws {
        let now = ISO8601DateFormatter().string(from: date)
        _ = try auditedWrite { db -> AuditEntry in
            guard let hold = try LegalHold.fetchOne(db, sql: "SELECT * FROM hold WHERE id = ?", arguments: [id]) else {
                throw StoreError(zh: "没有第 \(id) 号保全", en: "there is no hold \(id)")
            }
            if hold.releasedAt != nil { throw StoreError(zh: "第 \(id) 号保全已解除", en: "hold \(id) was already released") }
            try db.execute(sql: "UPDATE hold SET releasedBy = ?, releasedAt = ? WHERE id = ?", arguments: [actor, now, id])
            return try AuditTrail.append(
                db, actor: actor, action: .archiveRelease, entity: "dossier", entityID: hold.code, before: hold, at: date)
        }
    }

    /// Holds, all or those in force.
    public func holds(activeOnly: Bool = false) throws -> [LegalHold] {
        try database.read { db in
            try LegalHold.fetchAll(db, sql: "SELECT * FROM hold \(activeOnly ? "WHERE releasedAt IS NULL" : "") ORDER BY id")
        }
    }

    /// Marks every version of the case files disposed of, with one audit entry each, in one transaction.
    public func markDisposed(_ codes: [String], list: String, on day: String, actor: String, at date: Date = Clock.now()) throws {
        _ = try auditedWrite { db -> [AuditEntry] in
            var entries: [AuditEntry] = []
            for code in codes {
                try db.execute(sql: "UPDATE dossier SET disposedAt = ? WHERE code = ?", arguments: [day, code])
                entries.append(
                    try AuditTrail.append(
                        db, actor: actor, action: .archiveDispose, entity: "dossier", entityID: code,
                        after: AuditPayload.Disposal(list: list, on: day), at: date))
            }
            return entries
        }
    }
}

extension Workspace {
    /// Replaces the catalogue with `dossiers` (rebuilt by scanning the packages), in one transaction,
    /// with an audit entry saying how many rows it had and has.
    public func replaceCatalog(with dossiers: [CatalogedDossier], actor: String) throws {
        _ = try auditedWrite { db -> AuditEntry in
            let before = try CatalogedDossier.fetchCount(db)
            try db.execute(sql: "DELETE FROM dossier")
            for dossier in dossiers { try dossier.insert(db) }
            return try AuditTrail.append(
                db, actor: actor, action: .archiveCatalogRebuild, entity: "dossier", entityID: "*",
                before: AuditPayload.Rows(rows: before), after: AuditPayload.Rows(rows: dossiers.count))
        }
    }
}

extension FixityEvent: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "fixity"

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Workspace {
    /// Records the checks of one fixity run (`archive audit`, `archive replicate`) and one audit entry
    /// summing them up, in one transaction.
    public func recordFixity(_ events: [FixityEvent], action: AuditAction, actor: String, at date: Date = Clock.now()) throws {
        guard !events.isEmpty else { return }
        var outcomes: [String: Int] = [:]
        for event in events { outcomes[event.outcome.rawValue, default: 0] += 1 }
        let summary = AuditPayload.FixityRun(
            checks: events.count, outcomes: outcomes, failed: events.filter { $0.outcome == .failed }.map { "\($0.location)|\($0.package)" },
            repaired: events.filter { $0.outcome == .repaired }.map { "\($0.location)|\($0.package)" },
            locations: Array(Set(events.map(\.location))).sorted())
        _ = try auditedWrite { db -> AuditEntry in
            // One prepared statement for the batch (GRDB's record insert encodes each event through Codable and
            // builds its statement again for each).
            let insert = try db.cachedStatement(
                sql: "INSERT INTO fixity (package, location, outcome, checkedOn, checkedAt, sha256, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for event in events {
                try insert.execute(arguments: [
                    event.package, event.location, event.outcome.rawValue, event.checkedOn, event.checkedAt, event.sha256, event.detail, event.actor,
                ])
            }
            return try AuditTrail.append(
                db, actor: actor, action: action, entity: "archive", entityID: action.rawValue, after: summary, at: date)
        }
        // Its pages copied into the database file now (passive: never waiting for readers), while the caller
        // still has work to overlap it with, instead of all at once when the workspace is closed. Only for
        // speed: the checks are committed, so a busy checkpoint (another connection's) is no error.
        _ = try? database.writeWithoutTransaction { try $0.checkpoint(.passive) }
    }

    /// The day each package's original was last checked, and every place a copy was ever made — read as
    /// aggregates, so an audit costs the same after decades of history.
    public func lastFixityChecks() throws -> (days: [String: String], locations: [String], failing: Set<String>) {
        try database.read { db in
            var days: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT package, MAX(checkedOn) AS day FROM fixity WHERE location = '' GROUP BY package") {
                days[row["package"]] = row["day"]
            }
            let locations = try String.fetchAll(db, sql: "SELECT DISTINCT location FROM fixity WHERE location != '' ORDER BY location")
            // Packages whose original's latest event is a failure.
            let failing = try String.fetchAll(
                db,
                sql: """
                    SELECT package FROM fixity f WHERE location = '' AND id = (SELECT MAX(id) FROM fixity WHERE package = f.package AND location = '')
                    AND outcome = ?
                    """, arguments: [FixityEvent.Outcome.failed.rawValue])
            return (days, locations, Set(failing))
        }
    }

    /// The checks of a package (relative to the archive folder), or of every package, oldest first.
    public func fixityEvents(package: String? = nil) throws -> [FixityEvent] {
        try database.read { db in
            if let package { return try FixityEvent.filter(Column("package") == package).order(Column("id")).fetchAll(db) }
            return try FixityEvent.order(Column("id")).fetchAll(db)
        }
    }
}
