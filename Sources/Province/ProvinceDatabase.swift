import Foundation
import Logging
import PostgresNIO
import Support

/// A province's PostgreSQL database, reached by a `postgres://` address, as one office (a login role
/// that `spotcheck.office_login` allows to act for it) or as its administrator (the role that migrates).
///
/// Every unit of work is one transaction. An office's starts by setting the office for that
/// transaction only (`set_config(…, true)`, i.e. `SET LOCAL`), so a pooled connection never carries one
/// office's setting into another's work; the database's policies do the rest (`ProvinceSchema`). A
/// transaction the server aborts for a deadlock or a serialization failure is run again, up to five
/// times, so that neither reaches a person.
///
/// ```swift
/// try await ProvinceDatabase.with("postgres://clerk@db.example/spotcheck") { db in
///     try await db.asOffice("weidong") { connection in … }
/// }
/// ```
public final class ProvinceDatabase: Sendable {
    let client: PostgresClient
    /// The address without its password, for messages.
    public let address: String
    static let logger = Logger(label: "spotcheck.province", factory: { _ in SwiftLogNoOpLogHandler() })

    init(client: PostgresClient, address: String) {
        self.client = client
        self.address = address
    }

    /// Opens a pool of connections to `url` for the time of `body`, then closes it. One connection is made
    /// first, on its own: a server that cannot be reached, or a login it refuses, is said at once and in
    /// words, not after the pool's minute of retries.
    /// - Parameter connections: at most this many connections at once.
    public static func with<T: Sendable>(
        _ url: String, connections: Int = 16, _ body: @Sendable (ProvinceDatabase) async throws -> T
    ) async throws -> T {
        let address = try Address(url)
        do {
            let probe = try await PostgresConnection.connect(configuration: try address.connection(), id: 0, logger: logger)
            try await probe.close()
        } catch {
            let server = (error as? PSQLError)?.serverInfo?[.message]
            let why = server ?? (error as? PSQLError)?.underlying.map { "\($0)" } ?? "\(error)"
            throw ProvinceError(
                zh: "无法连接数据库 \(redacted(url))：\(why)", en: "cannot connect to the database \(redacted(url)): \(why)", code: .io,
                cause: error)
        }
        var configuration = address.client
        configuration.options.maximumConnections = max(1, connections)
        let client = PostgresClient(configuration: configuration)
        let database = ProvinceDatabase(client: client, address: redacted(url))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(database)
        }
    }

    // MARK: - Addresses

    /// A libpq-style address: `postgres://user:password@host:port/database`, or
    /// `postgres://user@/database?host=/run/postgresql&port=5433` for a Unix socket; `sslmode=disable`,
    /// `prefer` (the default for TCP) or `require`; the password also from `$PGPASSWORD`.
    struct Address {
        var user: String
        var password: String?
        var database: String?
        var host: String
        var port: Int
        var sslMode: String

        init(_ url: String) throws {
            guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? "") else {
                throw ProvinceError(
                    zh: "数据库地址应为 postgres://用户@主机/数据库，实为 \(redacted(url))",
                    en: "the database address must be postgres://user@host/database, not \(redacted(url))")
            }
            let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            let environment = ProcessInfo.processInfo.environment
            user = parts.user.flatMap { $0.removingPercentEncoding } ?? query["user"] ?? environment["USER"] ?? "postgres"
            password = parts.password.flatMap { $0.removingPercentEncoding } ?? query["password"] ?? environment["PGPASSWORD"]
            database = parts.path.split(separator: "/").first.map(String.init)?.removingPercentEncoding ?? query["dbname"]
            port = parts.port ?? query["port"].flatMap(Int.init) ?? 5432
            host = parts.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? query["host"] ?? "/var/run/postgresql"
            sslMode = query["sslmode"] ?? "prefer"
            // An unknown mode is refused, not taken as `prefer`: `sslmode=requre` must not quietly allow plain text.
            guard Self.sslModes.contains(sslMode) else {
                throw ProvinceError(
                    zh: "不认识的 sslmode=\(sslMode)：应为 \(Self.sslModes.joined(separator: "、"))之一",
                    en: "unknown sslmode=\(sslMode): one of \(Self.sslModes.joined(separator: ", "))")
            }
        }

        /// libpq's modes: `allow` and `prefer` encrypt when the server offers it; `require`, `verify-ca` and
        /// `verify-full` insist, and here all three also verify the server's certificate.
        static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

        var socket: String? { host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil }

        var client: PostgresClient.Configuration {
            if let socket { return .init(unixSocketPath: socket, username: user, password: password, database: database) }
            let tls: PostgresClient.Configuration.TLS =
                switch sslMode {
                case "disable": .disable
                case "require", "verify-ca", "verify-full": .require(.makeClientConfiguration())
                default: .prefer(.makeClientConfiguration())
                }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }

        func connection() throws -> PostgresConnection.Configuration {
            if let socket { return .init(unixSocketPath: socket, username: user, password: password, database: database) }
            let tls: PostgresConnection.Configuration.TLS =
                switch sslMode {
                case "disable": .disable
                case "require", "verify-ca", "verify-full": .require(try .init(configuration: .makeClientConfiguration()))
                default: .prefer(try .init(configuration: .makeClientConfiguration()))
                }
            return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
    }

    /// An address with its password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "（无法解析的地址）" }
        if parts.password != nil { parts.password = "***" }
        if let items = parts.queryItems { parts.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 } }
        return parts.string ?? "（无法解析的地址）"
    }

    // MARK: - Transactions

    /// Runs `work` in one transaction acting for `office`.
    /// - Throws: `ProvinceError` `.refused` when this login may not act for the office.
    public func asOffice<T: Sendable>(_ office: String, snapshot: Bool = false, _ work: @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await transaction(snapshot: snapshot) { connection in
            let rows = try await connection.query(
                "SELECT set_config('spotcheck.office', \(office), true), spotcheck.current_office()", logger: Self.logger)
            var acting: String?
            for try await (_, current) in rows.decode((String, String?).self) { acting = current }
            guard acting == office else {
                throw ProvinceError(
                    zh: "数据库登录角色无权代表单位 \(office)（spotcheck db allow）",
                    en: "this database login may not act for office \(office) (spotcheck db allow)")
            }
            return try await work(connection)
        }
    }

    /// Runs `work` in one transaction as the administrator (the login that migrated the schema).
    public func asAdministrator<T: Sendable>(_ work: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction(work)
    }

    /// BEGIN, `work`, COMMIT; ROLLBACK on any error; again (up to five times in all) after a deadlock or a
    /// serialization failure.
    func transaction<T: Sendable>(snapshot: Bool = false, _ work: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying {
            try await client.withConnection { connection in
                try await connection.execute(
                    snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL READ COMMITTED", logger: Self.logger)
                do {
                    let value = try await work(connection)
                    try await connection.execute("COMMIT", logger: Self.logger)
                    return value
                } catch {
                    try? await connection.execute("ROLLBACK", logger: Self.logger)
                    throw error
                }
            }
        }
    }

    /// One statement that is its own transaction (a function doing the whole change), on a pooled
    /// connection; again after a deadlock or a serialization failure.
    func statement<T: Sendable>(_ work: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await retrying { try await client.withConnection(work) }
    }

    /// `attempt`, and again (up to five times in all, after a short random pause) when the server aborted it
    /// for a deadlock (40P01) or a serialization failure (40001).
    private func retrying<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        var tries = 1
        while true {
            do {
                return try await attempt()
            } catch let error as PSQLError where ["40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "") && tries < 5 {
                tries += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...50) * tries))
            }
        }
    }
}
