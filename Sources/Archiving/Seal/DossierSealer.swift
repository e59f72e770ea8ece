import Foundation
import Inspection
import Store
import Support
import XMLCore

/// Seals one case file per inspected target (一对象一档案, 002 (二十六)) from the workspace: the
/// documents issued (as recorded, each checked against its recorded SHA-256), the evidence, an excerpt
/// of the draw record, every version of the result and the case's audit events — as a signed BagIt
/// package, catalogued with its retention term.
///
/// ```swift
/// let layout = DossierLayout(forms: ["检查告知书", "行政检查登记表"], caseForms: ["卷宗封面", "卷内文件目录", "备考表"])
/// let sealer = DossierSealer(workspace: workspace, layout: layout, policy: policy, schema: schema, key: key, actor: "档案员")
/// let sealed = try sealer.seal(task: "2024-01", date: "2024-08-20", sm3: true)
/// ```
public struct DossierSealer {
    /// A package written (or found unchanged).
    public struct Sealed: Sendable, Codable, Hashable {
        public var code: String
        public var version: Int
        public var visit: String
        public var path: String
        public var sealValue: String
        public var files: Int
        public var due: String?
        /// False when the case file had not changed since its last package, which was kept.
        public var written: Bool
    }

    public let workspace: any CaseStore
    public let layout: DossierLayout
    public let policy: RetentionPolicy
    public let schema: XMLSchema
    public let key: OfficeKey
    public let actor: String
    /// For tests: called before each write step of a package (see `BagPackage.write`).
    var failpoint: ((String) throws -> Void)?

    public init(workspace: any CaseStore, layout: DossierLayout, policy: RetentionPolicy, schema: XMLSchema, key: OfficeKey, actor: String) {
        self.workspace = workspace
        self.layout = layout
        self.policy = policy
        self.schema = schema
        self.key = key
        self.actor = actor
    }

    /// The package folder of the workspace.
    public var folder: String { workspace.layout.packages }

    /// Seals the case file of every visit of a task that has a result, or of the visits named.
    /// - Parameters:
    ///   - targets: visit numbers or credit codes; empty: every visit with a result.
    ///   - date: the sealing date (Bagging-Date, the creation event): the same date gives the same bytes.
    ///   - sm3: also compute SM3 digests (GB/T 32905-2016) in the same pass.
    ///   - reason: why a changed case file is sealed again (an amendment), when it is.
    /// - Throws: `ArchiveError` listing every visit that cannot be sealed and why.
    public func seal(task id: String, targets: [String] = [], date: String, sm3: Bool, reason: String? = nil) throws -> [Sealed] {
        try seal(task: id, targets: targets, date: date, sm3: sm3, reason: reason, dryRun: false)
    }

    /// The visits whose case files a seal would write now (never sealed, or changed since), writing no
    /// package — only adopting one an interrupted seal left uncatalogued: their own forms (备考表…) are
    /// printed for this sealing first.
    public func pending(task id: String, targets: [String] = [], date: String) throws -> [String] {
        try seal(task: id, targets: targets, date: date, sm3: false, reason: nil, dryRun: true).filter(\.written).map(\.visit)
    }

    func seal(task id: String, targets: [String], date: String, sm3: Bool, reason: String?, dryRun: Bool) throws -> [Sealed] {
        let (task, all) = try workspace.caseFiles(task: id)
        var files = all
        if !targets.isEmpty {
            let unknown = targets.filter { wanted in !files.contains { $0.visit.id == wanted || $0.visit.target == wanted.uppercased() } }
            if !unknown.isEmpty {
                throw ArchiveError(
                    zh: "任务 \(id) 没有这些检查对象：\(unknown.joined(separator: "、"))",
                    en: "task \(id) has no visit for: \(unknown.joined(separator: ", "))")
            }
            files = files.filter { file in targets.contains { $0 == file.visit.id || $0.uppercased() == file.visit.target } }
            let open = files.filter { $0.result == nil }.map(\.visit.id)
            if !open.isEmpty {
                throw ArchiveError(
                    zh: "尚未登记检查结果，不能立卷：\(open.joined(separator: "、"))",
                    en: "no result recorded yet, so no case file: \(open.joined(separator: ", "))")
            }
        }
        let draw = try workspace.lockedDraw(task: id, candidates: false)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // What killed seals left half-written is cleared first (only files of processes that are gone).
        if !dryRun { StaleFiles.sweep(folder) }
        let settings = try workspace.settings()
        var sealed: [Sealed] = []
        for file in files {
            guard let stored = file.result else { continue }
            sealed.append(
                try seal(file, task: task, stored: stored, settings: settings, draw: draw, date: date, sm3: sm3, reason: reason, dryRun: dryRun))
        }
        return sealed
    }

