import Foundation
import PostgresNIO
import Store
import Support

/// An office of a province: 省, 市 or 区县, under its parent, with its own fonds and document prefix.
public struct Office: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Codable, CaseIterable {
        case province = "省", city = "市", district = "区县"

        /// The level an office directly below this one has; nil below a district.
        var below: Level? {
            switch self {
            case .province: .city
            case .city: .district
            case .district: nil
            }
        }
    }

    /// A short identifier (`weidong`), letters, digits, `-` and `_`.
    public var id: String
    public var name: String
    public var parent: String?
    public var level: Level
    /// 全宗号 and 文号 prefix (卫医保).
    public var fonds: String
    public var prefix: String

    public init(id: String, name: String, parent: String?, level: Level, fonds: String, prefix: String) {
        (self.id, self.name, self.parent, self.level, self.fonds, self.prefix) = (id, name, parent, level, fonds, prefix)
    }
}

/// What the administrator does: migrations, offices, which logins act for which office.
extension ProvinceDatabase {
    /// Runs every migration not yet run, each in its own transaction, in order.
    /// - Returns: the versions run now (empty when the schema was up to date).
    @discardableResult
    public func migrate() async throws -> [Int] {
        let done: Set<Int>
        do {
            done = try await asAdministrator { connection -> Set<Int> in
                try await connection.execute("CREATE SCHEMA IF NOT EXISTS spotcheck", logger: Self.logger)
                try await connection.execute(
                    "CREATE TABLE IF NOT EXISTS spotcheck.migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                    logger: Self.logger)
                var done: Set<Int> = []
                for try await version in try await connection.query("SELECT version FROM spotcheck.migration", logger: Self.logger).decode(Int.self) {
                    done.insert(version)
                }
                return done
            }
        } catch {
            throw ProvinceError.database(error, doing: ("读取数据库迁移记录", "reading the migrations"))
        }
        var ran: [Int] = []
        for migration in ProvinceSchema.migrations where !done.contains(migration.version) {
            do {
                try await asAdministrator { connection in
                    // Two administrators migrating at once: the second waits here, then finds the version done.
                    try await connection.execute("LOCK TABLE spotcheck.migration IN EXCLUSIVE MODE", logger: Self.logger)
                    let rows = try await connection.query(
                        "SELECT count(*) FROM spotcheck.migration WHERE version = \(migration.version)", logger: Self.logger)
                    for try await count in rows.decode(Int.self) where count > 0 { return }
                    for statement in migration.statements {
                        try await connection.runStatement(statement, logger: Self.logger)
                    }
                    try await connection.execute(
                        "INSERT INTO spotcheck.migration (version, name) VALUES (\(migration.version), \(migration.name))", logger: Self.logger)
                }
            } catch {
                throw ProvinceError.database(error, doing: ("数据库迁移第 \(migration.version) 版", "migration \(migration.version)"))
            }
            ran.append(migration.version)
        }
        return ran
    }

    /// Adds an office under its parent (none for a 省, or a city standing alone), with the first entry of its
    /// own audit trail.
    public func addOffice(_ office: Office, actor: String, at date: Date = Clock.now()) async throws {
        var problems: [LocalizedText] = []
        if office.id.range(of: #"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"#, options: .regularExpression) == nil {
            problems.append(.init(zh: "单位代号只能由字母、数字、- 和 _ 组成（最多 40 个）：\(office.id)", en: "an office id is letters, digits, - and _ (40 at most): \(office.id)"))
        }
        for (value, zh, en) in [(office.name, "名称", "name"), (office.fonds, "全宗号", "fonds"), (office.prefix, "文号前缀", "prefix")] where value.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(.init(zh: "单位\(zh)不能为空", en: "the office's \(en) is empty"))
        }
        guard problems.isEmpty else {
            throw ProvinceError(zh: problems.map(\.zh).joined(separator: "；"), en: problems.map(\.en).joined(separator: "; "))
        }
        do {
            try await asAdministrator { connection in
                if let parent = office.parent {
                    var level: String?
                    for try await found in try await connection.query("SELECT level FROM spotcheck.office WHERE id = \(parent)", logger: Self.logger)
                        .decode(String.self)
                    {
                        level = found
                    }
                    guard let level else {
                        throw ProvinceError(zh: "没有上级单位 \(parent)", en: "there is no parent office \(parent)", code: .notFound)
                    }
                    guard Office.Level(rawValue: level)?.below == office.level else {
                        throw ProvinceError(
                            zh: "\(level)级单位 \(parent) 之下应为\(Office.Level(rawValue: level)?.below?.rawValue ?? "（无下级）")级，不能是\(office.level.rawValue)级",
                            en: "below the \(level)-level office \(parent) comes \(Office.Level(rawValue: level)?.below?.rawValue ?? "nothing"), not \(office.level.rawValue)")
                    }
                }
                try await connection.execute(
                    """
                    INSERT INTO spotcheck.office (id, name, parent, level, fonds, prefix)
                    VALUES (\(office.id), \(office.name), \(office.parent), \(office.level.rawValue), \(office.fonds), \(office.prefix))
                    """, logger: Self.logger)
                try await connection.execute(
                    """
                    INSERT INTO spotcheck.office_tree (ancestor, descendant, depth)
                    SELECT ancestor, \(office.id), depth + 1 FROM spotcheck.office_tree WHERE descendant = \(office.parent)
                    UNION ALL SELECT \(office.id), \(office.id), 0
                    """, logger: Self.logger)
                let first = try AuditEntry.next(
                    after: nil, actor: actor, action: .officeAdd, entity: "office", entityID: office.id, before: nil, after: office, at: date)
                try await Self.insert(first, office: office.id, on: connection)
                try await connection.execute(
                    "INSERT INTO spotcheck.audit_head (office, sequence, hash) VALUES (\(office.id), \(first.sequence), \(first.hash))",
                    logger: Self.logger)
            }
        } catch {
            throw ProvinceError.database(error, doing: ("添加单位 \(office.id)", "adding office \(office.id)"))
        }
    }

