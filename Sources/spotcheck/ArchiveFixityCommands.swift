import Archiving
import ArgumentParser
import Forms
import Foundation
import Inspection
import Store
import Support
import Workflow

extension ArchiveCommand {
    /// The office's verifier: packages must carry the workspace's key.
    static func fixity(_ workspace: Workspace, templates: TemplateOptions, actor: String) throws -> ArchiveFixity {
        let data = try ArchiveData.load(try templates.catalog(), workspace: workspace)
        _ = try OfficeKey.load(from: workspace)
        let verifier = PackageVerifier(schema: data.schema, trustedKeys: try OfficeKey.keyring(of: workspace))
        return ArchiveFixity(store: workspace, verifier: verifier, actor: actor)
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("重新检测已封存的档案包（全部，或最久未检测的一部分），并记录每次检测。",
                          en: "Re-verify the sealed packages (all, or the share checked longest ago) and record each check."),
            discussion: .zh("""
                档案中保存的每个档案包——每份未销毁案卷的每个版本，以及各抽查任务的抽取记录档案包——都完整检测
                （每个摘要，并用单位密钥核验签名）；每次检测连同结果一并记录（spotcheck archive status 可查看历史）。
                然后列出超过本单位检测间隔仍未检测的每个档案包（spotcheck office --fixity-interval，默认
                365 天）。有档案包未通过或逾期未检测时，退出状态为 1。宜由 cron 或 systemd 定时器定期运行
                （docs/ARCHIVE.md 中有 systemd 单元文件示例）。

                示例：
                  spotcheck archive audit --workspace 卫东区2024
                  spotcheck archive audit --limit 200 --copies      # 最久未检测的 200 个档案包及其副本
                """, en: """
                Every package the archive keeps — each version of each case file not disposed of, and the tasks'
                draw-record packages — is verified in full (every digest, the signature against the office key);
                each check is recorded with its result (spotcheck archive status shows the history). Then it lists
                every package not checked within the office's interval (spotcheck office --fixity-interval, default
                365 days). Exit status 1 when a package fails or is overdue. Meant to run from cron or a systemd
                timer (docs/ARCHIVE.md has a unit).

                Examples:
                  spotcheck archive audit --workspace 卫东区2024
                  spotcheck archive audit --limit 200 --copies      # the 200 checked longest ago, and their copies
                """))
        @Option(help: .zh("最多检测这个数目的档案包，取最久未检测的（从未检测过的优先）。",
                          en: "Check only this many packages, those checked longest ago (never checked first).")) var limit: Int?
        @Flag(help: .zh("同时检测 `archive replicate` 在各处保存的副本。",
                        en: "Also verify the copies at every place `archive replicate` made one.")) var copies = false
        @Option(help: .zh("检测日期（默认：今天）。", en: "The day of the check (default: today).")) var today: String?
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let workspace = try options.open()
            let fixity = try ArchiveCommand.fixity(workspace, templates: templates, actor: options.actorName)
            let day = try CivilDate(parsing: today ?? Console.today(), field: "--today").description
            let interval = try workspace.settings().fixityInterval
            let packages = try fixity.packages()
            let progress = Console.Progress(total: limit.map { min($0, packages.count) } ?? packages.count)
            let run = try fixity.audit(limit: limit, copies: copies, today: day, interval: interval, packages: packages, progress: progress.advance)
            if json {
                struct Output: Encodable {
                    var events: [FixityEvent]
                    var overdue: [String]
                    var total: Int
                }
                return print(try Console.json(Output(events: run.events, overdue: run.overdue.map(\.package.name), total: run.total)))
            }
            for event in run.events where event.outcome == .failed {
                let place = event.location.isEmpty ? "" : "（\(event.location)）"
                Console.say("不通过  \(event.package)\(place)：\(event.detail)", "FAILED  \(event.package)\(place): \(event.detail)")
            }
            for (package, last) in run.overdue {
                Console.say(
                    "逾期未检测  \(package.name)（上次：\(last ?? "从未")）", "overdue  \(package.name) (last checked: \(last ?? "never"))")
            }
            let failed = run.events.filter { $0.outcome == .failed }.count
            let checked = Set(run.events.map(\.package)).count
            Console.say(
                "定期检测：共 \(run.total) 个档案包，本次检测 \(checked) 个（\(run.events.count) 份含副本），不通过 \(failed) 份，逾期未检测 \(run.overdue.count) 个（间隔 \(interval) 天）",
                "Fixity audit: \(run.total) packages, \(checked) checked now (\(run.events.count) copies checked), \(failed) failed, \(run.overdue.count) overdue (interval \(interval) days)"
            )
            if failed > 0 || !run.overdue.isEmpty { throw ExitCode(1) }
        }
    }

    struct Replicate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("在其他地方保存每个已封存档案包的副本；比对各份，并用完好的一份修复损坏的一份。",
                          en: "Keep a copy of every sealed package in other places; compare, and repair a damaged copy from a sound one."),
            discussion: .zh("""
                对每个档案包和每个 --to 文件夹：没有副本的，制作副本（原件须通过检测，写入后同步到磁盘并回读核对）；
                已有副本的，比对 SHA-256；不一致时两份都检测，用完好的一份替换损坏的一份——工作区自己的原件也不例外。
                每次检测和修复都予以记录（spotcheck archive status）。有档案包无法复制或修复时，退出状态为 1。

                示例：spotcheck archive replicate --to /mnt/档案备份 --to /media/异地备份 --workspace 卫东区2024
                """, en: """
                For each package and each --to folder: a missing copy is made (from an original that passes
                verification, synced, read back); an existing copy is compared by SHA-256; when they differ both
                are verified and the damaged one — the workspace's own original included — is replaced from the
                sound one. Every check and repair is recorded (spotcheck archive status). Exit status 1 when a
                package could not be copied or repaired.

                Example: spotcheck archive replicate --to /mnt/档案备份 --to /media/异地备份 --workspace 卫东区2024
                """))
        @Option(help: .zh("保存副本的文件夹（多处时重复使用此选项）。", en: "A folder to keep copies in (repeat for several).")) var to: [String]
        @Option(help: .zh("检测日期（默认：今天）。", en: "The day of the check (default: today).")) var today: String?
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            if to.isEmpty { throw Console.usage("请用 --to 给出保存副本的文件夹", "give a folder for the copies with --to") }
        }

        func run() throws {
            let workspace = try options.open()
            let fixity = try ArchiveCommand.fixity(workspace, templates: templates, actor: options.actorName)
            let day = try CivilDate(parsing: today ?? Console.today(), field: "--today").description
            let targets = to.map(FolderCopyTarget.init)
            // Compared as real absolute paths (symbolic links resolved): a copy must not be the original itself.
            let archive = URL(fileURLWithPath: workspace.root).appendingPathComponent("archive").resolvingSymlinksInPath().standardizedFileURL.path
            let real = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }
            if let inside = targets.first(where: { real($0.location) == archive || real($0.location).hasPrefix(archive + "/") }) {
                throw CommandProblem(zh: "副本不能放在工作区的档案文件夹内：\(inside.location)", en: "copies cannot go inside the workspace's archive: \(inside.location)")
            }
            let packages = try fixity.packages()
            let progress = Console.Progress(total: packages.count)
            let events = try fixity.replicate(to: targets, today: day, packages: packages, progress: progress.advance)
            if json { return print(try Console.json(events)) }
            for event in events where event.outcome == .failed || event.outcome == .repaired {
                let place = event.location.isEmpty ? (Console.english ? "original" : "原件") : event.location
                Console.say(
                    "\(event.outcome.rawValue)  \(event.package)（\(place)）：\(event.detail)", "\(event.outcome)  \(event.package) (\(place)): \(event.detail)")
            }
            var counts: [FixityEvent.Outcome: Int] = [:]
            for event in events { counts[event.outcome, default: 0] += 1 }
            Console.say(
                "副本：已复制 \(counts[.copied] ?? 0)，一致 \(counts[.identical] ?? 0)，已修复 \(counts[.repaired] ?? 0)，不通过 \(counts[.failed] ?? 0)（\(targets.count) 处）",
                "Copies: \(counts[.copied] ?? 0) made, \(counts[.identical] ?? 0) identical, \(counts[.repaired] ?? 0) repaired, \(counts[.failed] ?? 0) failed (\(targets.count) places)"
            )
            if (counts[.failed] ?? 0) > 0 { throw ExitCode(1) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("显示每个档案包、其副本及最近一次检测；给出档案包名称时，显示其全部检测记录。",
                          en: "Each package, its copies and their last check; with a package's name, its whole history."),
            discussion: .zh("""
                示例：
                  spotcheck archive status --workspace 卫东区2024
                  spotcheck archive status packages/J045-JC-2024-D30-0001-v1.zip   # 一个档案包的每次检测
                """, en: """
                Examples:
                  spotcheck archive status --workspace 卫东区2024
                  spotcheck archive status packages/J045-JC-2024-D30-0001-v1.zip   # every check of one package
                """))
        @Argument(help: .zh("要查看全部检测记录的档案包（按列出的写法：packages/….zip）。",
                            en: "A package (as listed: packages/….zip) to show every check of.")) var package: String?
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let workspace = try options.open()
            if let package {
                let events = try workspace.fixityEvents(package: package)
                if events.isEmpty {
                    throw CommandProblem(zh: "没有 \(package) 的检测记录", en: "no checks recorded for \(package)")
                }
                if json { return print(try Console.json(events)) }
                for event in events {
                    let place = event.location.isEmpty ? (Console.english ? "original" : "原件") : event.location
                    print("\(event.checkedOn)\t\(place)\t\(event.outcome.rawValue)\t\(event.actor)\t\(event.detail)")
                }
                return
            }
            let fixity = try ArchiveCommand.fixity(workspace, templates: templates, actor: options.actorName)
            let statuses = try fixity.status()
            if json { return print(try Console.json(statuses)) }
            for status in statuses {
                let places = status.last.map { event in
                    "\(event.location.isEmpty ? (Console.english ? "original" : "原件") : event.location) \(event.checkedOn) \(event.outcome.rawValue)"
                }
                print("\(status.package.name)\t\(places.isEmpty ? (Console.english ? "never checked" : "从未检测") : places.joined(separator: "；"))")
            }
            let never = statuses.filter { $0.last.isEmpty }.count
            let unsound = statuses.filter { $0.last.contains { !$0.outcome.isSound } }.count
            Console.say(
                "共 \(statuses.count) 个档案包；从未检测 \(never) 个，最近一次检测有不通过的 \(unsound) 个",
                "\(statuses.count) packages; \(never) never checked, \(unsound) with a failed last check")
        }
    }
}

/// The 四性检测报告's tool line (the report itself is printed by `CaseArchiveService.printReport`).
enum CheckReportPrinter {
    /// The tool line: this program and its version.
    static var tool: String { "SpotCheck \(SpotCheck.configuration.version)（spotcheck archive verify）" }
}
