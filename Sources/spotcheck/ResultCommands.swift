import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Tabular
import Workflow

struct ResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: .zh("登记检查结果，附加证据材料，登记抽查任务结果的公示，查看公示内容。",
                      en: "Record what a visit found, attach evidence, publish a task's results, show the public view."),
        subcommands: [
            ResultRecord.self, ResultSheetCommand.self, ResultImport.self, ResultShow.self, ResultEvidence.self, ResultSubmit.self, ResultReviewCommand.self,
            ResultPublish.self, ResultPublic.self,
        ]
    )

    /// Parses a date option (every form `DateText` accepts; the error names them).
    static func day(_ text: String, _ option: String) throws -> CivilDate { try CivilDate(parsing: text, field: option) }
}

struct ResultRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: .zh("登记一次检查的结果（000 §18–20），或登记检查对象无法联系、已注销（002 (二十四)）。",
                      en: "Record a visit's result (000 §18–20), or that the target was unreachable or deregistered (002 (二十四))."),
        discussion: .zh("""
            处理意见（000 §20）：符合要求、限期整改（须给出 --rectify-by）、涉嫌违反医疗保障监督管理法律法规，需进一步调查处理、其他
            （须给出 --remarks）。检查对象签字（--signed-by），或拒绝签字（--refused 原因 --witness 见证人）（000 §18）。
            任务结果公示后，修改即为更正：--correction 理由 --unit-head 单位负责人（002 (二十三)）。
            示例：
              spotcheck result record 2024-01-0001 --started 2024-03-01 --finished 2024-03-01 \\
                  --finding "医保基金使用情况检查=串换药品 3 笔" --outcome 限期整改 --rectify-by 2024-04-01 \\
                  --signed-by 院长张某 --evidence 现场照片1.jpg
              spotcheck result record 2024-01-0002 --status 无法联系 --finished 2024-03-02 --remarks "登记地址已无人经营"
            """, en: """
            Outcomes (000 §20): 符合要求, 限期整改 (needs --rectify-by), 涉嫌违反医疗保障监督管理法律法规，需进一步调查处理, 其他
            (needs --remarks). The target signs (--signed-by) or refuses (--refused REASON --witness NAME) (000 §18).
            Once the task is published, a change is a correction: --correction REASON --unit-head NAME (002 (二十三)).
            Example: spotcheck result record 2024-01-0001 --started 2024-03-01 --finished 2024-03-01 \\
                       --finding "医保基金使用情况检查=串换药品 3 笔" --outcome 限期整改 --rectify-by 2024-04-01 \\
                       --signed-by 院长张某 --evidence 现场照片1.jpg
                     spotcheck result record 2024-01-0002 --status 无法联系 --finished 2024-03-02 --remarks "登记地址已无人经营"
            """)
    )

    @Argument(help: .zh("检查编号，即 `match list` 显示的编号。", en: "The visit, as `match list` shows it."))
    var visit: String

    @Option(help: .zh("已检查（默认）、无法联系或已注销（002 (二十四)）。", en: "已检查 (default), 无法联系 or 已注销 (002 (二十四))."))
    var status = VisitStatus.checked.rawValue

    @Option(help: .zh("检查的第一天（日期格式 YYYY-MM-DD；默认：与 --finished 相同）。", en: "First day of the check (YYYY-MM-DD; default: --finished)."))
    var started: String?

    @Option(help: .zh("检查的最后一天，或查明检查对象无法联系、已注销的日期。",
                      en: "Last day of the check, or the day the target was found unreachable or deregistered."))
    var finished: String

    @Option(help: .zh("现场或书面。", en: "现场 or 书面."))
    var method = CheckMethod.onSite.rawValue

    @Option(help: .zh("检查的事项及检查情况：事项=检查情况；可重复使用。", en: "An item checked and what was found: ITEM=FINDING; repeatable."))
    var finding: [String] = []

    @Option(help: .zh("000 §20 规定的四种处理意见之一；可简写为 符合、整改、涉嫌违法。", en: "One of the four outcomes of 000 §20; short forms 符合, 整改, 涉嫌违法."))
    var outcome = ""

    @Option(help: .zh("备注；“其他”的具体内容；如何查明“无法联系 / 已注销”。", en: "Remarks; what 其他 means; how 无法联系 / 已注销 was established."))
    var remarks = ""

    @Option(help: .zh("限期整改的整改期限（日期格式 YYYY-MM-DD）。", en: "限期整改: the rectification deadline (YYYY-MM-DD)."))
    var rectifyBy = ""

    @Option(help: .zh("代表检查对象在记录上签字或盖章的人。", en: "Who signed or sealed the record for the target."))
    var signedBy = ""

    @Option(help: .zh("检查对象拒绝签字的原因（与 --witness 同用）。", en: "Why the target did not sign (with --witness)."))
    var refused = ""

    @Option(help: .zh("拒绝签字的见证人。", en: "Who witnessed the refusal."))
    var witness = ""

    @Option(help: .zh("000 §24 所列严重不配合情形的序号（1–5）；可重复使用。", en: "A case of serious non-cooperation of 000 §24 (1–5); repeatable."))
    var nonCooperation: [Int] = []

    @Option(help: .zh("不予配合的具体情况（将予公示，000 §24）。", en: "The circumstances of the non-cooperation (published, 000 §24)."))
    var nonCooperationDetails = ""

    @Option(help: .zh("违规金额（元，最多两位小数，如 12345.60）：检查查明的违规使用医保基金金额，印在检查报告和整改通知书上。",
                      en: "The amount of fund misused, in 元 (at most two decimals, e.g. 12345.60), printed on the report and the rectification notice."))
    var violationAmount = ""

    @Option(help: .zh("追回金额（元）：责令退回的医保基金，印在整改通知书上（含大写）。",
                      en: "The amount the target is ordered to return, in 元, printed on the rectification notice (with the amount in words)."))
    var recoveryAmount = ""

    @Option(help: .zh("要复制到工作区的证据文件（照片、录音、录像、扫描件）；可重复使用。",
                      en: "An evidence file (photo, audio, video, scan) to copy into the workspace; repeatable."))
    var evidence: [String] = []

    @Option(help: .zh("公示后：更正结果的理由（002 (二十三)）。", en: "After publication: why the result is corrected (002 (二十三))."))
    var correction: String?

    @Option(help: .zh("公示后：签批更正的单位负责人（002 (二十三)）。", en: "After publication: the unit head who signed the correction (002 (二十三))."))
    var unitHead: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let entry = ResultEntry(visit: visit, finished: finished) { entry in
            (entry.status, entry.started, entry.method, entry.findings) = (status, started ?? "", method, finding)
            (entry.outcome, entry.remarks, entry.rectifyBy) = (outcome, remarks, rectifyBy)
            (entry.signedBy, entry.refused, entry.witness) = (signedBy, refused, witness)
            (entry.nonCooperation, entry.nonCooperationDetails) = (nonCooperation, nonCooperationDetails)
            (entry.violationAmount, entry.recoveryAmount) = (violationAmount, recoveryAmount)
        }
        let workspace = try options.open()
        let before = try workspace.results(of: visit).last?.version
        let (stored, added) = try ResultService(store: workspace).record(
            entry, correction: correction, unitHead: unitHead, evidence: evidence, by: User(options.actorName))
        if stored.version == before {
            Console.say(
                "检查 \(visit) 的结果与已记录的第 \(stored.version) 版相同，未记录新版本：\(stored.result.conclusion)",
                "The result of visit \(visit) is the same as its version \(stored.version): no new version recorded: \(stored.result.conclusion)")
        } else {
            Console.say(
            "已记录检查 \(visit) 的结果（第 \(stored.version) 版\(stored.correction == nil ? "" : "，更正")）：\(stored.result.conclusion)",
            "Recorded the result of visit \(visit) (version \(stored.version)\(stored.correction == nil ? "" : ", a correction")): \(stored.result.conclusion)"
            )
        }
        for item in added { print("\(item.path)\t\(item.sha256)") }
    }
}

