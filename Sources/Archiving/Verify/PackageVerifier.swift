import Crypto
import Foundation
import Inspection
import Store
import Support
import XMLCore
import ZipCore

/// The 四性检测 of DA/T 70-2018 on a sealed package, reporting every problem of every file.
///
/// Codes follow DA/T 70's archiving-stage scheme: `GD-1-*` authenticity (真实性), `GD-2-*` integrity
/// (完整性), `GD-3-*` usability (可用性), `GD-4-*` security (安全性).
///
/// ```swift
/// let report = PackageVerifier(schema: schema).verify("J045-JC-2024-D30-0001-v1.zip")
/// report.problems.isEmpty   // true for a good package
/// ```
public struct PackageVerifier: Sendable {
    /// One problem, with the DA/T 70 item it fails and the file it is in.
    public struct Problem: Sendable, Codable, Hashable {
        public var code: String
        public var item: String
        public var file: String
        public var zh: String
        public var en: String
    }

    /// The outcome for one package.
    public struct Report: Sendable, Codable, Hashable {
        public var package: String
        public var code: String?
        public var version: Int?
        public var sealValue: String?
        public var files: Int
        public var problems: [Problem]
        public var passed: Bool { problems.isEmpty }
    }

    let schema: XMLSchema
    /// The office's public key (base64) the signature must be made with, when known.
    let trustedKey: String?

    public init(schema: XMLSchema, trustedKey: String? = nil) {
        self.schema = schema
        self.trustedKey = trustedKey
    }

    static let items: [String: String] = [
        "GD-1-1": "固化信息有效性", "GD-1-2": "元数据准确性", "GD-1-3": "元数据与内容关联一致性", "GD-1-4": "归档信息包真实性",
        "GD-2-1": "电子文件总件数与数据量", "GD-2-2": "元数据项完整性", "GD-2-3": "内容数据完整性", "GD-2-4": "连续性元数据项（件号）",
        "GD-3-1": "元数据可读性", "GD-3-2": "内容数据可读性", "GD-3-3": "归档信息包可用性（无加密、无非公开压缩）",
        "GD-4-1": "恶意代码与可执行内容", "GD-4-2": "非归档文件与路径安全",
    ]

    /// Checks a package; `fast` checks structure, counts and sizes only (no digests, no opening files).
    public func verify(_ path: String, fast: Bool = false) -> Report {
        var problems: [Problem] = []
        func fail(_ code: String, _ file: String, _ zh: String, _ en: String) {
            problems.append(Problem(code: code, item: Self.items[code] ?? "", file: file, zh: zh, en: en))
        }
        let reader: ZipReader
        do {
            reader = try ZipReader(path: path)
        } catch {
            // Unsafe names, links, encryption, bombs, truncation: the zip itself cannot be trusted.
            fail("GD-4-2", (path as NSString).lastPathComponent, "无法安全读取档案包：\(error)", "the package cannot be read safely: \(error)")
            return Report(package: path, code: nil, version: nil, sealValue: nil, files: 0, problems: problems)
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
                "GD-1-4", "/", "档案包应有且只有一个根文件夹（BagIt 包），实有 \(roots.count) 个",
                "the package must hold exactly one root folder (the bag); it holds \(roots.count)")
            return Report(package: path, code: nil, version: nil, sealValue: nil, files: 0, problems: problems)
        }
        var files: [String: ZipEntry] = [:]
        for (entry, part) in zip(reader.entries, parts) where !entry.isDirectory {
            if let name = part.name { files[name] = entry }
        }
        // Tag files are read once (and an unreadable one reported once), however many checks look at them.
        var tagBytes: [String: [UInt8]?] = [:]
        func bytes(_ name: String) -> [UInt8]? {
            if let known = tagBytes[name] { return known }
            guard let entry = files[name] else { return nil }
            do {
                let content = try reader.contents(of: entry)
                tagBytes[name] = content
                return content
            } catch {
                fail("GD-3-2", name, "无法读取：\(error)", "cannot be read: \(error)")
                tagBytes[name] = .some(nil)
                return nil
            }
        }
        // XML tag files that parsed in the metadata checks are not parsed again for usability.
        var parsed: Set<String> = []
        for required in [
            "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "dossier.xml", "events.xml", "signature.ed25519",
        ]
        where files[required] == nil {
            fail("GD-1-4", required, "缺少 \(required)", "\(required) is missing")
        }
        if let declaration = bytes("bagit.txt"),
            declaration != BagPackage.declaration
        {
            fail("GD-1-4", "bagit.txt", "不是 BagIt 1.0 声明", "not a BagIt 1.0 declaration")
        }
        let info = bytes("bag-info.txt").map(BagPackage.parseBagInfo) ?? [:]
        let payload = files.keys.filter { $0.hasPrefix("data/") }.sorted()

