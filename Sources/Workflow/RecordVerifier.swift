import Foundation
import Inspection
import Support

/// Verifies draw and match records as files, the way an outsider holds them: the files a record cites
/// (the previous attempt, the registry snapshot, the draw record, the other tasks' match records) are
/// looked for beside it, and what is not there is said to be unchecked.
///
/// ```swift
/// let (record, check) = try RecordVerifier.draw(at: "卫东区2024/draws/2024-01-2.xml")
/// check.holds          // false: check.differences name what differs
/// ```
public enum RecordVerifier {
    /// Checks a draw record.
    /// - Parameter snapshot: the registry snapshot's path, when not the file beside the record.
    /// - Throws: `WorkflowError` for a file that cannot be read; `XMLError` for one that is not a draw record.
    public static func draw(at path: String, snapshot: String? = nil) throws -> (DrawRecord, RecordCheck) {
        let record = try DrawRecord(xml: try read(path), source: path)
        let snapshotBytes = try snapshot.map(read) ?? beside(path, record.registryFile)
        let previous = record.previous.flatMap { beside(path, $0.record) }
        return (record, record.check(snapshot: record.isLegacy ? nil : snapshotBytes, previous: previous))
    }

    /// Checks a match record.
    /// - Parameter draw: the draw record's path, when not the file beside the match record.
    public static func match(at path: String, draw: String? = nil) throws -> (MatchRecord, RecordCheck) {
        let record = try MatchRecord(xml: try read(path), source: path)
        let drawBytes = try draw.map(read) ?? beside(path, (record.drawRecord as NSString).lastPathComponent)
        let others = record.merged.isEmpty ? [] : latestMatches(beside: path).filter { $0.task != record.task }
        return (record, record.check(draw: drawBytes, others: others))
    }

    /// The latest version of every task's match record in the folder of `path`.
    static func latestMatches(beside path: String) -> [MatchRecord] {
        let folder = (path as NSString).deletingLastPathComponent
        var latest: [String: (number: Int, record: MatchRecord)] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        where name.contains("-match-") && name.hasSuffix(".xml") {
            guard let number = Int(name.dropLast(4).split(separator: "-").last ?? ""),
                let bytes = beside(path, name), let record = try? MatchRecord(xml: bytes, source: name),
                number > latest[record.task]?.number ?? 0
            else { continue }
            latest[record.task] = (number, record)
        }
        return latest.values.map(\.record)
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw WorkflowError(zh: "无法读取 \(path)", en: "cannot read \(path)", code: .notFound)
        }
        return Array(bytes)
    }

    /// A file named in a record, in the record's folder (a bare name only: a record cannot point elsewhere).
    static func beside(_ path: String, _ name: String) -> [UInt8]? {
        guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        return FileManager.default.contents(atPath: folder.isEmpty ? name : "\(folder)/\(name)").map(Array.init)
    }
}