struct ResultSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: .zh("写出抽查任务的结果登记表（CSV，可用 Excel/WPS 打开），已预填各次检查，填写后导入。",
                      en: "Write a task's result sheet (结果登记表, CSV for Excel/WPS), pre-filled with its visits, to fill and import."),
        discussion: .zh("""
            每次检查一行，已预填日期、已检查、现场，每个事项写作 事项=未发现问题；请填写处理意见（符合、整改、涉嫌违法、
            其他）、签字人，发现问题的事项写明问题；然后运行 spotcheck result import 文件名。
            示例：spotcheck result sheet 2024-01 --out 结果登记表.csv
            """, en: """
            Each visit is a row with its dates, 已检查, 现场 and every item as 事项=未发现问题; fill 处理意见 (符合, 整改, 涉嫌违法,
            其他), 签字人, and what was found where something was; then spotcheck result import FILE.
            Example: spotcheck result sheet 2024-01 --out 结果登记表.csv
            """))

    @Argument(help: .zh("任务编号。", en: "The task."))
    var task: String

    @Option(help: .zh("要写出的 CSV 文件（默认：结果登记表-任务编号.csv）；该文件必须尚不存在。",
                      en: "The CSV file to write (default: 结果登记表-TASK.csv); it must not exist."))
    var out: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let workspace = try options.open()
        let tasks = try workspace.tasks()
        guard let plan = tasks.first(where: { $0.id == task }) else { throw try WorkflowError.unknownTask(task, in: workspace) }
        let all = try workspace.visits().filter { $0.tasks.contains(task) }
        guard !all.isEmpty else {
            throw CommandProblem(zh: "任务 \(task) 还没有检查（先 spotcheck match \(task)）", en: "task \(task) has no visits yet (spotcheck match \(task) first)")
        }
        // Only the visits still without a result: a sheet never carries a blank row over a recorded result.
        let visits = try all.filter { try workspace.results(of: $0.id).isEmpty }
        guard !visits.isEmpty else {
            throw CommandProblem(
                zh: "任务 \(task) 的 \(all.count) 个检查都已登记结果（修改某一户用 spotcheck result record）",
                en: "every one of the \(all.count) visits of task \(task) has a result (change one with spotcheck result record)")
        }
        let path = out ?? "结果登记表-\(task).csv"
        guard path.lowercased().hasSuffix(".csv") else {
            throw CommandProblem(zh: "--out 应为 .csv 文件（Excel 和 WPS 都能打开和保存）", en: "--out must be a .csv file (Excel and WPS open and save it)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandProblem(zh: "\(path) 已存在，不会覆盖", en: "\(path) exists and is not overwritten")
        }
        let targets = try workspace.targets(codes: visits.map(\.target))
        let rows = ResultSheet.rows(
            visits.map { visit in
                ResultSheet.Visit(
                    visit: visit.id, name: targets[visit.target]?.name ?? "", code: visit.target, date: visit.date,
                    items: tasks.filter { visit.tasks.contains($0.id) }.flatMap(\.items))
            })
        // UTF-8 with a BOM, so that Excel shows the Chinese; every field through the one CSV writer.
        let text = ([ResultSheet.header] + rows).map(CSV.line).joined()
        try AtomicFile.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: path)
        Console.say(
            "已写出 \(path)：任务 \(plan.id) 尚未登记结果的 \(visits.count) 个检查（已登记的 \(all.count - visits.count) 个未列入）；填写处理意见、签字人和发现的问题后用 spotcheck result import \(path) 导入",
            "Wrote \(path): the \(visits.count) visits of task \(plan.id) without a result (\(all.count - visits.count) with one left out); fill in the outcome, the signer and what was found, then spotcheck result import \(path)")
    }
}

