import Foundation
import Inspection
import Store
import Support
import XMLCore
import ZipCore

/// Seals any folder as a signed BagIt package, described by a metadata file: for case files kept
/// outside the workspace (legacy files, another office's), with the same package layout and checks.
///
/// `META.json`:
/// ```json
/// {"档号": "J045-JC·2023-D30-0007", "题名": "…抽查卷宗", "责任者": "平顶山市卫东区医疗保障局",
///  "起始日期": "2023-03-01", "终止日期": "2023-05-10", "保管期限": "30年", "到期日期": "2054-01-01"}
/// ```
/// `全宗号`, `年度`, `件号` and `保管期限代码` are read from the 档号 when it follows DA/T 22.
public struct FolderSealer: Sendable {
    /// The metadata file's fields.
    public struct Metadata: Codable, Sendable {
        public var code: String
        public var title: String
        public var creator: String
        public var start: String
        public var end: String
        public var retention: String
        public var due: String?
        /// 件号, when the 档号 does not end in it.
        public var sequence: Int?

        public init(code: String, title: String, creator: String, start: String, end: String, retention: String, due: String? = nil, sequence: Int? = nil) {
            (self.code, self.title, self.creator, self.start, self.end) = (code, title, creator, start, end)
            (self.retention, self.due, self.sequence) = (retention, due, sequence)
        }

        enum CodingKeys: String, CodingKey {
            case code = "档号", title = "题名", creator = "责任者", start = "起始日期", end = "终止日期", retention = "保管期限", due = "到期日期"
            case sequence = "件号"
        }
    }

    public let key: OfficeKey
    public let schema: XMLSchema
    public let actor: String

    public init(key: OfficeKey, schema: XMLSchema, actor: String) {
        self.key = key
        self.schema = schema
        self.actor = actor
    }

    /// The name of the metadata file a folder may carry (it is not part of the payload).
    public static let metadataName = "metadata.json"

    /// Seals `folder` into `out` (a `.zip` that must not exist).
    /// - Parameters:
    ///   - metadata: the metadata file; by default `metadata.json` inside the folder.
    /// - Returns: the seal value.
    /// - Throws: `ArchiveError` listing every problem (bad metadata, junk, colliding names, links).
    @discardableResult
    public func seal(_ folder: String, metadata path: String? = nil, out: String, date: String, sm3: Bool) throws -> String {
        let prepared = try prepare(folder, metadata: path, out: out, date: date, sm3: sm3)
        try BagPackage.write(root: prepared.root, tags: prepared.tags, payload: prepared.reads, to: out)
        return prepared.seal
    }

    /// Seals many folders (each with its `metadata.json`) into `out/NAME.zip`, on every core, all or
    /// nothing: each package is written and read back under a temporary name, the file system is synced
    /// once for the batch, and only then are they renamed into place.
    /// - Returns: the seal values, in the order of `folders`.
    /// - Throws: `ArchiveError` listing every folder that failed; no package of the batch is left.
    public func sealAll(_ folders: [String], into out: String, date: String, sm3: Bool, progress: (@Sendable () -> Void)? = nil) throws
        -> [String]
    {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let targets = folders.map { "\(out)/\(($0 as NSString).lastPathComponent).zip" }
        let outcomes = try folders.indices.map { $0 }.parallelMap(chunk: 1) { index -> Result<(String, String), ArchiveError> in
            defer { progress?() }
            do {
                let prepared = try prepare(folders[index], metadata: nil, out: targets[index], date: date, sm3: sm3)
                let partial = try BagPackage.writePartial(
                    root: prepared.root, tags: prepared.tags, payload: prepared.reads, to: targets[index], synchronize: false)
                return .success((partial, prepared.seal))
            } catch let error as ArchiveError {
                return .failure(error)
            } catch {
                return .failure(ArchiveError(zh: "\(folders[index])：\(error)", en: "\(folders[index]): \(error)"))
            }
        }
        let failures = outcomes.compactMap { outcome -> ArchiveError? in
            if case .failure(let error) = outcome { return error }
            return nil
        }
        if !failures.isEmpty {
            for case .success(let (partial, _)) in outcomes { try? FileManager.default.removeItem(atPath: partial) }
            throw ArchiveError(zh: failures.map(\.zh).joined(separator: "\n"), en: failures.map(\.en).joined(separator: "\n"))
        }
        ZipWriter.syncFileSystem(of: out)
        var seals: [String] = []
        for (index, outcome) in outcomes.enumerated() {
            guard case .success(let (partial, seal)) = outcome else { continue }
            try BagPackage.commit(partial, to: targets[index])
            seals.append(seal)
        }
        BagPackage.syncFolder(of: "\(out)/x")
        return seals
    }

    struct Prepared {
        var root: String
        var tags: [(String, [UInt8])]
        var reads: [BagPackage.Read]
        var seal: String
    }

