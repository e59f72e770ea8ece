import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 异议: objections to published results — received, decided by review, the feedback given — each with
/// its deadline on the working-day calendar (002 (二十三)).
extension Workbench {
    func addObjections(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/objections", .read) { _, context, staff, _ in
            let workspace = self.workspace
            let objections = try await blocking { try self.cached("objections") { try workspace.objections() } }
            let words = Words(english: context.english)
            return self.page(context, title: words("异议处理", "Objections"), body: Pages.objections(objections, staff: staff, words))
        }
        staff(router, &routes, .post, "/objections", .handleObjection) { _, context, staff, fields in
            guard let visit = fields.trimmed("visit"), let text = fields.trimmed("on"), let day = CivilDate(parsing: text) else {
                throw WebError(zh: "请填写检查编号和收到日期", en: "give the visit and the day it was received")
            }
            let service = ObjectionService(store: self.workspace)
            _ = try await blocking {
                try service.receive(
                    visit: visit, on: day, applicant: fields.trimmed("applicant") ?? "", reason: fields.trimmed("reason") ?? "",
                    by: User(staff.account.name))
            }
            return Self.redirect(to: "/objections")
        }
        staff(router, &routes, .post, "/objections/{id}/decide", .handleObjection) { _, context, staff, fields in
            guard let id = Int(try Self.parameter(context, "id")), let text = fields.trimmed("on"), let day = CivilDate(parsing: text) else {
                throw WebError(zh: "请填写复查日期", en: "give the day of the decision")
            }
            let service = ObjectionService(store: self.workspace)
            _ = try await blocking { try service.decide(id, on: day, decision: fields.trimmed("decision") ?? "", by: User(staff.account.name)) }
            return Self.redirect(to: "/objections")
        }
        staff(router, &routes, .post, "/objections/{id}/feedback", .handleObjection) { _, context, staff, fields in
            guard let id = Int(try Self.parameter(context, "id")), let text = fields.trimmed("on"), let day = CivilDate(parsing: text) else {
                throw WebError(zh: "请填写反馈日期", en: "give the day of the feedback")
            }
            let service = ObjectionService(store: self.workspace)
            try await blocking { try service.recordFeedback(id, on: day, by: User(staff.account.name)) }
            return Self.redirect(to: "/objections")
        }
    }
}