struct ResultImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: .zh("登记填好的结果登记表（CSV 或 XLSX）中的结果：按行列列出全部问题，要么全部登记，要么都不登记。",
                      en: "Record the results of a filled result sheet (CSV or XLSX): every problem by row and column, all or nothing."),
        discussion: .zh("示例：spotcheck result import 结果登记表.csv", en: "Example: spotcheck result import 结果登记表.csv"))

    @Argument(help: .zh("填好的登记表：.csv 或 .xlsx，各列与 spotcheck result sheet 写出的相同。",
                        en: "The filled sheet: .csv or .xlsx, with the columns spotcheck result sheet writes."))
    var file: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        // The sheet's own problems and its results' problems, all in one report.
        let (rows, sheetProblems) = try ResultSheet.read(try Table(contentsOfFile: file))
        let stored = try ResultService(store: try options.open()).recordSheet(
            rows, source: (file as NSString).lastPathComponent, sheetProblems: sheetProblems.map { LocalizedText($0.chinese, $0.description) },
            by: User(options.actorName))
        let unchanged = rows.count - stored.count
        Console.say(
            "已记录 \(stored.count) 个检查的结果（\(file)）\(unchanged > 0 ? "；\(unchanged) 个与已记录的相同，未重复记录" : "")",
            "Recorded the results of \(stored.count) visits (\(file))\(unchanged > 0 ? "; \(unchanged) equal to what is recorded were left as they are" : "")")
    }
}

