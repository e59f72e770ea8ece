import Crypto
import Foundation
import Inspection
import Store
import Support
import XMLCore
import ZipCore

/// The 四性检测 of DA/T 70-2018 on a sealed package, reporting every problem of every file.
///
/// Each problem names the DA/T 70 item it fails (`ArchivalCheck`). The checks run area by area in
/// `PackageCheck`: the bag's structure, its manifests, the payload's digests, the signature, the
/// metadata, the event log, and every file's usability and security.
///
/// ```swift
/// let report = PackageVerifier(schema: schema).verify("J045-JC-2024-D30-0001-v1.zip")
/// report.problems.isEmpty   // true for a good package
/// ```
public struct PackageVerifier: Sendable {
    /// One problem, with the DA/T 70 item it fails and the file it is in.
    public struct Problem: Sendable, Codable, Hashable {
        /// The DA/T 70 item's code, `GD-2-3`, and its name.
        public var code: String
        public var item: String
        public var file: String
        public var zh: String
        public var en: String

        public init(_ check: ArchivalCheck, file: String, zh: String, en: String) {
            (code, item, self.file, self.zh, self.en) = (check.rawValue, check.label, file, zh, en)
        }
    }

    /// The outcome for one package.
    public struct Report: Sendable, Codable, Hashable {
        public var package: String
        public var code: String?
        public var version: Int?
        public var sealValue: String?
        public var files: Int
        public var problems: [Problem]
        /// The fingerprint of the key the package says it was signed with.
        public var signer: String? = nil
        /// Whether that key was checked against the office's keys (a trust anchor was given).
        public var signerChecked = false
        public var passed: Bool { problems.isEmpty }
    }

    let schema: XMLSchema
    /// The office's public keys (base64) — the current one and those retired — one of which must have
    /// made the signature; empty when no trust anchor was given.
    let trustedKeys: Set<String>

    /// The fingerprints of `trustedKeys`, as bag-info.txt writes them.
    var trustedFingerprints: Set<String> {
        Set(trustedKeys.compactMap { Data(base64Encoded: $0).map { OfficeKey.fingerprint(of: Array($0)) } })
    }

    /// Whether a report shows the package whole: signature, tag and payload digests, counts, structure —
    /// what decides which of two copies is sound (a usability finding such as an unembedded font in sealed
    /// evidence does not make a copy damaged).
    public static func isIntact(_ report: Report) -> Bool {
        let integrity: Set<String> = [
            ArchivalCheck.fixity, .metadataMatchesContent, .packageAuthenticity, .countAndVolume, .contentCompleteness, .foreignFiles,
        ].reduce(into: []) { $0.insert($1.rawValue) }
        return !report.problems.contains { integrity.contains($0.code) }
    }

    public init(schema: XMLSchema, trustedKeys: [String]) {
        self.schema = schema
        self.trustedKeys = Set(trustedKeys)
    }

    public init(schema: XMLSchema, trustedKey: String? = nil) {
        self.init(schema: schema, trustedKeys: trustedKey.map { [$0] } ?? [])
    }

    /// Paths a manifest lists more than once.
    static func listedTwice(_ bytes: [UInt8]) -> [String] {
        var seen: Set<String> = []
        var twice: [String] = []
        for line in BagPackage.tagLines(bytes) {
            guard let space = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) else { continue }
            let path = String(decoding: BagPackage.trimmed(line[space...]), as: UTF8.self)
            if !path.isEmpty, !seen.insert(path).inserted, !twice.contains(path) { twice.append(path) }
        }
        return twice
    }

    /// Checks a package; `fast` checks structure, counts and sizes only (no digests, no opening files).
    public func verify(_ path: String, fast: Bool = false) -> Report {
        let run = PackageCheck(path: path, fast: fast)
        guard run.open() else { return run.report(code: nil, version: nil, sealValue: nil) }
        run.checkDeclaration()
        run.checkManifests()
        if !fast { run.checkPayloadDigests() }
        run.signerChecked = !trustedKeys.isEmpty
        let sealValue = run.checkSignature(trustedKeys: trustedKeys)
        let (code, version) = run.checkDossier(schema: schema)
        run.checkEvents(version: version)
        run.checkEveryFile()
        return run.report(code: code, version: version, sealValue: sealValue)
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
    static func checkOfficeFile(_ content: [UInt8], name: String, suffix: String, fail: (ArchivalCheck, String, String, String) -> Void) {
        do {
            let zip = try ZipReader(bytes: content, name: name)
            let main = ["docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"][suffix] ?? "content.xml"
            _ = try XMLDocument(bytes: try zip.contents(of: main), source: "\(name)!/\(main)")
            if zip.entries.contains(where: { $0.path.lowercased().hasSuffix("vbaproject.bin") || $0.path.lowercased().hasPrefix("basic/") })
            {
                fail(.maliciousCode, name, "文档含宏", "the document holds macros")
            }
        } catch {
            fail(.contentReadable, name, "文档无法打开：\(error)", "the document does not open: \(error)")
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
        Set(ByteSearch.found(names.map { Array($0.utf8) }, in: content).map { names[$0] })
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
