import Foundation
import Inspection

extension Pages {
    /// A task's archive: the catalogue of its packages (every version, holds in force), and for the
    /// archivist sealing, the 四性检测 with its report, the export, and legal holds.
    static func archive(_ view: Workbench.ArchiveView, staff: Staff, _ words: Words) -> HTML {
        let id = view.task.id
        let base = "/tasks/\(HTML.percentEncoded(id))/archive"
        let held = Set(view.holds.map(\.code))
        let rows: [[HTML]] = view.dossiers.map { dossier in
            let state: String =
                dossier.disposedAt.map { words("已销毁 \($0)", "disposed of \($0)") }
                ?? (held.contains(dossier.code) ? words("保全中", "on hold") : words("在库", "kept"))
            return [
                text(dossier.code), text("v\(dossier.version)"), text(dossier.visit ?? "—"), text(dossier.title), text(dossier.sealedAt),
                text(dossier.retention), text(dossier.due ?? words("永久", "permanent")), text(state),
                "<code title=\"\(dossier.sealValue)\">\(String(dossier.sealValue.prefix(12)))…</code>",
            ]
        }
        let table = Pages.table(
            [
                words("档号", "Code"), words("版本", "Version"), words("检查", "Visit"), words("题名", "Title"), words("封存日期", "Sealed"),
                words("保管期限", "Retention"), words("到期日期", "Due"), words("状态", "State"), words("封印值", "Seal"),
            ], rows, empty: words("尚未封存。", "Nothing sealed yet."), id: "dossiers")
        guard staff.account.role.may(.archive) else {
            return """
                <p><a href="/tasks/\(segment: id)">\(words("返回任务", "Back to the task"))</a></p>
                \(table)
                """
        }
        let holdRows: [[HTML]] = view.holds.map { hold in
            [
                text(hold.code), text(hold.reason), text(hold.authority), text(hold.placedBy), text(beijing(hold.placedAt)),
                """
                <form method="post" action="\(base)/release" class="inline">\(csrf(staff))<input type="hidden" name="hold" value="\(String(hold.id))">\
                <button type="submit" class="link">\(words("解除", "Release"))</button></form>
                """,
            ]
        }
        let codes = Array(Set(view.dossiers.filter { $0.disposedAt == nil }.map(\.code))).sorted().map { "<option>\($0)</option>" as HTML }
        let holdForm: HTML? =
            codes.isEmpty
            ? nil
            : """
            <form method="post" action="\(base)/hold" class="card" id="hold">\(csrf(staff))
            <h3>\(words("保全案卷（保全期间不得销毁）", "Place a hold (not disposed of while held)"))</h3>
            <label>\(words("档号", "Code")) <select name="code">\(codes)</select></label>
            <label>\(words("保全理由", "Reason")) <input name="reason" required maxlength="200"></label>
            <label>\(words("决定机关或人员", "On whose authority")) <input name="authority" required maxlength="100"></label>
            <button type="submit">\(words("保全", "Hold"))</button></form>
            """
        return """
            <p><a href="/tasks/\(segment: id)">\(words("返回任务", "Back to the task"))</a> · <a href="/tasks/\(segment: id)/documents">\(words("文书", "Documents"))</a></p>
            \(jobList(view.jobs, words))
            \(table)
            <div class="card" id="archive-actions">
            <h2>\(words("立卷归档", "Filing"))</h2>
            <p>\(words("已录入结果的检查 \(view.visitsWithResults) 个。封存时为每个检查生成卷宗封面、卷内文件目录和备考表（立卷人为当前登录的档案员），打包为签名的 BagIt 档案包；内容无变化的案卷不重复封存。", "\(view.visitsWithResults) visits have results. Sealing prints each case file's cover, catalogue and 备考表 (the archivist logged in is the 立卷人) and packs a signed BagIt package; unchanged case files are not sealed again."))</p>
            <form method="post" action="\(base)/seal" class="inline">\(csrf(staff))<button type="submit" id="seal">\(words("封存本任务案卷", "Seal the task's case files"))</button></form>
            <form method="post" action="\(base)/check" class="inline">\(csrf(staff))<button type="submit" id="check">\(words("四性检测并出具报告", "Check (四性检测) and print the report"))</button></form>
            <form method="post" action="\(base)/export" class="inline">\(csrf(staff))<button type="submit" id="export">\(words("导出（供档案审计）", "Export (for a records audit)"))</button></form>
            </div>
            <h2>\(words("保全", "Legal holds"))</h2>
            \(Pages.table([words("档号", "Code"), words("理由", "Reason"), words("决定机关", "Authority"), words("办理人", "By"), words("时间", "At"), ""], holdRows, empty: words("没有保全中的案卷。", "No holds in force."), id: "holds"))
            \(holdForm)
            """
    }
}
