extension Pages {
    /// 工作人员登录.
    static func login(token: String, next: String?, problem: String?, _ words: Words) -> HTML {
        let alert = Pages.alert(problem)
        let nextField: HTML? = next.map { "<input type=\"hidden\" name=\"next\" value=\"\($0)\">" }
        return """
            \(alert)
            <form method="post" action="/login" class="card narrow" id="login">
            <input type="hidden" name="_csrf" value="\(token)">
            \(nextField)
            <label>\(words("用户名", "User name")) <input name="name" autocomplete="username" required autofocus></label>
            <label>\(words("密码", "Password")) <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(words("登录", "Log in"))</button>
            <p class="hint">\(words("连续 5 次输入错误后，该用户名将暂停登录一段时间。忘记密码请联系管理员重置。",
                "After 5 wrong passwords the name is locked for a while. If you forgot your password, ask an administrator to reset it."))</p>
            </form>
            """
    }

    /// 修改密码 (required after an administrator set or reset it).
    static func password(_ staff: Staff, problem: String?, _ words: Words) -> HTML {
        let alert = Pages.alert(problem)
        let must: HTML? =
            staff.account.mustChangePassword
            ? "<p class=\"notice\">\(words("这是管理员设置的初始密码，请先设置您自己的密码。", "This password was set by an administrator: choose your own first."))</p>" : nil
        return """
            \(must)\(alert)
            <form method="post" action="/account/password" class="card narrow" id="password">
            \(csrf(staff))
            <label>\(words("原密码", "Current password")) <input name="old" type="password" autocomplete="current-password" required></label>
            <label>\(words("新密码", "New password")) <input name="new" type="password" autocomplete="new-password" required minlength="10"></label>
            <label>\(words("再输入一次新密码", "New password again")) <input name="again" type="password" autocomplete="new-password" required minlength="10"></label>
            <p class="hint">\(words("至少 10 个字符，须同时含有字母（或汉字）和数字。", "At least 10 characters, with letters and digits."))</p>
            <button type="submit">\(words("保存", "Save"))</button>
            </form>
            """
    }
}
