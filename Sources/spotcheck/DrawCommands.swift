import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Workflow
import XMLCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("年度抽查工作计划：导入计划中的抽查任务，列出任务。", en: "The annual plan (年度抽查工作计划): import its tasks, list them."),
        subcommands: [PlanImportCommand.self, PlanList.self]
    )
}

struct PlanImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: .zh("从 CSV 或 XLSX 导入计划中的抽查任务：一次列出全部问题，要么全部导入，要么都不导入。",
                      en: "Import the plan's tasks from CSV or XLSX: every problem at once, all or nothing."),
        discussion: .zh("""
            各列：任务编号、年度、任务名称、抽查事项、开始日期、结束日期、发起部门（必填），检查对象类型、
            所属区域、抽查比例（A:5%、B:10%；留空则用本单位设置的比例）、配合部门。详见 docs/IMPORT.md。
            示例：spotcheck plan import 2024年度计划.xlsx --workspace 卫东区2024
            """, en: """
            Columns: 任务编号, 年度, 任务名称, 抽查事项, 开始日期, 结束日期, 发起部门 (required), 检查对象类型,
            所属区域, 抽查比例 (A:5%、B:10%; blank: the office's), 配合部门. See docs/IMPORT.md.
            Example: spotcheck plan import 2024年度计划.xlsx --workspace 卫东区2024
            """)
    )

    @Argument(help: .zh("计划文件：.csv 或 .xlsx。", en: "The plan file: .csv or .xlsx."))
    var file: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try Import.run(file, options, into: .tasks, key: \.id, noun: ("抽查任务", "tasks")) { table, workspace, _ in
            try PlanImport.read(table, defaultRatios: try workspace.settings().ratios)
        }
    }
}

struct PlanList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: .zh("列出计划中的抽查任务。", en: "List the plan's tasks."),
        discussion: .zh("示例：spotcheck plan list --json", en: "Example: spotcheck plan list --json"))

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    func run() throws {
        let tasks = try options.open().tasks()
        if json { return print(try Console.json(tasks)) }
        for task in tasks {
            let ratios = task.ratios.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                separator: " ")
            print("\(task.id)\t\(task.name)\t\(task.start)–\(task.end)\t\(task.items.joined(separator: "、"))\t\(ratios)")
        }
    }
}

struct Draw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("随机抽取检查对象：以公开的随机种子抽取，核验抽取记录，锁定抽取结果。",
                      en: "The random draw of targets: run it from a public seed, verify a record, lock the result."),
        discussion: .zh("""
            示例：
              spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw lock 2024-01
            """, en: """
            Examples:
              spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw lock 2024-01
            """),
        subcommands: [DrawRun.self, DrawVerify.self, DrawLock.self],
        defaultSubcommand: DrawRun.self
    )
}

