import Archiving
import Foundation
import Inspection
import Store
import Support

/// Seals a task's draw records — every attempt, the registry snapshots they were drawn from, every
/// version of the match record — into one signed BagIt package, `archive/tasks/TASK-抽取记录-vN.zip`,
/// kept permanently (永久): the evidence that the draw was not redone or bent, in the form the case
/// files are kept in and verifiable by `archive verify` and bagit-python alike. Sealing again with the
/// same files changes nothing; new files (a substitution) give version N+1.
///
/// ```swift
/// let sealed = try DrawRecordSealer(store: workspace, sealer: folderSealer).seal(task: "2024-01", date: "2024-08-20")
/// ```
public struct DrawRecordSealer: Sendable {
    public let store: any CaseStore
    public let sealer: FolderSealer

    public init(store: any CaseStore, sealer: FolderSealer) {
        self.store = store
        self.sealer = sealer
    }

    /// What a seal did.
    public struct Sealed: Sendable, Encodable {
        public var path: String
        public var version: Int
        public var files: Int
        public var written: Bool
    }

    /// - Returns: the package, or `nil` when the task has not been drawn.
    /// - Throws: `WorkflowError` for a record that is missing; `ArchiveError` from the sealing.
    public func seal(task id: String, date: String) throws -> Sealed? {
        let plan = try store.tasks()
        guard let task = plan.first(where: { $0.id == id }) else { throw try WorkflowError.unknownTask(id, in: store) }
        let files = try recordFiles(of: id)
        guard !files.isEmpty else { return nil }
        // What a seal killed midway left (its staging folder and metadata, named with its process) goes first.
        StaleFiles.sweep(store.layout.taskPackages)
        let content = sha256Hex(Array(files.map { "\($0.name) \($0.sha256)\n" }.joined().utf8))
        let earlier = try store.auditEntries().filter { $0.action == .archiveSeal && $0.entity == "task-records" && $0.entityID == id }
        let decoder = JSONDecoder()
        let last = earlier.last.flatMap { $0.after.flatMap { try? decoder.decode(AuditPayload.TaskRecords.self, from: Data($0.utf8)) } }
        if let last, last.contentSHA256 == content {
            return Sealed(path: last.package, version: earlier.count, files: last.files, written: false)
        }
        let version = earlier.count + 1
        let layout = store.layout
        let relative = "archive/tasks/\(id)-抽取记录-v\(version).zip"
        let staging = "\(layout.taskPackages)/.staging-\(id)-v\(version).\(getpid()).partial"
        let manager = FileManager.default
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: staging) }
        for file in files {
            let source = layout.absolute("draws/\(file.name)")
            if (try? manager.linkItem(atPath: source, toPath: "\(staging)/\(file.name)")) == nil {
                try manager.copyItem(atPath: source, toPath: "\(staging)/\(file.name)")
            }
        }
        let settings = try store.settings()
        let tasks = plan.filter { $0.year == task.year }.map(\.id).sorted()
        let metadata = FolderSealer.Metadata(
            code: "\(settings.fondsNumber)-\(ArchivalCode.category)·\(task.year)-Y-RW\(id)", title: "\(task.name)随机抽取记录（历次抽取、名录库快照、检查人员匹配记录）",
            creator: settings.office, start: task.start, end: task.end, retention: "永久", sequence: (tasks.firstIndex(of: id) ?? 0) + 1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let metadataPath = "\(layout.taskPackages)/.staging-\(id)-v\(version)-json.\(getpid()).partial"
        try Data(try encoder.encode(metadata)).write(to: URL(fileURLWithPath: metadataPath))
        defer { try? manager.removeItem(atPath: metadataPath) }
        let seal = try sealer.seal(staging, metadata: metadataPath, out: layout.absolute(relative), date: date, sm3: false)
        _ = try store.record(
            actor: sealer.actor, action: .archiveSeal, entity: "task-records", entityID: id, before: nil,
            after: AuditPayload.TaskRecords(package: relative, seal: seal, files: files.count, contentSHA256: content))
        return Sealed(path: relative, version: version, files: files.count, written: true)
    }

    /// The task's draw attempts, the snapshots they cite and its match records, by name, with SHA-256.
    func recordFiles(of id: String) throws -> [(name: String, sha256: String)] {
        let folder = store.layout.draws
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let prefix = "\(id)-"
        let records = names.filter { name in
            guard name.hasPrefix(prefix), name.hasSuffix(".xml") else { return false }
            let rest = name.dropFirst(prefix.count).dropLast(4)
            return rest.allSatisfy(\.isNumber) || (rest.hasPrefix("match-") && rest.dropFirst(6).allSatisfy(\.isNumber))
        }
        var snapshots = Set<String>()
        for name in records where !name.contains("-match-") {
            guard let bytes = FileManager.default.contents(atPath: "\(folder)/\(name)") else { continue }
            let record = try DrawRecord(xml: Array(bytes), source: name, candidates: false)
            if !record.registryFile.isEmpty { snapshots.insert(record.registryFile) }
        }
        return try (records + snapshots).sorted().map { name in
            let path = "\(folder)/\(name)"
            guard FileManager.default.fileExists(atPath: path) else {
                throw WorkflowError(zh: "抽取记录 draws/\(name) 不存在", en: "the draw record draws/\(name) is missing", code: .notFound)
            }
            return (name, try sha256Hex(ofFile: path))
        }
    }
}
