import ArgumentParser
import Foundation
import Inspection
import Store
import Tabular

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a registry from CSV (UTF-8 or GBK) or XLSX: every problem reported at once, all or nothing.",
        subcommands: [Targets.self]
    )

    struct Targets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the 检查对象名录库 (targets); a re-import updates it and keeps history.",
            discussion: """
                Columns: 统一社会信用代码, 机构名称, 机构类型, 风险等级 (required), 所属区域, 地址, 法定代表人,
                黑名单, 经营异常, 失信, 严重违法 (是/否), 状态 (正常/注销/无法联系/迁出). See docs/IMPORT.md.
                Example: spotcheck import targets 名录库.csv --workspace 卫东区2024
                """
        )

        @Argument(help: "The registry file: .csv or .xlsx.")
        var file: String

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            do {
                let workspace = try options.open()
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw TabularError(source: file, zh: "无法读取文件", en: "cannot read the file")
                }
                let table =
                    file.lowercased().hasSuffix(".xlsx")
                    ? try Table(xlsx: Array(data), source: file) : try Table(csv: Array(data), source: file)
                let targets = try TargetImport.read(table)
                let summary = try workspace.importTargets(
                    targets, file: file, fileSHA256: Workspace.sha256(of: Array(data)), actor: options.actorName)
                Console.say(
                    "已导入 \(targets.count) 个检查对象：新增 \(summary.added)，变更 \(summary.changed)，移除 \(summary.removed)，未变 \(summary.unchanged)（名录快照 \(summary.snapshotHash.prefix(12))）",
                    "Imported \(targets.count) targets: \(summary.added) added, \(summary.changed) changed, \(summary.removed) removed, \(summary.unchanged) unchanged (snapshot \(summary.snapshotHash.prefix(12)))"
                )
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