    // MARK: - One case file

    /// One payload file and how 卷内文件目录 describes it.
    struct Item {
        var number: Int
        var title, documentNumber, creator, date, kind, name: String
    }

    func seal(
        _ file: CaseFile, task: PlanTask, stored: StoredResult, settings: OfficeSettings,
        draw: (record: DrawRecord, path: String, sha256: String), date: String, sm3: Bool, reason: String?, dryRun: Bool = false
    ) throws -> Sealed {
        let visit = file.visit
        let result = stored.result
        let term = policy.term(status: result.status, outcome: result.outcome, closed: file.closed, rectifyBy: result.rectifyBy?.description ?? "", filed: date)
        var previous = try workspace.latestDossier(visit: visit.id)
        if let adopted = try adoptInterrupted(visit: visit.id, after: previous, term: term, fonds: settings.fondsNumber, task: task, sequence: file.sequence) {
            previous = adopted
        }
        // A case file keeps the 档号 it was first given, also when an amendment changes its term.
        let code =
            previous?.code
            ?? ArchivalCode.dossier(fonds: settings.fondsNumber, year: task.year, sequence: file.sequence, retention: term.retention)
        let (payload, items) = self.payload(of: file, office: settings.office)
        if payload.isEmpty {
            throw ArchiveError(
                zh: "\(visit.id) 没有可归档的文书或证据：请先 spotcheck render --all --task \(task.id)",
                en: "\(visit.id) has no documents or evidence to archive: run spotcheck render --all --task \(task.id) first")
        }
        let reads = try BagPackage.read(payload, sm3: sm3)
        var metadata = self.metadata(of: file, task: task, code: code, term: term, settings: settings, items: items, reads: reads)
        let manifest = BagPackage.manifest(reads, sm3: false)
        // What the case file holds: the payload and its description. Pages and fonts are read from the payload
        // (which the manifest covers), so they are left out: a package sealed before they were recorded is not
        // sealed again for them.
        let contentDigest = sha256Hex(manifest + (try metadata.xml(layout: false)))
        if let previous {
            if previous.contentDigest == contentDigest {
                return Sealed(
                    code: previous.code, version: previous.version, visit: visit.id, path: previous.path, sealValue: previous.sealValue,
                    files: reads.count, due: previous.due, written: false)
            }
            if dryRun {
                return Sealed(
                    code: code, version: previous.version + 1, visit: visit.id, path: "", sealValue: "", files: reads.count, due: term.due,
                    written: true)
            }
            // 002 (二十三): a sealed package is never changed; the amendment is version N+1 citing N's seal.
            metadata.version = previous.version + 1
            metadata.previousSeal = previous.sealValue
            metadata.amendment = reason ?? stored.correction ?? "案卷内容变更"
        }
        if dryRun {
            return Sealed(code: code, version: 1, visit: visit.id, path: "", sealValue: "", files: reads.count, due: term.due, written: true)
        }
        var tags = try tagFiles(
            of: file, metadata: metadata, term: term, task: task, settings: settings, reads: reads, manifest: manifest, stored: stored,
            draw: draw, date: date, sm3: sm3)
        let sealValue = try BagPackage.sign(&tags, with: key)

        let fileName = Self.fileName(code: code, version: metadata.version)
        try BagPackage.write(
            root: fileName.replacingOccurrences(of: ".zip", with: ""), tags: tags, payload: reads, to: "\(folder)/\(fileName)",
            failpoint: failpoint)
        let relative = WorkspaceLayout.relativePackage(fileName)
        try failpoint?("catalog")
        try workspace.catalog(
            CatalogedDossier(
                code: code, version: metadata.version, visit: visit.id, task: task.id, title: metadata.title, path: relative,
                sealValue: sealValue, contentDigest: contentDigest, className: term.className, retention: term.retention.label,
                due: term.due, sealedAt: date, actor: actor),
            actor: actor)
        return Sealed(
            code: code, version: metadata.version, visit: visit.id, path: relative, sealValue: sealValue, files: reads.count, due: term.due,
            written: true)
    }