        // Integrity: manifests, Payload-Oxum.
        let manifest = Self.manifest(bytes("manifest-sha256.txt") ?? [])
        for name in payload where manifest[name] == nil {
            fail("GD-2-3", name, "不在 manifest-sha256.txt 中", "not listed in manifest-sha256.txt")
        }
        for name in manifest.keys.sorted() where files[name] == nil {
            fail("GD-2-3", name, "manifest-sha256.txt 列出但包中没有", "listed in manifest-sha256.txt but missing")
        }
        let size = payload.reduce(UInt64(0)) { $0 + (files[$1]?.uncompressedSize ?? 0) }
        if info["Payload-Oxum"] != "\(size).\(payload.count)" {
            fail(
                "GD-2-1", "bag-info.txt", "Payload-Oxum 为 \(info["Payload-Oxum"] ?? "无")，实为 \(size).\(payload.count)",
                "Payload-Oxum says \(info["Payload-Oxum"] ?? "nothing"), the payload is \(size).\(payload.count)")
        }
        // Payload files are streamed through the digests; only those whose content is checked further
        // (XML, office files, PDF) are kept whole, the rest by their first bytes.
        var payloadBytes: [String: [UInt8]] = [:]
        if !fast {
            let sm3 = files["manifest-sm3.txt"] == nil ? [:] : Self.manifest(bytes("manifest-sm3.txt") ?? [])
            for name in payload {
                guard let entry = files[name] else { continue }
                let keepWhole = Self.keptWhole.contains(Self.suffix(of: Self.baseName(of: name)))
                var sha = SHA256()
                var national = sm3[name] == nil ? nil : SM3()
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
                    fail("GD-3-2", name, "无法读取：\(error)", "cannot be read: \(error)")
                    continue
                }
                payloadBytes[name] = kept
                let digest = sha.finalize().hex
                if let expected = manifest[name], digest != expected {
                    fail("GD-2-3", name, "SHA-256 与 manifest 不符（内容被改动）", "its SHA-256 does not match the manifest (the content changed)")
                }
                if let expected = sm3[name], national?.finalize().hex != expected {
                    fail("GD-2-3", name, "SM3 与 manifest-sm3.txt 不符", "its SM3 does not match manifest-sm3.txt")
                }
            }
        }

        // Authenticity: the tag manifest, the signature, the seal value.
        let tagManifestBytes = bytes("tagmanifest-sha256.txt") ?? []
        let tagManifest = Self.manifest(tagManifestBytes)
        for (name, expected) in tagManifest.sorted(by: { $0.key < $1.key }) {
            guard let content = bytes(name) else {
                fail("GD-1-4", name, "tagmanifest 列出但包中没有", "listed in the tag manifest but missing")
                continue
            }
            if !fast, sha256Hex(content) != expected {
                fail("GD-1-1", name, "SHA-256 与 tagmanifest 不符", "its SHA-256 does not match the tag manifest")
            }
        }
        for name in files.keys.sorted()
        where !name.hasPrefix("data/") && tagManifest[name] == nil
            && !["tagmanifest-sha256.txt", "signature.ed25519"].contains(name)
        {
            fail("GD-1-4", name, "标签文件不在 tagmanifest 中", "a tag file the tag manifest does not list")
        }
        let sealValue = sha256Hex(tagManifestBytes)
        let publicKey = info["Signing-Public-Key"] ?? ""
        if let raw = Data(base64Encoded: publicKey), info["Signing-Key-Fingerprint"] != OfficeKey.fingerprint(of: Array(raw)) {
            fail("GD-1-1", "bag-info.txt", "签名公钥与其指纹不符", "the signing key does not match its fingerprint")
        }
        if let trustedKey, trustedKey != publicKey {
            fail("GD-1-1", "bag-info.txt", "档案包不是用本单位密钥签名的", "the package was not signed with the office's key")
        }
        let signature = String(decoding: BagPackage.trimmed((bytes("signature.ed25519") ?? [])[...]), as: UTF8.self)
        if !OfficeKey.verify(signature, of: tagManifestBytes, publicKey: publicKey) {
            fail(
                "GD-1-1", "tagmanifest-sha256.txt, signature.ed25519", "Ed25519 签名无效：tagmanifest 被改动或签名不符",
                "the Ed25519 signature does not verify: the tag manifest changed or the signature is wrong")
        }

        // Metadata: schema, and consistency with the files.
        var code: String?
        var version: Int?
        if let xml = bytes("dossier.xml") {
            do {
                let document = try XMLDocument(bytes: xml, source: "dossier.xml")
                parsed.insert("dossier.xml")
                for violation in schema.violations(in: document) {
                    fail(
                        "GD-1-2", "dossier.xml", "不符合 archive/dossier.xsd：\(violation)",
                        "does not validate against archive/dossier.xsd: \(violation)")
                }
                let ns = ["d": DossierMetadata.namespace]
                code = try document.string(of: "string(/d:案卷/d:档号)", namespaces: ns)
                version = Int(try document.string(of: "string(/d:案卷/d:版本)", namespaces: ns))
                if info["External-Identifier"] != code {
                    fail(
                        "GD-1-2", "bag-info.txt", "External-Identifier 与 dossier.xml 的档号不符",
                        "External-Identifier differs from the 档号 in dossier.xml")
                }
                var numbers: [Int] = []
                var listed: Set<String> = []
                var titles: [String] = []
                for file in try document.nodes(matching: "/d:案卷/d:卷内文件/d:文件", namespaces: ns) {
                    // The first child element of each name, as `string(d:路径)` would give it, in one walk.
                    var fields: [String: String] = [:]
                    for child in file.childElements where child.namespaceURI == DossierMetadata.namespace && fields[child.localName] == nil
                    {
                        fields[child.localName] = child.textContent
                    }
                    let path = fields["路径"] ?? ""
                    let sha = fields["SHA256"] ?? ""
                    let declared = UInt64(fields["大小"] ?? "") ?? 0
                    numbers.append(Int(file.attribute("件号") ?? "") ?? 0)
                    titles.append(fields["题名"] ?? "")
                    listed.insert(path)
                    if manifest[path] != sha {
                        fail(
                            "GD-1-3", path, "dossier.xml 记录的 SHA-256 与 manifest 不符", "the SHA-256 in dossier.xml differs from the manifest")
                    }
                    if files[path]?.uncompressedSize != declared {
                        fail("GD-1-3", path, "dossier.xml 记录的大小与文件不符", "the size in dossier.xml differs from the file")
                    }
                }
                for name in payload where !listed.contains(name) {
                    fail("GD-2-2", name, "卷内文件未在 dossier.xml 著录", "a payload file dossier.xml does not describe")
                }
                let distinct = Array(Set(numbers)).sorted()
                if distinct != Array(1...max(1, distinct.count)) || numbers.isEmpty {
                    fail(
                        "GD-2-4", "dossier.xml", "件号不连续：\(distinct.map(String.init).joined(separator: ","))",
                        "件号 are not continuous: \(distinct.map(String.init).joined(separator: ","))")
                }
                // The documents an outcome requires (000 §18–20).
                let outcome = try document.string(of: "string(/d:案卷/d:检查/d:处理意见)", namespaces: ns)
                let status = try document.string(of: "string(/d:案卷/d:检查/d:状态)", namespaces: ns)
                for required in DocumentCondition.requiredDocuments(status: VisitStatus(rawValue: status), outcome: Outcome(rawValue: outcome))
                where !titles.contains(where: { $0.hasSuffix(required.form) }) {
                    fail("GD-2-2", "dossier.xml", required.missing.zh, required.missing.en)
                }
                if let version, version > 1, info["Previous-Seal"] == nil {
                    fail("GD-1-2", "bag-info.txt", "第 \(version) 版缺前版封印值", "version \(version) does not cite the previous seal")
                }
            } catch {
                fail("GD-3-1", "dossier.xml", "无法解析：\(error)", "does not parse: \(error)")
            }
        }
        if let xml = bytes("events.xml") {
            do {
                let document = try XMLDocument(bytes: xml, source: "events.xml")
                parsed.insert("events.xml")
                let created = try document.nodes(matching: "//*[local-name()='event'][@type='creation']").count
                if created != 1 { fail("GD-1-4", "events.xml", "事件记录应有一次生成事件", "the event log must hold one creation event") }
                if let version, version > 1, try document.nodes(matching: "//*[local-name()='event'][@type='amendment']").isEmpty {
                    fail("GD-1-4", "events.xml", "修订版缺修改事件", "an amended version without an amendment event")
                }
            } catch {
                fail("GD-3-1", "events.xml", "无法解析：\(error)", "does not parse: \(error)")
            }
        }

        // Usability and security of every file.
        for name in files.keys.sorted() {
            let base = Self.baseName(of: name)
            if BagPackage.junk.contains(base.lowercased()) || base.hasPrefix("._") {
                fail("GD-4-2", name, "系统杂项文件", "operating-system junk")
            }
            let suffix = Self.suffix(of: base)
            if Self.executable.contains(suffix) {
                fail("GD-4-1", name, "可执行文件或含宏的文档不得归档", "executables and macro-enabled documents are not archived")
            }
            if fast { continue }
            guard let content = payloadBytes[name] ?? (name.hasPrefix("data/") ? nil : bytes(name)) else { continue }
            if Self.isExecutable(content) { fail("GD-4-1", name, "内容为可执行程序", "the content is an executable") }
            switch suffix {
            case "xml" where !parsed.contains(name):
                if (try? XMLDocument(bytes: content, source: name)) == nil { fail("GD-3-2", name, "XML 无法解析", "the XML does not parse") }
            case "docx", "xlsx", "pptx", "odt", "ods":
                Self.checkOfficeFile(content, name: name, suffix: suffix, fail: fail)
            case "pdf":
                if !content.starts(with: Array("%PDF-".utf8)) { fail("GD-3-2", name, "不是 PDF 文件（文件头不符）", "not a PDF (wrong signature)") }
                let names = Self.pdfNames(content, ["/Encrypt", "/JavaScript", "/Launch"])
                if names.contains("/Encrypt") { fail("GD-3-3", name, "PDF 已加密", "the PDF is encrypted") }
                if names.contains("/JavaScript") || names.contains("/Launch") {
                    fail("GD-4-1", name, "PDF 含脚本或启动动作", "the PDF holds scripts or launch actions")
                }
            case "jpg", "jpeg":
                if !content.starts(with: [0xFF, 0xD8, 0xFF]) { fail("GD-3-2", name, "不是 JPEG 文件（文件头不符）", "not a JPEG (wrong signature)") }
            case "png":
                if !content.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
                    fail("GD-3-2", name, "不是 PNG 文件（文件头不符）", "not a PNG (wrong signature)")
                }
            default: break
            }
        }
        return Report(package: path, code: code, version: version, sealValue: sealValue, files: payload.count, problems: problems)
    }

    /// Payload kinds whose content is checked beyond their first bytes, so kept whole while hashed.
    static let keptWhole: Set<String> = ["xml", "docx", "xlsx", "pptx", "odt", "ods", "pdf"]
    /// Executables, scripts and macro-enabled office files (GD-4-1).
    static let executable: Set<String> = [
        "exe", "dll", "bat", "cmd", "com", "scr", "js", "vbs", "sh", "ps1", "jar", "msi", "docm", "xlsm", "pptm", "dotm",
    ]

    /// The last `/`-separated part of a zip path.
    static func baseName(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// A file name's extension, lowercased: its last `.`-separated part when it has two or more non-empty
    /// ones ("" for `README`, `.profile`; "exe" for `a.exe.`, which Windows runs as `a.exe`).
    static func suffix(of base: String) -> String {
        let parts = base.utf8.split(separator: UInt8(ascii: "."))
        guard parts.count > 1, let last = parts.last else { return "" }
        return String(Substring(last)).lowercased()
    }

    /// An office file opens as a zip with its main part parsing, and holds no macros.
    static func checkOfficeFile(_ content: [UInt8], name: String, suffix: String, fail: (String, String, String, String) -> Void) {
        do {
            let zip = try ZipReader(bytes: content, name: name)
            let main = ["docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"][suffix] ?? "content.xml"
            _ = try XMLDocument(bytes: try zip.contents(of: main), source: "\(name)!/\(main)")
            if zip.entries.contains(where: { $0.path.lowercased().hasSuffix("vbaproject.bin") || $0.path.lowercased().hasPrefix("basic/") })
            {
                fail("GD-4-1", name, "文档含宏", "the document holds macros")
            }
        } catch {
            fail("GD-3-2", name, "文档无法打开：\(error)", "the document does not open: \(error)")
        }
    }

    /// A Windows PE (MZ with its PE header where e_lfanew points: "MZ" alone starts one text in 4,096,
    /// base64 signatures included), an ELF binary, or a script with a #! line.
    static func isExecutable(_ content: [UInt8]) -> Bool {
        if content.starts(with: [0x7F, 0x45, 0x4C, 0x46]) || content.starts(with: Array("#!/".utf8)) { return true }
        guard content.starts(with: [0x4D, 0x5A]), content.count >= 0x40 else { return false }
        let offset = Int(content[0x3C]) | Int(content[0x3D]) << 8 | Int(content[0x3E]) << 16 | Int(content[0x3F]) << 24
        return offset >= 0x40 && offset + 4 <= content.count && Array(content[offset..<offset + 4]) == [0x50, 0x45, 0, 0]
    }

    /// Which of the PDF names (each starting with `/`) occur in `content`, in one pass.
    static func pdfNames(_ content: [UInt8], _ names: [String]) -> Set<String> {
        let needles = names.map { Array($0.utf8) }
        var found: Set<String> = []
        let bytes = content.span
        func match(at index: Int) {
            for (position, needle) in needles.enumerated() where index + needle.count <= bytes.count {
                var matched = 1
                while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { found.insert(names[position]) }
            }
        }
        // Sixteen bytes at a time: most blocks hold no '/' at all and are passed over whole. The load is
        // bounds-checked; any bit pattern is a valid SIMD16<UInt8>.
        let raw = bytes.bytes
        let slash = SIMD16<UInt8>(repeating: 0x2F)
        var index = 0
        while index + 16 <= bytes.count {
            let block = raw.unsafeLoadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            if any(block .== slash) {
                for offset in 0..<16 where block[offset] == 0x2F { match(at: index + offset) }
            }
            index += 16
        }
        while index < bytes.count {
            if bytes[index] == 0x2F { match(at: index) }
            index += 1
        }
        return found
    }

    /// `digest  path` lines: path → digest.
    static func manifest(_ bytes: [UInt8]) -> [String: String] {
        var entries: [String: String] = [:]
        for line in BagPackage.tagLines(bytes) {
            guard let space = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else { continue }
            let path = BagPackage.trimmed(line[space...])
            if !path.isEmpty { entries[String(decoding: path, as: UTF8.self)] = String(decoding: line[..<space], as: UTF8.self) }
        }
        return entries
    }
}