struct ResultShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: .zh("显示一次检查结果的所有版本及其证据材料。", en: "Show every version of a visit's result and its evidence."),
        discussion: .zh("示例：spotcheck result show 2024-01-0001 --json", en: "Example: spotcheck result show 2024-01-0001 --json"))

    @Argument(help: .zh("检查编号。", en: "The visit."))
    var visit: String

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    struct Shown: Encodable {
        var versions: [StoredResult]
        var evidence: [Evidence]
    }

    func run() throws {
        let workspace = try options.open()
        let shown = Shown(versions: try workspace.results(of: visit), evidence: try workspace.evidence(of: visit))
        if json { return print(try Console.json(shown)) }
        for version in shown.versions {
            let result = version.result
            print(
                "v\(version.version)\t\(version.recordedAt)\t\(version.actor)\t\(result.status)\t\(result.outcome)\t\(result.finished)"
                    + (version.correction.map { "\t更正：\($0)（\(version.unitHead ?? "")）" } ?? ""))
        }
        for item in shown.evidence { print("\(item.path)\t\(item.size)\t\(item.sha256)") }
    }
}

struct ResultEvidence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: .zh("将证据文件复制到工作区，并登记每个文件的 SHA-256。", en: "Copy evidence files into the workspace, recording each one's SHA-256."),
        discussion: .zh("示例：spotcheck result evidence 2024-01-0001 现场照片2.jpg 询问笔录.pdf",
                        en: "Example: spotcheck result evidence 2024-01-0001 现场照片2.jpg 询问笔录.pdf"))

    @Argument(help: .zh("检查编号。", en: "The visit."))
    var visit: String

    @Argument(help: .zh("证据文件。", en: "The files."))
    var files: [String]

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        for item in try options.open().addEvidence(files, to: visit, actor: options.actorName) { print("\(item.path)\t\(item.sha256)") }
    }
}

struct ResultPublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: .zh("登记抽查任务的结果已公示；此后修改须经单位负责人签批（002 (二十三)）。",
                      en: "Record that a task's results were published; from then on a change needs the unit head (002 (二十三))."),
        discussion: .zh("示例：spotcheck result publish 2024-01 --on 2024-07-20",
                        en: "Example: spotcheck result publish 2024-01 --on 2024-07-20"))

    @Argument(help: .zh("任务编号。", en: "The task."))
    var task: String

    @Option(help: .zh("公示日期（日期格式 YYYY-MM-DD）。", en: "The day of publication (YYYY-MM-DD)."))
    var on: String

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try ResultService(store: options.open()).publish(task: task, on: try ResultCommand.day(on, "--on"), by: User(options.actorName))
        Console.say("已记录任务 \(task) 的结果于 \(on) 公示", "Recorded task \(task) as published on \(on)")
    }
}

