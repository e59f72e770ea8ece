import Foundation
import Inspection
import Store
import Support

/// Where copies of the packages are kept. A folder today (another disk, a mounted share); an object
/// store with retention locks can be added by implementing this, nothing else changing.
public protocol PackageCopyTarget: Sendable {
    /// The place as events and reports name it: a folder's absolute path, `s3://bucket/prefix`…
    var location: String { get }
    /// A local file to read the copy of `name` (`packages/X.zip`) from; nil when there is no copy.
    func copy(of name: String) throws -> String?
    /// Stores the package file `source` as the copy of `name`, whole or not at all.
    /// - Returns: the SHA-256 of the copy as stored, read back.
    func store(_ source: String, as name: String) throws -> String
}

/// Copies in a folder, laid out as the workspace's `archive/` (`packages/…`, `tasks/…`).
public struct FolderCopyTarget: PackageCopyTarget {
    public let location: String

    public init(_ folder: String) {
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        location = URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    public func copy(of name: String) throws -> String? {
        let path = "\(location)/\(name)"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public func store(_ source: String, as name: String) throws -> String {
        let path = "\(location)/\(name)"
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw FileProblem.unwritable(parent, cause: error)
        }
        return try DurableCopy.copy(source, to: path, verified: true)
    }
}

/// Fixity kept over the decades a case file is kept: `audit` re-verifies the packages (all, or the
/// share checked longest ago) and records each check; `replicate` keeps copies in other places,
/// compares them, and repairs a damaged copy — or the original — from a sound one. Every check is a
/// `FixityEvent` in the workspace; each run's checks are recorded 500 at a time, each batch one audit-trail entry.
///
/// ```swift
/// let fixity = ArchiveFixity(store: workspace, verifier: verifier, actor: "王某")
/// let run = try fixity.audit(limit: 200, today: "2025-03-01")    // the 200 checked longest ago
/// run.overdue                                                    // not checked within the office's interval
/// try fixity.replicate(to: [FolderCopyTarget("/mnt/备份")], today: "2025-03-01")
/// ```
public struct ArchiveFixity: Sendable {
    /// A package of the workspace: its name under `archive/` and where it is.
    public struct Package: Sendable, Hashable, Codable {
        public var name: String
        public var path: String
        public var code: String
        public var version: Int
        /// The day it was sealed (its check interval runs from then until its first check).
        public var sealedOn: String = ""
    }

    /// What an audit checked and found.
    public struct AuditRun: Sendable {
        public var events: [FixityEvent]
        /// The verification of each package checked, by name (for the 四性检测报告).
        public var reports: [String: PackageVerifier.Report]
        /// Packages not checked within the interval (never, or before `today − interval`), after this run.
        public var overdue: [(package: Package, lastChecked: String?)]
        public var total: Int
    }

    /// One package's copies and their last checks.
    public struct Status: Sendable, Codable, Hashable {
        public var package: Package
        /// The last event per location (`""`: the workspace's own), in location order.
        public var last: [FixityEvent]
        public var events: Int
    }

    public let store: any CaseStore
    public let verifier: PackageVerifier
    public let actor: String

    public init(store: any CaseStore, verifier: PackageVerifier, actor: String) {
        self.store = store
        self.verifier = verifier
        self.actor = actor
    }

    var archive: String { "\(store.root)/archive" }

    /// Every package the archive keeps: each version of each case file not disposed of (the catalogue),
    /// and the tasks' draw-record packages.
    public func packages() throws -> [Package] {
        var packages = try store.dossiers().filter { $0.disposedAt == nil }.map { dossier in
            let path = store.absolutePath(dossier.path)
            let name = path.hasPrefix(archive + "/") ? String(path.dropFirst(archive.count + 1)) : dossier.path
            return Package(name: name, path: path, code: dossier.code, version: dossier.version, sealedOn: dossier.sealedAt)
        }
        let tasks = "\(archive)/tasks"
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []).sorted() where file.hasSuffix(".zip") {
            let modified = (try? FileManager.default.attributesOfItem(atPath: "\(tasks)/\(file)"))?[.modificationDate] as? Date
            let day = modified.map { ISO8601DateFormatter.string(from: $0, timeZone: TimeZone(identifier: "Asia/Shanghai")!, formatOptions: [.withFullDate]) }
            packages.append(Package(name: "tasks/\(file)", path: "\(tasks)/\(file)", code: "", version: 0, sealedOn: day ?? ""))
        }
        return packages
    }

    // MARK: - Audit

    /// How many packages an audit checks between two records of its checks.
    static let batch = 500

