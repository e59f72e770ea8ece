import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Workflow
import XMLCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The annual plan (年度抽查工作计划): import its tasks, list them.",
        subcommands: [PlanImportCommand.self, PlanList.self]
    )
}

struct PlanImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the plan's tasks from CSV or XLSX: every problem at once, all or nothing.",
        discussion: """
            Columns: 任务编号, 年度, 任务名称, 抽查事项, 开始日期, 结束日期, 发起部门 (required), 检查对象类型,
            所属区域, 抽查比例 (A:5%、B:10%; blank: the office's), 配合部门. See docs/IMPORT.md.
            Example: spotcheck plan import 2024年度计划.xlsx --workspace 卫东区2024
            """
    )

    @Argument(help: "The plan file: .csv or .xlsx.")
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
        commandName: "list", abstract: "List the plan's tasks.", discussion: "Example: spotcheck plan list --json")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print JSON.")
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
        abstract: "The random draw of targets: run it from a public seed, verify a record, lock the result.",
        discussion: """
            Examples:
              spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw lock 2024-01
            """,
        subcommands: [DrawRun.self, DrawVerify.self, DrawLock.self],
        defaultSubcommand: DrawRun.self
    )
}

struct DrawRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Draw a task's targets from a seed announced beforehand; writes the record to draws/.",
        discussion: """
            The draw is a deterministic function of the registry snapshot, the task and the seed (docs/DRAW.md),
            so anyone can recompute it with `spotcheck draw verify`.
            Example: spotcheck draw 2024-01 --seed "福彩3D 2024064 期 123" --witness 纪检组王某 --witness 政策法规科李某
                     spotcheck draw 2024-01 --source "双色球2024064期：3 9 14 20 27 31" --source "排列五24180期：1 0 7 7 2" --witness 纪检组王某
            """
    )

    @Argument(help: "The task number from the plan.")
    var task: String

    @Option(help: "The public seed, announced before the draw.")
    var seed: String?

    @Option(
        name: .customLong("source"),
        help:
            "Instead of --seed: public random numbers drawn after the task was announced (e.g. a lottery result); repeat for several. The seed is their RFC 3797 text."
    )
    var sources: [String] = []

    @Option(help: "A witness (纪检监察, 政策法规, invited observers); repeat for several (001 §12).")
    var witness: [String] = []

    @Option(help: "Why the task is drawn again (required for every attempt after the first; kept and published).")
    var reason: String?

    @Option(
        name: .customLong("drawn-on"),
        help: "Enter a draw that took place earlier: its date (YYYY-MM-DD), on or before the task's window opens. Needs --entry-reason.")
    var drawnOn: String?

    @Option(name: .customLong("entry-reason"), help: "Why a past draw is entered late (with --drawn-on).")
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
        abstract: "Recompute a draw from its record; exit status 1 shows exactly what differs.",
        discussion: """
            Examples:
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml
              spotcheck draw verify 卫东区2024/draws/2024-01-1.xml --json
            """
    )

    @Argument(help: "A draw record (XML).")
    var record: String

    @Flag(help: "Print the outcome as JSON (whether it reproduces, counts, every difference).")
    var json = false

    @Option(help: "The published registry snapshot (default: the file the record names, beside it).")
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
        abstract: "Lock a task's draw: the list is final and counts toward the per-year cap (002 (十四)).",
        discussion: "Example: spotcheck draw lock 2024-01"
    )

    @Argument(help: "The task number.")
    var task: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let record = try DrawService(store: options.open()).lock(task: task, by: User(options.actorName))
        Console.say("已锁定任务 \(task) 的抽取结果（\(record)）", "Locked the draw of task \(task) (\(record))")
    }
}