    func prepare(_ folder: String, metadata path: String?, out: String, date: String, sm3: Bool) throws -> Prepared {
        let metaPath = path ?? "\(folder)/\(Self.metadataName)"
        guard let data = FileManager.default.contents(atPath: metaPath) else {
            throw ArchiveError(zh: "找不到元数据文件 \(metaPath)", en: "the metadata file \(metaPath) is missing")
        }
        let meta: Metadata
        do {
            meta = try JSONDecoder().decode(Metadata.self, from: data)
        } catch {
            throw ArchiveError(zh: "\(metaPath) 内容有误：\(error)", en: "\(metaPath) is not valid: \(error)")
        }
        // 全宗号-门类代码·年度-保管期限-件号 (DA/T 22-2015).
        let parts = meta.code.replacingOccurrences(of: "·", with: "-").split(separator: "-").map(String.init)
        let fonds = parts.first ?? ""
        let category = parts.count > 1 ? parts[1] : "WS"
        let year = parts.count > 2 ? Int(parts[2]) ?? Int(meta.end.prefix(4)) ?? 0 : Int(meta.end.prefix(4)) ?? 0
        let retentionCode = parts.count > 3 ? parts[3] : (meta.retention == "永久" ? "Y" : "D\(meta.retention.filter(\.isNumber))")
        let sequence = meta.sequence ?? (parts.count > 4 ? Int(parts[4]) ?? 1 : 1)

        let files = try Self.files(in: folder, excluding: path == nil ? [Self.metadataName] : [])
        let reads = try BagPackage.read(files.map { .init(name: $0, source: "\(folder)/\($0)", expectedSHA256: nil) }, sm3: sm3)
        let metadata = DossierMetadata(
            archivalCode: meta.code, fonds: fonds, category: category, year: year,
            retention: ArchivalCode.Retention(code: retentionCode, label: meta.retention), sequence: sequence, title: meta.title,
            creator: meta.creator, start: meta.start, end: meta.end, due: meta.due, version: 1, previousSeal: nil, amendment: nil,
            targetName: "", creditCode: "", targetType: "", tasks: [], visit: "", visitDate: "", team: [], checkItems: [], status: "",
            outcome: "", rectifyBy: "", closed: "",
            items: reads.enumerated().map { index, read in
                let (pages, fonts) = DossierSealer.layout(of: read)
                return .init(
                    number: index + 1, title: read.name, documentNumber: "", creator: meta.creator, date: meta.end, kind: "文书",
                    path: "data/\(read.name)", size: read.bytes.count, sha256: read.sha256, sm3: read.sm3, pages: pages, fonts: fonts)
            })
        let xml = try metadata.xml()
        let violations = schema.violations(in: try XMLDocument(bytes: xml, source: "dossier.xml"))
        if !violations.isEmpty {
            throw ArchiveError(
                zh: "\(metaPath) 生成的 dossier.xml 不符合 archive/dossier.xsd：\(violations.map(\.description).joined(separator: "；"))",
                en: "the dossier.xml made from \(metaPath) does not validate: \(violations.map(\.description).joined(separator: "; "))")
        }
        var tags: [(String, [UInt8])] = [("bagit.txt", BagPackage.declaration)]
        let info = [
            ("Source-Organization", meta.creator), ("External-Identifier", meta.code), ("External-Description", meta.title),
            ("Bagging-Date", date), ("Payload-Oxum", "\(reads.reduce(0) { $0 + $1.bytes.count }).\(reads.count)"),
            ("Retention-Period", meta.retention), ("Retention-Due", meta.due ?? "永久"), ("Dossier-Version", "1"),
            ("Signing-Key-Fingerprint", key.fingerprint), ("Signing-Public-Key", key.publicKey),
        ]
        tags.append(("bag-info.txt", BagPackage.bagInfo(info)))
        tags.append(("manifest-sha256.txt", BagPackage.manifest(reads, sm3: false)))
        if sm3 { tags.append(("manifest-sm3.txt", BagPackage.manifest(reads, sm3: true))) }
        tags.append(("dossier.xml", xml))
        tags.append(("events.xml", try DossierSealer.events(metadata: metadata, date: date, files: reads.count, sm3: sm3, actor: actor)))
        tags.append(("卷内文件目录.csv", DossierSealer.contentsCSV(metadata)))
        let seal = try BagPackage.sign(&tags, with: key)
        let root = ((out as NSString).lastPathComponent as NSString).deletingPathExtension
        return Prepared(root: root, tags: tags, reads: reads, seal: seal)
    }

    /// Every regular file under `folder`, relative, sorted; a symbolic link is refused.
    static func files(in folder: String, excluding: Set<String>) throws -> [String] {
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: folder) else {
            throw ArchiveError(zh: "无法读取文件夹 \(folder)", en: "cannot read the folder \(folder)")
        }
        var files: [String] = []
        var links: [String] = []
        while let name = walker.nextObject() as? String {
            let type = walker.fileAttributes?[.type] as? FileAttributeType
            if type == .typeSymbolicLink { links.append(name) }
            if type == .typeRegular, !excluding.contains(name) { files.append(name) }
        }
        if !links.isEmpty {
            throw ArchiveError(
                zh: "文件夹中有符号链接，不予归档：\(links.joined(separator: "、"))",
                en: "the folder holds symbolic links: \(links.joined(separator: ", "))")
        }
        if files.isEmpty { throw ArchiveError(zh: "文件夹 \(folder) 中没有文件", en: "the folder \(folder) holds no files") }
        return files.sorted()
    }
}