    /// A package of this case file's next version already in place but not in the catalogue: a seal killed
    /// (or out of disk) after its rename and before its catalogue entry. Adopted when it verifies with the
    /// office's key — it is what that run sealed — with an audit entry saying so; otherwise refused with
    /// what to do, instead of every later seal failing on "已存在".
    func adoptInterrupted(visit: String, after previous: CatalogedDossier?, term: RetentionPolicy.Term, fonds: String, task: PlanTask, sequence: Int)
        throws -> CatalogedDossier?
    {
        let code =
            previous?.code ?? ArchivalCode.dossier(fonds: fonds, year: task.year, sequence: sequence, retention: term.retention)
        let fileName = Self.fileName(code: code, version: (previous?.version ?? 0) + 1)
        let path = "\(folder)/\(fileName)"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let verifier = PackageVerifier(schema: schema, trustedKey: key.publicKey)
        let report = verifier.verify(path)
        guard PackageVerifier.isIntact(report), report.code == code, report.version == (previous?.version ?? 0) + 1 else {
            throw ArchiveError(
                zh: "档案包 \(fileName) 已在档案文件夹中，但不在目录里，且未通过检测（\(report.problems.prefix(3).map(\.zh).joined(separator: "；"))）：请核查后移出该文件，再重新封存",
                en: "\(fileName) is in the archive folder but not in the catalogue, and it does not verify (\(report.problems.prefix(3).map(\.en).joined(separator: "; "))): look into it, move it away, and seal again")
        }
        guard var found = try CatalogScanner.describe(package: path, path: WorkspaceLayout.relativePackage(fileName)) else { return nil }
        found.visit = visit
        found.actor = actor
        try workspace.catalog(found, actor: actor)
        return found
    }