    /// An audit's batches: one when it fits in `batch` (one record, one audit entry); else of `batch`
    /// packages, the last one small (a twentieth, at most 50), since its record is the one write that no
    /// verification overlaps.
    static func batches(_ count: Int) -> [Range<Int>] {
        guard count > batch else { return count > 0 ? [0..<count] : [] }
        let tail = min(50, count / 20)
        return stride(from: 0, to: count - tail, by: batch).map { $0..<min(count - tail, $0 + batch) } + [(count - tail)..<count]
    }

    /// Re-verifies packages in full and records each check, every `batch` packages.
    /// - Parameters:
    ///   - limit: check only this many, those checked longest ago (never checked first): a rotating share.
    ///   - copies: also verify the copies at every place a copy was ever made.
    ///   - interval: days within which every package must have been checked (the office's setting).
    ///   - packages: `packages()`, when the caller has read them already (to size its progress bar).
    public func audit(
        limit: Int? = nil, copies: Bool = false, today: String, interval: Int, at time: Date = Clock.now(), packages given: [Package]? = nil,
        progress: (@Sendable () -> Void)? = nil
    ) throws -> AuditRun {
        let all = try given ?? packages()
        let history = try store.lastFixityChecks()
        var lastChecked = history.days
        // Those whose last check failed first (until they pass again), then those checked longest ago.
        let ordered = all.sorted {
            (history.failing.contains($0.name) ? 0 : 1, lastChecked[$0.name] ?? "", $0.name)
                < (history.failing.contains($1.name) ? 0 : 1, lastChecked[$1.name] ?? "", $1.name)
        }
        let chosen = limit.map { Array(ordered.prefix(max(0, $0))) } ?? ordered
        let locations = copies ? history.locations : []
        let stamp = ISO8601DateFormatter().string(from: time)
        let verifier = self.verifier
        let actor = self.actor
        let store = self.store
        // Each package (and each of its copies) verified on every core, reported in order, a batch at a
        // time. Each batch's checks are recorded (one transaction, one audit entry) on a thread of their own
        // while the next batch is verified: an audit killed after hours keeps the record of what it checked,
        // and the writes' waits for the disk overlap the hashing.
        var checked: [[(FixityEvent, PackageVerifier.Report?)]] = []
        var recording: Concurrent<Result<Void, any Error>>?
        for range in Self.batches(chosen.count) {
            let batch = Array(chosen[range])
            let results = try batch.parallelMap(chunk: 1) { package in
                defer { progress?() }
                return ([""] + locations).map { Self.check(package, at: $0, today: today, stamp: stamp, verifier: verifier, actor: actor) }
            }
            try recording?.value.get()
            let events = results.flatMap { $0.map(\.0) }
            recording = Concurrent(thread: true) { Result { try store.recordFixity(events, action: .archiveAudit, actor: actor, at: time) } }
            checked += results
        }
        try recording?.value.get()
        let events = checked.flatMap { $0.map(\.0) }
        var reports: [String: PackageVerifier.Report] = [:]
        for (package, results) in zip(chosen, checked) { reports[package.name] = results.first?.1 }
        for event in events where event.location.isEmpty { lastChecked[event.package] = event.checkedOn }
        let horizon = (CivilDate(parsing: today)?.adding(days: -interval).description) ?? today
        // Overdue: neither checked nor sealed within the interval.
        let overdue = all.filter { max(lastChecked[$0.name] ?? "", $0.sealedOn) < horizon }.map { ($0, lastChecked[$0.name]) }
        return AuditRun(events: events, reports: reports, overdue: overdue, total: all.count)
    }

    /// One full check of a package's copy at `location` (`""`: the workspace's own).
    static func check(
        _ package: Package, at location: String, today: String, stamp: String, verifier: PackageVerifier, actor: String
    ) -> (FixityEvent, PackageVerifier.Report?) {
        let path = location.isEmpty ? package.path : "\(location)/\(package.name)"
        guard FileManager.default.fileExists(atPath: path) else {
            let event = FixityEvent(
                package: package.name, location: location, outcome: .failed, checkedOn: today, checkedAt: stamp,
                detail: location.isEmpty ? "档案包缺失" : "副本缺失", actor: actor)
            return (event, nil)
        }
        let report = verifier.verify(path)
        return (event(for: report, package: package, location: location, today: today, stamp: stamp, actor: actor), report)
    }

    static func event(
        for report: PackageVerifier.Report, package: Package, location: String, today: String, stamp: String, actor: String
    ) -> FixityEvent {
        let detail = report.problems.prefix(3).map { "\($0.code) \($0.file)：\($0.zh)" }.joined(separator: "；")
            + (report.problems.count > 3 ? "；等 \(report.problems.count) 个问题" : "")
        return FixityEvent(
            package: package.name, location: location, outcome: report.passed ? .passed : .failed, checkedOn: today, checkedAt: stamp,
            detail: detail, actor: actor)
    }

