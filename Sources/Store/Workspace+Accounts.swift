import Foundation
import GRDB
import Inspection

extension Workspace: AccountStore {
    public func accounts() throws -> [Account] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Self.account) }
    }

    public func account(named name: String) throws -> Account? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map(Self.account) }
    }

    public func saveAccount(_ account: Account, action: AuditAction, actor: String) throws {
        _ = try auditedWrite { db -> AuditEntry in
            let before = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [account.name]).map(Self.account)
            if action == .accountAdd, before != nil {
                throw StoreError(zh: "已有用户 \(account.name)", en: "there is already a user \(account.name)", code: .conflict)
            }
            if action != .accountAdd, before == nil {
                throw StoreError(zh: "没有用户 \(account.name)", en: "there is no user \(account.name)", code: .notFound)
            }
            try db.execute(
                sql: """
                    INSERT INTO account (name, role, passwordHash, disabled, mustChangePassword, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET role = excluded.role, passwordHash = excluded.passwordHash,
                        disabled = excluded.disabled, mustChangePassword = excluded.mustChangePassword
                    """,
                arguments: [account.name, account.role.rawValue, account.passwordHash, account.disabled, account.mustChangePassword, account.createdAt])
            return try AuditTrail.append(
                db, actor: actor, action: action, entity: "account", entityID: account.name, before: before?.audited, after: account.audited)
        }
    }

    public func beginLogin(name: String, at date: Date) throws -> LoginThrottle {
        let now = date.timeIntervalSince1970
        return try database.write { db in
            try db.execute(
                sql: "DELETE FROM login_throttle WHERE lastAttempt < ? AND (lockedUntil IS NULL OR lockedUntil < ?)", arguments: [now - 86400, now])
            let row = try Row.fetchOne(db, sql: "SELECT failures, lockedUntil FROM login_throttle WHERE name = ?", arguments: [name])
            let lockedUntil = (row?["lockedUntil"] as Double?).map(Date.init(timeIntervalSince1970:))
            if let lockedUntil, lockedUntil > date { return LoginThrottle(failures: row?["failures"] ?? 0, lockedUntil: lockedUntil) }
            let failures = (row?["failures"] as Int? ?? 0) + 1
            try db.execute(
                sql: "INSERT OR REPLACE INTO login_throttle (name, failures, lockedUntil, lastAttempt) VALUES (?, ?, NULL, ?)",
                arguments: [name, failures, now])
            return LoginThrottle(failures: failures, lockedUntil: nil)
        }
    }

    public func lockLogin(name: String, until: Date) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE login_throttle SET lockedUntil = ? WHERE name = ?", arguments: [until.timeIntervalSince1970, name])
        }
    }

    public func clearLogin(name: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM login_throttle WHERE name = ?", arguments: [name]) }
    }

    public func createSession(_ session: StaffSession) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO staff_session (tokenHash, account, csrf, createdAt, lastSeen) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    session.tokenHash, session.account, session.csrf, session.createdAt.timeIntervalSince1970, session.lastSeen.timeIntervalSince1970,
                ])
        }
    }

    public func session(tokenHash: String) throws -> StaffSession? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff_session WHERE tokenHash = ?", arguments: [tokenHash]).map { row in
                StaffSession(
                    tokenHash: row["tokenHash"], account: row["account"], csrf: row["csrf"],
                    createdAt: Date(timeIntervalSince1970: row["createdAt"]), lastSeen: Date(timeIntervalSince1970: row["lastSeen"]))
            }
        }
    }

    public func touchSession(tokenHash: String, at date: Date) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE staff_session SET lastSeen = ? WHERE tokenHash = ?", arguments: [date.timeIntervalSince1970, tokenHash])
        }
    }

    public func deleteSession(tokenHash: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM staff_session WHERE tokenHash = ?", arguments: [tokenHash]) }
    }

    public func deleteSessions(account: String?, idleSince before: Date?) throws {
        try database.write { db in
            if let account { try db.execute(sql: "DELETE FROM staff_session WHERE account = ?", arguments: [account]) }
            if let before {
                try db.execute(sql: "DELETE FROM staff_session WHERE lastSeen < ?", arguments: [before.timeIntervalSince1970])
            }
        }
    }

    static func account(_ row: Row) -> Account {
        Account(
            name: row["name"], role: StaffRole(rawValue: row["role"]) ?? .witness, passwordHash: row["passwordHash"], disabled: row["disabled"],
            mustChangePassword: row["mustChangePassword"], createdAt: row["createdAt"])
    }

    /// The tables of the workbench's people (v13).
    static func createAccountTables(_ db: Database) throws {
        try db.create(table: "account") { table in
            table.primaryKey("name", .text)
            table.column("role", .text).notNull()
            table.column("passwordHash", .text).notNull()
            table.column("disabled", .boolean).notNull()
            table.column("mustChangePassword", .boolean).notNull()
            table.column("createdAt", .text).notNull()
        }
        try db.create(table: "staff_session") { table in
            table.primaryKey("tokenHash", .text)
            table.column("account", .text).notNull().references("account", column: "name", onDelete: .cascade)
            table.column("csrf", .text).notNull()
            table.column("createdAt", .double).notNull()
            table.column("lastSeen", .double).notNull()
        }
        try db.create(table: "login_throttle") { table in
            table.primaryKey("name", .text)
            table.column("failures", .integer).notNull()
            table.column("lockedUntil", .double)
        }
    }

    /// When each name was last tried (v14), so that names tried once are forgotten after a day.
    static func addLoginAttemptTime(_ db: Database) throws {
        try db.alter(table: "login_throttle") { table in table.add(column: "lastAttempt", .double).notNull().defaults(to: 0) }
    }
}
