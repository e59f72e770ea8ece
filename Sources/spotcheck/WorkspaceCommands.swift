import ArgumentParser
import Foundation
import Store
import Support

/// Options every command that works on a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: .zh("工作区文件夹（默认：环境变量 $SPOTCHECK_WORKSPACE，其次为当前文件夹）。",
                      en: "The workspace folder (default: $SPOTCHECK_WORKSPACE, then the current folder)."))
    var workspace: String?

    @Option(
        name: .customLong("operator"),
        help: .zh("操作人姓名，记入审计记录，并印在需要署名的文书上（默认：本单位为该角色登记的人员；审计记录中其次为系统用户名）。",
                  en: "Who is acting, for the audit trail and the forms that print a person (default: the office's person for the role, then the system user for the trail)."))
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

    /// The workspace the person named — `--workspace`, else `$SPOTCHECK_WORKSPACE` — and nil when neither
    /// is given (the current folder is where `open()` looks next, never a trust anchor for `archive verify`).
    var named: String? {
        workspace ?? ProcessInfo.processInfo.environment["SPOTCHECK_WORKSPACE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func open() throws -> Workspace {
        guard let path = Workspace.locate(explicit: workspace) else {
            // Say where we looked: the folder named, or the environment's, or the current one.
            let tried = named ?? FileManager.default.currentDirectoryPath
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
        abstract: .zh("新建工作区：数据库、单位设置，以及存放文书和证据材料的文件夹。",
                      en: "Create a workspace: database, office settings and folders for documents and evidence."),
        discussion: .zh("示例：spotcheck init 卫东区2024 --office 平顶山市卫东区医疗保障局 --fonds J045 --prefix 平卫医保",
                        en: "Example: spotcheck init 卫东区2024 --office 平顶山市卫东区医疗保障局 --fonds J045 --prefix 平卫医保")
    )

    @Argument(help: .zh("新工作区的文件夹（必须尚不存在，或为空）。", en: "The new workspace folder (must not exist, or be empty)."))
    var folder: String

    @Option(help: .zh("机关名称。", en: "The office's name (机关名称)."))
    var office: String

    @Option(help: .zh("所辖行政区划。", en: "The district it covers (行政区划)."))
    var district = ""

    @Option(help: .zh("档案全宗号。", en: "The archive fonds number (全宗号)."))
    var fonds = ""

    @Option(help: .zh("发文字号中的机关代字，如 平卫医保。", en: "The document-number prefix (机关代字), e.g. 平卫医保."))
    var prefix = ""

    @Option(name: .customLong("operator"), help: .zh("操作人姓名，记入审计记录（默认：系统用户名）。",
                                                     en: "Who is acting, for the audit trail (default: the system user)."))
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
        abstract: .zh("显示工作区的单位设置，登记在正式文书上署名的人员和文书上印的机关信息。",
                      en: "Show the office settings of the workspace, and record who signs official forms and what notices print about the office."),
        discussion: .zh("""
            机关信息（--set）：联系人、联系电话（告知书、整改通知书）、联系部门（公告、公示）、复议机关和诉讼法院
            （整改通知书、复查结果告知书上的救济途径）、公示期（工作日）。文书要印而未登记的，不予生成，并提示登记。
            其他设置：直接编辑 office.json。
            示例：
              spotcheck office --workspace 卫东区2024 --json
              spotcheck office --person 操作人=张三 --person 立卷人=王某 --workspace 卫东区2024
              spotcheck office --set 联系人=李某 --set 联系电话=0375-2345678 --set 联系部门=基金监管科 \\
                  --set 复议机关=平顶山市卫东区人民政府 --set 诉讼法院=平顶山市卫东区人民法院 --set 公示期=10 --workspace 卫东区2024
            """, en: """
            Office details (--set): 联系人, 联系电话 (notices), 联系部门 (public notices), 复议机关 and 诉讼法院 (the appeal
            routes on 整改通知书 and 复查结果告知书), 公示期 (working days). A form that prints one not recorded is refused.
            Other settings: edit office.json.
            Examples:
              spotcheck office --workspace 卫东区2024 --json
              spotcheck office --person 操作人=张三 --person 立卷人=王某 --workspace 卫东区2024
              spotcheck office --set 联系人=李某 --set 联系电话=0375-2345678 --set 联系部门=基金监管科 \\
                  --set 复议机关=平顶山市卫东区人民政府 --set 诉讼法院=平顶山市卫东区人民法院 --set 公示期=10 --workspace 卫东区2024
            """)
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(help: .zh("登记在正式文书上为某一角色署名的人员：操作人=张三、立卷人=王某、检查人=赵某（立卷前检查案卷质量的人员）、负责人=李某（可重复使用；姓名留空即删除）。",
                      en: "Record who signs for a role on official forms: 操作人=张三, 立卷人=王某, 检查人=赵某 (who checks a case file before it is sealed), 负责人=李某 (repeat; an empty name removes it)."))
    var person: [String] = []

    @Option(help: .zh("登记文书上印的机关信息：名称=内容，名称为 联系人、联系电话、联系部门、复议机关、诉讼法院、公示期（可重复使用；内容留空即删除）。",
                      en: "Record what notices print about the office: NAME=VALUE, NAME one of 联系人, 联系电话, 联系部门, 复议机关, 诉讼法院, 公示期 (repeat; an empty value removes it)."))
    var set: [String] = []

    @Option(help: .zh("本单位案卷的密级（印在卷内文件目录和 dossier.xml 中）：内部、工作秘密，或用 \"\" 表示不标注。",
                      en: "The 密级 of the office's case files (卷内文件目录, dossier.xml): 内部, 工作秘密, or \"\" for none."))
    var classification: String?

    @Option(help: .zh("每个已封存的档案包至少每 N 天重新检测一次（archive audit）。",
                      en: "Re-verify every sealed package at least every N days (archive audit)."))
    var fixityInterval: Int?

    @Option(help: .zh("检查结果是否须经负责人审核后方可公示：是 或 否（默认：否）。",
                      en: "Whether results are reviewed by the unit head before publication: 是 or 否 (default 否)."))
    var resultReview: String?

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    func run() throws {
        let workspace = try options.open()
        var settings = try workspace.settings()
        if let classification { settings.classification = classification.trimmingCharacters(in: .whitespaces) }
        if let fixityInterval { settings.fixityInterval = fixityInterval }
        if let resultReview {
            switch resultReview.trimmingCharacters(in: .whitespaces).lowercased() {
            case "是", "yes", "on", "true": settings.resultReview = true
            case "否", "no", "off", "false": settings.resultReview = false
            default: throw CommandProblem(zh: "--result-review 应为 是 或 否，实为“\(resultReview)”", en: "--result-review takes 是 or 否, not “\(resultReview)”")
            }
        }
        if !person.isEmpty || !set.isEmpty || classification != nil || fixityInterval != nil || resultReview != nil {
            for entry in set {
                let parts = entry.replacingOccurrences(of: "＝", with: "=").split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    let names = OfficeSettings.detailNames.map(\.name)
                    throw CommandProblem(
                        zh: "--set \(entry)：应写作 名称=内容，名称为 \(names.joined(separator: "、"))",
                        en: "--set \(entry): write NAME=VALUE, the name one of \(names.joined(separator: ", "))")
                }
                settings.details[parts[0]] = parts[1].isEmpty ? nil : parts[1]
            }
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
        let details = OfficeSettings.detailNames.compactMap { detail in settings.details[detail.name].map { "\(detail.name) \($0)" } }
            .joined(separator: "  ")
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
            结果审核：\(settings.resultReview ? "须经负责人审核后公示" : "不需要")
            机关信息：\(details.isEmpty ? "（未登记：spotcheck office --set 联系人=姓名 …）" : details)
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
            result review: \(settings.resultReview ? "by the unit head before publication" : "none")
            office details: \(details.isEmpty ? "(none recorded: spotcheck office --set 联系人=NAME …)" : details)
            """)
    }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("审计记录：列出记录，核验没有记录被修改、删除或调换顺序，出具检查点。",
                      en: "The audit trail: list it, verify that no entry was edited, deleted or reordered, hand out checkpoints."),
        subcommands: [Verify.self, List.self, Checkpoint.self, Accept.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("核验审计记录的 SHA-256 链及其签名的审计头；有问题时退出状态为 1，并列出每一条有问题的记录。",
                          en: "Check the SHA-256 chain of the audit trail and its signed head; exit status 1 names every bad entry."),
            discussion: .zh("""
                用 --checkpoint 时，还与此前出具的检查点（spotcheck audit checkpoint）比对：
                数据库连同审计头一起被回退，也能发现。
                示例：
                  spotcheck audit verify --workspace 卫东区2024
                  spotcheck audit verify --checkpoint 2024年第三季度.checkpoint --workspace 卫东区2024
                """, en: """
                With --checkpoint, also against checkpoints handed out earlier (spotcheck audit checkpoint): a
                rollback of the database and its head together is found.
                Examples:
                  spotcheck audit verify --workspace 卫东区2024
                  spotcheck audit verify --checkpoint 2024年第三季度.checkpoint --workspace 卫东区2024
                """)
        )

        @OptionGroup var options: WorkspaceOptions

        @Option(help: .zh("此前出具的检查点文件（多个时重复使用此选项）。", en: "A checkpoint file handed out earlier (repeat for several)."))
        var checkpoint: [String] = []

        @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
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
            abstract: .zh("写出审计记录的签名检查点，交工作区以外的人保管（单位负责人、上级部门）。",
                          en: "Write a signed checkpoint of the audit trail to hand to someone outside (the unit head, the level above)."),
            discussion: .zh("""
                检查点写明最后一条记录及其哈希值，并用单位密钥签名。检查点保存在工作区以外，
                spotcheck audit verify --checkpoint 就能据此发现数据库连同审计头一起被回退——
                这是工作区内的任何东西都做不到的。出具检查点也会记入审计记录。
                示例：spotcheck audit checkpoint --out 2024年第三季度.checkpoint --workspace 卫东区2024
                """, en: """
                The checkpoint names the last entry and its hash, signed with the office key. Kept outside the
                workspace, it lets spotcheck audit verify --checkpoint find a rollback of the database and its head
                together — which nothing inside the workspace can. Handing it out is recorded.
                Example: spotcheck audit checkpoint --out 2024年第三季度.checkpoint --workspace 卫东区2024
                """))
        @Option(help: .zh("要写出的检查点文件。", en: "The checkpoint file to write.")) var out: String
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
            abstract: .zh("查明审计记录与审计头不一致的原因后，记录原因并重新确立审计头。",
                          en: "After looking into why the trail and its head disagree, record the reason and re-establish the head."),
            discussion: .zh("""
                审计记录与审计头不一致时（audit.head 缺失、无法读取、未签名或被伪造；末尾的记录被删除），
                各命令拒绝写入。查明原因后，此命令把原因连同原审计头的内容和发现的问题记为一条审计记录，
                并写出新的签名审计头。
                示例：spotcheck audit accept --reason "误删 audit.head，已核对备份" --operator 王某 --workspace 卫东区2024
                """, en: """
                Commands refuse to write while the audit trail does not match its head (audit.head missing,
                unreadable, unsigned or forged; entries deleted from the end). Once the cause is known, this records
                it — with what the head said and the problems found — as an audit entry, and writes a new signed head.
                Example: spotcheck audit accept --reason "误删 audit.head，已核对备份" --operator 王某 --workspace 卫东区2024
                """))
        @Option(help: .zh("查明的审计记录与审计头不一致的原因。", en: "Why the trail and its head disagreed, as found.")) var reason: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let entry = try options.open().acceptAuditHead(reason: reason, actor: options.actorName)
            Console.say("已记入第 \(entry.sequence) 条并重新确立审计头", "Recorded as entry \(entry.sequence); the head is re-established")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出审计记录，最早的在前。", en: "Print the audit trail, oldest first."),
            discussion: .zh("示例：spotcheck audit list --json", en: "Example: spotcheck audit list --json")
        )

        @OptionGroup var options: WorkspaceOptions

        @Flag(help: .zh("输出 JSON Lines，每行一条记录。", en: "Print JSON Lines, one entry per line."))
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
