import Inspection
import Store
import Tabular
import Workflow

extension Registry {
    /// The registry as offices name it.
    func label(_ words: Words) -> String {
        switch self {
        case .targets: words("检查对象名录库", "Targets")
        case .inspectors: words("执法检查人员名录库（含专家库）", "Inspectors and experts")
        case .items: words("随机抽查事项清单", "Check items")
        case .tasks: words("年度抽查计划", "Annual plan")
        case .upperDraws: words("上级已抽取名单", "Drawn by higher levels")
        }
    }
}

extension Pages {
    /// 名录库和抽查计划: each registry with its size, last import and an upload form; one of them listed.
    static func registries(_ overview: Workbench.RegistryOverview, staff: Staff, _ words: Words) -> HTML {
        let may = staff.account.role.may(.importRegistry)
        let rows: [[HTML]] = Registry.allCases.map { registry in
            let last = overview.lastImports[registry]
            let upload: HTML =
                may
                ? """
                <form method="post" action="/registry/\(registry.rawValue)/check" enctype="multipart/form-data" class="inline upload" id="upload-\(registry.rawValue)">\
                \(csrf(staff))<input type="file" name="file" accept=".csv,.xlsx" required> <button type="submit">\(words("上传并检查", "Upload and check"))</button></form>
                """ : ""
            return [
                "<a href=\"/registry?show=\(registry.rawValue)\">\(registry.label(words))</a>", text(String(overview.counts[registry] ?? 0)),
                text(last.map { "\(beijing($0.at)) \($0.actor) \($0.file)" } ?? words("尚未导入", "never imported")),
                upload,
            ]
        }
        let shown = overview.showing
        let records = overview.rows.map { $0.map(text) }
        let when: HTML =
            """
            <form method="get" action="/registry" class="inline"><input type="hidden" name="show" value="\(shown.rawValue)">\
            \(words("查看某日的名录：", "As of the day: "))<input type="date" name="asOf" value="\(overview.asOf?.description ?? "")"> \
            <button type="submit">\(words("查看", "Show"))</button></form>
            """
        let more: HTML? =
            overview.total > overview.rows.count
            ? "<p class=\"hint\">\(words("共 \(overview.total) 条，仅显示前 \(overview.rows.count) 条。", "\(overview.total) records; the first \(overview.rows.count) are shown."))</p>" : nil
        return """
            <p class="lead">\(words(
                "上传 CSV（UTF-8 或 GBK）或 XLSX 文件：系统先检查每一行，列出全部问题（按行、列）；没有问题时显示将新增、变更、移除多少条，确认后才导入。再次导入即更新，并保留历史记录。各列见 docs/IMPORT.md。",
                "Upload a CSV (UTF-8 or GBK) or XLSX file: every row is checked first and every problem listed by row and column; when there are none, what would be added, changed and removed is shown, and nothing is imported until you confirm. A re-import updates and keeps history. Columns: docs/IMPORT.md."))</p>
            \(table([words("名录", "Registry"), words("条数", "Records"), words("最近一次导入", "Last import"), words("上传", "Upload")], rows, empty: "", id: "registries"))
            <h2>\(shown.label(words))\(overview.asOf.map { words("（\($0.description) 当日）", " (as of \($0.description))") } ?? "")</h2>
            \(when)
            \(table(overview.header, records, empty: words("没有记录。", "No records."), id: "records"))
            \(more)
            """
    }

    /// The check of an upload: every problem by row and column, or the changes with a confirm button.
    static func registryCheck(_ check: RegistryService.Check, file: Multipart.File, staff: Staff, _ words: Words) -> HTML {
        if !check.problems.isEmpty {
            let rows: [[HTML]] = check.problems.map { problem in
                let column = problem.column > 0 ? Table.columnLetters(problem.column) : ""
                let name = problem.column > 0 && problem.column <= check.header.count ? check.header[problem.column - 1] : ""
                return [
                    text(problem.row > 0 ? String(problem.row) : ""), text(column), text(name),
                    text(words.english ? problem.en : problem.zh),
                ]
            }
            let total = check.problems.count + check.omitted
            let more: HTML? =
                check.omitted > 0
                ? "<p class=\"hint\">\(words("另有 \(check.omitted) 个问题未列出，请先改正以上问题。", "\(check.omitted) more problems are not listed: correct these first."))</p>" : nil
            return """
                <div class="problem" role="alert" id="check-verdict">\(words(
                    "“\(file.name)”有 \(total) 个问题，没有导入任何内容。请在原文件中改正后重新上传。",
                    "“\(file.name)” has \(total) problems; nothing was imported. Correct them in the file and upload it again."))</div>
                \(table([words("行", "Row"), words("列", "Column"), words("列名", "Column name"), words("问题", "Problem")], rows, empty: "", id: "problems"))
                \(more)
                <p><a href="/registry">\(words("返回名录库", "Back to the registries"))</a></p>
                """
        }
        return """
            <div class="ok" id="check-verdict">\(words(
                "“\(file.name)”检查通过：共 \(check.rows) 行，导入\(check.registry.label(words))后将新增 \(check.added) 条、变更 \(check.changed) 条、移除 \(check.removed) 条，\(check.unchanged) 条不变。",
                "“\(file.name)” passed: \(check.rows) rows; importing it into \(check.registry.label(words)) adds \(check.added), changes \(check.changed), removes \(check.removed) and leaves \(check.unchanged) unchanged."))</div>
            <form method="post" action="/registry/\(check.registry.rawValue)/confirm" id="confirm">
            \(csrf(staff))<input type="hidden" name="upload" value="\(lastComponent(file.path))"><input type="hidden" name="name" value="\(file.name)">
            <button type="submit">\(words("确认导入", "Import it"))</button> <a href="/registry">\(words("取消", "Cancel"))</a>
            </form>
            """
    }

    /// After an import.
    static func imported(_ summary: ImportSummary, registry: Registry, name: String, _ words: Words) -> HTML {
        let text: String =
            summary.recorded
            ? words(
                "已将“\(name)”导入\(registry.label(words))：新增 \(summary.added)，变更 \(summary.changed)，移除 \(summary.removed)，未变 \(summary.unchanged)（快照 \(summary.snapshotHash.prefix(12))）。",
                "Imported “\(name)” into \(registry.label(words)): \(summary.added) added, \(summary.changed) changed, \(summary.removed) removed, \(summary.unchanged) unchanged (snapshot \(summary.snapshotHash.prefix(12))).")
            : words("与上次导入的文件相同，未作改动。", "The same file as the last import: nothing changed.")
        return "<div class=\"ok\" id=\"imported\">\(text)</div><p><a href=\"/registry?show=\(registry.rawValue)\">\(words("返回名录库", "Back to the registries"))</a></p>"
    }

    static func lastComponent(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
