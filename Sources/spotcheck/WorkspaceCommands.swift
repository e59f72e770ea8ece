import ArgumentParser
import Foundation
import Store
import Support

/// Options every command that works on a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: "The workspace folder (default: $SPOTCHECK_WORKSPACE, then the current folder).")
    var workspace: String?

    @Option(
        name: .customLong("operator"),
        help: "Who is acting, for the audit trail and the forms that print a person (default: the office's person for the role, then the system user for the trail).")
    var actor: String?

    var actorName: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName() }

    /// The person a form prints for `role` (操作人, 立卷人): `--operator`, else the office's person for the
    /// role (`spotcheck office --person 立卷人=王某`) — never the computer's login name.
    /// - Throws: `CommandProblem` saying how to give the name.
    func signer(_ role: String, settings: OfficeSettings) throws -> String {
        if let actor, !actor.trimmingCharacters(in: .whitespaces).isEmpty { return actor }
        if let person = settings.people[role], !person.isEmpty { return person }
        throw CommandProblem(
            zh: "此命令要在正式文书上署“\(role)”的姓名：请用 --operator 姓名 给出，或在工作区登记（spotcheck office --person \(role)=姓名）",
            en: "this command prints the \(role)'s name on official forms: give it with --operator NAME, or record it once (spotcheck office --person \(role)=NAME)")
    }

    /// The 备考表's 检查人: who checked the case file before it is sealed (DA/T 22-2015), from the office's
    /// people — a second person, so never `--operator`.
    static func checker(settings: OfficeSettings) throws -> String {
        if let person = settings.people["检查人"], !person.trimmingCharacters(in: .whitespaces).isEmpty { return person }
        throw CommandProblem(
            zh: "备考表要署“检查人”（立卷前检查案卷质量的人员）的姓名：请先登记（spotcheck office --person 检查人=姓名）",
            en: "the 备考表 prints the 检查人 (who checks a case file before it is sealed): record one first (spotcheck office --person 检查人=NAME)")
    }

    func open() throws -> Workspace {
        guard let path = Workspace.locate(explicit: workspace) else {
            // Say where we looked: the folder named, or the environment's, or the current one.
            let tried = workspace ?? ProcessInfo.processInfo.environment["SPOTCHECK_WORKSPACE"] ?? FileManager.default.currentDirectoryPath
            throw CommandProblem(
                zh: "\(tried) 不是工作区（其中没有 spotcheck.sqlite）：请用 --workspace 指定工作区文件夹，或设置 SPOTCHECK_WORKSPACE，或在工作区文件夹中运行（spotcheck init 可新建）",
                en: "\(tried) is not a workspace (it holds no spotcheck.sqlite): pass --workspace, set SPOTCHECK_WORKSPACE, or run inside one (spotcheck init makes one)")
        }
        return try Workspace.open(at: path)
    }
}

struct Initialize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: database, office settings and folders for documents and evidence.",
        discussion: "Example: spotcheck init 卫东区2024 --office 平顶山市卫东区医疗保障局 --fonds J045 --prefix 平卫医保"
    )

    @Argument(help: "The new workspace folder (must not exist, or be empty).")
    var folder: String

    @Option(help: "The office's name (机关名称).")
    var office: String

    @Option(help: "The district it covers (行政区划).")
    var district = ""

    @Option(help: "The archive fonds number (全宗号).")
    var fonds = ""

    @Option(help: "The document-number prefix (机关代字), e.g. 平卫医保.")
    var prefix = ""

    @Option(name: .customLong("operator"), help: "Who is acting, for the audit trail (default: the system user).")
    var actor: String?

    func run() throws {
        let settings = OfficeSettings(office: office, district: district, fondsNumber: fonds, documentPrefix: prefix)
        let workspace = try Workspace.create(
            at: folder, settings: settings, actor: actor ?? ProcessInfo.processInfo.environment["USER"] ?? NSUserName())
        Console.say("已创建工作区 \(workspace.root)", "Created the workspace \(workspace.root)")
    }
}