struct ResultSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: .zh("把检查结果的当前版本提交负责人审核（本单位设定结果须经审核时：spotcheck office --result-review 是）。",
                      en: "Submit the current version of a visit's result for the unit head's review (where the office reviews results: spotcheck office --result-review 是)."),
        discussion: .zh("示例：spotcheck result submit 2024-01-0001 --operator 张三", en: "Example: spotcheck result submit 2024-01-0001 --operator 张三"))

    @Argument(help: .zh("检查编号。", en: "The visit."))
    var visit: String

    @Option(help: .zh("所提交的结果版本（result show 显示）；届时已有新版本的，拒绝提交。", en: "The result version submitted (as result show shows it); refused if a newer one exists by then."))
    var version: Int?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        try ResultService(store: options.open()).submit(visit: visit, version: version, by: User(options.actorName))
        Console.say("检查 \(visit) 的结果已提交审核", "Submitted the result of \(visit) for review")
    }
}

struct ResultReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: .zh("负责人审核提交的检查结果：通过，或写明理由退回。录入该版结果的人不能审核它。",
                      en: "The unit head reviews a submitted result: approve it, or return it with the reason. Whoever recorded the version cannot review it."),
        discussion: .zh("""
            示例：
              spotcheck result review 2024-01-0001 --approve --operator 李某
              spotcheck result review 2024-01-0002 --return "整改期限与处理意见不符" --operator 李某
            """, en: """
            Examples:
              spotcheck result review 2024-01-0001 --approve --operator 李某
              spotcheck result review 2024-01-0002 --return "整改期限与处理意见不符" --operator 李某
            """))

    @Argument(help: .zh("检查编号。", en: "The visit."))
    var visit: String

    @Flag(help: .zh("审核通过。", en: "Approve."))
    var approve = false

    @Option(name: .customLong("return"), help: .zh("退回，并写明理由。", en: "Return it, with the reason."))
    var returned: String?

    @Option(help: .zh("所审核的结果版本（result show 显示）；届时已有新版本的，拒绝审核。", en: "The result version reviewed (as result show shows it); refused if a newer one exists by then."))
    var version: Int?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if approve == (returned != nil) { throw Console.usage("请给出 --approve 或 --return 理由（二者只能其一）", "give --approve or --return REASON (one of them)") }
    }

    func run() throws {
        try ResultService(store: options.open()).review(
            visit: visit, version: version, approve: approve, note: returned ?? "", by: User(options.actorName))
        Console.say(
            approve ? "检查 \(visit) 的结果审核通过" : "检查 \(visit) 的结果已退回：\(returned ?? "")",
            approve ? "Approved the result of \(visit)" : "Returned the result of \(visit): \(returned ?? "")")
    }
}

struct ResultPublic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public",
        abstract: .zh("显示抽查任务公示的内容：绝不含电话、身份证号码或地址（002 (二十二)；000 §24）。",
                      en: "Print what the 公示 of a task shows: no phone, ID number or address ever (002 (二十二); 000 §24)."),
        discussion: .zh("示例：spotcheck result public 2024-01 --json", en: "Example: spotcheck result public 2024-01 --json"))

    @Argument(help: .zh("任务编号。", en: "The task."))
    var task: String

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: .zh("输出 JSON。", en: "Print JSON."))
    var json = false

    struct Shown: Encodable {
        var results: [PublicView.ResultLine]
        var nonCooperation: [PublicView.NonCooperationLine]
    }

    func run() throws {
        let workspace = try options.open()
        let shown = Shown(results: try ResultService(store: workspace).publicResults(task: task), nonCooperation: try ResultService(store: workspace).publicNonCooperation())
        if json { return print(try Console.json(shown)) }
        for line in shown.results { print("\(line.targetName)\t\(line.creditCode)\t\(line.outcome)\t\(line.date)") }
        for line in shown.nonCooperation {
            print("不予配合\t\(line.targetName)\t\(line.creditCode)\t\(line.count)\t\(line.circumstances.joined(separator: " / "))")
        }
    }
}