    // MARK: - Replication

    /// Keeps a copy of every package at each target: makes missing copies (from an original that passes
    /// verification), compares existing ones by SHA-256, and when they differ verifies both and repairs
    /// the damaged one from the sound one — the original included.
    /// - Returns: every event, also recorded.
    public func replicate(
        to targets: [any PackageCopyTarget], today: String, at time: Date = Clock.now(), packages given: [Package]? = nil,
        progress: (@Sendable () -> Void)? = nil
    ) throws -> [FixityEvent] {
        let stamp = ISO8601DateFormatter().string(from: time)
        let replicator = Replication(verifier: verifier, targets: targets, today: today, stamp: stamp, actor: actor)
        let events = try (given ?? packages()).parallelMap(chunk: 1) { package -> [FixityEvent] in
            defer { progress?() }
            return replicator.run(package)
        }.flatMap { $0 }
        try store.recordFixity(events, action: .archiveReplicate, actor: actor, at: time)
        return events
    }

    // MARK: - Status

    /// Every package with the last check of each of its copies.
    public func status() throws -> [Status] {
        let history = Dictionary(grouping: try store.fixityEvents(package: nil), by: \.package)
        return try packages().map { package in
            let events = history[package.name] ?? []
            var last: [String: FixityEvent] = [:]
            for event in events { last[event.location] = event }
            return Status(package: package, last: last.keys.sorted().compactMap { last[$0] }, events: events.count)
        }
    }
}

/// One package's replication to every target (the work of `ArchiveFixity.replicate`).
struct Replication: Sendable {
    let verifier: PackageVerifier
    let targets: [any PackageCopyTarget]
    let today, stamp, actor: String

    func event(_ package: ArchiveFixity.Package, _ location: String, _ outcome: FixityEvent.Outcome, _ sha256: String?, _ detail: String)
        -> FixityEvent
    {
        FixityEvent(
            package: package.name, location: location, outcome: outcome, checkedOn: today, checkedAt: stamp, sha256: sha256, detail: detail,
            actor: actor)
    }

    // Long on purpose: the decision table of one package — copy, compare, and repair either side — reads
    // best in one place.
    func run(_ package: ArchiveFixity.Package) -> [FixityEvent] {
        var events: [FixityEvent] = []
        var original = try? sha256Hex(ofFile: package.path)
        // Verified at most once, and only when a copy is to be made or two sides disagree.
        var originalSound: Bool?
        func isOriginalSound() -> Bool {
            if let originalSound { return originalSound }
            let sound = original != nil && PackageVerifier.isIntact(verifier.verify(package.path))
            originalSound = sound
            return sound
        }
        // Targets that hold a copy first: a damaged original is restored before the missing copies are made.
        let found = targets.map { target in (target, try? target.copy(of: package.name)) }
        for (target, existing) in found.filter({ $0.1 != nil }) + found.filter({ $0.1 == nil }) {
            do {
                guard let copy = existing else {
                    guard isOriginalSound() else {
                        events.append(event(package, target.location, .failed, nil, "原件缺失或未通过检测，未复制"))
                        continue
                    }
                    let stored = try target.store(package.path, as: package.name)
                    events.append(
                        stored == original
                            ? event(package, target.location, .copied, stored, "")
                            : event(package, target.location, .failed, stored, "复制后复核不一致"))
                    continue
                }
                let digest = try sha256Hex(ofFile: copy)
                if digest == original {
                    events.append(event(package, target.location, .identical, digest, "与原件一致"))
                    continue
                }
                if isOriginalSound() {
                    let stored = try target.store(package.path, as: package.name)
                    events.append(event(package, target.location, stored == original ? .repaired : .failed, stored, "副本与原件不一致，已用原件修复"))
                } else if PackageVerifier.isIntact(verifier.verify(copy)) {
                    // The original is damaged or gone: restored from the sound copy, in place.
                    try FileManager.default.createDirectory(
                        atPath: (package.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try DurableCopy.copy(copy, to: package.path)
                    original = try sha256Hex(ofFile: package.path)
                    originalSound = original == digest
                    events.append(event(package, "", originalSound == true ? .repaired : .failed, original, "原件损坏或缺失，已用 \(target.location) 的副本修复"))
                    events.append(event(package, target.location, .identical, digest, "完好，用于修复原件"))
                } else {
                    events.append(event(package, target.location, .failed, digest, "副本与原件均未通过检测"))
                }
            } catch {
                events.append(event(package, target.location, .failed, nil, "\(error)"))
            }
        }
        return events
    }
}
