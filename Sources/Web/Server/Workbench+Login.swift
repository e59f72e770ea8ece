import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// Logging in and out, and a person's own password. The login form carries a token that must match a
/// cookie set with the form (there is no session yet to hold one).
extension Workbench {
    func addLogin(to router: Router<WebContext>, routes: inout Routes) {
        open(router, &routes, .get, "/login") { request, context in
            let token = AccountService.newToken()
            var response = self.loginPage(context, token: token, next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)))
            response.setCookie(self.cookie(Self.loginCookie, token, maxAge: 3600))
            return response
        }
        open(router, &routes, .post, "/login") { request, context in
            let words = Words(english: context.english)
            let fields = try await FormFields.read(request)
            let next = Self.safeNext(fields["next"])
            guard Self.sameOrigin(request), let expected = request.cookies[Self.loginCookie]?.value, let token = fields["_csrf"],
                Self.constantTimeEqual(token, expected)
            else {
                let fresh = AccountService.newToken()
                var response = self.loginPage(
                    context, token: fresh, next: next, problem: words("登录页面已过期，请重新输入。", "The login page expired; please try again."),
                    status: .forbidden)
                response.setCookie(self.cookie(Self.loginCookie, fresh, maxAge: 3600))
                return response
            }
            let name = fields["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let password = fields["password"] ?? ""
            let accounts = self.accounts
            // At most a few passwords are hashed at once (each takes 32 MiB and a tenth of a second): a flood
            // of logins is answered at once rather than queued in front of every other request.
            guard self.logins.enter() else {
                return self.loginPage(
                    context, token: token, next: next, problem: words("登录请求过多，请稍后再试。", "Too many logins at once; try again shortly."),
                    status: .serviceUnavailable)
            }
            defer { self.logins.leave() }
            do {
                let login = try await blocking { try accounts.logIn(name, password: password) }
                var response = Self.redirect(to: login.account.mustChangePassword ? "/account/password" : next ?? "/desk")
                response.setCookie(self.cookie(Self.sessionCookie, login.token, maxAge: Int(AccountService.sessionLifetime)))
                response.setCookie(self.cookie(Self.loginCookie, "", maxAge: 0))
                return response
            } catch let error as WorkflowError {
                return self.loginPage(context, token: token, next: next, problem: error.text.localized(english: context.english), status: .unauthorized)
            }
        }
        staff(router, &routes, .post, "/logout", .read) { request, context, staff, _ in
            let accounts = self.accounts
            let token = request.cookies[Self.sessionCookie]?.value ?? ""
            try await blocking { try accounts.logOut(token: token) }
            var response = Self.redirect(to: "/")
            response.setCookie(self.cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }
        staff(router, &routes, .get, "/account/password", .read) { _, context, staff, _ in
            let words = Words(english: context.english)
            return self.page(context, title: words("修改密码", "Change your password"), body: Pages.password(staff, problem: nil, words))
        }
        staff(router, &routes, .post, "/account/password", .read) { _, context, staff, fields in
            let words = Words(english: context.english)
            let (old, new, again) = (fields["old"] ?? "", fields["new"] ?? "", fields["again"] ?? "")
            guard new == again else {
                return self.page(
                    context, status: .badRequest, title: words("修改密码", "Change your password"),
                    body: Pages.password(staff, problem: words("两次输入的新密码不一致", "the two new passwords differ"), words))
            }
            let accounts = self.accounts
            do {
                // Every session of the account ends with the change; this browser gets a new one.
                let login = try await blocking { () throws -> AccountService.Login in
                    try accounts.changePassword(staff.account.name, old: old, new: new)
                    return try accounts.logIn(staff.account.name, password: new)
                }
                var response = Self.redirect(to: "/desk")
                response.setCookie(self.cookie(Self.sessionCookie, login.token, maxAge: Int(AccountService.sessionLifetime)))
                return response
            } catch let error as WorkflowError {
                return self.page(
                    context, status: .badRequest, title: words("修改密码", "Change your password"),
                    body: Pages.password(staff, problem: error.text.localized(english: context.english), words))
            }
        }
    }

    func loginPage(_ context: WebContext, token: String, next: String?, problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let words = Words(english: context.english)
        return page(context, status: status, title: words("工作人员登录", "Staff login"), body: Pages.login(token: token, next: next, problem: problem, words))
    }

    /// The session and login cookies: not readable by scripts, never sent by another site's page.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Where to go after logging in: a path of this site only (no `//host`, no scheme).
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://"),
            !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return nil }
        return next
    }
}
