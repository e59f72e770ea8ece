import Crypto
import Foundation
import GRDB
import Inspection

/// What an import changed.
public struct ImportSummary: Codable, Sendable, Hashable {
    public var added: Int
    public var changed: Int
    public var removed: Int
    public var unchanged: Int
    /// SHA-256 of the registry as it stands after the import (sorted records), which a draw records.
    public var snapshotHash: String
    /// When the import took effect (ISO 8601, UTC): the registry "as of" any later time includes it.
    public var at: String
}

/// The registries of 一单两库.
public enum Registry: String, Sendable, CaseIterable {
    /// 检查对象名录库, keyed by credit code.
    case targets
    /// 执法检查人员名录库 and 专家库, keyed by certificate number.
    case inspectors
    /// 随机抽查事项清单, keyed by item name.
    case items
    /// The annual plan's tasks, keyed by task number.
    case tasks
}

extension Workspace {
    /// Replaces the target registry (see `importRegistry`).
    @discardableResult
    public func importTargets(_ targets: [Target], file: String, fileSHA256: String, actor: String, at date: Date = Date()) throws
        -> ImportSummary
    {
        try importRegistry(.targets, targets, key: \.creditCode, file: file, fileSHA256: fileSHA256, actor: actor, at: date)
    }

    /// Replaces a registry with `records` in one transaction, keeping history: a changed or removed
    /// record stays queryable as it was on any past date (000 §10; 003 三(八)).
    /// - Parameters:
    ///   - records: the whole registry as the office keeps it (validated by the matching `…Import`).
    ///   - key: what identifies a record across imports.
    ///   - file: the file it came from and its SHA-256, for the audit trail.
    /// - Returns: what changed.
    @discardableResult
    public func importRegistry<Record: Encodable>(
        _ registry: Registry, _ records: [Record], key: (Record) -> String, file: String, fileSHA256: String, actor: String,
        at date: Date = Date()
    ) throws -> ImportSummary {
        let at = ISO8601DateFormatter().string(from: date)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let incoming = try Dictionary(
            uniqueKeysWithValues: records.map { (key($0), String(decoding: try encoder.encode($0), as: UTF8.self)) })
        let kind = registry.rawValue
        let (summary, entry) = try database.write { db -> (ImportSummary, AuditEntry) in
            var current: [String: (Int64, String)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, key, data FROM registry_version WHERE registry = ? AND validTo IS NULL", arguments: [kind])
            {
                current[row["key"]] = (row["id"], row["data"])
            }
            var summary = ImportSummary(added: 0, changed: 0, removed: 0, unchanged: 0, snapshotHash: "", at: at)
            for (code, data) in incoming.sorted(by: { $0.key < $1.key }) {
                if let (id, old) = current[code] {
                    if old == data {
                        summary.unchanged += 1
                        continue
                    }
                    try db.execute(sql: "UPDATE registry_version SET validTo = ? WHERE id = ?", arguments: [at, id])
                    summary.changed += 1
                } else {
                    summary.added += 1
                }
                try db.execute(
                    sql: "INSERT INTO registry_version (registry, key, validFrom, data) VALUES (?, ?, ?, ?)",
                    arguments: [kind, code, at, data])
            }
            for (code, (id, _)) in current where incoming[code] == nil {
                try db.execute(sql: "UPDATE registry_version SET validTo = ? WHERE id = ?", arguments: [at, id])
                summary.removed += 1
            }
            summary.snapshotHash = Self.hash(incoming.sorted { $0.key < $1.key }.map(\.value).joined(separator: "\n"))
            let details = String(
                decoding: try encoder.encode([
                    "file": file, "fileSHA256": fileSHA256, "added": String(summary.added),
                    "changed": String(summary.changed), "removed": String(summary.removed),
                    "snapshotHash": summary.snapshotHash,
                ]), as: UTF8.self)
            let entry = try AuditTrail.append(
                db, actor: actor, action: "registry.import", entity: kind, entityID: summary.snapshotHash, after: details, at: date)
            return (summary, entry)
        }
        try writeHead(entry)
        return summary
    }

    /// The target registry as it stood at `time` (ISO 8601), or now.
    public func targets(asOf time: String? = nil) throws -> [Target] { try records(.targets, asOf: time) }

    /// The inspector registry as it stood at `time`, or now.
    public func inspectors(asOf time: String? = nil) throws -> [Inspector] { try records(.inspectors, asOf: time) }

    /// The checklist as it stood at `time`, or now.
    public func checkItems(asOf time: String? = nil) throws -> [CheckItem] { try records(.items, asOf: time) }

    /// A registry's records as they stood at `time` (ISO 8601), or now, ordered by key.
    public func records<Record: Decodable>(_ registry: Registry, asOf time: String? = nil) throws -> [Record] {
        try database.read { db in
            let rows: [String]
            if let time {
                rows = try String.fetchAll(
                    db,
                    sql:
                        "SELECT data FROM registry_version WHERE registry = ? AND validFrom <= ? AND (validTo IS NULL OR validTo > ?) ORDER BY key",
                    arguments: [registry.rawValue, time, time])
            } else {
                rows = try String.fetchAll(
                    db, sql: "SELECT data FROM registry_version WHERE registry = ? AND validTo IS NULL ORDER BY key",
                    arguments: [registry.rawValue])
            }
            return try rows.map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
        }
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of a file's bytes, hex.
    public static func sha256(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