struct DrawRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: .zh("用事先公布的随机种子抽取抽查任务的检查对象；抽取记录写入 draws/。",
                      en: "Draw a task's targets from a seed announced beforehand; writes the record to draws/."),
        discussion: .zh("""
            抽取结果完全由名录库快照、抽查任务和随机种子确定（docs/DRAW.md），
            任何人都可以用 `spotcheck draw verify` 重新计算核对。
            示例：
              spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某 --witness 政策法规科李某
              spotcheck draw 2024-01 --source "双色球2024064期：3 9 14 20 27 31" --source "排列五24180期：1 0 7 7 2" --witness 纪检组王某
            """, en: """
            The draw is a deterministic function of the registry snapshot, the task and the seed (docs/DRAW.md),
            so anyone can recompute it with `spotcheck draw verify`.
            Example: spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某 --witness 政策法规科李某
                     spotcheck draw 2024-01 --source "双色球2024064期：3 9 14 20 27 31" --source "排列五24180期：1 0 7 7 2" --witness 纪检组王某
            """)
    )

    @Argument(help: .zh("计划中的任务编号。", en: "The task number from the plan."))
    var task: String

    @Option(help: .zh("公开的随机种子，须在抽取前公布。", en: "The public seed, announced before the draw."))
    var seed: String?

    @Option(
        name: .customLong("source"),
        help:
            .zh("代替 --seed：抽查任务公布之后产生的公开随机数（如彩票开奖号码）；多个时重复使用此选项。随机种子为按 RFC 3797 由它们组成的文本。",
                en: "Instead of --seed: public random numbers drawn after the task was announced (e.g. a lottery result); repeat for several. The seed is their RFC 3797 text.")
    )
    var sources: [String] = []

    @Option(help: .zh("见证人（纪检监察、政策法规人员，受邀的监督人员）；多人时重复使用此选项（001 §12）。",
                      en: "A witness (纪检监察, 政策法规, invited observers); repeat for several (001 §12)."))
    var witness: [String] = []

    @Option(help: .zh("重新抽取的理由（第二次及以后每次抽取必填；予以保存并公开）。",
                      en: "Why the task is drawn again (required for every attempt after the first; kept and published)."))
    var reason: String?

    @Option(
        name: .customLong("drawn-on"),
        help: .zh("补录此前已进行的抽取：抽取日期（日期格式 YYYY-MM-DD），不得晚于任务开始日期。须同时给出 --entry-reason。",
                  en: "Enter a draw that took place earlier: its date (YYYY-MM-DD), on or before the task's window opens. Needs --entry-reason."))
    var drawnOn: String?

    @Option(name: .customLong("entry-reason"), help: .zh("补录以往抽取的理由（与 --drawn-on 同用）。",
                                                         en: "Why a past draw is entered late (with --drawn-on)."))
    var entryReason: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        if seed != nil && !sources.isEmpty || seed == nil && sources.isEmpty {
            throw CommandProblem(zh: "请给出 --seed 或 --source 之一", en: "give either --seed or --source")
        }
        let drawnOn = try self.drawnOn.map { try CivilDate(parsing: $0, field: "--drawn-on") }
        let workspace = try options.open()
        let (record, path) = try DrawService(store: workspace).draw(
            task: task,
            .init(
                seed: seed ?? "", sources: sources, witnesses: witness, reason: reason ?? "", drawnOn: drawnOn, entryReason: entryReason ?? ""),
            by: User(try options.signer("操作人", settings: workspace.settings())))
        if !sources.isEmpty { Console.say("种子（RFC 3797）：\(record.seed)", "Seed (RFC 3797): \(record.seed)") }
        if record.attempt > 1 {
            Console.say(
                "第 \(record.attempt) 次抽取（理由：\(record.reason)；上一次：\(record.previous?.record ?? "")）",
                "Attempt \(record.attempt) (reason: \(record.reason); previous: \(record.previous?.record ?? ""))")
        }
        // Institutions by name, with the credit code the record keeps (a city-sized draw prints codes only:
        // thousands of names help no one on a terminal, and looking them up would cost the draw its second).
        let allDrawn = record.result.flatMap(\.drawn)
        let targets = allDrawn.count <= 1000 ? try workspace.targets(codes: allDrawn) : [:]
        for selection in record.result {
            let drawn = selection.drawn.map { code in targets[code].map { "\($0.name)（\(code)）" } ?? code }
            Console.say(
                "\(selection.stratum)：共 \(selection.population) 家，抽中 \(selection.drawn.count) 家：\(drawn.joined(separator: "、"))",
                "\(selection.stratum): \(selection.drawn.count) of \(selection.population): \(drawn.joined(separator: ", "))")
        }
        Console.say(
            "名录库快照：draws/\(record.registryFile)（SHA-256 \(record.registryHash)，\(record.registryRows) 家）",
            "Registry snapshot: draws/\(record.registryFile) (SHA-256 \(record.registryHash), \(record.registryRows) targets)")
        Console.say("抽取记录：\(path)（确认后用 spotcheck draw lock \(task) 锁定）", "Record: \(path) (lock it with spotcheck draw lock \(task))")
    }
}

struct DrawVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: .zh("按抽取记录重新计算抽取结果；不一致时退出状态为 1，并准确列出不同之处。",
                      en: "Recompute a draw from its record; exit status 1 shows exactly what differs."),
        discussion: .zh("""
            示例：
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml --json
            """, en: """
            Examples:
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml --json
            """)
    )

    @Argument(help: .zh("抽取记录（XML）。", en: "A draw record (XML)."))
    var record: String

    @Flag(help: .zh("以 JSON 输出核验结果（能否复现、各项数量、每一处不同）。", en: "Print the outcome as JSON (whether it reproduces, counts, every difference)."))
    var json = false

    @Option(help: .zh("公开的名录库快照（默认：抽取记录中写明的文件，与记录在同一文件夹）。",
                      en: "The published registry snapshot (default: the file the record names, beside it)."))
    var snapshot: String?

    func run() throws {
        let (parsed, check) = try RecordVerifier.draw(at: record, snapshot: snapshot)
        let count = parsed.result.map(\.drawn.count).reduce(0, +)
        if json {
            let candidates = parsed.strata.map(\.candidates.count).reduce(0, +)
            return try Console.Verification(
                record: record, counts: ["strata": parsed.result.count, "candidates": candidates, "drawn": count, "attempt": parsed.attempt],
                differences: check.differences, unchecked: check.unchecked
            ).print()
        }
        try Console.report(
            check,
            holds: LocalizedText(
                "抽取记录可复现：按记录的输入重新计算，\(parsed.result.count) 个分层共 \(count) 家，与记录一致（第 \(parsed.attempt) 次抽取）"
                    + (check.snapshotChecked ? "；候选与名录库快照一致" : ""),
                "The draw reproduces: recomputed from its inputs, \(count) targets in \(parsed.result.count) strata match the record (attempt \(parsed.attempt))"
                    + (check.snapshotChecked ? "; the candidates match the registry snapshot" : "")))
    }
}

struct DrawLock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: .zh("锁定抽查任务的抽取结果：名单即为最终名单，并计入每年抽查次数上限（002 (十四)）。",
                      en: "Lock a task's draw: the list is final and counts toward the per-year cap (002 (十四))."),
        discussion: .zh("示例：spotcheck draw lock 2024-01", en: "Example: spotcheck draw lock 2024-01")
    )

    @Argument(help: .zh("任务编号。", en: "The task number."))
    var task: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let record = try DrawService(store: options.open()).lock(task: task, by: User(options.actorName))
        Console.say("已锁定任务 \(task) 的抽取结果（\(record)）", "Locked the draw of task \(task) (\(record))")
    }
}
