import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 用户 (people and roles, for the administrator) and 审计 (the trail and its verification).
extension Workbench {
    func addAdministration(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/admin/users", .manageUsers) { _, context, staff, _ in
            try await self.usersPage(context, staff, problem: nil)
        }
        staff(router, &routes, .post, "/admin/users", .manageUsers) { _, context, staff, fields in
            let accounts = self.accounts
            guard let role = fields["role"].flatMap(StaffRole.init(label:)) else {
                return try await self.usersPage(context, staff, problem: Words(english: context.english)("请选择角色", "choose a role"))
            }
            let name = fields["name"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let password = fields["password"] ?? ""
            do {
                try await blocking { try accounts.add(name, role: role, password: password, by: User(staff.account.name)) }
            } catch let error as any SpotCheckError {
                return try await self.usersPage(context, staff, problem: error.text.localized(english: context.english))
            }
            return Self.redirect(to: "/admin/users")
        }
        for change in ["disable", "enable", "reset", "role"] {
            staff(router, &routes, .post, "/admin/users/{name}/\(change)", .manageUsers) { _, context, staff, fields in
                let name = try Self.parameter(context, "name")
                let accounts = self.accounts
                let by = User(staff.account.name)
                do {
                    switch change {
                    case "disable", "enable":
                        if name == staff.account.name {
                            throw WebError(zh: "不能停用自己的账号", en: "you cannot disable your own account")
                        }
                        try await blocking { try accounts.setDisabled(name, change == "disable", by: by) }
                    case "reset":
                        let password = fields["password"] ?? ""
                        try await blocking { try accounts.reset(name, password: password, by: by) }
                    default:
                        if name == staff.account.name {
                            throw WebError(zh: "不能更改自己的角色（以免没有管理员）", en: "you cannot change your own role (the office would be left without an administrator)")
                        }
                        guard let role = fields["role"].flatMap(StaffRole.init(label:)) else { throw WebError(zh: "请选择角色", en: "choose a role") }
                        try await blocking { try accounts.setRole(name, role, by: by) }
                    }
                } catch let error as any SpotCheckError {
                    return try await self.usersPage(context, staff, problem: error.text.localized(english: context.english))
                }
                return Self.redirect(to: "/admin/users")
            }
        }
        staff(router, &routes, .get, "/audit", .verifyAudit) { _, context, _, _ in
            let workspace = self.workspace
            let (problems, entries) = try await blocking { (try workspace.verifyAuditTrail(), try workspace.auditEntries()) }
            let words = Words(english: context.english)
            return self.page(context, title: words("审计记录", "Audit trail"), body: Pages.audit(problems: problems, entries: entries, words))
        }
    }

    func usersPage(_ context: WebContext, _ staff: Staff, problem: String?) async throws -> Response {
        let workspace = self.workspace
        let accounts = try await blocking { try workspace.accounts() }
        let words = Words(english: context.english)
        return page(
            context, status: problem == nil ? .ok : .badRequest, title: words("用户和角色", "Users and roles"),
            body: Pages.users(accounts, staff: staff, problem: problem, words))
    }
}
