import ArgumentParser
import Foundation
import Inspection
import Store
import Support
import Tabular

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: .zh("从 CSV（UTF-8 或 GBK）或 XLSX 导入名录库：一次列出全部问题，要么全部导入，要么都不导入。",
                      en: "Import a registry from CSV (UTF-8 or GBK) or XLSX: every problem reported at once, all or nothing."),
        subcommands: [Targets.self, Inspectors.self, Items.self, UpperDraws.self]
    )

    /// Imports one registry file: read it as a table (CSV or XLSX), validate every row, store it
    /// with history in one transaction, and report what changed.
    static func run<Record: Encodable & Sendable>(
        _ file: String, _ options: WorkspaceOptions, into registry: Registry, key: (Record) -> String, noun: (zh: String, en: String),
        read: (Table, Workspace, (@Sendable (Int) -> Void)?) throws -> [Record]
    ) throws {
        let clock = Console.PhaseClock()
        let workspace = try options.open()
        // The table and the file's bytes are let go once read: a million-row import then reuses their memory.
        let (records, fileSHA256, large) = try { () throws -> ([Record], String, Bool) in
            let (table, data) = try Import.table(file)
            // The file's SHA-256 (for the audit trail) on another core while the rows are validated.
            let fileSHA256 = Concurrent { sha256Hex(data) }
            clock.lap("read")
            // Bars for files that take seconds (a city's registry), not for a district's few hundred rows.
            let large = table.rows.count >= 50_000
            let validating = large ? Console.Progress(total: table.rows.count, label: LocalizedText("校验", "validating")) : nil
            let validated: (@Sendable (Int) -> Void)? = validating.map { bar in { @Sendable count in bar.advance(by: count) } }
            return (try read(table, workspace, validated), fileSHA256.value, large)
        }()
        clock.lap("validate")
        let count = records.count
        let storing = large ? Console.Progress(total: count, label: LocalizedText("入库", "storing")) : nil
        let summary = try workspace.importRegistry(
            registry, consume records, key: key, file: file, fileSHA256: fileSHA256, actor: options.actorName,
            progress: storing.map { bar in { count in bar.advance(by: count) } })
        clock.lap("store")
        if !summary.recorded {
            return Console.say(
                "与上次导入的文件相同，\(count) 个\(noun.zh)均未变化，不再记录（快照 \(summary.snapshotHash.prefix(12))）",
                "The same file as the last import: all \(count) \(noun.en) unchanged, nothing recorded (snapshot \(summary.snapshotHash.prefix(12)))")
        }
        Console.say(
            "已导入 \(count) 个\(noun.zh)：新增 \(summary.added)，变更 \(summary.changed)，移除 \(summary.removed)，未变 \(summary.unchanged)（快照 \(summary.snapshotHash.prefix(12))）",
            "Imported \(count) \(noun.en): \(summary.added) added, \(summary.changed) changed, \(summary.removed) removed, \(summary.unchanged) unchanged (snapshot \(summary.snapshotHash.prefix(12)))"
        )
    }

    /// A CSV or XLSX file as a table, and its bytes.
    static func table(_ file: String) throws -> (Table, [UInt8]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TabularError(source: file, zh: "无法读取文件", en: "cannot read the file")
        }
        let bytes = [UInt8](data)
        return (file.lowercased().hasSuffix(".xlsx") ? try Table(xlsx: bytes, source: file) : try Table(csv: bytes, source: file), bytes)
    }

    struct Inspectors: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("导入执法检查人员名录库和专家库；再次导入即更新，并保留历史记录。",
                          en: "Import the 执法检查人员名录库 and 专家库; a re-import updates it and keeps history."),
            discussion: .zh("""
                各列：姓名、单位、部门（必填），执法证号、证件有效期至（必填，“专家”为“是”的除外），性别、
                手机号码、职务、职称、专家（是/否）、回避对象（统一社会信用代码）。详见 docs/IMPORT.md。
                示例：spotcheck import inspectors 执法人员.xlsx --workspace 卫东区2024
                """, en: """
                Columns: 姓名, 单位, 部门 (required), 执法证号 and 证件有效期至 (required unless 专家 is 是), 性别,
                手机号码, 职务, 职称, 专家 (是/否), 回避对象 (credit codes). See docs/IMPORT.md.
                Example: spotcheck import inspectors 执法人员.xlsx --workspace 卫东区2024
                """)
        )

        @Argument(help: .zh("名录库文件：.csv 或 .xlsx。", en: "The registry file: .csv or .xlsx."))
        var file: String

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try Import.run(file, options, into: .inspectors, key: \.key, noun: ("检查人员", "inspectors")) { table, _, _ in
                try InspectorImport.read(table)
            }
        }
    }

    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("导入随机抽查事项清单（各列同 003 附件 1）；再次导入即更新，并保留历史记录。",
                          en: "Import the 随机抽查事项清单 (the columns of 003 annex 1); a re-import updates it and keeps history."),
            discussion: .zh("""
                各列：事项名称、抽查依据、抽查主体、事项类别（一般/重点）、检查对象（必填），抽查内容、抽查比例、
                抽查频次、检查方式、备注。详见 docs/IMPORT.md。
                示例：spotcheck import items 事项清单.csv --workspace 卫东区2024
                """, en: """
                Columns: 事项名称, 抽查依据, 抽查主体, 事项类别 (一般/重点), 检查对象 (required), 抽查内容, 抽查比例,
                抽查频次, 检查方式, 备注. See docs/IMPORT.md.
                Example: spotcheck import items 事项清单.csv --workspace 卫东区2024
                """)
        )

        @Argument(help: .zh("事项清单文件：.csv 或 .xlsx。", en: "The checklist file: .csv or .xlsx."))
        var file: String

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try Import.run(file, options, into: .items, key: \.name, noun: ("抽查事项", "check items")) { table, _, _ in
                try CheckItemImport.read(table)
            }
        }
    }

    struct UpperDraws: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "upper-draws",
            abstract: .zh("导入上级部门本年度已抽取的检查对象：本级抽取时予以排除（001 §11）。",
                          en: "Import the targets higher levels drew this year: local draws exclude them (001 §11)."),
            discussion: .zh("""
                各列：统一社会信用代码、年度、抽查单位（必填），任务名称。详见 docs/IMPORT.md。
                示例：spotcheck import upper-draws 省局2024年已抽取名单.xlsx --workspace 卫东区2024
                """, en: """
                Columns: 统一社会信用代码, 年度, 抽查单位 (required), 任务名称. See docs/IMPORT.md.
                Example: spotcheck import upper-draws 省局2024年已抽取名单.xlsx --workspace 卫东区2024
                """)
        )

        @Argument(help: .zh("名单文件：.csv 或 .xlsx。", en: "The list: .csv or .xlsx."))
        var file: String

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try Import.run(file, options, into: .upperDraws, key: \.key, noun: ("上级已抽取记录", "higher-level draws")) { table, _, _ in
                try UpperDrawImport.read(table)
            }
        }
    }

    struct Targets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("导入检查对象名录库；再次导入即更新，并保留历史记录。", en: "Import the 检查对象名录库 (targets); a re-import updates it and keeps history."),
            discussion: .zh("""
                各列：统一社会信用代码、机构名称、机构类型、风险等级（必填），所属区域、地址、法定代表人，
                黑名单、经营异常、失信、严重违法（是/否），状态（正常/注销/无法联系/迁出）。详见 docs/IMPORT.md。
                示例：spotcheck import targets 名录库.csv --workspace 卫东区2024
                """, en: """
                Columns: 统一社会信用代码, 机构名称, 机构类型, 风险等级 (required), 所属区域, 地址, 法定代表人,
                黑名单, 经营异常, 失信, 严重违法 (是/否), 状态 (正常/注销/无法联系/迁出). See docs/IMPORT.md.
                Example: spotcheck import targets 名录库.csv --workspace 卫东区2024
                """)
        )

        @Argument(help: .zh("名录库文件：.csv 或 .xlsx。", en: "The registry file: .csv or .xlsx."))
        var file: String

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            try Import.run(file, options, into: .targets, key: \.creditCode, noun: ("检查对象", "targets")) { table, _, progress in
                try TargetImport.read(table, progress: progress)
            }
        }
    }
}
