import Foundation
import GRDB
import Support

/// A workspace: one SQLite database (WAL, versioned migrations), the office's settings, and folders
/// for generated documents and evidence.
///
/// ```swift
/// let workspace = try Workspace.create(at: "卫东区2024", settings: OfficeSettings(office: "平顶山市卫东区医疗保障局"), actor: "张三")
/// let problems = try workspace.verifyAuditTrail()
/// ```
public final class Workspace: Sendable {

    /// The workspace folder.
    public let root: String
    /// The database; GRDB's pool is safe to share between threads.
    public let database: DatabasePool

    private init(root: String, database: DatabasePool) {
        self.root = root
        self.database = database
    }

    /// Makes a new workspace in `path` (which must not exist, or be empty) and records it in the audit trail.
    /// - Throws: `StoreError` for unusable settings (every problem listed) or a folder that is in use.
    public static func create(at path: String, settings: OfficeSettings, actor: String) throws -> Workspace {
        if !settings.problems.isEmpty {
            throw StoreError(
                zh: settings.problems.map(\.zh).joined(separator: "；"), en: settings.problems.map(\.en).joined(separator: "; "))
        }
        let manager = FileManager.default
        if manager.fileExists(atPath: path), !((try? manager.contentsOfDirectory(atPath: path)) ?? []).isEmpty {
            throw StoreError(zh: "\(path) 已存在且不为空", en: "\(path) exists and is not empty")
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
            for folder in WorkspaceLayout.folders { try manager.createDirectory(atPath: "\(path)/\(folder)", withIntermediateDirectories: true) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let settingsJSON = try encoder.encode(settings)
            try settingsJSON.write(to: URL(fileURLWithPath: WorkspaceLayout(root: path).settings), options: .atomic)
            let workspace = try open(at: path)
            try workspace.record(
                actor: actor, action: .workspaceInit, entity: "office", entityID: settings.office, after: settings)
            return workspace
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(zh: "无法创建工作区 \(path)：\(error)", en: "cannot create the workspace \(path): \(error)")
        }
    }

    /// Opens a workspace and brings its database to the current schema.
    public static func open(at path: String) throws -> Workspace {
        let file = WorkspaceLayout(root: path).database
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Two commands on one workspace: the second waits its turn rather than failing on a lock.
        configuration.busyMode = .timeout(busyWait)
        do {
            let pool = try DatabasePool(path: file, configuration: configuration)
            try migrator.migrate(pool)
            // What a command killed while writing the workspace's own files left (the audit head's temporary
            // file, named with its process) goes once that process is gone.
            StaleFiles.sweep(path)
            return Workspace(root: path, database: pool)
        } catch {
            throw StoreError(zh: "无法打开工作区数据库 \(file)：\(error)", en: "cannot open the workspace database \(file): \(error)")
        }
    }

    /// How long a command waits for another one's write to the same workspace, in seconds.
    public static let busyWait: TimeInterval = 30

    /// A database error said plainly, for a person: a workspace busy past the wait, or a full disk; any
    /// other error as it is.
    public static func plain(_ error: any Error) -> any Error {
        guard let database = error as? DatabaseError else { return error }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                zh: "工作区正忙：另一个命令正在写入，已等候 \(Int(busyWait)) 秒仍未结束；请等它完成后再试（什么都没有写入）",
                en: "the workspace is busy: another command is writing and did not finish within \(Int(busyWait)) s; try again when it is done (nothing was written)",
                code: .conflict, cause: database)
        case .SQLITE_FULL:
            return StoreError(
                zh: "磁盘已满，未写入任何内容；请腾出空间后再试", en: "the disk is full; nothing was written: free some space and try again", code: .io,
                cause: database)
        default:
            return error
        }
    }

    /// Where the commands look for a workspace: `--workspace`, then `SPOTCHECK_WORKSPACE`, then the current folder.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for candidate in [explicit, environment["SPOTCHECK_WORKSPACE"], FileManager.default.currentDirectoryPath].compactMap({ $0 }) {
            if FileManager.default.fileExists(atPath: WorkspaceLayout(root: candidate).database) { return candidate }
        }
        return nil
    }

    /// A path the workspace records (relative to it when inside it) as an absolute path.
    public func absolutePath(_ path: String) -> String { layout.absolute(path) }

    /// The office's settings.
    /// Replaces office.json (atomically) and records the change.
    public func saveSettings(_ settings: OfficeSettings, actor: String) throws {
        let before = try self.settings()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(settings)), to: layout.settings)
        _ = try record(actor: actor, action: .officeUpdate, entity: "office", entityID: settings.office, before: before, after: settings)
    }

    public func settings() throws -> OfficeSettings {
        let path = layout.settings
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(zh: "缺少 \(path)", en: "\(path) is missing")
        }
        do {
            return try JSONDecoder().decode(OfficeSettings.self, from: data)
        } catch {
            throw StoreError(zh: "\(path) 内容有误：\(error)", en: "\(path) is not valid: \(error)")
        }
    }

    /// Appends an audit entry in its own transaction and records the new head outside the database.
    @discardableResult
    public func record(
        actor: String, action: AuditAction, entity: String, entityID: String, before: (any Encodable)? = nil, after: (any Encodable)? = nil
    ) throws
        -> AuditEntry
    {
        try auditedWrite { db in
            try AuditTrail.append(db, actor: actor, action: action, entity: entity, entityID: entityID, before: before, after: after)
        }
    }

    /// The trail's own chain, its end against the signed head, then every file it (or the document
    /// register) records a SHA-256 for.
    public func verifyAuditTrail() throws -> [AuditTrail.Problem] {
        try database.read { db in try AuditTrail.verify(db, head: AuditHead.read(layout.auditHead), keys: officePublicKeys) }
            + verifyRecordedFiles()
    }

    /// The last audit entry's number: it changes with every change the workspace makes, so it versions
    /// anything computed from the workspace.
    public func version() throws -> Int64 {
        try database.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM audit") ?? 0 }
    }

    /// The trail, oldest first.
    public func auditEntries() throws -> [AuditEntry] {
        try database.read { db in try AuditEntry.order(Column("sequence")).fetchAll(db) }
    }


    /// The schema, one migration per version; never edit a shipped migration, add the next.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-audit") { db in
            try db.create(table: "audit") { table in
                table.primaryKey("sequence", .integer)
                table.column("at", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("entity", .text).notNull()
                table.column("entityID", .text).notNull()
                table.column("before", .text)
                table.column("after", .text)
                table.column("previousHash", .text).notNull()
                table.column("hash", .text).notNull()
            }
            // Defence in depth: the trail is append-only through SQLite too (verify catches what gets past).
            try db.execute(
                sql:
                    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
            try db.execute(
                sql:
                    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
        }
        migrator.registerMigration("v2-registries") { db in
            // Every version of every record of 一单两库: the current one has no validTo (000 §10 dynamic management).
            try db.create(table: "registry_version") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("registry", .text).notNull()
                table.column("key", .text).notNull()
                table.column("validFrom", .text).notNull()
                table.column("validTo", .text)
                table.column("data", .text).notNull()
            }
            try db.create(index: "registry_version_current", on: "registry_version", columns: ["registry", "key", "validTo"])
        }
        migrator.registerMigration("v3-draws") { db in
            try db.create(table: "draw") { table in
                table.column("task", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("year", .integer).notNull()
                table.column("record", .text).notNull()
                table.column("recordSHA256", .text).notNull()
                table.column("drawn", .text).notNull()
                table.column("locked", .integer).notNull()
                table.primaryKey(["task", "number"])
            }
        }
        migrator.registerMigration("v4-visits") { db in
            // One visit per target and window: several tasks may share it (002 (十五)).
            try db.create(table: "visit") { table in
                table.primaryKey("id", .text)
                table.column("year", .integer).notNull()
                table.column("target", .text).notNull()
                table.column("date", .text).notNull()
                table.column("tasks", .text).notNull()
            }
            try db.create(index: "visit_target", on: "visit", columns: ["target"])
            try db.create(table: "visit_member") { table in
                table.column("visit", .text).notNull().references("visit")
                table.column("key", .text).notNull()
                table.column("role", .text).notNull()
                table.primaryKey(["visit", "key"])
            }
            try db.create(table: "match") { table in
                table.column("task", .text).notNull()
                table.column("number", .integer).notNull()
                table.column("record", .text).notNull()
                table.column("recordSHA256", .text).notNull()
                table.primaryKey(["task", "number"])
            }
        }
        migrator.registerMigration("v5-results") { db in
            // Every version of a result: a correction after publication adds one and keeps the original (002 (二十三)).
            try db.create(table: "result") { table in
                table.column("visit", .text).notNull().references("visit")
                table.column("version", .integer).notNull()
                table.column("data", .text).notNull()
                table.column("recordedAt", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("correction", .text)
                table.column("unitHead", .text)
                table.primaryKey(["visit", "version"])
            }
            try db.create(table: "evidence") { table in
                table.column("visit", .text).notNull().references("visit")
                table.column("name", .text).notNull()
                table.column("path", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("addedAt", .text).notNull()
                table.column("actor", .text).notNull()
                table.primaryKey(["visit", "name"])
            }
            try db.create(table: "publication") { table in
                table.primaryKey("task", .text)
                table.column("publishedOn", .text).notNull()
                table.column("actor", .text).notNull()
            }
            try db.create(table: "objection") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("visit", .text).notNull().references("visit")
                table.column("receivedOn", .text).notNull()
                table.column("applicant", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("reviewDue", .text).notNull()
                table.column("decidedOn", .text)
                table.column("decision", .text)
                table.column("feedbackDue", .text)
                table.column("feedbackOn", .text)
            }
        }
        migrator.registerMigration("v6-snapshots") { db in
            // Each registry's snapshot hash as its last import computed it: a draw over a million targets
            // need not read and hash them all again.
            try db.create(table: "registry_snapshot") { table in
                table.primaryKey("registry", .text)
                table.column("hash", .text).notNull()
                table.column("at", .text).notNull()
            }
        }
        migrator.registerMigration("v7-draw-order") { db in
            // What matching needs from a draw, so that it does not parse a record listing a million candidates;
            // the record's digest is still checked. NULL for draws made before this version.
            try db.alter(table: "draw") { table in
                table.add(column: "seed", .text)
                table.add(column: "visitOrder", .text)
            }
        }
        migrator.registerMigration("v8-documents") { db in
            // 发文字号: one number per document series, year and subject (a visit, a task), kept when the
            // document is rendered again, so a reprint carries the number the original did.
            try db.create(table: "document_number") { table in
                table.column("series", .text).notNull()
                table.column("year", .integer).notNull()
                table.column("subject", .text).notNull()
                table.column("number", .integer).notNull()
                table.primaryKey(["series", "year", "subject"])
                table.uniqueKey(["series", "year", "number"])
            }
            // Every document issued, with its digest, so the archiver seals exactly what was issued.
            try db.create(table: "document") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("form", .text).notNull()
                table.column("year", .integer).notNull()
                table.column("task", .text)
                table.column("visit", .text)
                table.column("number", .text)
                table.column("dated", .text).notNull()
                table.column("format", .text).notNull()
                table.column("path", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("public", .boolean).notNull()
                table.column("renderedAt", .text).notNull()
                table.column("actor", .text).notNull()
            }
            try db.create(index: "document_visit", on: "document", columns: ["visit", "form"])
            try db.create(index: "document_task", on: "document", columns: ["task", "form"])
            try db.create(index: "document_path", on: "document", columns: ["path"])
        }
        migrator.registerMigration("v9-archive") { db in
            // The catalogue of sealed packages (rebuildable by scanning them) and legal holds.
            try db.create(table: "dossier") { table in
                table.column("code", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("visit", .text)
                table.column("task", .text)
                table.column("title", .text).notNull()
                table.column("path", .text).notNull()
                table.column("sealValue", .text).notNull()
                table.column("contentDigest", .text).notNull()
                table.column("className", .text).notNull()
                table.column("retention", .text).notNull()
                table.column("due", .text)
                table.column("sealedAt", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("disposedAt", .text)
                table.primaryKey(["code", "version"])
            }
            try db.create(index: "dossier_visit", on: "dossier", columns: ["visit"])
            try db.create(table: "hold") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("code", .text).notNull()
                table.column("reason", .text).notNull()
                table.column("authority", .text).notNull()
                table.column("placedBy", .text).notNull()
                table.column("placedAt", .text).notNull()
                table.column("releasedBy", .text)
                table.column("releasedAt", .text)
            }
        }
        migrator.registerMigration("v10-lists") { db in
            // Lists kept joined by commas become JSON arrays: a value holding a comma no longer splits.
            for (table, key, columns) in [("visit", "id", ["tasks"]), ("draw", "rowid", ["drawn", "visitOrder"])] {
                for row in try Row.fetchAll(db, sql: "SELECT \(key) AS k, \(columns.joined(separator: ", ")) FROM \(table)") {
                    for column in columns {
                        guard let text = row[column] as String?, !text.hasPrefix("[") else { continue }
                        try db.execute(
                            sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?",
                            arguments: [StoredList.text(StoredList.values(text)), row["k"] as DatabaseValue])
                    }
                }
            }
        }
        migrator.registerMigration("v11-fixity") { db in
            // Every check of every copy of a sealed package, over the years it is kept.
            try db.create(table: "fixity") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("package", .text).notNull()
                table.column("location", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("checkedOn", .text).notNull()
                table.column("checkedAt", .text).notNull()
                table.column("sha256", .text)
                table.column("detail", .text).notNull()
                table.column("actor", .text).notNull()
            }
            try db.create(index: "fixity_package", on: "fixity", columns: ["package", "location", "id"])
        }
        migrator.registerMigration("v12-audit-meta") { db in
            // What the trail's own integrity depends on: once a second-format (signed) head has been written,
            // a head in the first format is no longer this workspace's.
            try db.create(table: "audit_meta") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v13-accounts") { db in try createAccountTables(db) }
        migrator.registerMigration("v14-login-attempts") { db in try addLoginAttemptTime(db) }
        migrator.registerMigration("v15-result-review") { db in try createReviewTable(db) }
        return migrator
    }()
}
