import Foundation
import Inspection

extension Pages {
    /// A task for staff: its stage, the teams (and a substitution), the results and the publication.
    static func task(_ overview: Workbench.TaskOverview, staff: Staff, _ words: Words) -> HTML {
        let task = overview.task
        let role = staff.account.role
        let id = task.id
        var steps: [HTML] = []
        steps.append(
            "<li><a href=\"/tasks/\(segment: id)/draw\">\(words("随机抽取", "Draw"))</a>：\(overview.drawn == 0 ? words("待抽取", "to draw") : overview.locked ? words("已锁定", "locked") : words("已抽取 \(overview.drawn) 次，未锁定", "\(overview.drawn) attempts, not locked"))</li>")
        steps.append(
            "<li>\(words("匹配执法人员", "Match"))：\(overview.matchVersions == 0 ? words("未匹配", "not matched") : words("已匹配（第 \(overview.matchVersions) 版记录）", "matched (record version \(overview.matchVersions))"))</li>")
        let done = overview.rows.filter { $0.outcome != nil }.count
        steps.append("<li>\(words("检查结果", "Results"))：\(done)/\(overview.rows.count)</li>")
        steps.append("<li>\(words("结果公示", "Publication"))：\(overview.publishedOn ?? words("未公示", "not published"))</li>")
        let match: HTML? =
            overview.locked && overview.matchVersions == 0 && role.may(.match)
            ? """
            <form method="post" action="/tasks/\(segment: id)/match" class="card" id="match">\(csrf(staff))
            <p>\(words("按锁定的抽取结果生成检查，并从执法人员名录库随机选派检查组（组长在前；需要时另抽专家）。", "Turn the locked draw into visits and draw each visit's team from the inspector registry (leader first; an expert where needed)."))</p>
            <button type="submit">\(words("随机匹配执法人员", "Match inspectors"))</button></form>
            """ : nil
        let rows: [[HTML]] = overview.rows.map { row in
            [
                "<a href=\"/visits/\(segment: row.visit.id)\">\(row.visit.id)</a>", text(row.visit.date), text(row.targetName),
                text(row.team.map(\.name).joined(separator: "、")), text(row.outcome ?? words("待录入", "to record")),
            ]
        }
        let substitute: HTML? =
            overview.matchVersions > 0 && role.may(.approveSubstitution) && overview.publishedOn == nil
            ? substitutionForm(overview, staff: staff, words) : nil
        let missing = overview.rows.count - done
        let publish: HTML? =
            overview.publishedOn == nil && !overview.rows.isEmpty && role.may(.publish)
            ? """
            <form method="post" action="/tasks/\(segment: id)/publish" class="card" id="publish">\(csrf(staff))
            <h2>\(words("结果公示", "Publish the results"))</h2>
            \(missing > 0 ? "<p class=\"notice\">\(words("还有 \(missing) 个检查没有结果，全部录入后才能公示。", "\(missing) visits have no result yet; all must be recorded first."))</p>" as HTML : "")
            <p>\(words("公示前逐项检查公示内容，含有电话、身份证号、地址等个人信息的不予公示（002 (二十二)）。", "Before publishing, every field is checked: phone numbers, ID numbers and addresses are refused (002 (二十二))."))</p>
            <label>\(words("公示日期", "Day of publication")) <input type="date" name="on" required></label>
            <button type="submit">\(words("公示", "Publish"))</button></form>
            """ : nil
        let published: HTML? = overview.publishedOn.map { _ in "<p><a href=\"/public/tasks/\(segment: id)\">\(words("查看公开页面", "See the public page"))</a></p>" }
        return """
            <p class="tabs"><a href="/tasks/\(segment: id)/documents">\(words("文书", "Documents"))</a> · <a href="/tasks/\(segment: id)/archive">\(words("档案", "Archive"))</a></p>
            <ul class="steps">\(steps)</ul>
            \(match)
            <h2>\(words("检查和检查组", "Visits and teams"))</h2>
            \(table([words("检查编号", "Visit"), words("日期", "Date"), words("检查对象", "Target"), words("检查组（组长在前）", "Team (leader first)"), words("结果", "Result")],
                rows, empty: words("尚未匹配。", "Not matched yet."), id: "teams"))
            \(substitute)
            \(publish)
            \(published)
            """
    }

    static func substitutionForm(_ overview: Workbench.TaskOverview, staff: Staff, _ words: Words) -> HTML {
        let options = overview.rows.flatMap { row in
            row.team.map { member in
                "<option value=\"\(row.visit.id)|\(member.key)\">\(row.visit.id) \(row.visit.date) · \(member.name)</option>" as HTML
            }
        }
        return """
            <form method="post" action="/tasks/\(segment: overview.task.id)/substitute" class="card" id="substitute">\(csrf(staff))
            <h2>\(words("调换检查人员（负责人批准）", "Replace a team member (approved by the unit head)"))</h2>
            <p>\(words("被调换的人员由系统从当日空闲的人员中随机抽取替补，调换记入新版匹配记录（000 §14；002 (十八)）。", "The replacement is drawn at random from those free that day; the substitution goes into a new version of the match record (000 §14; 002 (十八))."))</p>
            <label>\(words("检查和人员", "Visit and person")) <select name="member" required>\(options)</select></label>
            <label>\(words("调换理由", "Reason")) <input name="reason" required maxlength="200"></label>
            <button type="submit">\(words("批准并调换", "Approve and replace"))</button></form>
            """
    }
}
