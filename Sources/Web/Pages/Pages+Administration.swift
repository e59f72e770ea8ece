import Inspection
import Store

extension Pages {
    /// 用户和角色.
    static func users(_ accounts: [Account], staff: Staff, problem: String?, _ words: Words) -> HTML {
        let alert = Pages.alert(problem)
        func roles(_ selected: StaffRole?) -> HTML {
            HTML.joined(StaffRole.allCases.map { role in
                "<option value=\"\(role.rawValue)\"\(role == selected ? " selected" : "")>\(role.label(english: words.english))</option>"
            })
        }
        let rows: [[HTML]] = accounts.map { account in
            let base = "/admin/users/\(HTML.percentEncoded(account.name))"
            let toggle = account.disabled ? "enable" : "disable"
            return [
                text(account.name), text(account.role.label(english: words.english)),
                text(account.disabled ? words("已停用", "disabled") : account.mustChangePassword ? words("待改初始密码", "to change initial password") : words("正常", "active")),
                text(String(account.createdAt.prefix(10))),
                """
                <form method="post" action="\(base)/role" class="inline">\(csrf(staff))<select name="role">\(roles(account.role))</select>\
                <button type="submit">\(words("改角色", "Set role"))</button></form>
                <form method="post" action="\(base)/\(toggle)" class="inline">\(csrf(staff))\
                <button type="submit">\(account.disabled ? words("启用", "Enable") : words("停用", "Disable"))</button></form>
                <form method="post" action="\(base)/reset" class="inline">\(csrf(staff))\
                <input name="password" type="password" placeholder="\(words("新的初始密码", "new initial password"))" autocomplete="new-password" required minlength="10">\
                <button type="submit">\(words("重置密码", "Reset password"))</button></form>
                """,
            ]
        }
        return """
            \(alert)
            \(table([words("用户名", "Name"), words("角色", "Role"), words("状态", "State"), words("建立日期", "Created"), words("操作", "Actions")],
                rows, empty: words("尚无用户。", "No users yet."), id: "users"))
            <form method="post" action="/admin/users" class="card" id="add-user">
            <h2>\(words("添加用户", "Add a user"))</h2>
            \(csrf(staff))
            <label>\(words("用户名（审计记录中记载的姓名）", "Name (as audit entries name them)")) <input name="name" required maxlength="32"></label>
            <label>\(words("角色", "Role")) <select name="role">\(roles(nil))</select></label>
            <label>\(words("初始密码（首次登录后须修改）", "Initial password (changed at the first login)")) <input name="password" type="password" autocomplete="new-password" required minlength="10"></label>
            <button type="submit">\(words("添加", "Add"))</button>
            </form>
            """
    }

    /// 审计记录: the verification of the trail, then its entries, newest first.
    static func audit(problems: [AuditTrail.Problem], entries: [AuditEntry], _ words: Words) -> HTML {
        let verdict: HTML =
            problems.isEmpty
            ? "<p class=\"ok\" id=\"audit-verdict\">\(words("审计记录完整：共 \(entries.count) 条，哈希链和签名的链头一致，所记录文件的 SHA-256 均与磁盘上的文件相符。", "The trail is intact: \(entries.count) entries; the hash chain, the signed head and every recorded file agree."))</p>"
            : """
            <div class="problem" role="alert" id="audit-verdict"><p>\(words("审计记录有 \(problems.count) 处问题：", "The trail has \(problems.count) problems:"))</p>\
            <ul>\(problems.map { "<li>\(words.english ? $0.en : $0.zh)</li>" as HTML })</ul></div>
            """
        let rows: [[HTML]] = entries.suffix(500).reversed().map { entry in
            [text(String(entry.sequence)), text(beijing(entry.at)), text(entry.actor), text(entry.actionName), text(entry.entity), text(entry.entityID)]
        }
        return """
            \(verdict)
            <h2>\(words("最近的记录", "Latest entries"))</h2>
            \(table([words("序号", "No."), words("时间（北京时间）", "Time (Beijing)"), words("操作人", "By"), words("操作", "Action"), words("对象", "Entity"), words("编号", "ID")],
                rows, empty: words("无。", "None."), id: "entries"))
            """
    }
}
