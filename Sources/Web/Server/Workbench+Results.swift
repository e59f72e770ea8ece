import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// 检查结果录入: the visits, and per visit its result (every version), its evidence with their SHA-256,
/// and the form an inspector or clerk fills in — photos uploaded with it.
extension Workbench {
    /// Evidence uploaded with one result: at most this much in all.
    static let evidenceUpload = 64 << 20

    func addResults(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/visits", .read) { request, context, staff, _ in
            let mine = request.uri.queryParameters["mine"] != nil
            let list = try await blocking { try self.cached("visits") { try self.visitList() } }
            let keys = try await blocking { try self.inspectorKeys(of: staff.account) }
            let words = Words(english: context.english)
            return self.page(context, title: words("检查结果录入", "Results"), body: Pages.visits(list, mine: mine, keys: keys, words))
        }
        staff(router, &routes, .get, "/visits/{visit}", .read) { _, context, staff, _ in
            let id = try Self.parameter(context, "visit")
            let detail = try await blocking { try self.visitDetail(id) }
            let words = Words(english: context.english)
            return self.page(context, title: words("检查 ", "Visit ") + id, body: Pages.visit(detail, staff: staff, problem: nil, words))
        }
        staff(router, &routes, .post, "/visits/{visit}/result", .recordResult, upload: Self.evidenceUpload) { _, context, staff, fields in
            let id = try Self.parameter(context, "visit")
            if let refusal = try await self.notOwnVisit(id, context: context, staff: staff) { return refusal }
            let folder = "\(self.workspace.layout.uploads)/evidence-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let existing = Set(try await blocking { try self.workspace.evidence(of: id).map(\.name) })
            let staged = try self.stageEvidence(fields.files, into: folder, besides: existing)
            let entry = Self.entry(id, fields)
            let service = ResultService(store: self.workspace)
            // A correction after publication is signed by the unit head who is logged in (002 (二十三)).
            let unitHead = staff.account.role.may(.correctPublished) ? staff.account.name : nil
            do {
                try await blocking {
                    try service.record(
                        entry, correction: fields.trimmed("correction"), unitHead: unitHead, evidence: staged,
                        basedOn: fields["basedOn"].flatMap { Int($0) }, by: User(staff.account.name))
                }
            } catch let error as any SpotCheckError {
                let detail = try await blocking { try self.visitDetail(id) }
                let words = Words(english: context.english)
                return self.page(
                    context, status: error.errorCode.hasSuffix(".conflict") ? .conflict : .unprocessableContent, title: words("检查 ", "Visit ") + id,
                    body: Pages.visit(detail, staff: staff, problem: error, entry: entry, words))
            }
            return Self.redirect(to: "/visits/\(HTML.percentEncoded(id))")
        }
        staff(router, &routes, .post, "/visits/{visit}/submit", .recordResult) { _, context, staff, fields in
            let id = try Self.parameter(context, "visit")
            if let refusal = try await self.notOwnVisit(id, context: context, staff: staff) { return refusal }
            let service = ResultService(store: self.workspace)
            let version = try Self.seenVersion(fields)
            try await blocking { try service.submit(visit: id, version: version, by: User(staff.account.name)) }
            return Self.redirect(to: "/visits/\(HTML.percentEncoded(id))")
        }
        staff(router, &routes, .post, "/visits/{visit}/review", .reviewResult) { _, context, staff, fields in
            let id = try Self.parameter(context, "visit")
            let service = ResultService(store: self.workspace)
            // Exactly one of the two decisions, each from its own form, for the version the page showed.
            guard let decision = fields["decision"], decision == "approve" || decision == "return" else {
                throw WebError(zh: "请选择审核通过或退回", en: "choose to approve or to return")
            }
            let version = try Self.seenVersion(fields)
            try await blocking {
                try service.review(
                    visit: id, version: version, approve: decision == "approve", note: fields.trimmed("note") ?? "", by: User(staff.account.name))
            }
            return Self.redirect(to: "/visits/\(HTML.percentEncoded(id))")
        }
    }

    /// The refusal for an inspector acting on a visit they are not on (000 §14); nil for anyone else.
    func notOwnVisit(_ id: String, context: WebContext, staff: Staff) async throws -> Response? {
        guard staff.account.role.recordsOwnVisitsOnly else { return nil }
        let (visit, keys) = try await blocking { (try self.workspace.visits().first { $0.id == id }, try self.inspectorKeys(of: staff.account)) }
        guard let visit else { throw WebError.notFound(id) }
        guard keys.isDisjoint(with: visit.inspectors + visit.experts) else { return nil }
        let words = Words(english: context.english)
        return page(context, status: .forbidden, title: words("无权操作", "Not allowed"), body: Pages.notice(
            words("无权操作", "Not allowed"),
            words("执法人员只能录入本人参加的检查的结果（000 §14）。", "An inspector records the results of their own visits only (000 §14)."), words))
    }

    /// The result version a review form showed (required).
    static func seenVersion(_ fields: FormFields) throws -> Int {
        guard let version = fields["version"].flatMap({ Int($0) }) else {
            throw WebError(zh: "表单缺少结果版本，请刷新页面后再操作", en: "the form names no result version; reload the page")
        }
        return version
    }

    /// A result as the form gives it: every field text, as a clerk typed it.
    static func entry(_ visit: String, _ fields: FormFields) -> ResultEntry {
        ResultEntry(visit: visit, finished: fields.trimmed("finished") ?? "") { entry in
            entry.status = fields.trimmed("status") ?? VisitStatus.checked.rawValue
            entry.started = fields.trimmed("started") ?? ""
            entry.method = fields.trimmed("method") ?? CheckMethod.onSite.rawValue
            let items = fields.all("item")
            let findings = fields.all("finding")
            entry.findings = zip(items, findings).compactMap { item, finding in
                let text = finding.trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : "\(item)=\(text)"
            }
            entry.outcome = fields.trimmed("outcome") ?? ""
            entry.rectifyBy = fields.trimmed("rectifyBy") ?? ""
            entry.remarks = fields.trimmed("remarks") ?? ""
            entry.signedBy = fields.trimmed("signedBy") ?? ""
            entry.refused = fields.trimmed("refused") ?? ""
            entry.witness = fields.trimmed("witness") ?? ""
            entry.violationAmount = fields.trimmed("violationAmount") ?? ""
            entry.recoveryAmount = fields.trimmed("recoveryAmount") ?? ""
            entry.nonCooperation = fields.all("nonCooperation").compactMap { Int($0) }
            entry.nonCooperationDetails = fields.trimmed("nonCooperationDetails") ?? ""
        }
    }

    /// Uploaded evidence renamed to the names the browser gave (cleaned, and made unique among themselves and
    /// the visit's evidence — every phone calls its photo image.jpg) in `folder`, as the evidence store
    /// records a file by its name. Empty files are left out.
    func stageEvidence(_ files: [String: Multipart.File], into folder: String, besides existing: Set<String>) throws -> [String] {
        let uploads = files.sorted { $0.key < $1.key }.map(\.value).filter { $0.size > 0 }
        guard !uploads.isEmpty else { return [] }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var used = existing
        var paths: [String] = []
        for file in uploads {
            var name = file.name
            var number = 2
            while used.contains(name) {
                name = "\(number)-\(file.name)"
                number += 1
            }
            used.insert(name)
            do {
                try FileManager.default.moveItem(atPath: file.path, toPath: "\(folder)/\(name)")
            } catch {
                throw WebError(zh: "无法保存上传的文件 \(file.name)", en: "cannot store the upload \(file.name)", code: .io, cause: error)
            }
            paths.append("\(folder)/\(name)")
        }
        return paths
    }

    /// The person's keys in the inspector registry (by name), for "my visits".
    func inspectorKeys(of account: Account) throws -> Set<String> {
        try cached("keys \(account.name)") { Set(try workspace.inspectors().filter { $0.name == account.name }.map(\.key)) }
    }

    /// Every visit with its target's name, its result's state and whether it is published.
    struct VisitList: Sendable {
        struct Item: Sendable {
            var visit: Visit
            var targetName: String
            var outcome: String?
            var published: Bool
        }
        var items: [Item]
    }

    func visitList() throws -> VisitList {
        let visits = try workspace.visits()
        let names = try workspace.targets(codes: Set(visits.map(\.target))).mapValues(\.name)
        let results = try workspace.currentResults()
        let published = Set(try workspace.publications().keys)
        return VisitList(items: visits.map { visit in
            VisitList.Item(
                visit: visit, targetName: names[visit.target] ?? "", outcome: results[visit.id]?.conclusion,
                published: !published.isDisjoint(with: visit.tasks))
        })
    }

    /// One visit: its target, team, tasks' items, every version of its result and its evidence.
    struct VisitDetail: Sendable {
        var visit: Visit
        var target: Target?
        var items: [String]
        var team: [String]
        var results: [StoredResult]
        var evidence: [Evidence]
        var published: Bool
        /// Whether the office reviews results before publication, and each review step of this visit.
        var reviewed: Bool
        var reviews: [ResultReview]

        /// Where the current version stands in its review.
        var reviewState: ResultReview.State? {
            guard let current = results.last else { return nil }
            return reviews.last { $0.version == current.version }.map { ResultReview.State.after($0.action) } ?? .draft
        }
    }

    func visitDetail(_ id: String) throws -> VisitDetail {
        guard let visit = try workspace.visits().first(where: { $0.id == id }) else { throw WebError.notFound(id) }
        let tasks = try workspace.tasks().filter { visit.tasks.contains($0.id) }
        let people = Dictionary(try workspace.inspectors().map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        var items: [String] = []
        for item in tasks.flatMap(\.items) where !items.contains(item) { items.append(item) }
        return VisitDetail(
            visit: visit, target: try workspace.targets(codes: [visit.target])[visit.target], items: items,
            team: (visit.inspectors + visit.experts).map { people[$0] ?? $0 }, results: try workspace.results(of: id),
            evidence: try workspace.evidence(of: id), published: !Set(try workspace.publications().keys).isDisjoint(with: visit.tasks),
            reviewed: try workspace.settings().resultReview, reviews: try workspace.reviews(visit: id))
    }
}