struct ObjectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objection",
        abstract: .zh("对公示结果的异议：20 个工作日内复查，复查后 15 个工作日内反馈（002 (二十三)）。",
                      en: "Objections to published results: review within 20 working days, feedback within 15 (002 (二十三))."),
        subcommands: [Receive.self, Decide.self, Feedback.self, List.self]
    )

    struct Receive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("登记异议；应在收到后 20 个工作日内完成复查。", en: "Register an objection; the review is due 20 working days after receipt."),
            discussion: .zh("示例：spotcheck objection receive 2024-01-0001 --on 2024-07-22 --applicant 某某药店 --reason 对处理意见有异议",
                            en: "Example: spotcheck objection receive 2024-01-0001 --on 2024-07-22 --applicant 某某药店 --reason 对处理意见有异议"))
        @Argument(help: .zh("检查编号。", en: "The visit.")) var visit: String
        @Option(help: .zh("收到异议申请的日期。", en: "The day the application was received.")) var on: String
        @Option(help: .zh("异议申请人。", en: "Who objects.")) var applicant: String
        @Option(help: .zh("异议的内容。", en: "What they object to.")) var reason: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let objection = try ObjectionService(store: options.open()).receive(
                visit: visit, on: try ResultCommand.day(on, "--on"), applicant: applicant, reason: reason, by: User(options.actorName))
            Console.say(
                "第 \(objection.id) 号异议已登记，复查应于 \(objection.reviewDue) 前完成（20 个工作日，002 (二十三)）",
                "Objection \(objection.id) registered; the review is due by \(objection.reviewDue) (20 working days, 002 (二十三))")
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("登记复查结论；应在作出结论后 15 个工作日内反馈。", en: "Record the review decision; feedback is due 15 working days after it."),
            discussion: .zh("示例：spotcheck objection decide 1 --on 2024-08-10 --decision 维持原检查结果",
                            en: "Example: spotcheck objection decide 1 --on 2024-08-10 --decision 维持原检查结果"))
        @Argument(help: .zh("异议编号。", en: "The objection number.")) var id: Int
        @Option(help: .zh("作出复查结论的日期。", en: "The day of the decision.")) var on: String
        @Option(help: .zh("复查结论（维持 / 更正 …）。", en: "The decision (维持 / 更正 …).")) var decision: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let objection = try ObjectionService(store: options.open()).decide(
                id, on: try ResultCommand.day(on, "--on"), decision: decision, by: User(options.actorName))
            Console.say(
                "第 \(id) 号异议复查结论已记录，应于 \(objection.feedbackDue ?? "") 前反馈（15 个工作日，002 (二十三)）",
                "Objection \(id) decided; feedback is due by \(objection.feedbackDue ?? "") (15 working days, 002 (二十三))")
        }
    }

    struct Feedback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("登记已将复查结果告知检查对象。", en: "Record that the review's outcome was told to the target."),
            discussion: .zh("示例：spotcheck objection feedback 1 --on 2024-08-15",
                            en: "Example: spotcheck objection feedback 1 --on 2024-08-15"))
        @Argument(help: .zh("异议编号。", en: "The objection number.")) var id: Int
        @Option(help: .zh("反馈日期。", en: "The day of the feedback.")) var on: String
        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try ObjectionService(store: options.open()).recordFeedback(id, on: try ResultCommand.day(on, "--on"), by: User(options.actorName))
            Console.say("第 \(id) 号异议已反馈", "Objection \(id): feedback recorded")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出异议。", en: "List objections."),
            discussion: .zh("示例：spotcheck objection list --json", en: "Example: spotcheck objection list --json"))
        @OptionGroup var options: WorkspaceOptions
        @Flag(help: .zh("输出 JSON。", en: "Print JSON.")) var json = false

        func run() throws {
            let objections = try options.open().objections()
            if json { return print(try Console.json(objections)) }
            for item in objections {
                print(
                    "\(item.id)\t\(item.visit)\t\(item.receivedOn)\t\(item.applicant)\t复查期限 \(item.reviewDue)\t\(item.decision ?? "未复查")\t\(item.feedbackOn.map { "已反馈 \($0)" } ?? item.feedbackDue.map { "反馈期限 \($0)" } ?? "")"
                )
            }
        }
    }
}
