import Foundation
import Inspection
import Support

extension Workspace {
    /// The draw columns of the current target registry, whose snapshot hash is `snapshot`: from the file
    /// the last import wrote when it is for that snapshot and intact, otherwise from the registry itself.
    public func targetColumns(snapshot: String) throws -> TargetColumns {
        if let bytes = FileManager.default.contents(atPath: columnsPath(snapshot)),
            let columns = TargetColumns(file: [UInt8](bytes), snapshot: snapshot)
        {
            return columns
        }
        return TargetColumns(try targets())
    }

    /// Writes the draw columns of a targets import (`TargetColumns.encoded(snapshot:)`) and removes those
    /// of earlier snapshots. A failure here costs speed, not correctness (draws then read the registry),
    /// so it is not an import error.
    func writeTargetColumns(_ bytes: [UInt8], snapshot: String) {
        let folder = layout.registry
        let manager = FileManager.default
        try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = columnsPath(snapshot)
        guard (try? AtomicFile.write(bytes, to: path)) != nil else { return }
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("targets-") && name.hasSuffix(".columns") && "\(folder)/\(name)" != path {
            try? manager.removeItem(atPath: "\(folder)/\(name)")
        }
    }

    private func columnsPath(_ snapshot: String) -> String { "\(layout.registry)/targets-\(snapshot).columns" }

    /// Publishes the public part of the current target registry beside the draw records, as
    /// `draws/targets-HASH.csv` (`RegistrySnapshot`), and returns its SHA-256 — the registry hash a draw
    /// binds — and its path relative to the workspace. Drawing twice from one registry publishes one file.
    public func publishTargetSnapshot() throws -> (hash: String, path: String) {
        let snapshot = try snapshotHash(.targets)
        // The cached file, named by its SHA-256 when the import wrote it, is published as it is: hashing a
        // million targets again would cost the draw a third of its second. A cache file altered since is not
        // silent: the record binds the name's hash, so draw verify and audit verify name the difference.
        var found: (hash: String, source: String)?
        if let cached = cachedPublicSnapshot(snapshot) {
            found = (String(cached.dropFirst("targets-\(snapshot).public-".count).dropLast(".csv".count)), "\(layout.registry)/\(cached)")
        }
        if found == nil {
            let bytes = RegistrySnapshot.bytes(of: try targets())
            let hash = sha256Hex(bytes)
            try FileManager.default.createDirectory(atPath: layout.registry, withIntermediateDirectories: true)
            try AtomicFile.write(bytes, to: publicSnapshotPath(snapshot, hash: hash))
            found = (hash, publicSnapshotPath(snapshot, hash: hash))
        }
        let (hash, source) = found!
        let relative = "draws/\(RegistrySnapshot.fileName(hash: hash))"
        let destination = layout.absolute(relative)
        if !FileManager.default.fileExists(atPath: destination) {
            try FileManager.default.createDirectory(atPath: layout.draws, withIntermediateDirectories: true)
            // A hard link where the file system allows it (a million targets: 100 MB not copied), else a copy.
            if (try? FileManager.default.linkItem(atPath: source, toPath: destination)) == nil {
                guard let bytes = FileManager.default.contents(atPath: source) else {
                    throw StoreError(zh: "无法读取名录库快照 \(source)", en: "cannot read the registry snapshot \(source)", code: .io)
                }
                try AtomicFile.write(Array(bytes), to: destination)
            }
        }
        return (hash, relative)
    }

    /// Keeps a targets import's public snapshot in the registry cache, named by both hashes, and removes
    /// those of earlier imports (published copies under draws/ stay).
    func writePublicSnapshot(_ bytes: [UInt8], snapshot: String) {
        let folder = layout.registry
        let path = publicSnapshotPath(snapshot, hash: sha256Hex(bytes))
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard (try? AtomicFile.write(bytes, to: path)) != nil else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("targets-") && name.contains(".public-") && "\(folder)/\(name)" != path {
            try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
        }
    }

    private func publicSnapshotPath(_ snapshot: String, hash: String) -> String { "\(layout.registry)/targets-\(snapshot).public-\(hash).csv" }

    private func cachedPublicSnapshot(_ snapshot: String) -> String? {
        ((try? FileManager.default.contentsOfDirectory(atPath: layout.registry)) ?? []).first {
            $0.hasPrefix("targets-\(snapshot).public-") && $0.hasSuffix(".csv")
        }
    }
}
