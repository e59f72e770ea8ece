import Crypto
import Foundation
import GRDB
import Support

/// One entry of the audit trail: who did what, when, with the record before and after.
public struct AuditEntry: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"
    /// 1, 2, 3, … with no gaps.
    public var sequence: Int64
    /// ISO 8601 time, UTC.
    public var at: String
    /// `--operator`, or the operating-system user.
    public var actor: String
    /// What happened, as stored: `workspace.init`, `registry.import`, `draw.lock`, … Kept as text, so that an
    /// entry someone edited to an unknown action is still read, and named by `verify`, rather than failing it.
    public var actionName: String
    /// What happened; nil for a name no version of SpotCheck writes (an edited entry).
    public var action: AuditAction? { AuditAction(rawValue: actionName) }
    /// The kind of record touched, and which one.
    public var entity: String
    public var entityID: String
    /// JSON of the record before and after (nil for creation and deletion).
    public var before: String?
    public var after: String?
    /// The hash of the previous entry (64 zeros for the first), and this entry's own.
    public var previousHash: String
    public var hash: String

    private enum CodingKeys: String, CodingKey {
        case sequence, at, actor, actionName = "action", entity, entityID, before, after, previousHash, hash
    }

    static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over every field but `hash`, separated by U+001F (which no field may hold).
    func computedHash() -> String {
        let fields = [String(sequence), at, actor, actionName, entity, entityID, before ?? "\u{0}", after ?? "\u{0}", previousHash]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.hex
    }
}

/// 全程留痕、责任可溯 (002 (五)): an append-only trail of every change, chained by SHA-256, so that an
/// edited, deleted or reordered entry is found and named.
public enum AuditTrail {
    /// Appends an entry in the caller's transaction. The record before and after are Codable values,
    /// written as JSON by the encoder (keys sorted) — never text put together by hand.
    /// - Returns: the entry as stored.
    @discardableResult
    public static func append(
        _ db: Database, actor: String, action: AuditAction, entity: String, entityID: String, before: (any Encodable)? = nil,
        after: (any Encodable)? = nil, at date: Date = Date()
    ) throws -> AuditEntry {
        let before = try before.map(json)
        let after = try after.map(json)
        let last = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, at: ISO8601DateFormatter().string(from: date), actor: actor, actionName: action.rawValue,
            entity: entity,
            entityID: entityID, before: before, after: after, previousHash: last?.hash ?? AuditEntry.genesis, hash: "")
        entry.hash = entry.computedHash()
        try entry.insert(db)
        return entry
    }

    /// A payload as the trail stores it: JSON, keys sorted, slashes and Chinese as they are.
    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A problem found in the trail, naming the entry.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public let sequence: Int64
        public let zh: String
        public let en: String
        public var description: String { "entry \(sequence): \(en)" }
    }

    /// Checks every entry: its own hash (edits), its link to the one before (deletions, reordering),
    /// gaps in the numbering, and the end against the head recorded outside the database.
    /// - Parameter head: the last `(sequence, hash)` written to the workspace's head file, if any.
    /// - Returns: every problem, in order; empty when the trail is intact.
    public static func verify(_ db: Database, head: (Int64, String)?) throws -> [Problem] {
        var problems: [Problem] = []
        var expectedSequence: Int64 = 1
        var previous = AuditEntry.genesis
        var last: AuditEntry?
        for entry in try AuditEntry.order(Column("sequence")).fetchAll(db) {
            if entry.sequence != expectedSequence {
                problems.append(
                    Problem(
                        sequence: entry.sequence, zh: "编号不连续：应为 \(expectedSequence)（有记录被删除）",
                        en: "the numbering jumps from \(expectedSequence - 1) to \(entry.sequence): entries were deleted"))
            } else if entry.previousHash != previous {
                problems.append(
                    Problem(
                        sequence: entry.sequence, zh: "与前一条记录的链接断开（记录被删除或调换了顺序）",
                        en: "it does not link to the entry before it: entries were deleted or reordered"))
            }
            if entry.computedHash() != entry.hash {
                problems.append(
                    Problem(sequence: entry.sequence, zh: "内容与其哈希不符（记录被修改）", en: "its content does not match its hash: it was edited"))
            }
            expectedSequence = entry.sequence + 1
            previous = entry.hash
            last = entry
        }
        if let (sequence, hash) = head {
            if last?.sequence != sequence || last?.hash != hash {
                problems.append(
                    Problem(
                        sequence: last?.sequence ?? 0, zh: "记录在第 \(last?.sequence ?? 0) 条结束，但最后写入的是第 \(sequence) 条（末尾的记录被删除或替换）",
                        en:
                            "the trail ends at entry \(last?.sequence ?? 0), but the last one written was entry \(sequence): entries at the end were deleted or replaced"
                    ))
            }
        }
        return problems
    }
}