    /// What every office login's sessions run with (`ALTER ROLE … SET`).
    static let loginSettings = [("lock_timeout", "15s"), ("idle_in_transaction_session_timeout", "60s")]

    /// Lets the login role `login` act for `office` (and so read the offices below it). The role is made a
    /// member of `spotcheck_app`, and created (without a password: set one with ALTER ROLE, or use peer or
    /// certificate authentication) when it does not exist.
    public func allow(login: String, office: String) async throws {
        guard login.range(of: #"^[a-z_][a-z0-9_]{0,62}\z"#, options: .regularExpression) != nil else {
            throw ProvinceError(
                zh: "登录角色名只能由小写字母、数字和 _ 组成，且不以数字开头：\(login)",
                en: "a login role name is lowercase letters, digits and _, not starting with a digit: \(login)")
        }
        do {
            try await asAdministrator { connection in
                // One office per login; a role that bypasses row-level security — itself or through a role it
                // belongs to, the owner of the schema and of its tables included (the owner has a policy of its
                // own on each table), and the login itself when it is that owner — is never an office's login.
                for try await (acting, superuser, bypass, privileged) in try await connection.query(
                    """
                    SELECT l.office, r.rolsuper, r.rolbypassrls,
                           (SELECT string_agg(o.rolname, ', ' ORDER BY o.rolname) FROM pg_roles o
                            WHERE pg_has_role(r.oid, o.oid, 'MEMBER')
                              AND (o.rolsuper OR o.rolbypassrls
                                   OR o.oid = (SELECT nspowner FROM pg_namespace WHERE nspname = 'spotcheck')
                                   OR o.oid IN (SELECT c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                                WHERE n.nspname = 'spotcheck')))
                    FROM pg_roles r LEFT JOIN spotcheck.office_login l ON l.login = r.rolname
                    WHERE r.rolname = \(login)
                    """, logger: Self.logger
                ).decode((String?, Bool, Bool, String?).self) {
                    if let acting, acting != office {
                        throw ProvinceError(
                            zh: "登录角色 \(login) 已代表单位 \(acting)：一个登录角色只代表一个单位", en: "the login \(login) already acts for \(acting): one office per login",
                            code: .conflict)
                    }
                    if superuser || bypass {
                        throw ProvinceError(
                            zh: "\(login) 是超级用户或可绕过行级安全的角色，不能作为单位的登录角色", en: "\(login) is a superuser or bypasses row-level security: not an office's login")
                    }
                    if let privileged {
                        throw ProvinceError(
                            zh: "\(login) 是或属于角色 \(privileged)（超级用户、可绕过行级安全、或拥有 spotcheck 的模式或表），不能作为单位的登录角色",
                            en: "\(login) is or belongs to \(privileged) (a superuser, a role that bypasses row-level security, or the owner of spotcheck's schema or tables): not an office's login")
                    }
                }
                // The name was checked above, so it is safe as an identifier.
                try await connection.runStatement(
                    """
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(login)') THEN CREATE ROLE \(login) LOGIN; END IF;
                    END $$
                    """, logger: Self.logger)
                try await connection.runStatement("GRANT spotcheck_app TO \(login)", logger: Self.logger)
                // A clerk's session never holds the office's trail (or the year's draw lock) for long: a lock not
                // granted within 15 s is an error, and a transaction left idle is ended after a minute.
                // `ALTER ROLE … SET` applies to the login's new sessions; the DBA may change both.
                for (setting, value) in Self.loginSettings {
                    try await connection.runStatement("ALTER ROLE \(login) SET \(setting) = '\(value)'", logger: Self.logger)
                }
                try await connection.execute(
                    "INSERT INTO spotcheck.office_login (login, office) VALUES (\(login), \(office)) ON CONFLICT DO NOTHING", logger: Self.logger)
            }
        } catch {
            throw ProvinceError.database(error, doing: ("允许 \(login) 代表单位 \(office)", "allowing \(login) to act for \(office)"))
        }
    }

    /// Every office (the office table is not secret: any login reads it).
    public func offices() async throws -> [Office] {
        do {
            return try await transaction { connection in
                var offices: [Office] = []
                let rows = try await connection.query(
                    "SELECT id, name, parent, level, fonds, prefix FROM spotcheck.office ORDER BY id", logger: Self.logger)
                for try await (id, name, parent, level, fonds, prefix) in rows.decode((String, String, String?, String, String, String).self) {
                    offices.append(Office(id: id, name: name, parent: parent, level: Office.Level(rawValue: level) ?? .district, fonds: fonds, prefix: prefix))
                }
                return offices
            }
        } catch {
            throw ProvinceError.database(error, doing: ("读取单位", "reading the offices"))
        }
    }

    /// Appends an entry row (the caller holds the office's head).
    static func insert(_ entry: AuditEntry, office: String, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO spotcheck.audit (office, sequence, at, actor, action, entity, entity_id, before, after, previous_hash, hash)
            VALUES (\(office), \(entry.sequence), \(entry.at), \(entry.actor), \(entry.actionName), \(entry.entity), \(entry.entityID),
                    \(entry.before), \(entry.after), \(entry.previousHash), \(entry.hash))
            """, logger: logger)
    }
}