    /// The payload: documents issued (a 件 in its DOCX and PDF renditions, in the layout's order), then
    /// the evidence; with how each is described.
    func payload(of file: CaseFile, office: String) -> (payload: [BagPackage.Payload], items: [Item]) {
        let order = Dictionary(layout.forms.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        func rank(_ document: IssuedDocument) -> (Int, String, Int) {
            (order[document.form] ?? Int.max, document.form, document.format == "docx" ? 0 : 1)
        }
        let documents = file.documents.filter { !layout.caseForms.contains($0.form) }.sorted { rank($0) < rank($1) }
        var payload: [BagPackage.Payload] = []
        var items: [Item] = []
        var number = 0
        var lastForm = ""
        for document in documents {
            if document.form != lastForm { number += 1 }
            lastForm = document.form
            let name = String(format: "%04d", number) + "-\(document.form).\(document.format)"
            payload.append(.init(name: name, source: absolute(document.path), expectedSHA256: document.sha256))
            items.append(
                Item(
                    number: number, title: "\(file.targetName)\(document.form)", documentNumber: document.number ?? "", creator: office,
                    date: document.dated, kind: "文书", name: name))
        }
        for evidence in file.evidence {
            number += 1
            let name = String(format: "%04d", number) + "-\(evidence.name)"
            payload.append(.init(name: name, source: absolute(evidence.path), expectedSHA256: evidence.sha256))
            items.append(
                Item(
                    number: number, title: "现场检查证据：\(evidence.name)", documentNumber: "", creator: "检查组", date: file.closed, kind: "证据",
                    name: name))
        }
        return (payload, items)
    }

    /// dossier.xml's content for version 1.
    func metadata(
        of file: CaseFile, task: PlanTask, code: String, term: RetentionPolicy.Term, settings: OfficeSettings, items: [Item],
        reads: [BagPackage.Read]
    ) -> DossierMetadata {
        let visit = file.visit
        let result = file.result?.result
        let byName = Dictionary(reads.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let dates = items.map(\.date).filter { !$0.isEmpty } + [visit.date, file.closed]
        return DossierMetadata(
            archivalCode: code, fonds: settings.fondsNumber, category: ArchivalCode.category, year: task.year, retention: term.retention,
            sequence: file.sequence, title: "\(file.targetName)医疗保障基金“双随机、一公开”抽查卷宗（\(task.year)年度）",
            creator: settings.office, start: dates.min() ?? visit.date, end: dates.max() ?? file.closed, due: term.due, version: 1,
            previousSeal: nil, amendment: nil, targetName: file.targetName, creditCode: visit.target, targetType: file.target?.type ?? "",
            tasks: visit.tasks.map { id in (id, file.tasks.first { $0.id == id }?.name ?? "") }, visit: visit.id, visitDate: visit.date,
            team: file.team.map { DossierMetadata.Member(name: $0.name, certificate: $0.certificate, role: $0.role.rawValue) },
            checkItems: file.items, status: result?.status.rawValue ?? "", outcome: result?.conclusion ?? "",
            rectifyBy: result?.rectifyBy?.description ?? "", closed: file.closed,
            items: items.compactMap { item in
                guard let read = byName[item.name.precomposedStringWithCanonicalMapping] else { return nil }
                let (pages, fonts) = Self.layout(of: read)
                return .init(
                    number: item.number, title: item.title, documentNumber: item.documentNumber, creator: item.creator, date: item.date,
                    kind: item.kind, path: "data/\(read.name)", size: read.bytes.count, sha256: read.sha256, sm3: read.sm3, pages: pages,
                    fonts: fonts)
            },
            classification: settings.classification)
    }

    /// A file's pages and fonts as dossier.xml records them: a PDF's from the PDF, a photo one page.
    static func layout(of read: BagPackage.Read) -> (pages: Int?, fonts: [PDFFacts.Font]) {
        guard (read.name as NSString).pathExtension.lowercased() == "pdf" else { return (PDFFacts.pages(named: read.name) { nil }, []) }
        let facts = PDFFacts(read.bytes)
        return (facts.pages, facts.fonts)
    }

    /// The tag files, unsigned: declaration, bag-info, manifests, dossier.xml (validated), events and
    /// the case file's own documents.
    func tagFiles(
        of file: CaseFile, metadata: DossierMetadata, term: RetentionPolicy.Term, task: PlanTask, settings: OfficeSettings,
        reads: [BagPackage.Read], manifest: [UInt8], stored: StoredResult, draw: (record: DrawRecord, path: String, sha256: String),
        date: String, sm3: Bool
    ) throws -> [(String, [UInt8])] {
        let visit = file.visit
        let dossierXML = try metadata.xml()
        let violations = schema.violations(in: try XMLDocument(bytes: dossierXML, source: "dossier.xml"))
        if !violations.isEmpty {
            throw ArchiveError(
                zh: "\(visit.id) 的 dossier.xml 不符合 archive/dossier.xsd：\(violations.map(\.description).joined(separator: "；"))",
                en:
                    "\(visit.id): dossier.xml does not validate against archive/dossier.xsd: \(violations.map(\.description).joined(separator: "; "))"
            )
        }
        var info = [
            ("Source-Organization", settings.office), ("External-Identifier", metadata.archivalCode),
            ("External-Description", metadata.title), ("Bagging-Date", date),
            ("Payload-Oxum", "\(reads.reduce(0) { $0 + $1.bytes.count }).\(reads.count)"), ("Bag-Group-Identifier", task.id),
            ("Retention-Period", term.retention.label), ("Retention-Class", term.className),
            ("Retention-Due", term.due ?? "永久"), ("Dossier-Version", String(metadata.version)),
            ("Signing-Key-Fingerprint", key.fingerprint), ("Signing-Public-Key", key.publicKey),
        ]
        if let previousSeal = metadata.previousSeal { info.append(("Previous-Seal", previousSeal)) }
        var tags: [(String, [UInt8])] = [
            ("bagit.txt", BagPackage.declaration), ("bag-info.txt", BagPackage.bagInfo(info)), ("manifest-sha256.txt", manifest),
        ]
        if sm3 { tags.append(("manifest-sm3.txt", BagPackage.manifest(reads, sm3: true))) }
        tags.append(("dossier.xml", dossierXML))
        tags.append(("events.xml", try Self.events(metadata: metadata, date: date, files: reads.count, sm3: sm3, actor: actor)))
        tags.append(("卷内文件目录.csv", Self.contentsCSV(metadata)))
        tags.append(("备考表.txt", remarks(metadata, stored: stored, date: date, checker: settings.people["检查人"] ?? "")))
        tags.append(("抽取记录摘录.xml", try drawExcerpt(draw, target: visit.target, task: task)))
        tags.append(("检查结果.json", try resultsJSON(visit.id)))
        tags.append(("审计事件.json", try auditJSON(visit.id)))
        for document in file.documents where layout.caseForms.contains(document.form) {
            tags.append(("\(document.form).\(document.format)", try readVerified(document)))
        }
        return tags
    }

    /// `J045-JC-2024-D30-0001-v1.zip`: the 档号 with `·` as `-`, so every zip tool shows it alike.
    static func fileName(code: String, version: Int) -> String {
        "\(code.replacingOccurrences(of: "·", with: "-"))-v\(version).zip"
    }

    func absolute(_ path: String) -> String { workspace.absolutePath(path) }

    func readVerified(_ document: IssuedDocument) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: absolute(document.path)) else {
            throw ArchiveError(zh: "找不到文件 \(document.path)", en: "missing file \(document.path)")
        }
        let bytes = Array(data)
        guard sha256Hex(bytes) == document.sha256 else {
            throw ArchiveError(zh: "\(document.path) 在出具后被改动", en: "\(document.path) changed after it was issued")
        }
        return bytes
    }

