import ArgumentParser
import Foundation
import Province
import Store
import Support

/// Where the province's database is: `--database`, else `$SPOTCHECK_DATABASE`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: .zh(
            "省级共享数据库的地址：postgres://用户@主机/数据库，或 postgres://用户@/数据库?host=/run/postgresql（默认：环境变量 $SPOTCHECK_DATABASE；密码可放在 $PGPASSWORD）。",
            en: "The province's database: postgres://user@host/database, or postgres://user@/database?host=/run/postgresql (default: $SPOTCHECK_DATABASE; a password may be in $PGPASSWORD)."))
    var database: String?

    @Option(
        name: .customLong("operator"),
        help: .zh("操作人姓名，记入审计记录（默认：系统用户名）。", en: "Who is acting, for the audit trail (default: the system user)."))
    var actor: String?

    var actorName: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName() }

    var url: String {
        get throws {
            if let database, !database.isEmpty { return database }
            if let named = ProcessInfo.processInfo.environment["SPOTCHECK_DATABASE"], !named.isEmpty { return named }
            throw CommandProblem(
                zh: "没有给出数据库地址：请用 --database postgres://… 或设置 SPOTCHECK_DATABASE",
                en: "no database given: pass --database postgres://… or set SPOTCHECK_DATABASE")
        }
    }

    /// Runs `work` on the database, waiting for it (the command line has no event loop to keep free).
    func run<T: Sendable>(_ work: @escaping @Sendable (ProvinceDatabase) async throws -> T) throws -> T {
        let url = try url
        return try Waiting.result { try await ProvinceDatabase.with(url, connections: 4, work) }
    }
}

/// Async work run to its end from a synchronous command.
enum Waiting {
    private final class Outcome<T: Sendable>: @unchecked Sendable {
        // @unchecked: `value` is written once by the task, before `done` is signalled, and read after.
        var value: Result<T, any Error>?
        let done = DispatchSemaphore(value: 0)
    }

    static func result<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        Task {
            do { outcome.value = .success(try await work()) } catch { outcome.value = .failure(error) }
            outcome.done.signal()
        }
        outcome.done.wait()
        guard let value = outcome.value else { preconditionFailure("the task signalled before storing its outcome") }
        return try value.get()
    }
}

struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: .zh("省级共享数据库（PostgreSQL）：迁移、单位、登录角色、审计记录核验。",
                      en: "The province's shared database (PostgreSQL): migrations, offices, logins, audit verification."),
        discussion: .zh("""
            一个省（市）的各级医保部门共用一个 PostgreSQL 数据库，各单位的数据由数据库的行级安全策略隔开。
            详见 docs/PROVINCE.md。单个单位仍可使用内置的工作区（spotcheck init）。
            示例：
              spotcheck db migrate --database postgres://spotcheck_admin@db.example/spotcheck
              spotcheck db office add pds --name 平顶山市医疗保障局 --level 市 --fonds J045 --prefix 平医保
              spotcheck db office add weidong --name 卫东区医疗保障局 --level 区县 --parent pds --fonds J045-01 --prefix 卫医保
              spotcheck db allow weidong_clerk --office weidong
              spotcheck db audit --office pds
            """, en: """
            The offices of a province (or city) share one PostgreSQL database; the database's row-level security
            keeps each office's rows apart. See docs/PROVINCE.md. A single office can keep the embedded workspace.
            Examples:
              spotcheck db migrate --database postgres://spotcheck_admin@db.example/spotcheck
              spotcheck db office add pds --name 平顶山市医疗保障局 --level 市 --fonds J045 --prefix 平医保
              spotcheck db office add weidong --name 卫东区医疗保障局 --level 区县 --parent pds --fonds J045-01 --prefix 卫医保
              spotcheck db allow weidong_clerk --office weidong
              spotcheck db audit --office pds
            """),
        subcommands: [Migrate.self, OfficeCommand.self, Allow.self, AuditCommand.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("建立或升级数据库结构（以管理员身份运行；每个版本只运行一次）。",
                          en: "Create or upgrade the database's tables (run as the administrator; each version runs once)."))

        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let ran = try options.run { try await $0.migrate() }
            if ran.isEmpty {
                Console.say("数据库结构已是最新版本", "the database is up to date")
            } else {
                Console.say(
                    "已运行迁移：第 \(ran.map(String.init).joined(separator: "、")) 版", "ran migrations \(ran.map(String.init).joined(separator: ", "))")
            }
        }
    }

    struct OfficeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "office", abstract: .zh("添加和列出单位（省 → 市 → 区县）。", en: "Add and list the offices (省 → 市 → 区县)."),
            subcommands: [Add.self, List.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: .zh("添加单位（以管理员身份运行）：上级、全宗号、文号前缀；同时开始该单位自己的审计记录。",
                              en: "Add an office (as the administrator): its parent, fonds and prefix; its own audit trail starts."))

            @Argument(help: .zh("单位代号：字母、数字、- 和 _。", en: "The office's id: letters, digits, - and _."))
            var id: String
            @Option(help: .zh("单位名称。", en: "The office's name.")) var name: String
            @Option(help: .zh("级别：省、市或区县。", en: "Its level: 省, 市 or 区县.")) var level: String
            @Option(help: .zh("上级单位代号（省级不填）。", en: "The parent office's id (none for a 省).")) var parent: String?
            @Option(help: .zh("全宗号。", en: "The fonds number.")) var fonds: String
            @Option(help: .zh("文号前缀（卫医保）。", en: "The document-number prefix (卫医保).")) var prefix: String
            @OptionGroup var options: DatabaseOptions

            func run() throws {
                guard let level = Province.Office.Level(rawValue: level) else {
                    throw Console.usage("--level 应为 省、市 或 区县，实为 \(level)", "--level must be 省, 市 or 区县, not \(level)")
                }
                let office = Province.Office(id: id, name: name, parent: parent, level: level, fonds: fonds, prefix: prefix)
                let actor = options.actorName
                try options.run { try await $0.addOffice(office, actor: actor) }
                Console.say("已添加单位 \(id)（\(name)）", "added office \(id) (\(name))")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: .zh("列出单位。", en: "List the offices."))

            @OptionGroup var options: DatabaseOptions
            @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false

            func run() throws {
                let offices = try options.run { try await $0.offices() }
                if json { return print(try Console.json(offices)) }
                for office in offices {
                    print("\(office.id)\t\(office.level.rawValue)\t\(office.name)\t\(office.parent ?? "—")\t\(office.fonds)\t\(office.prefix)")
                }
            }
        }
    }

    struct Allow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("允许一个数据库登录角色代表某单位（以管理员身份运行；角色不存在时新建，不设密码）。",
                          en: "Let a database login act for an office (as the administrator; the role is made, without a password, when missing)."))

        @Argument(help: .zh("登录角色名：小写字母、数字和 _。", en: "The login role: lowercase letters, digits and _."))
        var login: String
        @Option(help: .zh("单位代号。", en: "The office's id.")) var office: String
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let (login, office) = (login, office)
            try options.run { try await $0.allow(login: login, office: office) }
            Console.say("\(login) 可代表单位 \(office)", "\(login) may act for \(office)")
        }
    }

    struct AuditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: .zh("核验单位及其下级各单位的审计记录链；有问题时退出状态为 1。",
                          en: "Verify the audit chains of an office and of every office below it; exit status 1 on any problem."))

        @Option(help: .zh("单位代号（市局可一并核验其所辖各区县）。", en: "The office's id (a city verifies its districts too).")) var office: String
        @OptionGroup var options: DatabaseOptions

        func run() throws {
            let office = office
            let found = try options.run { try await $0.verifyAudit(office: office) }
            var bad = 0
            for (id, problems) in found.sorted(by: { $0.key < $1.key }) {
                if problems.isEmpty {
                    Console.say("\(id)：审计记录完整", "\(id): the audit trail is intact")
                }
                for problem in problems {
                    bad += 1
                    Console.say("\(id) 第 \(problem.sequence) 条：\(problem.zh)", "\(id) entry \(problem.sequence): \(problem.en)")
                }
            }
            if bad > 0 { throw ExitCode(1) }
        }
    }
}
