import Archiving
import ArgumentParser
import Forms
import Foundation
import Inspection
import Store
import Support
import Workflow
import XMLCore

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: .zh("为每个被检查对象封存一份案卷，并按档案管理要求检测档案包。",
                      en: "Seal one case file per inspected target, and verify packages as an archivist would."),
        subcommands: [
            Keygen.self, Seal.self, Verify.self, List.self, DueCommand.self, Hold.self, Release.self, Dispose.self, Export.self,
            RebuildCatalog.self, Audit.self, Replicate.self, Status.self,
        ]
    )

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("生成本单位的 Ed25519 签名密钥（公钥与档案包存放在一起）。",
                          en: "Make the office's Ed25519 signing key (the public key goes beside the packages)."),
            discussion: .zh("示例：spotcheck archive keygen --workspace 卫东区2024", en: "Example: spotcheck archive keygen --workspace 卫东区2024"))

        @Flag(help: .zh("替换现有密钥（已封存的档案包仍用其所带的密钥通过检测）。",
                        en: "Replace an existing key (packages already sealed keep verifying with the key they carry)."))
        var replace = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let key = try OfficeKey.generate(in: try options.open(), replacing: replace, actor: options.actorName)
            Console.say("已生成单位签名密钥，公钥指纹 \(key.fingerprint)", "Made the office signing key, fingerprint \(key.fingerprint)")
        }
    }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("将抽查任务中每个被检查对象（或指定的对象）的案卷封存为带签名的 BagIt 档案包。",
                          en: "Seal the case file of every inspected target of a task (or those named) as a signed BagIt package."),
            discussion: .zh("""
                每个档案包包含：已签发的文书（与生成时登记的 SHA-256 核对）、证据材料、抽取记录摘录、
                检查结果的所有版本和本案的审计事件；dossier.xml（按 archive/dossier.xsd 校验）、events.xml、
                卷内文件目录和备考表作为标签文件；并用单位密钥签名。封存后有变化的案卷重新封存为第 N+1 版，
                引用第 N 版的封印值；没有变化的保持原样。

                任何文件夹都可以同样封存，由一个元数据文件说明（档号、题名、责任者、起始日期、终止日期、
                保管期限、到期日期；见 docs/ARCHIVE.md）；也可以一次封存多个文件夹，各带自己的 metadata.json，
                写入 --out 指定的文件夹。

                示例：
                  spotcheck archive seal --task 2024-01 --workspace 卫东区2024
                  spotcheck archive seal --task 2024-01 --target 2024-01-0003 --sm3 --date 2024-08-20
                  spotcheck archive seal 旧卷宗/0007 --metadata 0007.json --out J045-JC-2023-D30-0007.zip
                  spotcheck archive seal 旧卷宗/* --out 档案包/          # 各文件夹用自己的 metadata.json
                  spotcheck archive seal --each 旧卷宗 --out 档案包/     # 旧卷宗 中的每个文件夹（数以千计时比逐一列出快）
                """, en: """
                Each package holds the documents issued (checked against the SHA-256 recorded when they were
                rendered), the evidence, an excerpt of the draw record, every version of the result and the case's
                audit events; dossier.xml (validated against archive/dossier.xsd), events.xml, 卷内文件目录 and 备考表 as
                tag files; signed with the office key. A case file that changed since its package is sealed again
                as version N+1 citing N's seal value; an unchanged one is left as it is.

                Any folder can be sealed the same way, described by a metadata file (档号, 题名, 责任者, 起始日期,
                终止日期, 保管期限, 到期日期; see docs/ARCHIVE.md); several folders at once, each with its own
                metadata.json, into the folder --out.

                Examples:
                  spotcheck archive seal --task 2024-01 --workspace 卫东区2024
                  spotcheck archive seal --task 2024-01 --target 2024-01-0003 --sm3 --date 2024-08-20
                  spotcheck archive seal 旧卷宗/0007 --metadata 0007.json --out J045-JC-2023-D30-0007.zip
                  spotcheck archive seal 旧卷宗/* --out 档案包/          # each folder's metadata.json
                  spotcheck archive seal --each 旧卷宗 --out 档案包/     # every folder inside 旧卷宗 (thousands: faster than a list)
                """))

        @Argument(help: .zh("要封存的文件夹（代替抽查任务的案卷）。", en: "Folders to seal instead of a task's case files.")) var folders: [String] = []
        @Option(help: .zh("封存此文件夹下的每个子文件夹，各用自己的 metadata.json。",
                          en: "Seal every folder directly inside this one, each with its metadata.json.")) var each: String?
        @Option(help: .zh("该文件夹的元数据文件（默认：文件夹中的 metadata.json）。",
                          en: "The metadata file of the folder (default: its metadata.json).")) var metadata: String?
        @Option(help: .zh("档案包文件（封存一个文件夹时），或输出文件夹（封存多个时）。",
                          en: "The package (one folder), or the output folder (several).")) var out: String?
        @Option(help: .zh("任务编号。", en: "The task.")) var task: String?
        @Option(help: .zh("只封存该次检查的案卷（检查编号或统一社会信用代码）；多个时重复使用此选项。",
                          en: "Only this visit (visit number or credit code); repeat for several.")) var target: [String] = []
        @Option(help: .zh("封存日期（Bagging-Date；默认：今天）：日期相同，生成的档案包逐字节相同。",
                          en: "The sealing date (Bagging-Date; default today): the same date gives the same bytes.")) var date: String?
        @Flag(help: .zh("同时记录 SM3 摘要（GB/T 32905-2016），与 SHA-256 在同一遍读取中计算。",
                        en: "Also record SM3 digests (GB/T 32905-2016), computed in the same pass.")) var sm3 = false
        @Flag(help: .zh("卷宗自身的表单（卷宗封面、卷内文件目录、备考表）也生成 PDF（以前生成过 PDF 的，总会再生成）。",
                        en: "Print the case file's own forms (卷宗封面, 卷内文件目录, 备考表) as PDF too (they are whenever they were before)."))
        var pdf = false
        @Option(help: .zh("有变化的案卷重新封存的理由。", en: "Why a changed case file is sealed again.")) var reason: String?
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            let folderMode = !folders.isEmpty || each != nil
            if (task == nil) != folderMode {
                throw Console.usage("请给出 --task，或要封存的文件夹（二者只能其一）", "give --task, or the folders to seal (not both)")
            }
            if folderMode && out == nil { throw Console.usage("封存文件夹需要 --out 指明输出位置", "sealing folders needs --out") }
            if (folders.count > 1 || each != nil) && metadata != nil {
                throw Console.usage("--metadata 只用于一个文件夹；多个文件夹各用自己的 metadata.json", "--metadata is for one folder; several use their own metadata.json")
            }
        }

        func run() throws {
            let workspace = try options.open()
            let catalog = try templates.catalog()
            let data = try ArchiveData.load(catalog, workspace: workspace)
            let day = try CivilDate(parsing: date ?? Console.today(), field: "--date").description
            let folders = try self.folders + (each.map { try ArchiveArguments.entries(of: $0, folders: true) } ?? [])
            if let out, !folders.isEmpty {
                let sealer = FolderSealer(key: try OfficeKey.load(from: workspace), schema: data.schema, actor: options.actorName)
                if folders.count == 1 && out.hasSuffix(".zip") {
                    let seal = try sealer.seal(folders[0], metadata: metadata, out: out, date: day, sm3: sm3)
                    return Console.say("已封存 \(out)（封印值 \(seal)）", "Sealed \(out) (seal \(seal))")
                }
                let progress = Console.Progress(total: folders.count)
                _ = try sealer.sealAll(folders, into: out, date: day, sm3: sm3, progress: progress.advance)
                return Console.say("已封存 \(folders.count) 个档案包，位于 \(out)/", "Sealed \(folders.count) packages in \(out)/")
            }
            guard let task else { return }
            // The 备考表 of every package names its 立卷人 and 检查人: people of the office, not a login.
            let archivist = try options.signer("立卷人", settings: workspace.settings())
            let service = try CaseArchiveService(documents: try DocumentService(workspace: workspace, catalog: catalog), tool: CheckReportPrinter.tool)
            let sealing = try service.seal(task: task, targets: target, day: day, archivist: archivist, sm3: sm3, pdf: pdf, reason: reason)
            for note in sealing.notes { Console.warn(Console.english ? note.en : note.zh) }
            let (sealed, records) = (sealing.packages, sealing.records)
            if json { return print(try Console.json(sealed)) }
            if let records {
                Console.say(
                    "抽取记录包 \(records.path)（\(records.files) 个文件）\(records.written ? "已封存" : "无变化")",
                    "Draw records \(records.path) (\(records.files) files) \(records.written ? "sealed" : "unchanged")")
            }
            for package in sealed {
                let state = package.written ? (Console.english ? "sealed" : "已封存") : (Console.english ? "unchanged" : "无变化")
                print("\(package.code)\tv\(package.version)\t\(package.visit)\t\(package.path)\t\(state)\t\(package.due ?? "永久")")
            }
            let written = sealed.filter(\.written).count
            Console.say(
                "封存 \(written) 个档案包，\(sealed.count - written) 个无变化", "Sealed \(written) packages, \(sealed.count - written) unchanged")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("检测档案包（DA/T 70-2018 四性检测）：列出每个文件的每个问题；有问题时退出状态为 1。",
                          en: "Check packages (DA/T 70-2018 四性检测): every problem of every file; exit status 1 if any."),
            discussion: .zh("""
                真实性（GD-1）：签名、封印值、事件日志，元数据与文件一致。
                完整性（GD-2）：每个摘要、Payload-Oxum、件号连续，处理意见要求的文书齐全。
                可用性（GD-3）：每个 XML 可以解析，DOCX/ODT/XLSX 可以打开，PDF/JPEG/PNG 文件头正确，没有加密。
                安全性（GD-4）：没有宏或可执行文件，路径安全，没有操作系统生成的多余文件。
                --fast 只检测结构、数量和大小。给出 --workspace 时，签名必须是本单位的。

                示例：
                  spotcheck archive verify 卫东区2024/archive/packages     # 文件夹中的每个档案包
                  spotcheck archive verify J045-JC-2024-D30-0001-v1.zip --json
                """, en: """
                Authenticity (GD-1): signature, seal value, event log, metadata consistent with the files.
                Integrity (GD-2): every digest, Payload-Oxum, 件号 continuity, the documents an outcome requires.
                Usability (GD-3): every XML parses, DOCX/ODT/XLSX open, PDF/JPEG/PNG signatures, no encryption.
                Security (GD-4): no macros or executables, safe paths, no OS junk.
                --fast checks structure, counts and sizes only. With --workspace, the signature must be the office's.

                Examples:
                  spotcheck archive verify 卫东区2024/archive/packages     # every package in the folder
                  spotcheck archive verify J045-JC-2024-D30-0001-v1.zip --json
                """))

        @Argument(help: .zh("档案包，或存放档案包的文件夹（取其中直接存放的每个 .zip：数以千计时比逐一列出快）。",
                            en: "The packages, or folders of them (every .zip directly inside: for thousands, faster than a list)."))
        var packages: [String]
        @Flag(help: .zh("只检测结构、数量和大小。", en: "Structure, counts and sizes only.")) var fast = false
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions
        @Option(
            help: .zh("本单位的公钥文件（office-ed25519.pub，与档案包存放在一起，每次导出都附带：含现用密钥和被它替换的旧密钥），档案包须由其中之一签名。",
                      en: "The office's key file (office-ed25519.pub, beside the packages and in every export: the current key and those it replaced) one of which must have signed them.")
        ) var key: String?
        @Flag(help: .zh("同时生成四性检测报告（DOCX；安装了 LibreOffice 时另生成 PDF），存入工作区的 archive/reports/。",
                        en: "Also print the 四性检测报告 (DOCX, and PDF when LibreOffice is installed) into archive/reports/ of the workspace."))
        var report = false

        func run() throws {
            let catalog = try templates.catalog()
            var trusted: [String] = []
            var opened: Workspace?
            // With a workspace named (--workspace or $SPOTCHECK_WORKSPACE), the packages must carry one of that
            // office's keys, current or retired.
            if let workspace = options.named {
                let open = try Workspace.open(at: workspace)
                opened = open
                // Its public keys only: an auditor's account need not read the private key. With --key, that file.
                if key == nil {
                    trusted = try OfficeKey.keyring(of: open)
                    if trusted.isEmpty { _ = try OfficeKey.load(from: open) }  // says to run keygen
                }
            }
            if let key {
                guard let text = try? String(contentsOfFile: key, encoding: .utf8), !OfficeKey.keys(in: text).isEmpty else {
                    throw CommandProblem(zh: "无法读取公钥文件 \(key)（每行一个 base64 公钥）", en: "cannot read the public key file \(key) (one base64 key per line)")
                }
                trusted = OfficeKey.keys(in: text)
            }
            let data = try ArchiveData.load(catalog, workspace: opened)
            let verifier = PackageVerifier(schema: data.schema, trustedKeys: trusted)
            // Packages are independent: checked on every core, reported in the order given.
            let fast = self.fast
            let packages = try ArchiveArguments.packages(self.packages)
            let reports = try packages.parallelMap(chunk: 1) { verifier.verify($0, fast: fast) }
            if json {
                print(try Console.json(reports))
            } else {
                // --fast reads no digest: it never says 通过.
                let (good, goodEnglish) = fast ? ("结构完好", "structure sound") : ("通过", "passed")
                for report in reports {
                    let name = (report.package as NSString).lastPathComponent
                    if report.passed {
                        Console.say(
                            "\(good)  \(name)（\(report.code ?? "")，\(report.files) 个文件，封印值 \(report.sealValue ?? "")）",
                            "\(goodEnglish)  \(name) (\(report.code ?? ""), \(report.files) files, seal \(report.sealValue ?? ""))")
                    } else {
                        Console.say("不通过  \(name)：\(report.problems.count) 个问题", "FAILED  \(name): \(report.problems.count) problems")
                        for problem in report.problems {
                            print("  \(problem.code) \(problem.item)  \(problem.file)：\(Console.english ? problem.en : problem.zh)")
                        }
                    }
                }
                Self.summary(reports, fast: fast)
            }
            // Without a trust anchor a signature proves only that the package is whole, not who sealed it.
            if trusted.isEmpty {
                let signers = Set(reports.compactMap(\.signer)).sorted()
                Console.warn(
                    Console.english
                        ? "no office key was given (--key office-ed25519.pub or --workspace): each signature was checked only against the key inside its package, so who signed was NOT checked; the packages name \(signers.count) key(s): \(signers.joined(separator: ", "))"
                        : "未给出单位公钥（--key office-ed25519.pub 或 --workspace）：签名只与包内自带的公钥核对，签名人未经核实；这些档案包自称由 \(signers.count) 把密钥签名：\(signers.joined(separator: "、"))")
            }
            if report {
                guard let opened else {
                    throw CommandProblem(
                        zh: "--report 需要 --workspace：报告用工作区的表单、单位名称和检测人", en: "--report needs --workspace (its forms, office and checker)")
                }
                let checker = try options.signer("检查人", settings: opened.settings())
                let printed = CheckReport(
                    verification: reports, full: !fast, day: Console.today(),
                    scope: "\(try opened.settings().office)的 \(reports.count) 个档案包", tool: CheckReportPrinter.tool, checker: checker,
                    trustedKey: trusted.isEmpty
                        ? nil
                        : trusted.compactMap { Data(base64Encoded: $0).map { OfficeKey.fingerprint(of: Array($0)) } }.joined(separator: "、"))
                let service = try CaseArchiveService(documents: try DocumentService(workspace: opened, catalog: catalog), tool: CheckReportPrinter.tool)
                let (files, notes) = try service.printReport(printed, pdf: nil, actor: checker)
                for note in notes { Console.warn(Console.english ? note.en : note.zh) }
                Console.warn(
                    Console.english
                        ? "check report: \(files.map(\.path).joined(separator: ", "))" : "四性检测报告：\(files.map(\.path).joined(separator: "、"))")
            }
            if reports.contains(where: { !$0.passed }) { throw ExitCode(1) }
        }

        /// The last lines: how many packages passed and failed, and the problems by DA/T 70 item.
        static func summary(_ reports: [PackageVerifier.Report], fast: Bool) {
            let failed = reports.filter { !$0.passed }.count
            let files = reports.reduce(0) { $0 + $1.files }
            Console.say(
                "四性检测\(fast ? "（快速：只查结构、数量与大小，未校验摘要）" : "")：共 \(reports.count) 个档案包、\(files) 个文件；\(fast ? "结构完好" : "通过") \(reports.count - failed) 个，不通过 \(failed) 个",
                "Checked\(fast ? " (fast: structure, counts and sizes; no digests)" : ""): \(reports.count) packages, \(files) files; \(reports.count - failed) \(fast ? "structurally sound" : "passed"), \(failed) failed"
            )
            var byItem: [String: (item: String, count: Int)] = [:]
            for problem in reports.flatMap(\.problems) { byItem[problem.code, default: (problem.item, 0)].count += 1 }
            for code in byItem.keys.sorted() {
                guard let entry = byItem[code] else { continue }
                Console.say("  \(code) \(entry.item)：\(entry.count) 个问题", "  \(code) \(entry.item): \(entry.count) problems")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出已封存档案包的目录：档号、版本、检查编号、保管期限、到期日期。",
                          en: "List the catalogue of sealed packages: 档号, version, visit, retention, due date."),
            discussion: .zh("示例：spotcheck archive list --json --workspace 卫东区2024",
                            en: "Example: spotcheck archive list --json --workspace 卫东区2024"))
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let dossiers = try options.open().dossiers()
            if json { return print(try Console.json(dossiers)) }
            for dossier in dossiers {
                print(
                    "\(dossier.code)\tv\(dossier.version)\t\(dossier.visit ?? "-")\t\(dossier.retention)\t\(dossier.due ?? "永久")\t\(dossier.path)"
                )
            }
        }
    }

    struct DueCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: .zh("列出保管期限已满、待鉴定的案卷（并标明是否处于保全中）。",
                          en: "List the case files whose retention term has run out, for appraisal (holds shown)."),
            discussion: .zh("示例：spotcheck archive due --today 2035-01-02 --workspace 卫东区2024",
                            en: "Example: spotcheck archive due --today 2035-01-02 --workspace 卫东区2024"))
        @Option(help: .zh("计算到哪一天（默认：今天）。", en: "The day to count to (default: today).")) var today: String?
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let retention = ArchiveRetention(workspace: try options.open(), catalog: try templates.catalog(), actor: options.actorName)
            let due = try retention.due(on: try CivilDate(parsing: today ?? Console.today(), field: "--today").description)
            if json { return print(try Console.json(due)) }
            for dossier in due {
                let hold = dossier.holds.isEmpty ? "" : (Console.english ? "\tON HOLD" : "\t保全中")
                print("\(dossier.code)\tv\(dossier.version)\t\(dossier.retention)\t\(dossier.due)\t\(dossier.title)\(hold)")
            }
            Console.say("到期待鉴定 \(due.count) 卷", "\(due.count) dossiers due for appraisal")
        }
    }

    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("对案卷采取保全：解除保全之前不得销毁。", en: "Place a legal hold on a case file: it cannot be disposed of until released."),
            discussion: .zh("示例：spotcheck archive hold J045-JC·2024-D10-0005 --reason 行政复议 --authority 市医保局法规科",
                            en: "Example: spotcheck archive hold J045-JC·2024-D10-0005 --reason 行政复议 --authority 市医保局法规科"))
        @Argument(help: .zh("档号。", en: "The 档号.")) var code: String
        @Option(help: .zh("保全的理由。", en: "Why.")) var reason: String
        @Option(help: .zh("依据谁的决定（决定机关或人员）。", en: "On whose authority.")) var authority: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let hold = try options.open().placeHold(code: code, reason: reason, authority: authority, actor: options.actorName)
            Console.say("已对 \(code) 保全（第 \(hold.id) 号）", "Placed hold \(hold.id) on \(code)")
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("解除保全（记入审计记录）。", en: "Release a legal hold (logged)."),
            discussion: .zh("示例：spotcheck archive release 1 --workspace 卫东区2024", en: "Example: spotcheck archive release 1 --workspace 卫东区2024"))
        @Argument(help: .zh("保全编号。", en: "The hold's number.")) var id: Int64
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try options.open().releaseHold(id, actor: options.actorName)
            Console.say("已解除第 \(id) 号保全", "Released hold \(id)")
        }
    }

    struct Dispose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("销毁保管期限已满的案卷：生成销毁清册，保留销毁记录，删除案卷内容。",
                          en: "Dispose of case files whose term has run out: 销毁清册, tombstone kept, payload removed."),
            discussion: .zh("""
                案卷尚未到期、永久保管、处于保全中，或缺少鉴定人、批准人、监销人的，拒绝销毁，并列出全部原因。
                示例：spotcheck archive dispose J045-JC·2024-D10-0005 --appraiser 赵某 --approver 钱某 --supervisor 孙某 --opinion 无继续保存价值
                """, en: """
                Refused, with every reason, for a case file not yet due, kept permanently, on hold, or without the
                appraiser, approver and supervisor (鉴定人, 批准人, 监销人).
                Example: spotcheck archive dispose J045-JC·2024-D10-0005 --appraiser 赵某 --approver 钱某 --supervisor 孙某 --opinion 无继续保存价值
                """))
        @Argument(help: .zh("各案卷的档号。", en: "The 档号 of each case file.")) var codes: [String]
        @Option(help: .zh("鉴定人。", en: "鉴定人.")) var appraiser: String
        @Option(help: .zh("批准人。", en: "批准人.")) var approver: String
        @Option(help: .zh("监销人。", en: "监销人.")) var supervisor: String
        @Option(help: .zh("鉴定意见。", en: "鉴定意见.")) var opinion: String = "已到保管期限，经鉴定无继续保存价值"
        @Option(help: .zh("销毁日期（默认：今天）。", en: "The day of disposal (default: today).")) var date: String?
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let retention = ArchiveRetention(workspace: try options.open(), catalog: try templates.catalog(), actor: options.actorName)
            let (list, documents) = try retention.dispose(
                codes, appraiser: appraiser, approver: approver, supervisor: supervisor, opinion: opinion,
                on: try CivilDate(parsing: date ?? Console.today(), field: "--date").description)
            Console.say(
                "已销毁 \(codes.count) 卷，销毁清册 \(list)：\(documents.map(\.path).joined(separator: "、"))",
                "Disposed of \(codes.count) dossiers; disposal list \(list): \(documents.map(\.path).joined(separator: ", "))")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("导出档案包供档案审计：档案包、索引（CSV、XLSX）和检测报告。",
                          en: "Export packages for a records audit: the packages, an index (CSV, XLSX) and a verification report."),
            discussion: .zh("""
                导出到文件夹时，中断后再次运行可接着导出（已复制且 SHA-256 相同的档案包予以保留）；
                导出到 .zip 时，要么完整写出，要么什么也不写。本单位的公钥一并导出。

                示例：
                  spotcheck archive export --year 2024 --out 审计导出 --workspace 卫东区2024
                  spotcheck archive export --outcome 限期整改 --out 限期整改.zip --workspace 卫东区2024
                """, en: """
                To a folder an interrupted export resumes (packages already copied with the same SHA-256 are kept);
                to a .zip it is written whole or not at all. The office's public key goes along.

                Examples:
                  spotcheck archive export --year 2024 --out 审计导出 --workspace 卫东区2024
                  spotcheck archive export --outcome 限期整改 --out 限期整改.zip --workspace 卫东区2024
                """))
        @Argument(help: .zh("要导出的档案包或其所在文件夹（默认：工作区目录中所有未销毁的档案包）。",
                            en: "Packages, or folders of them, to export (default: every package in the workspace's catalogue not disposed of)."))
        var packages: [String] = []
        @Option(help: .zh("要写出的文件夹或 .zip 文件。", en: "The folder or .zip to write.")) var out: String
        @Option(help: .zh("只导出该年度的案卷。", en: "Only this year's case files.")) var year: Int?
        @Option(help: .zh("只导出该处理意见的案卷。", en: "Only this outcome (处理意见).")) var outcome: String?
        @Option(name: .customLong("class"), help: .zh("只导出保管期限表中该类别的案卷。", en: "Only this retention class (保管期限表).")) var className: String?
        @Flag(help: .zh("为检测报告核验每个档案包的每个摘要（默认：只检测结构、数量和大小，同 verify --fast）。",
                        en: "Verify every digest of every package for the report (default: structure, counts and sizes, as verify --fast)."))
        var full = false
        @Flag(inversion: .prefixedNo, help: .zh("四性检测报告同时生成 PDF（默认：安装了 LibreOffice 时生成）。",
                                                en: "The 四性检测报告 as PDF too (default: when LibreOffice is installed).")) var pdf: Bool?
        @Flag(help: .zh("以 JSON 输出索引。", en: "Print the index as JSON.")) var json = false
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let workspace = try options.open()
            let latest = try workspace.dossiers().filter { $0.disposedAt == nil }
            let service = try CaseArchiveService(
                documents: try DocumentService(workspace: workspace, catalog: try templates.catalog()), tool: CheckReportPrinter.tool)
            // With the case files, each task's latest package of draw records (archive/tasks, docs/DRAW.md).
            let drawRecords = try service.drawRecords()
            let packages =
                self.packages.isEmpty
                ? latest.map { workspace.absolutePath($0.path) } + drawRecords.keys.sorted().compactMap { drawRecords[$0] }
                : try ArchiveArguments.packages(self.packages)
            let progress = Console.Progress(total: packages.count)
            // The 四性检测报告 of what is exported goes with it, signed by the office's 检查人.
            let checker = try options.signer("检查人", settings: workspace.settings())
            let (rows, notes) = try service.export(
                packages, to: out, filter: .init(year: year, outcome: outcome, className: className), full: full, pdf: pdf, day: Console.today(),
                scope: try workspace.settings().office, checker: checker, progress: progress.advance)
            for note in notes { Console.warn(Console.english ? note.en : note.zh) }
            if json { return print(try Console.json(rows)) }
            let failed = rows.filter { !$0.verified }.count
            Console.say(
                "已导出 \(rows.count) 个档案包到 \(out)（索引 index.csv、index.xlsx，四性检测报告，检测明细 verification.json）\(failed > 0 ? "；\(failed) 个未通过检测" : "")",
                "Exported \(rows.count) packages to \(out) (index.csv, index.xlsx, the check report, verification.json)\(failed > 0 ? "; \(failed) failed verification" : "")"
            )
            // The export is complete either way; a package that failed makes the run fail.
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct RebuildCatalog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild-catalog",
            abstract: .zh("扫描 archive/packages 和 archive/tombstones，重建档案包目录。",
                          en: "Rebuild the catalogue of packages by scanning archive/packages and archive/tombstones."),
            discussion: .zh("示例：spotcheck archive rebuild-catalog --workspace 卫东区2024",
                            en: "Example: spotcheck archive rebuild-catalog --workspace 卫东区2024"))
        @OptionGroup var templates: TemplateOptions
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let workspace = try options.open()
            // Only the office's own packages are adopted: one signed with a foreign key is named and left out.
            let data = try ArchiveData.load(try templates.catalog(), workspace: workspace)
            let verifier = PackageVerifier(schema: data.schema, trustedKeys: try OfficeKey.keyring(of: workspace))
            let (found, foreign) = try CatalogScanner.scan(workspace, verifier: verifier)
            for name in foreign {
                Console.warn(
                    Console.english
                        ? "not adopted: \(name) is not signed with an office key (or its signature does not verify)"
                        : "未收录：\(name) 不是本单位密钥签名的（或签名无效）")
            }
            try workspace.replaceCatalog(with: found, actor: options.actorName)
            Console.say("已按档案包重建目录：\(found.count) 条", "Rebuilt the catalogue from the packages: \(found.count) entries")
        }
    }
}