    // MARK: - Tag files

    /// `events.xml`: a PREMIS-style log of what happened to the package (creation, digests, the fixity
    /// check of the sources against the digests recorded when they were issued, an amendment).
    static func events(metadata: DossierMetadata, date: String, files: Int, sm3: Bool, actor: String) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("events", attributes: [("xmlns", "urn:spotcheck:events:1"), ("object", metadata.archivalCode)])
        func event(_ type: String, _ detail: String, outcome: String = "success") throws {
            try writer.startElement("event", attributes: [("type", type), ("date", date), ("agent", actor), ("outcome", outcome)])
            try writer.text(detail)
            try writer.endElement()
        }
        try event(
            "creation",
            "spotcheck archive seal：\(metadata.visit.isEmpty ? metadata.archivalCode : metadata.visit)，\(files) 个文件，第 \(metadata.version) 版"
        )
        try event("message digest calculation", sm3 ? "SHA-256、SM3（GB/T 32905-2016）" : "SHA-256")
        try event("fixity check", "每个文书与出具时记录的 SHA-256 一致；写入后逐条复核")
        if let previous = metadata.previousSeal {
            try event("amendment", "第 \(metadata.version - 1) 版封印值 \(previous)；原因：\(metadata.amendment ?? "")")
        }
        try writer.endElement()
        try writer.finish()
        return output
    }

    /// `卷内文件目录.csv`: one row per 件 (DA/T 22-2015), its renditions (DOCX and PDF of one document)
    /// listed in the row — format, path and SHA-256 each joined by `；` in the same order.
    static func contentsCSV(_ metadata: DossierMetadata) -> [UInt8] {
        var text = CSV.line(["件号", "文号", "责任者", "题名", "日期", "页数", "密级", "类别", "格式", "路径", "SHA256"])
        var pieces: [[DossierMetadata.Item]] = []
        for item in metadata.items {
            if let last = pieces.last?.first, last.number == item.number { pieces[pieces.count - 1].append(item) } else { pieces.append([item]) }
        }
        for renditions in pieces {
            let item = renditions[0]
            let pages = renditions.compactMap(\.pages).first.map(String.init) ?? ""
            text += CSV.line([
                String(item.number), item.documentNumber, item.creator, item.title, item.date.filter(\.isNumber), pages,
                metadata.classification, item.kind,
                renditions.map { ($0.path as NSString).pathExtension.uppercased() }.joined(separator: "；"),
                renditions.map(\.path).joined(separator: "；"), renditions.map(\.sha256).joined(separator: "；"),
            ])
        }
        // A BOM, so Excel opens the Chinese as UTF-8.
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    func remarks(_ metadata: DossierMetadata, stored: StoredResult, date: String, checker: String) -> [UInt8] {
        let documents = Set(metadata.items.filter { $0.kind == "文书" }.map(\.number)).count
        let evidence = metadata.items.filter { $0.kind == "证据" }.count
        var text = "卷内备考表\n档号：\(metadata.archivalCode)\n"
        text += "本卷情况说明：本卷共 \(documents + evidence) 件，其中文书 \(documents) 件、证据材料 \(evidence) 件；处理意见：\(metadata.outcome)。\n"
        if let correction = stored.correction { text += "结果经更正：\(correction)（单位负责人：\(stored.unitHead ?? "")）。\n" }
        if let amendment = metadata.amendment {
            text += "第 \(metadata.version) 版，修改原因：\(amendment)；前版封印值：\(metadata.previousSeal ?? "")。\n"
        }
        text += "立卷人：\(actor)\n检查人：\(checker)\n立卷时间：\(date)\n"
        return Array(text.utf8)
    }

    func drawExcerpt(_ draw: (record: DrawRecord, path: String, sha256: String), target: String, task: PlanTask) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("drawExcerpt", attributes: [("xmlns", DrawRecord.namespace), ("algorithm", draw.record.algorithm)])
        try writer.element("task", attributes: [("id", task.id), ("name", task.name)], text: "")
        try writer.element("record", attributes: [("path", draw.path), ("sha256", draw.sha256)], text: "")
        try writer.element("seed", text: draw.record.seed)
        try writer.element("registry", attributes: [("hash", draw.record.registryHash)], text: "")
        try writer.element("drawnAt", text: draw.record.drawnAt)
        try writer.element("witnesses", text: draw.record.witnesses.joined(separator: "、"))
        if let selection = draw.record.result.first(where: { $0.drawn.contains(target) }) {
            try writer.element(
                "drawn",
                attributes: [
                    ("code", target), ("stratum", selection.stratum), ("population", String(selection.population)),
                    ("position", String((selection.drawn.firstIndex(of: target) ?? 0) + 1)),
                ], text: "")
        } else {
            // Joined through a visit of another task (002 (十五)).
            try writer.element("merged", attributes: [("code", target)], text: "")
        }
        try writer.endElement()
        try writer.finish()
        return output
    }

    func resultsJSON(_ visit: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(try workspace.results(of: visit))) + [0x0A]
    }

    func auditJSON(_ visit: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let entries = try workspace.auditEntries().filter { entry in
            entry.entityID == visit || entry.entityID.hasPrefix(visit + " ") || (entry.after?.contains("\"\(visit)\"") ?? false)
        }
        return Array(try encoder.encode(entries)) + [0x0A]
    }
}