struct Office: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the office settings of the workspace, and record who signs official forms.",
        discussion: """
            Examples:
              spotcheck office --workspace 卫东区2024 --json
              spotcheck office --person 操作人=张三 --person 立卷人=王某 --workspace 卫东区2024
            Other settings: edit office.json.
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: "Record who signs for a role on official forms: 操作人=张三, 立卷人=王某, 检查人=赵某 (who checks a case file before it is sealed), 负责人=李某 (repeat; an empty name removes it).")
    var person: [String] = []

    @Option(help: "The 密级 of the office's case files (卷内文件目录, dossier.xml): 内部, 工作秘密, or \"\" for none.")
    var classification: String?

    @Option(help: "Re-verify every sealed package at least every N days (archive audit).")
    var fixityInterval: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let workspace = try options.open()
        var settings = try workspace.settings()
        if let classification { settings.classification = classification.trimmingCharacters(in: .whitespaces) }
        if let fixityInterval { settings.fixityInterval = fixityInterval }
        if !person.isEmpty || classification != nil || fixityInterval != nil {
            for entry in person {
                let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, OfficeSettings.roles.contains(parts[0]) else {
                    throw CommandProblem(
                        zh: "--person \(entry)：应写作 角色=姓名，角色为 \(OfficeSettings.roles.joined(separator: "、"))",
                        en: "--person \(entry): write ROLE=NAME, the role one of \(OfficeSettings.roles.joined(separator: ", "))")
                }
                settings.people[parts[0]] = parts[1].isEmpty ? nil : parts[1]
            }
            let problems = settings.problems
            if !problems.isEmpty {
                throw CommandProblem(zh: problems.map(\.zh).joined(separator: "；"), en: problems.map(\.en).joined(separator: "; "))
            }
            try workspace.saveSettings(settings, actor: options.actorName)
        }
        if json {
            print(try Console.json(settings))
            return
        }
        let ratios = settings.ratios.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
            separator: "  ")
        let people = OfficeSettings.roles.compactMap { role in settings.people[role].map { "\(role) \($0)" } }.joined(separator: "  ")
        Console.say(
            """
            机关名称：\(settings.office)
            行政区划：\(settings.district)
            全宗号：\(settings.fondsNumber)
            机关代字：\(settings.documentPrefix)
            抽查比例：\(ratios)
            每年抽查上限：\(settings.perYearCap) 次
            每组检查人员：\(settings.inspectorsPerVisit) 人
            署名人员：\(people.isEmpty ? "（未登记：spotcheck office --person 立卷人=姓名）" : people)
            密级：\(settings.classification.isEmpty ? "（不标注）" : settings.classification)
            档案定期检测：每 \(settings.fixityInterval) 天
            """,
            """
            office: \(settings.office)
            district: \(settings.district)
            fonds number: \(settings.fondsNumber)
            document prefix: \(settings.documentPrefix)
            draw ratios: \(ratios)
            checks per target per year: at most \(settings.perYearCap)
            inspectors per visit: \(settings.inspectorsPerVisit)
            people who sign: \(people.isEmpty ? "(none recorded: spotcheck office --person 立卷人=NAME)" : people)
            classification: \(settings.classification.isEmpty ? "(none)" : settings.classification)
            fixity checks: every \(settings.fixityInterval) days
            """)
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The audit trail: list it, verify that no entry was edited, deleted or reordered, hand out checkpoints.",
        subcommands: [Verify.self, List.self, Checkpoint.self, Accept.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the SHA-256 chain of the audit trail and its signed head; exit status 1 names every bad entry.",
            discussion: """
                With --checkpoint, also against checkpoints handed out earlier (spotcheck audit checkpoint): a
                rollback of the database and its head together is found.
                Examples:
                  spotcheck audit verify --workspace 卫东区2024
                  spotcheck audit verify --checkpoint 2024年第三季度.checkpoint --workspace 卫东区2024
                """
        )

        @OptionGroup var options: WorkspaceOptions

        @Option(help: "A checkpoint file handed out earlier (repeat for several).")
        var checkpoint: [String] = []

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let problems: [AuditTrail.Problem]
            let count: Int
            let workspace = try options.open()
            let checkpoints = try checkpoint.map { path -> AuditCheckpoint in
                guard let data = FileManager.default.contents(atPath: path), let read = try? JSONDecoder().decode(AuditCheckpoint.self, from: data)
                else {
                    throw CommandProblem(zh: "无法读取检查点文件 \(path)", en: "cannot read the checkpoint file \(path)")
                }
                return read
            }
            problems = try workspace.verifyAuditTrail() + workspace.verify(checkpoints: checkpoints)
            count = try workspace.auditEntries().count
            if json {
                struct Report: Encodable {
                    struct Item: Encodable {
                        let sequence: Int64
                        let problem: String
                    }
                    let entries: Int
                    let intact: Bool
                    let problems: [Item]
                }
                let report = Report(
                    entries: count, intact: problems.isEmpty, problems: problems.map { .init(sequence: $0.sequence, problem: $0.en) })
                print(try Console.json(report, pretty: false))
            } else if problems.isEmpty {
                Console.say("审计记录完好：共 \(count) 条", "The audit trail is intact: \(count) entries")
            } else {
                for problem in problems {
                    Console.warn(
                        Console.english ? "entry \(problem.sequence): error: \(problem.en)" : "第 \(problem.sequence) 条：错误：\(problem.zh)")
                }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a signed checkpoint of the audit trail to hand to someone outside (the unit head, the level above).",
            discussion: """
                The checkpoint names the last entry and its hash, signed with the office key. Kept outside the
                workspace, it lets spotcheck audit verify --checkpoint find a rollback of the database and its head
                together — which nothing inside the workspace can. Handing it out is recorded.
                Example: spotcheck audit checkpoint --out 2024年第三季度.checkpoint --workspace 卫东区2024
                """)
        @Option(help: "The checkpoint file to write.") var out: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let checkpoint = try options.open().auditCheckpoint(actor: options.actorName)
            try AtomicFile.write(Array(try Console.json(checkpoint).utf8) + [0x0A], to: out)
            Console.say(
                "已写出检查点 \(out)：第 \(checkpoint.sequence) 条，\(checkpoint.signature == nil ? "未签名（尚无单位密钥）" : "已用单位密钥签名")",
                "Wrote the checkpoint \(out): entry \(checkpoint.sequence), \(checkpoint.signature == nil ? "unsigned (no office key yet)" : "signed with the office key")")
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "After looking into why the trail and its head disagree, record the reason and re-establish the head.",
            discussion: """
                Commands refuse to write while the audit trail does not match its head (audit.head missing,
                unreadable, unsigned or forged; entries deleted from the end). Once the cause is known, this records
                it — with what the head said and the problems found — as an audit entry, and writes a new signed head.
                Example: spotcheck audit accept --reason "误删 audit.head，已核对备份" --operator 王某 --workspace 卫东区2024
                """)
        @Option(help: "Why the trail and its head disagreed, as found.") var reason: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let entry = try options.open().acceptAuditHead(reason: reason, actor: options.actorName)
            Console.say("已记入第 \(entry.sequence) 条并重新确立审计头", "Recorded as entry \(entry.sequence); the head is re-established")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the audit trail, oldest first.",
            discussion: "Example: spotcheck audit list --json"
        )

        @OptionGroup var options: WorkspaceOptions

        @Flag(help: "Print JSON Lines, one entry per line.")
        var json = false

        func run() throws {
            for entry in try options.open().auditEntries() {
                if json {
                    print(try Console.json(entry, pretty: false))
                } else {
                    print("\(entry.sequence)\t\(entry.at)\t\(entry.actor)\t\(entry.actionName)\t\(entry.entity)\t\(entry.entityID)")
                }
            }
        }
    }
}
