import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Workflow

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match inspectors to a task's visits at random, verify a match record, substitute an unavailable inspector.",
        discussion: """
            Examples:
              spotcheck match 2024-01
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match substitute 2024-01-0003 豫医保4107 --reason 健康 --approver 局长王某
              spotcheck match list --json
            """,
        subcommands: [MatchRun.self, MatchVerify.self, MatchSubstitute.self, MatchList.self],
        defaultSubcommand: MatchRun.self
    )
}

struct MatchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Draw a team for every visit of a task's locked draw; writes the record to draws/.",
        discussion: """
            Each team has the office's number of inspectors (≥ 2, one leader) with a certificate valid on the
            visit date, none with a declared conflict with the target, nobody twice on one day, and an expert
            when an item needs one (000 §14–15; 001 §13; 002 (十六)). A target drawn by another task whose
            visit falls in this task's window joins that visit (002 (十五)).
            Example: spotcheck match 2024-01
                     spotcheck match 2024-01 --department 基金监管科
                     spotcheck match 2024-01 --assign 91410402MA44K7R2XR=豫医保0001,豫医保0002
            """
    )

    @Argument(help: "The task number.")
    var task: String

    @Option(help: "The public seed; by default the draw's.")
    var seed: String?

    @Option(help: "Draw only from this department (000 §14); by default the whole office.")
    var department: String?

    @Option(help: "Name a target's team directly when too few are eligible: CODE=KEY,KEY (leader first); repeatable (002 (十六)).")
    var assign: [String] = []

    @Option(help: "Another office's inspector registry (CSV/XLSX) to match jointly with (002 (十六)).")
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
        abstract: "Recompute a match and its substitutions from the record; exit status 1 shows exactly what differs.",
        discussion: """
            Examples:
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml
              spotcheck match verify 卫东区2024/draws/2024-01-match-1.xml --json
            """
    )

    @Argument(help: "A match record (XML).")
    var record: String

    @Flag(help: "Print the outcome as JSON (whether it reproduces, counts, every difference).")
    var json = false

    @Option(help: "The draw record the match names (default: beside the match record).")
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
        abstract: "Replace an unavailable inspector on a visit by a new verifiable draw (000 §14; 002 (十八)).",
        discussion: "Example: spotcheck match substitute 2024-01-0003 豫医保0007 --reason 回避 --approver 局长王某"
    )

    @Argument(help: "The visit, as `match list` shows it.")
    var visit: String

    @Argument(help: "The inspector's certificate number (or expert key), or their name when no one else on the team has it.")
    var inspector: String

    @Option(help: "Why: 岗位调整, 工作冲突, 健康, 回避 …")
    var reason: String

    @Option(help: "Who approved the substitution.")
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
        commandName: "list", abstract: "List the visits and their teams.", discussion: "Example: spotcheck match list --json")

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Print JSON.")
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
