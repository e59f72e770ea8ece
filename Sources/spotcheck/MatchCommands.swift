import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Workflow

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("为抽查任务的各次检查随机匹配执法人员，核验匹配记录，调换不能参加检查的执法人员。",
                      en: "Match inspectors to a task's visits at random, verify a match record, substitute an unavailable inspector."),
        discussion: .zh("""
            示例：
              spotcheck match 2024-01
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match substitute 2024-01-0003 豫医保4107 --reason 健康 --approver 局长王某
              spotcheck match list --json
            """, en: """
            Examples:
              spotcheck match 2024-01
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match substitute 2024-01-0003 豫医保4107 --reason 健康 --approver 局长王某
              spotcheck match list --json
            """),
        subcommands: [MatchRun.self, MatchVerify.self, MatchSubstitute.self, MatchList.self],
        defaultSubcommand: MatchRun.self
    )
}

struct MatchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: .zh("为已锁定抽取结果的抽查任务的每次检查随机抽取检查组；匹配记录写入 draws/。",
                      en: "Draw a team for every visit of a task's locked draw; writes the record to draws/."),
        discussion: .zh("""
            每个检查组的人数按本单位设置（不少于 2 人，其中 1 人为组长），执法证在检查日期有效，
            与检查对象没有已申报的回避关系，同一人同一天只安排一次，检查事项需要时配备专家
            （000 §14–15；001 §13；002 (十六)）。检查对象同时被其他任务抽中、且那次检查的日期在本任务期间内的，
            并入那次检查（002 (十五)）。
            示例：
              spotcheck match 2024-01
              spotcheck match 2024-01 --department 基金监管科
              spotcheck match 2024-01 --assign 91410402MA44K7R2XR=豫医保0001,豫医保0002
            """, en: """
            Each team has the office's number of inspectors (≥ 2, one leader) with a certificate valid on the
            visit date, none with a declared conflict with the target, nobody twice on one day, and an expert
            when an item needs one (000 §14–15; 001 §13; 002 (十六)). A target drawn by another task whose
            visit falls in this task's window joins that visit (002 (十五)).
            Example: spotcheck match 2024-01
                     spotcheck match 2024-01 --department 基金监管科
                     spotcheck match 2024-01 --assign 91410402MA44K7R2XR=豫医保0001,豫医保0002
            """)
    )

    @Argument(help: .zh("任务编号。", en: "The task number."))
    var task: String

    @Option(help: .zh("公开的随机种子；默认沿用抽取时的种子。", en: "The public seed; by default the draw's."))
    var seed: String?

    @Option(help: .zh("只从该部门抽取（000 §14）；默认从全单位抽取。", en: "Draw only from this department (000 §14); by default the whole office."))
    var department: String?

    @Option(help: .zh("符合条件的人员不足时，直接指定某检查对象的检查组：信用代码=执法证号,执法证号（组长在前）；可重复使用（002 (十六)）。",
                      en: "Name a target's team directly when too few are eligible: CODE=KEY,KEY (leader first); repeatable (002 (十六))."))
    var assign: [String] = []

    @Option(help: .zh("联合检查时另一部门的执法检查人员名录（CSV/XLSX），与本单位人员一并匹配（002 (十六)）。",
                      en: "Another office's inspector registry (CSV/XLSX) to match jointly with (002 (十六))."))
    var joint: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        var assignments: [String: [String]] = [:]
        for item in assign {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw CommandProblem(zh: "--assign 应写作 信用代码=执法证号,执法证号，实为 “\(item)”", en: "--assign must read CODE=KEY,KEY, not '\(item)'")
            }
            assignments[parts[0].uppercased()] = parts[1].split { ",，、".contains($0) }.map(String.init)
        }
        let jointPool = try joint.map { try InspectorImport.read(Import.table($0).0) } ?? []
        let workspace = try options.open()
        let (record, path) = try MatchService(store: workspace).match(
            task: task, seed: seed, department: department, assignments: assignments, jointPool: jointPool, by: User(options.actorName))
        let names = Dictionary(record.pool.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        let visits = Dictionary(record.visits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let targets = try workspace.targets(codes: record.visits.map(\.target))
        // A clerk reads names, and the 执法证号 that `match substitute` takes.
        func person(_ key: String, _ role: TeamRole?) -> String {
            let roleText = role.map { Console.english ? ", \($0.english)" : "，\($0.rawValue)" } ?? ""
            return (names[key] ?? key) + (Console.english ? " (\(key)\(roleText))" : "（\(key)\(roleText)）")
        }
        for team in record.teams {
            let visit = visits[team.visit]
            let people =
                team.inspectors.enumerated().map { person($1, $0 == 0 ? .leader : nil) } + team.experts.map { person($0, .expert) }
            let target = visit.map { (targets[$0.target]?.name ?? "") + "（\($0.target)）" } ?? ""
            print("\(team.visit)\t\(visit?.date ?? "")\t\(target)\t\(people.joined(separator: "、"))")
        }
        for merge in record.merged {
            Console.say(
                "\(merge.target) 并入检查 \(merge.visit)（进一次门、查多项事，002 (十五)）", "\(merge.target) joins visit \(merge.visit) (002 (十五))")
        }
        Console.say("匹配记录：\(path)", "Record: \(path)")
    }
}

