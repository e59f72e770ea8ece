import Foundation
import Inspection
import Store
import Support
import ZipCore

/// Appraisal and disposal by the rules: what is due, legal holds, and the disposal itself — a 销毁清册
/// signed by 鉴定人, 批准人 and 监销人, the payload removed, a tombstone (metadata, manifests, events)
/// kept permanently.
///
/// ```swift
/// let retention = ArchiveRetention(workspace: workspace, actor: "档案员") { list, folder in try renderer.render(list, into: folder) }
/// let due = try retention.due(on: "2035-01-02")
/// try retention.dispose(due.map(\.code), appraiser: "赵某", approver: "钱某", supervisor: "孙某", opinion: "无继续保存价值", on: "2035-01-10")
/// ```
public struct ArchiveRetention {
    /// A case file due for appraisal.
    public struct Due: Sendable, Codable, Hashable {
        public var code: String
        public var title: String
        public var version: Int
        public var retention: String
        public var due: String
        public var visit: String?
        /// Holds in force: it cannot be disposed of while any is.
        public var holds: [LegalHold]
    }

    public let workspace: any CaseStore
    public let actor: String
    /// Prints a 销毁清册 into a folder (the standard form, filled by Forms) and returns what it wrote.
    public let print: (DisposalList, String) throws -> [IssuedDocument]

    public init(workspace: any CaseStore, actor: String, print: @escaping (DisposalList, String) throws -> [IssuedDocument]) {
        self.workspace = workspace
        self.actor = actor
        self.print = print
    }

    /// The case files (their latest versions) whose term has run out by `day`, not yet disposed of.
    public func due(on day: String) throws -> [Due] {
        let holds = Dictionary(grouping: try workspace.holds(activeOnly: true), by: \.code)
        let latest = Dictionary(try workspace.dossiers().map { ($0.code, $0) }, uniquingKeysWith: { a, b in a.version > b.version ? a : b })
        return latest.values.filter { $0.disposedAt == nil && ($0.due.map { $0 <= day } ?? false) }.sorted { $0.code < $1.code }.map {
            Due(
                code: $0.code, title: $0.title, version: $0.version, retention: $0.retention, due: $0.due ?? "", visit: $0.visit,
                holds: holds[$0.code] ?? [])
        }
    }

