import Foundation

/// A throwaway PostgreSQL cluster for the tests, from Debian's `postgresql` package: `initdb` into a
/// temporary folder, its own port, listening only on a Unix socket in that folder, with `fsync` off;
/// run as `nobody` when the tests run as root (PostgreSQL refuses root); stopped and removed when the
/// test process exits. Each test makes a database of its own (`database()`), so tests run side by side.
///
/// ```swift
/// let url = try PostgresCluster.shared().database()   // postgres://spotcheck_admin@/t_…?host=/tmp/…&port=…
/// ```
public final class PostgresCluster: Sendable {
    /// The superuser the cluster was made with; tests migrate as it.
    public static let administrator = "spotcheck_admin"
    public let folder: String
    public let port: Int
    let bin: String
    let runAs: String?

    private static let started: Result<PostgresCluster, ClusterError> = Result { try PostgresCluster() }.mapError {
        ($0 as? ClusterError) ?? ClusterError(description: "\($0)")
    }

    /// The cluster, started on first use.
    public static func shared() throws -> PostgresCluster { try started.get() }

    public struct ClusterError: Error, CustomStringConvertible {
        public let description: String
    }

    private init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw ClusterError(description: "PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): run `bash .ci/install`")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        runAs = getuid() == 0 ? "nobody" : nil
        let made = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-pg-\(getpid())-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
        folder = made
        // One port per test process; with no TCP listener it only names the socket, in a folder of our own.
        port = 50_000 + Int(getpid() % 10_000)
        if runAs != nil { _ = try Tools.run("chown", ["nobody:nogroup", folder]) }
        try check(
            run("initdb", ["-D", "\(folder)/data", "-U", Self.administrator, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]),
            "initdb")
        let options = "-c listen_addresses='' -k \(folder) -p \(port) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        try start(options)
        Self.stopAtExit(self)
        // The application's group role belongs to the cluster: made once here, so that migrations of many
        // test databases at once never race to create it.
        try check(
            psql(
                "postgres",
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spotcheck_app') THEN CREATE ROLE spotcheck_app NOLOGIN; END IF; END $$"
            ), "CREATE ROLE spotcheck_app")
    }

    /// A new, empty database; its address for the administrator.
    public func database() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try check(psql("postgres", "CREATE DATABASE \(name)"), "CREATE DATABASE")
        return url(user: Self.administrator, database: name)
    }

    /// The address of `database` for the login `user`.
    public func url(user: String, database: String) -> String {
        "postgres://\(user)@/\(database)?host=\(folder)&port=\(port)"
    }

    /// The database an address names.
    public static func databaseName(_ url: String) -> String {
        URLComponents(string: url)?.path.split(separator: "/").first.map(String.init) ?? ""
    }

    /// Runs SQL through `psql` as `user` (the administrator by default), stopping at the first error.
    public func psql(_ database: String, _ sql: String, user: String = administrator) throws -> Tools.Outcome {
        try Tools.run(
            "\(bin)/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", folder, "-p", "\(port)", "-U", user, "-d", database, "-c", sql])
    }

    /// The path of one of the server's tools (pg_dump, pg_restore, pgbench).
    public func tool(_ name: String) -> String { "\(bin)/\(name)" }

    private func run(_ tool: String, _ arguments: [String]) throws -> Tools.Outcome {
        if let runAs { return try Tools.run("runuser", ["-u", runAs, "--", "\(bin)/\(tool)"] + arguments, in: folder) }
        return try Tools.run("\(bin)/\(tool)", arguments, in: folder)
    }

    /// `pg_ctl start`, its output to a file, through a shell that first closes every descriptor but the
    /// standard three: the server it leaves running would otherwise inherit the pipe and the socket
    /// Foundation's `Process` watches, and neither the output nor the exit would ever be seen.
    private func start(_ options: String) throws {
        let process = Process()
        let pgctl = "\(bin)/pg_ctl"
        let arguments = ["-D", "\(folder)/data", "-o", options, "-l", "\(folder)/server.log", "-w", "-t", "60", "start"]
        let command = runAs.map { ["runuser", "-u", $0, "--", pgctl] + arguments } ?? [pgctl] + arguments
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#, "bash"] + command
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = "\(folder)/pg_ctl.out"
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        try check(Tools.Outcome(status: process.terminationStatus, stdout: said, stderr: ""), "pg_ctl start")
    }

    private func check(_ outcome: Tools.Outcome, _ what: String) throws {
        guard outcome.succeeded else {
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw ClusterError(description: "\(what) failed (\(outcome.status)): \(outcome.stderr)\(outcome.stdout)\n\(log.suffix(2000))")
        }
    }

    // The cluster to stop when the process exits (atexit takes a C function, which captures nothing).
    nonisolated(unsafe) private static var running: PostgresCluster?

    private static func stopAtExit(_ cluster: PostgresCluster) {
        running = cluster
        atexit {
            guard let cluster = PostgresCluster.running else { return }
            _ = try? cluster.run("pg_ctl", ["-D", "\(cluster.folder)/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: cluster.folder)
        }
    }
}