struct MatchVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: .zh("按匹配记录重新计算匹配结果及其调换；不一致时退出状态为 1，并准确列出不同之处。",
                      en: "Recompute a match and its substitutions from the record; exit status 1 shows exactly what differs."),
        discussion: .zh("""
            示例：
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml --json
            """, en: """
            Examples:
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml --json
            """)
    )

    @Argument(help: .zh("匹配记录（XML）。", en: "A match record (XML)."))
    var record: String

    @Flag(help: .zh("以 JSON 输出核验结果（能否复现、各项数量、每一处不同）。", en: "Print the outcome as JSON (whether it reproduces, counts, every difference)."))
    var json = false

    @Option(help: .zh("匹配记录所依据的抽取记录（默认：与匹配记录在同一文件夹）。", en: "The draw record the match names (default: beside the match record)."))
    var draw: String?

    func run() throws {
        if let draw, !FileManager.default.fileExists(atPath: draw) {
            throw CommandProblem(zh: "无法读取抽取记录 \(draw)", en: "cannot read the draw record \(draw)")
        }
        let (parsed, check) = try RecordVerifier.match(at: record, draw: draw)
        if json {
            return try Console.Verification(
                record: record, counts: ["teams": parsed.teams.count, "substitutions": parsed.substitutions.count],
                differences: check.differences, unchecked: check.unchecked
            ).print()
        }
        try Console.report(
            check,
            holds: LocalizedText(
                "匹配记录可复现：\(parsed.teams.count) 个检查组、\(parsed.substitutions.count) 次调换，与按记录输入重算的结果一致"
                    + (check.unchecked.isEmpty && !parsed.isLegacy ? "；检查对象与抽取记录一致" : ""),
                "The match reproduces: \(parsed.teams.count) teams and \(parsed.substitutions.count) substitutions match the record's inputs"
                    + (check.unchecked.isEmpty && !parsed.isLegacy ? "; the visits match the draw record" : "")))
    }
}

struct MatchSubstitute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "substitute",
        abstract: .zh("以新的、可核验的随机抽取，调换某次检查中不能参加的执法人员（000 §14；002 (十八)）。",
                      en: "Replace an unavailable inspector on a visit by a new verifiable draw (000 §14; 002 (十八))."),
        discussion: .zh("示例：spotcheck match substitute 2024-01-0003 豫医保0007 --reason 回避 --approver 局长王某",
                        en: "Example: spotcheck match substitute 2024-01-0003 豫医保0007 --reason 回避 --approver 局长王某")
    )

    @Argument(help: .zh("检查编号，即 `match list` 显示的编号。", en: "The visit, as `match list` shows it."))
    var visit: String

    @Argument(help: .zh("被调换人员的执法证号（专家填其专家编号），或其姓名（检查组内无人同名时）。",
                        en: "The inspector's certificate number (or expert key), or their name when no one else on the team has it."))
    var inspector: String

    @Option(help: .zh("调换理由：岗位调整、工作冲突、健康、回避……", en: "Why: 岗位调整, 工作冲突, 健康, 回避 …"))
    var reason: String

    @Option(help: .zh("调换的批准人。", en: "Who approved the substitution."))
    var approver: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let (done, path) = try MatchService(store: options.open()).substitute(visit: visit, inspector: inspector, reason: reason, approver: approver, by: User(options.actorName))
        Console.say(
            "检查 \(visit)：\(done.removed) 由 \(done.added) 递补（理由：\(done.reason)，批准人：\(done.approver)）；匹配记录：\(path)",
            "Visit \(visit): \(done.added) replaces \(done.removed) (reason: \(done.reason), approved by \(done.approver)); record: \(path)"
        )
    }
}

struct MatchList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: .zh("列出各次检查及其检查组。", en: "List the visits and their teams."),
        discussion: .zh("示例：spotcheck match list --json", en: "Example: spotcheck match list --json"))

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    func run() throws {
        let workspace = try options.open()
        let visits = try workspace.visits()
        if json { return print(try Console.json(visits)) }
        let names = Dictionary(try workspace.inspectors().map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        for visit in visits {
            let people = (visit.inspectors + visit.experts).map { names[$0] ?? $0 }.joined(separator: "、")
            print("\(visit.id)\t\(visit.date)\t\(visit.target)\t\(visit.tasks.joined(separator: ","))\t\(people)")
        }
    }
}
