import Foundation
import GRDB
import Support

extension Workspace {
    /// Every file whose SHA-256 the audit trail records — draw records and their registry snapshots, match
    /// records, evidence — and every issued document (its SHA-256 in the document register), compared with
    /// the file on disk: a record edited on disk is named, not passed as "intact".
    /// - Returns: one problem per file that is missing or differs; `sequence` is the entry that recorded
    ///   it (0 for a document, recorded in the register).
    public func verifyRecordedFiles() throws -> [AuditTrail.Problem] {
        let decoder = JSONDecoder()
        var expected: [String: (sequence: Int64, sha256: String)] = [:]
        for entry in try auditEntries() {
            guard let action = entry.action, let after = entry.after.map({ Data($0.utf8) }) else { continue }
            switch action {
            case .drawRun, .drawLock, .matchRun, .matchSubstitute:
                guard let file = try? decoder.decode(AuditPayload.RecordFile.self, from: after) else { continue }
                expected[file.record] = (entry.sequence, file.sha256)
                if let snapshot = file.snapshot, let hash = file.snapshotSHA256 { expected[snapshot] = (entry.sequence, hash) }
            case .evidenceAdd:
                guard let file = try? decoder.decode(AuditPayload.EvidenceFile.self, from: after) else { continue }
                expected[WorkspaceLayout.relativeEvidence(visit: entry.entityID, name: file.name)] = (entry.sequence, file.sha256)
            default: continue
            }
        }
        let documents = try database.read { db in
            // The latest rendering of each path is what the file must hold.
            try Row.fetchAll(db, sql: "SELECT path, sha256 FROM document WHERE id IN (SELECT MAX(id) FROM document GROUP BY path)")
        }
        for row in documents where expected[row["path"]] == nil { expected[row["path"]] = (0, row["sha256"]) }
        let files = expected.sorted { ($0.value.sequence, $0.key) < ($1.value.sequence, $1.key) }
        let found = try files.parallelMap(chunk: 16) { path, recorded -> AuditTrail.Problem? in
            let absolute = layout.absolute(path)
            guard FileManager.default.fileExists(atPath: absolute) else {
                return AuditTrail.Problem(
                    sequence: recorded.sequence, zh: "记录的文件 \(path) 不存在", en: "the recorded file \(path) is missing")
            }
            let actual = (try? sha256Hex(ofFile: absolute)) ?? ""
            guard actual == recorded.sha256 else {
                return AuditTrail.Problem(
                    sequence: recorded.sequence, zh: "文件 \(path) 已被改动：SHA-256 为 \(actual)，记录的是 \(recorded.sha256)",
                    en: "the file \(path) was changed: its SHA-256 is \(actual), the trail recorded \(recorded.sha256)")
            }
            return nil
        }
        return found.compactMap { $0 }
    }
}
