import Foundation
import Inspection
import Support

/// The pages' HTML, built from data with escaping by default (`HTML`). Each page is a function of what
/// it shows; the routes gather the data.
enum Pages {
    /// The frame of every page: the office, the navigation a role may use, who is logged in.
    static func frame(title: String, office: String, staff: Staff?, words: Words, body: HTML) -> HTML {
        var links: [HTML] = []
        func link(_ href: String, _ zh: String, _ en: String) { links.append("<a href=\"\(href)\">\(words(zh, en))</a>") }
        if let staff {
            link("/desk", "工作台", "Desk")
            link("/registry", "名录库", "Registries")
            link("/visits", "检查结果", "Results")
            link("/objections", "异议", "Objections")
            if staff.account.role.may(.disposeArchive) { link("/archive/disposal", "到期销毁", "Disposal") }
            if staff.account.role.may(.verifyAudit) { link("/audit", "审计", "Audit") }
            if staff.account.role.may(.manageUsers) { link("/admin/users", "用户", "Users") }
        }
        link("/", "公开信息", "Public information")
        link("/public/verify", "核验抽取", "Verify a draw")
        let who: HTML =
            if let staff {
                """
                <span class="who">\(staff.account.name)（\(staff.account.role.label(english: words.english))）</span>
                <a href="/account/password">\(words("修改密码", "Password"))</a>
                <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="\(staff.session.csrf)">\
                <button type="submit" class="link">\(words("退出", "Log out"))</button></form>
                """
            } else {
                "<a href=\"/login\">\(words("工作人员登录", "Staff login"))</a>"
            }
        return """
            <!DOCTYPE html>
            <html lang="\(words.english ? "en" : "zh-CN")">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="X-UA-Compatible" content="IE=edge">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(office.isEmpty ? "SpotCheck" : office)</title>
            <link rel="stylesheet" href="/static/app.css">
            </head>
            <body>
            <header class="top">
            <div class="office">\(office)<small>\(words("医疗保障基金“双随机、一公开”监管", "双随机、一公开 spot checks of medical-insurance funds"))</small></div>
            <nav>\(HTML.joined(links, separator: " "))</nav>
            <div class="account">\(who)</div>
            </header>
            <main>
            <h1>\(title)</h1>
            \(body)
            </main>
            <footer>SpotCheck · \(words("本页由工作区数据生成", "generated from the workspace"))</footer>
            </body>
            </html>
            """
    }

    /// A short message with a heading.
    static func notice(_ heading: String, _ text: String, _ words: Words) -> HTML {
        "<div class=\"notice\"><h2>\(heading)</h2><p>\(text)</p><p><a href=\"/\">\(words("返回首页", "Back to the start"))</a></p></div>"
    }

    /// A message of what went wrong, when there is one.
    static func alert(_ text: String?) -> HTML? { text.map { "<div class=\"problem\" role=\"alert\">\($0)</div>" } }

    /// An error of ours, every line of it.
    static func problem(_ error: any SpotCheckError, _ words: Words) -> HTML {
        let lines = error.localized(english: words.english).split(separator: "\n").map { "<li>\($0)</li>" as HTML }
        return "<div class=\"problem\" role=\"alert\"><ul>\(lines)</ul></div>"
    }

    /// A table with a header row; every cell is escaped text unless given as HTML.
    static func table(_ headers: [String], _ rows: [[HTML]], empty: String, id: String? = nil) -> HTML {
        if rows.isEmpty { return "<p class=\"empty\">\(empty)</p>" }
        let head = headers.map { "<th>\($0)</th>" as HTML }
        let body = rows.map { row in "<tr>\(row.map { "<td>\($0)</td>" as HTML })</tr>" as HTML }
        let idAttribute: HTML? = id.map { " id=\"\($0)\"" }
        return "<table\(idAttribute)><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    /// A hidden field with the session's CSRF token: every form that changes something carries it.
    static func csrf(_ staff: Staff) -> HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(staff.session.csrf)\">" }

    static func text(_ value: String) -> HTML { "\(value)" }
}

extension Pages {
    /// An ISO 8601 time in UTC (`2026-12-02T01:03:48Z`, as the store keeps times) as Beijing time for a
    /// clerk (`2026-12-02 09:03`); a date alone, or anything else, as it is.
    static func beijing(_ iso: String) -> String {
        let characters = Array(iso)
        guard characters.count >= 17, iso.hasSuffix("Z"), characters[10] == "T", let day = CivilDate(parsing: String(characters[0..<10])),
            let hour = Int(String(characters[11..<13])), let minute = Int(String(characters[14..<16]))
        else { return iso }
        let shifted = hour + 8
        let date = shifted >= 24 ? day.adding(days: 1) : day
        return "\(date.description) \(String(format: "%02d:%02d", shifted % 24, minute))"
    }
}
