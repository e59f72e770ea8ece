import Archiving
import Forms
import Foundation
import Inspection
import Store
import Support
import XMLCore

/// Where the archive's data is: `archive/` beside the standard forms (retention table, dossier schema).
public struct ArchiveData: Sendable {
    public let policy: RetentionPolicy
    public let schema: XMLSchema

    /// The workspace's own `retention.json` when it has one, else the installation's.
    public static func load(_ catalog: FormCatalog, workspace: Workspace?) throws -> ArchiveData {
        let retention = catalog.retentionPath(workspace: workspace)
        let policy: RetentionPolicy
        do {
            policy = try RetentionPolicy(contentsOfFile: retention)
        } catch {
            throw WorkflowError(zh: "保管期限表 \(retention) 有误：\(error)", en: "the retention table \(retention) is not valid: \(error)")
        }
        let schema = try XMLSchema(document: try XMLDocument(contentsOfFile: "\(catalog.archiveFolder)/dossier.xsd"))
        return ArchiveData(policy: policy, schema: schema)
    }
}

/// A task's case files in the archive, for the command line and the workbench alike: sealing (with the
/// case files' own forms printed for the sealing), the 四性检测 with its report, and the export.
///
/// ```swift
/// let archive = try CaseArchiveService(documents: documents)
/// let outcome = try archive.seal(task: "2024-01", day: "2024-08-20", archivist: "王五")
/// ```
public struct CaseArchiveService: Sendable {
    /// What a sealing did: the packages (written or kept unchanged) and the task's draw records.
    public struct Sealing: Sendable {
        public var packages: [DossierSealer.Sealed]
        public var records: DrawRecordSealer.Sealed?
        public var notes: [DocumentService.Note]
    }

    /// What a check found, and the report printed.
    public struct Check: Sendable {
        public var reports: [PackageVerifier.Report]
        /// The report's files, relative to the workspace (DOCX, and PDF when LibreOffice is there).
        public var files: [String]
        public var notes: [DocumentService.Note]
        public var failed: Int { reports.filter { !$0.passed }.count }
        public var problems: Int { reports.reduce(0) { $0 + $1.problems.count } }
    }

    public let documents: DocumentService
    public let data: ArchiveData
    /// The tool line of a 四性检测报告: this program and its version.
    public let tool: String
    var workspace: Workspace { documents.workspace }

    public init(documents: DocumentService, tool: String) throws {
        self.documents = documents
        self.data = try ArchiveData.load(documents.catalog, workspace: documents.workspace)
        self.tool = tool
    }

    /// The 备考表's 检查人: who checked the case file before it is sealed (DA/T 22-2015), from the office's
    /// people — a second person, never the one who seals.
    public static func checker(settings: OfficeSettings) throws -> String {
        if let person = settings.people["检查人"], !person.trimmingCharacters(in: .whitespaces).isEmpty { return person }
        throw WorkflowError(
            zh: "备考表要署“检查人”（立卷前检查案卷质量的人员）的姓名：请先登记（spotcheck office --person 检查人=姓名）",
            en: "the 备考表 prints the 检查人 (who checks a case file before it is sealed): record one first (spotcheck office --person 检查人=NAME)")
    }

    /// The verifier with the office's keys, current and retired, as trust anchors.
    public func verifier() throws -> PackageVerifier {
        _ = try OfficeKey.load(from: workspace)
        return PackageVerifier(schema: data.schema, trustedKeys: try OfficeKey.keyring(of: workspace))
    }