/// Folders given for a long list of packages or case files. (swift-argument-parser takes time
/// quadratic in the number of values of one argument: 8,000 package paths cost 1.8 s before any
/// work began, 20,000 would cost ten.)
enum ArchiveArguments {
    /// The packages named, a folder standing for the `.zip` files directly inside it.
    static func packages(_ paths: [String]) throws -> [String] {
        try paths.flatMap { path in isFolder(path) ? try entries(of: path, folders: false) : [path] }
    }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The `.zip` files (or, with `folders`, the folders) directly inside `folder`, sorted; hidden
    /// names and unfinished `.partial` files are left out.
    static func entries(of folder: String, folders: Bool) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw CommandProblem(zh: "无法读取文件夹 \(folder)", en: "cannot read the folder \(folder)")
        }
        let base = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        let found = names.sorted().filter { !$0.hasPrefix(".") }.map { "\(base)/\($0)" }.filter {
            folders ? isFolder($0) : ($0.lowercased().hasSuffix(".zip") && !isFolder($0))
        }
        if found.isEmpty {
            throw CommandProblem(
                zh: folders ? "文件夹 \(folder) 中没有子文件夹" : "文件夹 \(folder) 中没有档案包（.zip）",
                en: folders ? "the folder \(folder) holds no folders" : "the folder \(folder) holds no packages (.zip)")
        }
        return found
    }
}
