import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Tabular
import Workflow

/// 名录库 and 抽查计划: upload a CSV or XLSX, see every problem by row and column (or what would change),
/// confirm; the registries as they stand or as they stood on a day.
extension Workbench {
    /// The largest registry file accepted (a city's XLSX of a million rows is about 60 MB).
    static let registryUpload = 64 << 20

    func addRegistry(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/registry", .read) { request, context, staff, _ in
            let asOf = request.uri.queryParameters["asOf"].map(String.init).flatMap { CivilDate(parsing: $0) }
            let kind = request.uri.queryParameters["show"].map(String.init).flatMap(Registry.init(rawValue:)) ?? .targets
            let overview = try await blocking {
                try self.cached("registry \(kind.rawValue) \(asOf?.description ?? "")") { try self.registryOverview(showing: kind, asOf: asOf) }
            }
            let words = Words(english: context.english)
            return self.page(context, title: words("名录库和抽查计划", "Registries and plan"), body: Pages.registries(overview, staff: staff, words))
        }
        staff(router, &routes, .post, "/registry/{kind}/check", .importRegistry, upload: Self.registryUpload) { _, context, staff, fields in
            let registry = try Self.registry(context)
            guard let file = fields.files["file"] else { throw WebError(zh: "请选择要上传的文件", en: "choose a file to upload") }
            let service = RegistryService(store: self.workspace)
            self.sweepUploads()
            let check = try await blocking { try service.check(file.path, named: file.name, as: registry) }
            // A file that passed waits for its confirmation under a name of its own (everything else uploaded is
            // removed when the request ends).
            var kept = file
            if check.problems.isEmpty {
                kept.path = "\(self.workspace.layout.uploads)/upload-\(UUID().uuidString)"
                try FileManager.default.moveItem(atPath: file.path, toPath: kept.path)
            }
            let words = Words(english: context.english)
            return self.page(
                context, status: check.problems.isEmpty ? .ok : .unprocessableContent, title: words("检查上传的文件", "Checking the upload"),
                body: Pages.registryCheck(check, file: kept, staff: staff, words))
        }
        staff(router, &routes, .post, "/registry/{kind}/confirm", .importRegistry) { _, context, staff, fields in
            let registry = try Self.registry(context)
            guard let upload = fields["upload"], let path = self.staged(upload) else {
                throw WebError(zh: "上传的文件已失效，请重新上传", en: "the upload has expired; upload the file again", code: .notFound)
            }
            let name = Multipart.cleanName(fields["name"] ?? "")
            let service = RegistryService(store: self.workspace)
            let summary = try await blocking { () throws -> ImportSummary in
                defer { try? FileManager.default.removeItem(atPath: path) }
                return try service.importFile(path, named: name, as: registry, by: User(staff.account.name))
            }
            let words = Words(english: context.english)
            return self.page(context, title: words("已导入", "Imported"), body: Pages.imported(summary, registry: registry, name: name, words))
        }
    }

    static func registry(_ context: WebContext) throws -> Registry {
        let text = try Self.parameter(context, "kind")
        guard let registry = Registry(rawValue: text) else { throw WebError.notFound(text) }
        return registry
    }

    /// An upload of ours named by a form: `upload-UUID` in the uploads folder, a regular file; nil otherwise.
    func staged(_ name: String) -> String? {
        guard name.hasPrefix("upload-"), UUID(uuidString: String(name.dropFirst("upload-".count))) != nil else { return nil }
        let path = "\(workspace.layout.uploads)/\(name)"
        return Self.isRegularFile(path) ? path : nil
    }

    /// Removes uploads left for more than a day (checked and never confirmed, or left by a server that was
    /// stopped while it handled them).
    func sweepUploads(now: Date = Date()) {
        let folder = workspace.layout.uploads
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("upload-") || name.hasPrefix("evidence-") {
            let path = "\(folder)/\(name)"
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > 24 * 3600
            {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// Each registry's size and last import, and one registry's records (as of a day, or now).
    struct RegistryOverview: Sendable {
        struct Import: Sendable {
            var at: String
            var actor: String
            var file: String
        }
        var counts: [Registry: Int]
        var lastImports: [Registry: Import]
        var showing: Registry
        var asOf: CivilDate?
        var header: [String]
        var rows: [[String]]
        var total: Int
    }

    func registryOverview(showing: Registry, asOf: CivilDate?) throws -> RegistryOverview {
        // The end of the day in Beijing, in the UTC the history is kept in.
        let time = asOf.map { "\($0.description)T15:59:59Z" }
        var counts: [Registry: Int] = [:]
        for registry in Registry.allCases {
            counts[registry] = try workspace.count(registry)
        }
        var last: [Registry: RegistryOverview.Import] = [:]
        for entry in try workspace.auditEntries() where entry.action == .registryImport {
            guard let registry = Registry(rawValue: entry.entity) else { continue }
            let file = entry.after.flatMap { try? JSONDecoder().decode(AuditPayload.RegistryImport.self, from: Data($0.utf8)).file } ?? ""
            last[registry] = .init(at: entry.at, actor: entry.actor, file: file)
        }
        let (header, rows): ([String], [[String]]) =
            switch showing {
            case .targets:
                (["统一社会信用代码", "机构名称", "机构类型", "风险等级", "所属区域", "状态", "黑名单", "经营异常", "失信", "严重违法"],
                 try workspace.targets(asOf: time).map { t in
                    [t.creditCode, t.name, t.type, t.riskGrade, t.district, t.status] + [t.blacklisted, t.abnormal, t.dishonest, t.seriousViolation].map { $0 ? "是" : "否" }
                 })
            case .inspectors:
                (["姓名", "单位", "部门", "执法证号", "证件有效期至", "专家"],
                 try workspace.inspectors(asOf: time).map { [$0.name, $0.unit, $0.department, $0.certificate, $0.certificateValidUntil, $0.isExpert ? "是" : "否"] })
            case .items:
                (["事项名称", "事项类别", "检查对象", "抽查依据", "检查方式"],
                 try workspace.checkItems(asOf: time).map { [$0.name, $0.category, $0.targetKind, $0.basis, $0.method] })
            case .tasks:
                (["任务编号", "任务名称", "检查时间", "检查对象类型", "抽查比例"],
                 (try workspace.records(.tasks, asOf: time) as [PlanTask]).map { task in
                    [task.id, task.name, "\(task.start) — \(task.end)", task.targetTypes.joined(separator: "、"),
                     task.ratios.keys.sorted().map { "\($0)=\(task.ratios[$0].map(String.init(describing:)) ?? "")" }.joined(separator: "、")]
                 })
            case .upperDraws:
                (["统一社会信用代码", "年度", "抽查单位", "任务名称"],
                 (try workspace.records(.upperDraws, asOf: time) as [UpperDraw]).map { [$0.creditCode, String($0.year), $0.body, $0.task] })
            }
        return RegistryOverview(
            counts: counts, lastImports: last, showing: showing, asOf: asOf, header: header, rows: Array(rows.prefix(500)), total: rows.count)
    }
}