    /// Seals the case file of every visit of a task with a result (or the visits named), and the task's
    /// draw records.
    /// - Parameters:
    ///   - archivist: the 立卷人 the 备考表 names: a person of the office.
    ///   - pdf: the case files' own forms as PDF too (those printed as PDF before always are).
    ///   - step: called with (step, of) as the sealing goes from forms to packages to draw records.
    public func seal(
        task: String, targets: [String] = [], day: String, archivist: String, sm3: Bool = false, pdf: Bool = false, reason: String? = nil,
        step: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Sealing {
        let sealer = DossierSealer(
            workspace: workspace, catalog: documents.catalog, policy: data.policy, schema: data.schema, key: try OfficeKey.load(from: workspace),
            actor: archivist)
        // Only the case files sealed now get their forms printed for this sealing; the others keep theirs.
        step?(0, 3)
        let pending = try sealer.pending(task: task, targets: targets, date: day)
        var notes: [DocumentService.Note] = []
        if !pending.isEmpty { notes = try printCaseForms(task: task, visits: pending, day: day, archivist: archivist, pdf: pdf) }
        step?(1, 3)
        let sealed = try sealer.seal(task: task, targets: targets, date: day, sm3: sm3, reason: reason)
        step?(2, 3)
        // The task's draw records (every attempt, the registry snapshot, the match records), sealed once per change.
        let records = try DrawRecordSealer(
            store: workspace, sealer: FolderSealer(key: try OfficeKey.load(from: workspace), schema: data.schema, actor: archivist)
        ).seal(task: task, date: day)
        step?(3, 3)
        return Sealing(packages: sealed, records: records, notes: notes)
    }

    /// Prints the case files' own forms for this sealing — 立卷时间 the sealing day, the 立卷人 and
    /// 检查人, the 件 and their pages as sealed — so the 备考表 in a package never disagrees with the
    /// package. A form that comes out as before keeps the PDF issued with it.
    func printCaseForms(task: String, visits: [String], day: String, archivist: String, pdf: Bool) throws -> [DocumentService.Note] {
        _ = try Self.checker(settings: workspace.settings())
        let renderer = FormRenderer(workspace: workspace, catalog: documents.catalog, filters: documents.filters, actor: archivist)
        let before = try documents.issuedByKey()
        let report = try renderer.render(
            FormRenderer.Request(forms: documents.catalog.forms.filter(\.isArchival), task: task, targets: visits, date: day))
        // PDFs where the office printed them before (or asks now): a stale 备考表.pdf must not stay beside a new DOCX.
        let wanted = report.written.filter { pdf || before[DocumentService.key($0, format: "pdf")] != nil }
        guard !wanted.isEmpty else { return [] }
        return try DocumentService.pdfs(
            of: wanted, issuedBefore: before, renderer: renderer, mapping: documents.fontMapping, workspace: workspace, actor: archivist
        ).notes
    }

    // MARK: - Appraisal and disposal

    /// The case files whose term has run out by `day` (latest versions, not disposed of), with their holds.
    public func due(on day: String) throws -> [ArchiveRetention.Due] {
        try ArchiveRetention(workspace: workspace, catalog: documents.catalog, actor: "").due(on: day)
    }

    /// Disposes of case files by the rules (`ArchiveRetention.dispose`): the 销毁清册 printed, tombstones kept.
    public func dispose(
        _ codes: [String], appraiser: String, approver: String, supervisor: String, opinion: String, on day: String, actor: String
    ) throws -> (list: String, documents: [IssuedDocument]) {
        try ArchiveRetention(workspace: workspace, catalog: documents.catalog, actor: actor).dispose(
            codes, appraiser: appraiser, approver: approver, supervisor: supervisor, opinion: opinion, on: day)
    }

    /// The latest package of each case file of a task (not disposed of), with the task's draw records.
    public func packages(task: String) throws -> [String] {
        let dossiers = try workspace.dossiers().filter { $0.task == task && $0.disposedAt == nil }
        let latest = Dictionary(grouping: dossiers, by: \.code).compactMap { $0.value.max { $0.version < $1.version } }
        var paths = latest.sorted { $0.code < $1.code }.map { workspace.absolutePath($0.path) }
        if let records = try drawRecords()[task] { paths.append(records) }
        return paths
    }

    /// Each task's latest package of draw records (archive/tasks, docs/DRAW.md), by task.
    public func drawRecords() throws -> [String: String] {
        var found: [String: String] = [:]
        for entry in try workspace.auditEntries() where entry.action == .archiveSeal && entry.entity == "task-records" {
            if let after = entry.after, let sealed = try? JSONDecoder().decode(AuditPayload.TaskRecords.self, from: Data(after.utf8)) {
                found[entry.entityID] = workspace.absolutePath(sealed.package)
            }
        }
        return found
    }

    /// The full 四性检测 of packages and its report (DOCX, and PDF when LibreOffice is there), signed by
    /// the office's 检查人, in the workspace's `archive/reports/`.
    public func check(
        _ packages: [String], scope: String, day: String, checker: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Check {
        let verifier = try self.verifier()
        let counter = Counter()
        let reports = try packages.parallelMap(chunk: 1) { path -> PackageVerifier.Report in
            defer { progress?(counter.advance(), packages.count) }
            return verifier.verify(path)
        }
        let report = CheckReport(
            verification: reports, full: true, day: day, scope: scope, tool: tool, checker: checker,
            trustedKey: try OfficeKey.load(from: workspace).fingerprint)
        let (files, notes) = try printReport(report, pdf: nil, actor: checker)
        let renderer = FormRenderer(workspace: workspace, catalog: documents.catalog, actor: checker)
        return Check(reports: reports, files: files.map { renderer.relative($0.path) }, notes: notes)
    }

    /// Exports packages with their index and 四性检测报告 to a folder or a `.zip` (written whole or not at all).
    public func export(
        _ packages: [String], to out: String, filter: ArchiveExport.Filter = .init(), full: Bool, pdf: Bool?, day: String, scope: String,
        checker: String, progress: (@Sendable () -> Void)? = nil
    ) throws -> (rows: [ArchiveExport.Row], notes: [DocumentService.Note]) {
        let verifier = try self.verifier()
        let fingerprint = try OfficeKey.load(from: workspace).fingerprint
        let notes = NoteList()
        let rows = try ArchiveExport(verifier: verifier, full: full).export(
            packages, to: out, filter: filter, publicKey: workspace.layout.publicKey, progress: progress
        ) { rows in
            let report = CheckReport(
                export: rows, full: full, day: day, scope: "\(scope)导出的 \(rows.count) 个档案包", tool: tool, checker: checker, trustedKey: fingerprint)
            let (files, printed) = try printReport(report, pdf: pdf, actor: checker)
            notes.append(printed)
            return files.map { ($0.name, $0.bytes) }
        }
        return (rows, notes.all)
    }

    /// Prints a 四性检测报告 into the workspace's `archive/reports/` (recorded like every document issued),
    /// with its PDF when LibreOffice is there (or `pdf` insists).
    /// - Returns: each file written: its name, path and bytes (for an export to carry).
    public func printReport(
        _ report: CheckReport, pdf: Bool?, actor: String
    ) throws -> (files: [(name: String, path: String, bytes: [UInt8])], notes: [DocumentService.Note]) {
        let renderer = FormRenderer(workspace: workspace, catalog: documents.catalog, filters: documents.filters, actor: actor)
        try FileManager.default.createDirectory(atPath: workspace.layout.reports, withIntermediateDirectories: true)
        var written = try renderer.render(report, into: workspace.layout.reports)
        var notes: [DocumentService.Note] = []
        let available = (try? OfficeConverter(fontConfiguration: nil)) != nil
        if pdf == true || (pdf == nil && available) {
            let made = try DocumentService.pdfs(
                of: written, issuedBefore: [:], renderer: renderer, mapping: documents.fontMapping, workspace: workspace, actor: actor)
            written += made.made
            notes += made.notes
        } else if pdf == nil {
            notes.append(
                .init(zh: "未安装 LibreOffice：四性检测报告只生成 DOCX", en: "LibreOffice is not installed: the check report is printed as DOCX only"))
        }
        let files = try written.map { document in
            let path = renderer.absolute(document.path)
            return ((path as NSString).lastPathComponent, path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        return (files, notes)
    }
}

/// Notes gathered inside a closure that must be `Sendable`.
final class NoteList: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [DocumentService.Note] = []

    func append(_ more: [DocumentService.Note]) {
        lock.lock()
        notes += more
        lock.unlock()
    }

    var all: [DocumentService.Note] {
        lock.lock()
        defer { lock.unlock() }
        return notes
    }
}
