import Crypto
import Foundation
import Inspection
import Support
import XMLCore
import ZipCore

/// One verification of one package, area by area; every problem found is kept, none stops the rest.
/// Tag files are read once (and an unreadable one reported once), however many checks look at them.
final class PackageCheck {
    let path: String
    let fast: Bool
    private(set) var problems: [PackageVerifier.Problem] = []
    /// Whether the signing key was checked against the office's keys.
    var signerChecked = false
    private var reader: ZipReader?
    /// The bag's files by their name inside the bag (`data/0001-检查告知书.docx`, `bag-info.txt`).
    private var files: [String: ZipEntry] = [:]
    private var tagBytes: [String: [UInt8]?] = [:]
    /// Every file's name in the bag, sorted once (names are compared as Unicode, not cheaply as bytes).
    private var names: [String] = []
    /// The payload files (`data/…`) in name order, with their entries.
    private var payloadFiles: [(name: String, entry: ZipEntry)] = []
    private var info: [String: String] = [:]
    private var manifest: [String: String] = [:]
    /// Payload kept for the content checks: whole for XML, office files and PDF, else the first bytes.
    private var payloadBytes: [String: [UInt8]] = [:]
    /// XML tag files that parsed in the metadata checks, not parsed again for usability.
    private var parsed: Set<String> = []

    init(path: String, fast: Bool) {
        self.path = path
        self.fast = fast
    }

    func fail(_ check: ArchivalCheck, _ file: String, _ zh: String, _ en: String) {
        problems.append(PackageVerifier.Problem(check, file: file, zh: zh, en: en))
    }

    func report(code: String?, version: Int?, sealValue: String?) -> PackageVerifier.Report {
        PackageVerifier.Report(
            package: path, code: code, version: version, sealValue: sealValue, files: payloadFiles.count, problems: problems,
            signer: info["Signing-Key-Fingerprint"], signerChecked: signerChecked)
    }

    /// A tag file's bytes; nil (reported once) when it cannot be read.
    private func bytes(_ name: String) -> [UInt8]? {
        if let known = tagBytes[name] { return known }
        guard let entry = files[name], let reader else { return nil }
        do {
            let content = try reader.contents(of: entry)
            tagBytes[name] = content
            return content
        } catch {
            fail(.contentReadable, name, "无法读取：\(error)", "cannot be read: \(error)")
            tagBytes[name] = .some(nil)
            return nil
        }
    }

    // MARK: - Structure

