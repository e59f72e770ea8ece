import Foundation
import Inspection
import Store
import Support
import XMLCore
import ZipCore

/// Rebuilds the workspace's catalogue from the packages and tombstones themselves, for when the
/// database is lost or suspected: each package's dossier.xml and bag-info.txt say what it is; a
/// tombstone says what was disposed of and when.
public enum CatalogScanner {
    /// The catalogue as the packages in `archive/packages/` and the tombstones in `archive/tombstones/` show it.
    public static func scan(_ workspace: any CaseStore) throws -> [CatalogedDossier] { try scan(workspace, verifier: nil).found }

    /// The catalogue, adopting only packages whose signature verifies with one of the office's keys; the
    /// others are named.
    public static func scan(_ workspace: any CaseStore, verifier: PackageVerifier?) throws -> (found: [CatalogedDossier], foreign: [String]) {
        let manager = FileManager.default
        var found: [CatalogedDossier] = []
        var foreign: [String] = []
        let packages = workspace.layout.packages
        for name in ((try? manager.contentsOfDirectory(atPath: packages)) ?? []).sorted() where name.hasSuffix(".zip") {
            // Foreign: signed with a key that is not one of the office's. (A damaged package of our own stays in
            // the catalogue, where audit and replicate can find it and repair it from a copy.)
            if let verifier, !verifier.trustedKeys.isEmpty {
                let report = verifier.verify("\(packages)/\(name)", fast: true)
                if let signer = report.signer, !verifier.trustedFingerprints.contains(signer) {
                    foreign.append(name)
                    continue
                }
            }
            if let dossier = try describe(package: "\(packages)/\(name)", path: "archive/packages/\(name)") { found.append(dossier) }
        }
        let tombstones = workspace.layout.tombstones
        for name in ((try? manager.contentsOfDirectory(atPath: tombstones)) ?? []).sorted() {
            var files: [String: [UInt8]] = [:]
            for file in ["dossier.xml", "bag-info.txt", "tagmanifest-sha256.txt", "manifest-sha256.txt", "销毁记录.txt"] {
                if let data = manager.contents(atPath: "\(tombstones)/\(name)/\(file)") { files[file] = Array(data) }
            }
            let record = String(decoding: files["销毁记录.txt"] ?? [], as: UTF8.self)
            let day = record.split(separator: "\n").first { $0.hasPrefix("销毁日期：") }.map { String($0.dropFirst("销毁日期：".count)) }
            if let dossier = try describe(files, path: "archive/packages/\(name).zip", disposed: day ?? "") { found.append(dossier) }
        }
        return (found.sorted { ($0.code, $0.version) < ($1.code, $1.version) }, foreign)
    }

    /// A package's catalogue entry from its own tag files (nil when it has no dossier.xml or manifests).
    static func describe(package file: String, path: String) throws -> CatalogedDossier? {
        let reader = try ZipReader(path: file)
        var files: [String: [UInt8]] = [:]
        for entry in reader.entries where !entry.isDirectory {
            let inner = entry.path.split(separator: "/", maxSplits: 1)
            guard inner.count == 2, !inner[1].hasPrefix("data/") else { continue }
            files[String(inner[1])] = try reader.contents(of: entry)
        }
        return try describe(files, path: path, disposed: nil)
    }

    static func describe(_ files: [String: [UInt8]], path: String, disposed: String?) throws -> CatalogedDossier? {
        guard let xml = files["dossier.xml"], let manifest = files["manifest-sha256.txt"], let tags = files["tagmanifest-sha256.txt"] else {
            return nil
        }
        let document = try XMLDocument(bytes: xml, source: "\(path)!/dossier.xml")
        let ns = ["d": DossierMetadata.namespace]
        func text(_ path: String) throws -> String { try document.string(of: "string(\(path))", namespaces: ns) }
        let info = BagPackage.parseBagInfo(files["bag-info.txt"] ?? [])
        let visit = try text("/d:案卷/d:检查/d:编号")
        let task = try text("/d:案卷/d:任务[1]/@编号")
        let due = try text("/d:案卷/d:到期日期")
        return CatalogedDossier(
            code: try text("/d:案卷/d:档号"), version: Int(try text("/d:案卷/d:版本")) ?? 1, visit: visit.isEmpty ? nil : visit,
            task: task.isEmpty ? nil : task, title: try text("/d:案卷/d:题名"), path: path, sealValue: sha256Hex(tags),
            contentDigest: sha256Hex(manifest + DossierMetadata.withoutLayout(xml)), className: info["Retention-Class"] ?? "",
            retention: try text("/d:案卷/d:保管期限"), due: due.isEmpty ? nil : due, sealedAt: info["Bagging-Date"] ?? "",
            actor: "", disposedAt: disposed)
    }
}
