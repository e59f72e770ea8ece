import Foundation
import Inspection
import Support

extension ArchivalCheck {
    /// What the item checks in a SpotCheck package, as the 四性检测报告 prints it.
    public var checks: String {
        switch self {
        case .fixity: return "Ed25519 签名验证标签清单；公钥与指纹相符（给出单位公钥时须为本单位）；各标签文件摘要"
        case .metadataAccuracy: return "dossier.xml 符合 archive/dossier.xsd；External-Identifier 与档号一致；修改版引用前版封印值"
        case .metadataMatchesContent: return "dossier.xml 记载的每个文件的 SHA-256 与大小同清单和文件一致"
        case .packageAuthenticity: return "唯一根文件夹、BagIt 声明、必备标签文件、标签清单完整、创建事件"
        case .countAndVolume: return "Payload-Oxum：文件总数与总字节数"
        case .metadataCompleteness: return "每个文件均有著录；处理意见所要求的文书齐全（000 §18）"
        case .contentCompleteness: return "每个文件的 SHA-256（及 SM3）摘要；无缺失、无清单外文件"
        case .continuity: return "件号自 1 起连续"
        case .metadataReadable: return "XML 均可解析"
        case .contentReadable: return "DOCX/XLSX/ODT 可作为 zip 与 XML 打开；PDF、JPEG、PNG 文件头；PDF 嵌入全部字体"
        case .packageUsable: return "无加密的 PDF 或 zip"
        case .maliciousCode: return "无宏、可执行文件、脚本或 PDF 启动动作"
        case .foreignFiles: return "路径安全（无越界、链接、压缩炸弹），无系统杂项文件"
        }
    }

    /// The items a fast check does not read (every digest, every file's content).
    /// (A fast check still checks the signature, GD-1-1, but opens no file: no digest, no content.)
    static let readOnlyInFull: Set<ArchivalCheck> = [
        .metadataMatchesContent, .contentCompleteness, .metadataReadable, .contentReadable, .packageUsable, .maliciousCode,
    ]
}

extension CheckReport {
    /// The report of a verification run.
    /// - Parameters:
    ///   - scope: what was checked, in words (`卫东区2024 的 39 个档案包`).
    ///   - trustedKey: the office key's fingerprint the signatures were checked against, or nil.
    public init(
        verification reports: [PackageVerifier.Report], full: Bool, day: String, scope: String, tool: String, checker: String,
        trustedKey: String?
    ) {
        let items = ArchivalCheck.allCases.map { check -> Item in
            let failed = reports.filter { $0.problems.contains { $0.code == check.rawValue } }.count
            return Item(
                code: check.rawValue, label: check.label, checks: check.checks, passed: reports.count - failed, failed: failed,
                skipped: !full && ArchivalCheck.readOnlyInFull.contains(check))
        }
        let packages = reports.map { report in
            Package(
                code: report.code ?? "", name: (report.package as NSString).lastPathComponent, version: report.version ?? 0,
                files: report.files, passed: report.passed, problems: report.problems.map { "\($0.code) \($0.file)：\($0.zh)" })
        }.sorted { ArchiveExport.archivalOrder(($0.code, $0.version, $0.name), ($1.code, $1.version, $1.name)) }
        // The number says the day and what was found, so the same run gives the same report.
        let digest = sha256Hex(Array(packages.map { "\($0.name)|\($0.passed)|\($0.problems.joined(separator: "|"))" }.joined(separator: "\n").utf8))
        self.init(
            number: "\(day.filter(\.isNumber))-\(digest.prefix(6).uppercased())", day: day, scope: scope, tool: tool, checker: checker, full: full,
            trustedKey: trustedKey, items: items, packages: packages)
    }
}

extension CheckReport {
    /// The report of an export, from its index rows.
    public init(export rows: [ArchiveExport.Row], full: Bool, day: String, scope: String, tool: String, checker: String, trustedKey: String?) {
        let reports = rows.map { row in
            PackageVerifier.Report(
                package: row.package, code: row.code, version: row.version, sealValue: row.sealValue, files: row.files, problems: row.problems)
        }
        self.init(verification: reports, full: full, day: day, scope: scope, tool: tool, checker: checker, trustedKey: trustedKey)
    }
}