    /// Opens the zip and finds the bag's one root folder; false when nothing more can be checked.
    func open() -> Bool {
        let reader: ZipReader
        let name = (path as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else {
            fail(.contentCompleteness, name, "档案包不存在：\(path)", "the package does not exist: \(path)")
            return false
        }
        do {
            reader = try ZipReader(path: path)
        } catch {
            // Unsafe names, links, encryption, bombs, truncation: the zip itself cannot be trusted.
            let zh = (error as? ZipError).map { "\($0.code.zh)（\($0.message)）" } ?? "\(error)"
            fail(.foreignFiles, name, "无法安全读取档案包：\(zh)", "the package cannot be read safely: \(error)")
            return false
        }
        // Each entry split at its own first '/': the bag's folder, and the name inside it (nil when there is
        // no '/'). The folders must be one as strings (not necessarily as bytes: NFC and NFD spellings).
        let parts = reader.entries.map { entry -> (root: String, name: String?) in
            guard let slash = entry.path.utf8.firstIndex(of: UInt8(ascii: "/")) else { return (entry.path, nil) }
            return (String(entry.path[..<slash]), String(entry.path[entry.path.utf8.index(after: slash)...]))
        }
        let roots = Set(parts.map(\.root))
        guard roots.count == 1, parts.allSatisfy({ $0.name != nil }) else {
            fail(
                .packageAuthenticity, "/", "档案包应有且只有一个根文件夹（BagIt 包），实有 \(roots.count) 个",
                "the package must hold exactly one root folder (the bag); it holds \(roots.count)")
            return false
        }
        self.reader = reader
        for (entry, part) in zip(reader.entries, parts) where !entry.isDirectory {
            if let name = part.name { files[name] = entry }
        }
        let sorted = files.sorted { $0.key < $1.key }
        names = sorted.map(\.key)
        payloadFiles = sorted.filter { $0.key.hasPrefix("data/") }.map { (name: $0.key, entry: $0.value) }
        return true
    }

    /// The required tag files, and the BagIt declaration.
    func checkDeclaration() {
        for required in [
            "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "dossier.xml", "events.xml", "signature.ed25519",
        ]
        where files[required] == nil {
            fail(.packageAuthenticity, required, "缺少 \(required)", "\(required) is missing")
        }
        if let declaration = bytes("bagit.txt"), declaration != BagPackage.declaration {
            fail(.packageAuthenticity, "bagit.txt", "不是 BagIt 1.0 声明", "not a BagIt 1.0 declaration")
        }
        info = bytes("bag-info.txt").map(BagPackage.parseBagInfo) ?? [:]
    }

    // MARK: - Integrity

    /// Every payload file listed in the manifest and every listed file present; Payload-Oxum.
    func checkManifests() {
        // A path listed twice is a manifest no BagIt tool accepts (bagit-python refuses it).
        for name in ["manifest-sha256.txt", "manifest-sm3.txt", "tagmanifest-sha256.txt"] where files[name] != nil {
            for path in PackageVerifier.listedTwice(bytes(name) ?? []) {
                fail(.contentCompleteness, name, "重复列出 \(path)", "lists \(path) more than once")
            }
        }
        manifest = PackageVerifier.manifest(bytes("manifest-sha256.txt") ?? [])
        for (name, _) in payloadFiles where manifest[name] == nil {
            fail(.contentCompleteness, name, "不在 manifest-sha256.txt 中", "not listed in manifest-sha256.txt")
        }
        for name in manifest.keys.sorted() where files[name] == nil {
            fail(.contentCompleteness, name, "manifest-sha256.txt 列出但包中没有", "listed in manifest-sha256.txt but missing")
        }
        let size = payloadFiles.reduce(UInt64(0)) { $0 + $1.entry.uncompressedSize }
        let count = payloadFiles.count
        if info["Payload-Oxum"] != "\(size).\(count)" {
            fail(
                .countAndVolume, "bag-info.txt", "Payload-Oxum 为 \(info["Payload-Oxum"] ?? "无")，实为 \(size).\(count)",
                "Payload-Oxum says \(info["Payload-Oxum"] ?? "nothing"), the payload is \(size).\(count)")
        }
    }

    /// Payload files streamed through SHA-256 (and SM3 when listed); only those whose content is
    /// checked further (XML, office files, PDF) are kept whole, the rest by their first bytes.
    func checkPayloadDigests() {
        guard let reader else { return }
        let sm3 = files["manifest-sm3.txt"] == nil ? [:] : PackageVerifier.manifest(bytes("manifest-sm3.txt") ?? [])
        for (name, entry) in payloadFiles {
            let keepWhole = PackageVerifier.keptWhole.contains(PackageVerifier.suffix(of: PackageVerifier.baseName(of: name)))
            var sha = SHA256()
            let expectedSM3 = sm3.isEmpty ? nil : sm3[name]
            var national = expectedSM3 == nil ? nil : SM3()
            var kept: [UInt8] = []
            if keepWhole { kept.reserveCapacity(Int(min(entry.uncompressedSize, 64 << 20))) }
            do {
                try reader.stream(entry) { chunk in
                    sha.update(data: chunk)
                    national?.update(chunk)
                    if keepWhole {
                        kept.append(contentsOf: chunk)
                    } else if kept.count < 64 {
                        kept.append(contentsOf: chunk.prefix(64 - kept.count))
                    }
                }
            } catch {
                fail(.contentReadable, name, "无法读取：\(error)", "cannot be read: \(error)")
                continue
            }
            payloadBytes[name] = kept
            if let expected = manifest[name], sha.finalize().hex != expected {
                fail(
                    .contentCompleteness, name, "SHA-256 与 manifest 不符（内容被改动）",
                    "its SHA-256 does not match the manifest (the content changed)")
            }
            if let expected = expectedSM3, national?.finalize().hex != expected {
                fail(.contentCompleteness, name, "SM3 与 manifest-sm3.txt 不符", "its SM3 does not match manifest-sm3.txt")
            }
        }
    }

    // MARK: - Authenticity

    /// The tag manifest, the signature and its key. Returns the seal value (SHA-256 of the tag manifest).
    func checkSignature(trustedKeys: Set<String>) -> String {
        let tagManifestBytes = bytes("tagmanifest-sha256.txt") ?? []
        let tagManifest = PackageVerifier.manifest(tagManifestBytes)
        for (name, expected) in tagManifest.sorted(by: { $0.key < $1.key }) {
            guard let content = bytes(name) else {
                fail(.packageAuthenticity, name, "tagmanifest 列出但包中没有", "listed in the tag manifest but missing")
                continue
            }
            if !fast, sha256Hex(content) != expected {
                fail(.fixity, name, "SHA-256 与 tagmanifest 不符", "its SHA-256 does not match the tag manifest")
            }
        }
        for name in names
        where !name.hasPrefix("data/") && tagManifest[name] == nil && !["tagmanifest-sha256.txt", "signature.ed25519"].contains(name) {
            fail(.packageAuthenticity, name, "标签文件不在 tagmanifest 中", "a tag file the tag manifest does not list")
        }
        let publicKey = info["Signing-Public-Key"] ?? ""
        if let raw = Data(base64Encoded: publicKey), info["Signing-Key-Fingerprint"] != OfficeKey.fingerprint(of: Array(raw)) {
            fail(.fixity, "bag-info.txt", "签名公钥与其指纹不符", "the signing key does not match its fingerprint")
        }
        if !trustedKeys.isEmpty, !trustedKeys.contains(publicKey) {
            fail(
                .fixity, "bag-info.txt", "档案包不是用本单位密钥（现用或已停用的）签名的：签名公钥指纹 \(info["Signing-Key-Fingerprint"] ?? "无")",
                "the package was not signed with an office key (current or retired): its key is \(info["Signing-Key-Fingerprint"] ?? "none")")
        }
        let signature = String(decoding: BagPackage.trimmed((bytes("signature.ed25519") ?? [])[...]), as: UTF8.self)
        if !OfficeKey.verify(signature, of: tagManifestBytes, publicKey: publicKey) {
            fail(
                .fixity, "tagmanifest-sha256.txt, signature.ed25519", "Ed25519 签名无效：tagmanifest 被改动或签名不符",
                "the Ed25519 signature does not verify: the tag manifest changed or the signature is wrong")
        }
        return sha256Hex(tagManifestBytes)
    }

    // MARK: - Metadata

    /// dossier.xml against the schema and against the files. Returns its 档号 and version.
    func checkDossier(schema: XMLSchema) -> (code: String?, version: Int?) {
        guard let xml = bytes("dossier.xml") else { return (nil, nil) }
        do {
            let document = try XMLDocument(bytes: xml, source: "dossier.xml")
            parsed.insert("dossier.xml")
            for violation in schema.violations(in: document) {
                fail(
                    .metadataAccuracy, "dossier.xml", "不符合 archive/dossier.xsd：\(violation)",
                    "does not validate against archive/dossier.xsd: \(violation)")
            }
            let ns = ["d": DossierMetadata.namespace]
            let code = try document.string(of: "string(/d:案卷/d:档号)", namespaces: ns)
            let version = Int(try document.string(of: "string(/d:案卷/d:版本)", namespaces: ns))
            if info["External-Identifier"] != code {
                fail(
                    .metadataAccuracy, "bag-info.txt", "External-Identifier 与 dossier.xml 的档号不符",
                    "External-Identifier differs from the 档号 in dossier.xml")
            }
            let titles = try checkDescribedFiles(document, namespaces: ns)
            // The documents an outcome requires (000 §18–20).
            let outcome = try document.string(of: "string(/d:案卷/d:检查/d:处理意见)", namespaces: ns)
            let status = try document.string(of: "string(/d:案卷/d:检查/d:状态)", namespaces: ns)
            for required in DocumentCondition.requiredDocuments(status: VisitStatus(rawValue: status), outcome: Outcome(rawValue: outcome))
            where !titles.contains(where: { $0.hasSuffix(required.form) }) {
                fail(.metadataCompleteness, "dossier.xml", required.missing.zh, required.missing.en)
            }
            if let version, version > 1, info["Previous-Seal"] == nil {
                fail(.metadataAccuracy, "bag-info.txt", "第 \(version) 版缺前版封印值", "version \(version) does not cite the previous seal")
            }
            return (code, version)
        } catch {
            fail(.metadataReadable, "dossier.xml", "无法解析：\(error)", "does not parse: \(error)")
            return (nil, nil)
        }
    }

    /// Each 文件 of dossier.xml against the manifest and the file; every payload file described; the
    /// 件号 continuous. Returns the titles.
    private func checkDescribedFiles(_ document: XMLDocument, namespaces ns: [String: String]) throws -> [String] {
        var numbers: [Int] = []
        var listed: Set<String> = []
        var titles: [String] = []
        for file in try document.nodes(matching: "/d:案卷/d:卷内文件/d:文件", namespaces: ns) {
            // The first child element of each name, as `string(d:路径)` would give it, in one walk.
            var fields: [String: String] = [:]
            for child in file.childElements where child.namespaceURI == DossierMetadata.namespace && fields[child.localName] == nil {
                fields[child.localName] = child.textContent
            }
            let path = fields["路径"] ?? ""
            numbers.append(Int(file.attribute("件号") ?? "") ?? 0)
            titles.append(fields["题名"] ?? "")
            listed.insert(path)
            if manifest[path] != fields["SHA256"] ?? "" {
                fail(
                    .metadataMatchesContent, path, "dossier.xml 记录的 SHA-256 与 manifest 不符",
                    "the SHA-256 in dossier.xml differs from the manifest")
            }
            if files[path]?.uncompressedSize != UInt64(fields["大小"] ?? "") ?? 0 {
                fail(.metadataMatchesContent, path, "dossier.xml 记录的大小与文件不符", "the size in dossier.xml differs from the file")
            }
        }
        for (name, _) in payloadFiles where !listed.contains(name) {
            fail(.metadataCompleteness, name, "卷内文件未在 dossier.xml 著录", "a payload file dossier.xml does not describe")
        }
        let distinct = Array(Set(numbers)).sorted()
        if distinct != Array(1...max(1, distinct.count)) || numbers.isEmpty {
            fail(
                .continuity, "dossier.xml", "件号不连续：\(distinct.map(String.init).joined(separator: ","))",
                "件号 are not continuous: \(distinct.map(String.init).joined(separator: ","))")
        }
        return titles
    }

    /// events.xml: one creation event, and an amendment event for a later version.
    func checkEvents(version: Int?) {
        guard let xml = bytes("events.xml") else { return }
        do {
            let document = try XMLDocument(bytes: xml, source: "events.xml")
            parsed.insert("events.xml")
            let created = try document.nodes(matching: "//*[local-name()='event'][@type='creation']").count
            if created != 1 {
                fail(.packageAuthenticity, "events.xml", "事件记录应有一次生成事件", "the event log must hold one creation event")
            }
            if let version, version > 1, try document.nodes(matching: "//*[local-name()='event'][@type='amendment']").isEmpty {
                fail(.packageAuthenticity, "events.xml", "修订版缺修改事件", "an amended version without an amendment event")
            }
        } catch {
            fail(.metadataReadable, "events.xml", "无法解析：\(error)", "does not parse: \(error)")
        }
    }

    // MARK: - Usability and security

    /// Every file: no junk, no executables or macros, and each kind opens as what it says it is.
    func checkEveryFile() {
        for name in names {
            let base = PackageVerifier.baseName(of: name)
            if BagPackage.junk.contains(base.lowercased()) || base.hasPrefix("._") {
                fail(.foreignFiles, name, "系统杂项文件", "operating-system junk")
            }
            let suffix = PackageVerifier.suffix(of: base)
            if PackageVerifier.executable.contains(suffix) {
                fail(.maliciousCode, name, "可执行文件或含宏的文档不得归档", "executables and macro-enabled documents are not archived")
            }
            if fast { continue }
            guard let content = payloadBytes[name] ?? (name.hasPrefix("data/") ? nil : bytes(name)) else { continue }
            if PackageVerifier.isExecutable(content) { fail(.maliciousCode, name, "内容为可执行程序", "the content is an executable") }
            checkContent(content, name: name, suffix: suffix)
        }
    }

    /// The content of one file against its kind.
    private func checkContent(_ content: [UInt8], name: String, suffix: String) {
        switch suffix {
        case "xml" where !parsed.contains(name):
            if (try? XMLDocument(bytes: content, source: name)) == nil {
                fail(.contentReadable, name, "XML 无法解析", "the XML does not parse")
            }
        case "docx", "xlsx", "pptx", "odt", "ods":
            PackageVerifier.checkOfficeFile(content, name: name, suffix: suffix, fail: fail)
        case "pdf":
            if !content.starts(with: Array("%PDF-".utf8)) {
                fail(.contentReadable, name, "不是 PDF 文件（文件头不符）", "not a PDF (wrong signature)")
            }
            let names = PackageVerifier.pdfNames(content, ["/Encrypt", "/JavaScript", "/Launch", "/Font"])
            if names.contains("/Encrypt") { fail(.packageUsable, name, "PDF 已加密", "the PDF is encrypted") }
            if names.contains("/JavaScript") || names.contains("/Launch") {
                fail(.maliciousCode, name, "PDF 含脚本或启动动作", "the PDF holds scripts or launch actions")
            }
            // A PDF that leans on the reader's fonts may print otherwise in thirty years (read only when it names a font).
            let facts = names.contains("/Font") ? PDFFacts(content) : nil
            // Judged only when the PDF shows all its objects (not hidden in compressed object streams).
            let missing = facts.map { $0.readable ? $0.fonts.filter { !$0.embedded }.map(\.name) : [] } ?? []
            if !missing.isEmpty {
                fail(
                    .contentReadable, name, "PDF 未嵌入字体：\(missing.joined(separator: "、"))",
                    "the PDF does not embed its fonts: \(missing.joined(separator: ", "))")
            }
        case "jpg", "jpeg":
            if !content.starts(with: [0xFF, 0xD8, 0xFF]) {
                fail(.contentReadable, name, "不是 JPEG 文件（文件头不符）", "not a JPEG (wrong signature)")
            }
        case "png":
            if !content.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
                fail(.contentReadable, name, "不是 PNG 文件（文件头不符）", "not a PNG (wrong signature)")
            }
        default: break
        }
    }
}
