import Foundation
import Inspection

extension Pages {
    /// The case files due for appraisal on a day, with the disposal form for today's and the lists made.
    static func disposal(_ view: Workbench.DisposalView, staff: Staff, notice: String?, _ words: Words) -> HTML {
        let may = staff.account.role.may(.disposeArchive) && view.day <= view.today
        let rows: [[HTML]] = view.due.map { row in
            let box: HTML =
                may && row.holds.isEmpty
                ? "<input type=\"checkbox\" name=\"code\" value=\"\(row.code)\" form=\"dispose\">" : ""
            let held: String = row.holds.isEmpty ? "" : words("保全中：", "on hold: ") + row.holds.joined(separator: "；")
            return [box, text(row.code), text(row.title), text(row.retention), text(row.due), text(row.visit ?? "—"), text(held)]
        }
        let table = Pages.table(
            ["", words("档号", "Code"), words("题名", "Title"), words("保管期限", "Retention"), words("到期日期", "Due"), words("检查", "Visit"), words("保全", "Hold")],
            rows, empty: words("到 \(view.day.description) 没有到期的案卷。", "No case file is due by \(view.day.description)."), id: "due")
        let form: HTML? =
            may && view.due.contains(where: { $0.holds.isEmpty })
            ? """
            <form method="post" action="/archive/disposal" class="card" id="dispose">\(csrf(staff))
            <h2>\(words("销毁勾选的案卷", "Dispose of the ticked case files"))（\(view.today.description)）</h2>
            <p>\(words("销毁时生成销毁清册，保留每个版本的元数据、清单和事件记录（销毁记录永久保存），再删除案卷内容。保全中的案卷不能销毁。", "A 销毁清册 is printed, each version's metadata, manifests and events are kept for good (the tombstone), and only then is the content removed. A case file on hold cannot be disposed of."))</p>
            <label>\(words("鉴定人", "Appraiser")) <input name="appraiser" required maxlength="50"></label>
            <label>\(words("批准人", "Approver")) <input name="approver" required maxlength="50"></label>
            <label>\(words("监销人", "Supervisor")) <input name="supervisor" required maxlength="50"></label>
            <label>\(words("鉴定意见", "Opinion")) <input name="opinion" value="已到保管期限，经鉴定无继续保存价值" maxlength="200"></label>
            <button type="submit">\(words("销毁", "Dispose"))</button></form>
            """ : nil
        let lists = view.lists.map { "<li><a href=\"/archive/disposals/\(segment: $0)\">\($0)</a></li>" as HTML }
        let ahead: String? =
            view.day > view.today
            ? words(
                "这是截至 \(view.day.description) 的到期情况，供提前安排鉴定；只能销毁今天（\(view.today.description)）已到期的案卷。",
                "These fall due by \(view.day.description), to plan the appraisal; only those due today (\(view.today.description)) can be disposed of.")
            : nil
        let message: HTML? = (notice ?? ahead).map { "<div class=\"notice\" role=\"status\">\($0)</div>" }
        return """
            \(message)
            <form method="get" action="/archive/disposal" class="inline">
            <label>\(words("到期日截至", "Due by")) <input type="date" name="on" value="\(view.day.description)"></label>
            <button type="submit">\(words("查看", "Show"))</button></form>
            \(table)
            \(form)
            <h2>\(words("历次销毁清册", "Disposal lists"))</h2>
            \(lists.isEmpty ? "<p class=\"empty\">\(words("尚无。", "None yet."))</p>" as HTML : "<ul id=\"lists\">\(lists)</ul>")
            """
    }
}
