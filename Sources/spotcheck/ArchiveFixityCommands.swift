import Archiving
import ArgumentParser
import Forms
import Foundation
import Inspection
import Store
import Support

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
            abstract: "Re-verify the sealed packages (all, or the share checked longest ago) and record each check.",
            discussion: """
                Every package the archive keeps — each version of each case file not disposed of, and the tasks'
                draw-record packages — is verified in full (every digest, the signature against the office key);
                each check is recorded with its result (spotcheck archive status shows the history). Then it lists
                every package not checked within the office's interval (spotcheck office --fixity-interval, default
                365 days). Exit status 1 when a package fails or is overdue. Meant to run from cron or a systemd
                timer (docs/ARCHIVE.md has a unit).

                Examples:
                  spotcheck archive audit --workspace 卫东区2024
                  spotcheck archive audit --limit 200 --copies      # the 200 checked longest ago, and their copies
                """)
        @Option(help: "Check only this many packages, those checked longest ago (never checked first).") var limit: Int?
        @Flag(help: "Also verify the copies at every place `archive replicate` made one.") var copies = false
        @Option(help: "The day of the check (default: today).") var today: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let workspace = try options.open()
            let fixity = try ArchiveCommand.fixity(workspace, templates: templates, actor: options.actorName)
            let day = try CivilDate(parsing: today ?? Console.today(), field: "--today").description
            let interval = try workspace.settings().fixityInterval
            let count = try fixity.packages().count
            let progress = Console.Progress(total: limit.map { min($0, count) } ?? count)
            let run = try fixity.audit(limit: limit, copies: copies, today: day, interval: interval, progress: progress.advance)
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
            abstract: "Keep a copy of every sealed package in other places; compare, and repair a damaged copy from a sound one.",
            discussion: """
                For each package and each --to folder: a missing copy is made (from an original that passes
                verification, synced, read back); an existing copy is compared by SHA-256; when they differ both
                are verified and the damaged one — the workspace's own original included — is replaced from the
                sound one. Every check and repair is recorded (spotcheck archive status). Exit status 1 when a
                package could not be copied or repaired.

                Example: spotcheck archive replicate --to /mnt/档案备份 --to /media/异地备份 --workspace 卫东区2024
                """)
        @Option(help: "A folder to keep copies in (repeat for several).") var to: [String]
        @Option(help: "The day of the check (default: today).") var today: String?
        @Flag(help: "Print JSON.") var json = false
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
            let progress = Console.Progress(total: try fixity.packages().count)
            let events = try fixity.replicate(to: targets, today: day, progress: progress.advance)
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
            abstract: "Each package, its copies and their last check; with a package's name, its whole history.",
            discussion: """
                Examples:
                  spotcheck archive status --workspace 卫东区2024
                  spotcheck archive status packages/J045-JC-2024-D30-0001-v1.zip   # every check of one package
                """)
        @Argument(help: "A package (as listed: packages/….zip) to show every check of.") var package: String?
        @Flag(help: "Print JSON.") var json = false
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

/// Prints a 四性检测报告 into the workspace's `archive/reports/` (recorded like every document issued),
/// with its PDF when LibreOffice is there (or `pdf` insists).
enum CheckReportPrinter {
    /// - Returns: each file written: its name and bytes (for an export to carry).
    static func print(
        _ report: CheckReport, workspace: Workspace, catalog: FormCatalog, pdf: Bool?, actor: String
    ) throws -> [(name: String, path: String, bytes: [UInt8])] {
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, filters: try Console.filters(), actor: actor)
        try FileManager.default.createDirectory(atPath: workspace.layout.reports, withIntermediateDirectories: true)
        var written = try renderer.render(report, into: workspace.layout.reports)
        let available = (try? OfficeConverter(fontConfiguration: nil)) != nil
        if pdf == true || (pdf == nil && available) {
            written += try Render.pdfs(
                of: written, issuedBefore: [:], renderer: renderer, mapping: "\(catalog.folder)/fonts/fonts.conf", workspace: workspace,
                actor: actor)
        } else if pdf == nil {
            Console.warn(
                Console.english
                    ? "LibreOffice is not installed: the check report is printed as DOCX only"
                    : "未安装 LibreOffice：四性检测报告只生成 DOCX")
        }
        return try written.map { document in
            let path = renderer.absolute(document.path)
            return ((path as NSString).lastPathComponent, path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }

    /// The tool line: this program and its version.
    static var tool: String { "SpotCheck \(SpotCheck.configuration.version)（spotcheck archive verify）" }
}