    /// Disposes of case files: refused, with every reason, for any not yet due, permanent, on hold or
    /// unknown, or without all three signatories. Writes the 销毁清册 (`archive/disposals/`), keeps each
    /// version's tag files as a tombstone (`archive/tombstones/`), marks the catalogue, and only then
    /// removes the packages.
    /// - Returns: the 清册's number and the documents written.
    @discardableResult
    public func dispose(
        _ codes: [String], appraiser: String, approver: String, supervisor: String, opinion: String, on day: String
    ) throws -> (list: String, documents: [IssuedDocument]) {
        let chosen = try disposable(codes, appraiser: appraiser, approver: approver, supervisor: supervisor, on: day)
        let manager = FileManager.default
        let disposals = workspace.layout.disposals
        try manager.createDirectory(atPath: disposals, withIntermediateDirectories: true)
        let year = String(day.prefix(4))
        let earlier = try manager.contentsOfDirectory(atPath: disposals).filter { $0.hasPrefix(year + "-") && $0.hasSuffix(".docx") }.count
        let list = "\(year)-\(String(format: "%02d", earlier + 1))"

        // Tombstones first: everything but the payload, per version, kept for good.
        for dossier in chosen {
            let package = workspace.absolutePath(dossier.path)
            let folder =
                "\(workspace.layout.tombstones)/\(DossierSealer.fileName(code: dossier.code, version: dossier.version).dropLast(4))"
            if manager.fileExists(atPath: folder) { continue }
            let reader = try ZipReader(path: package)
            let staging = folder + ".partial"
            try? manager.removeItem(atPath: staging)
            for entry in reader.entries where !entry.isDirectory {
                let parts = entry.path.split(separator: "/", maxSplits: 1)
                guard parts.count == 2, !parts[1].hasPrefix("data/") else { continue }
                let target = "\(staging)/\(parts[1])"
                try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(try reader.contents(of: entry)).write(to: URL(fileURLWithPath: target))
            }
            let record = """
                清册编号：\(list)
                销毁日期：\(day)
                鉴定人：\(appraiser)
                批准人：\(approver)
                监销人：\(supervisor)
                鉴定意见：\(opinion)
                原档案包：\(dossier.path)（封印值 \(dossier.sealValue)）

                """
            try Data(record.utf8).write(to: URL(fileURLWithPath: "\(staging)/销毁记录.txt"))
            try manager.moveItem(atPath: staging, toPath: folder)
        }

        // The 销毁清册.
        let latest = Dictionary(chosen.map { ($0.code, $0) }, uniquingKeysWith: { a, b in a.version > b.version ? a : b })
        let entries = codes.compactMap { latest[$0] }.map { dossier in
            DisposalList.Entry(
                code: dossier.code, title: dossier.title, dates: dossier.sealedAt, retention: dossier.retention, due: dossier.due ?? "",
                versions: chosen.filter { $0.code == dossier.code }.count)
        }
        let written = try print(
            DisposalList(
                number: list, day: day, opinion: opinion, appraiser: appraiser, approver: approver, supervisor: supervisor,
                entries: entries), disposals)

        try workspace.markDisposed(codes, list: list, on: day, actor: actor)
        for dossier in chosen {
            try? manager.removeItem(atPath: workspace.absolutePath(dossier.path))
        }
        return (list, written)
    }

    /// Every version of the case files to dispose of; throws, with every reason, when any may not be.
    func disposable(_ codes: [String], appraiser: String, approver: String, supervisor: String, on day: String) throws
        -> [CatalogedDossier]
    {
        var problems: [LocalizedText] = []
        for (role, name) in [("鉴定人", appraiser), ("批准人", approver), ("监销人", supervisor)]
        where name.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(LocalizedText("须有\(role)", "the \(role) is required"))
        }
        if codes.isEmpty { problems.append(LocalizedText("没有指定要销毁的档案", "no dossiers given")) }
        let dossiers = try workspace.dossiers()
        let holds = Dictionary(grouping: try workspace.holds(activeOnly: true), by: \.code)
        var chosen: [CatalogedDossier] = []
        for code in codes {
            let versions = dossiers.filter { $0.code == code }
            guard let latest = versions.max(by: { $0.version < $1.version }) else {
                problems.append(LocalizedText("档案目录中没有 \(code)", "the catalogue has no \(code)"))
                continue
            }
            if latest.disposedAt != nil {
                problems.append(LocalizedText("\(code) 已于 \(latest.disposedAt ?? "") 销毁", "\(code) was disposed of on \(latest.disposedAt ?? "")"))
            }
            if let due = latest.due {
                if due > day { problems.append(LocalizedText("\(code) 保管期限至 \(due) 才届满，不得提前销毁", "\(code) is kept until \(due): not before")) }
            } else {
                problems.append(LocalizedText("\(code) 永久保存，不得销毁", "\(code) is kept permanently"))
            }
            for hold in holds[code] ?? [] {
                problems.append(
                    LocalizedText(
                        "\(code) 处于保全中（第 \(hold.id) 号，\(hold.authority)：\(hold.reason)），不得销毁",
                        "\(code) is under hold \(hold.id) (\(hold.authority): \(hold.reason))"
                    ))
            }
            chosen.append(contentsOf: versions)
        }
        if !problems.isEmpty {
            throw ArchiveError(
                zh: "不能销毁：\n" + problems.map { "  " + $0.zh }.joined(separator: "\n"),
                en: "cannot dispose:\n" + problems.map { "  " + $0.en }.joined(separator: "\n"))
        }
        return chosen

    }
}
