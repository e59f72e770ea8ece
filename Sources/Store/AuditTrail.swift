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

    /// The previous hash of a trail's first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// An entry as a store read it back; `hash` as stored (`computedHash()` checks it).
    public init(
        sequence: Int64, at: String, actor: String, actionName: String, entity: String, entityID: String, before: String?, after: String?,
        previousHash: String, hash: String
    ) {
        (self.sequence, self.at, self.actor, self.actionName, self.entity, self.entityID) = (sequence, at, actor, actionName, entity, entityID)
        (self.before, self.after, self.previousHash, self.hash) = (before, after, previousHash, hash)
    }

    /// The entry that follows `previous` (nil: the first) in a trail, its hash computed.
    public static func next(
        after previous: (sequence: Int64, hash: String)?, actor: String, action: AuditAction, entity: String, entityID: String,
        before: (any Encodable)?, after: (any Encodable)?, at date: Date
    ) throws -> AuditEntry {
        var entry = AuditEntry(
            sequence: (previous?.sequence ?? 0) + 1, at: ISO8601DateFormatter().string(from: date), actor: actor, actionName: action.rawValue,
            entity: entity, entityID: entityID, before: try before.map(AuditTrail.json), after: try after.map(AuditTrail.json),
            previousHash: previous?.hash ?? genesis, hash: "")
        entry.hash = entry.computedHash()
        return entry
    }

    /// SHA-256 over every field but `hash`, separated by U+001F (which no field may hold).
    public func computedHash() -> String {
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
        after: (any Encodable)? = nil, at date: Date = Clock.now()
    ) throws -> AuditEntry {
        let last = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
        let entry = try AuditEntry.next(
            after: last.map { ($0.sequence, $0.hash) }, actor: actor, action: action, entity: entity, entityID: entityID, before: before,
            after: after, at: date)
        try entry.insert(db)
        return entry
    }

    /// A payload as the trail stores it: JSON, keys sorted, slashes and Chinese as they are.
    public static func json(_ value: any Encodable) throws -> String {
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

        public init(sequence: Int64, zh: String, en: String) {
            (self.sequence, self.zh, self.en) = (sequence, zh, en)
        }
    }

    /// Checks every entry: its own hash (edits), its link to the one before (deletions, reordering),
    /// gaps in the numbering, and the end against the head kept outside the database (`audit.head`).
    /// - Parameters:
    ///   - head: the head file as read.
    ///   - keys: the office's public keys (current and retired), when it has any: the head must carry a signature by one.
    /// - Returns: every problem, in order; empty when the trail is intact.
    static func verify(_ db: Database, head: AuditHead.Reading, keys: [Curve25519.Signing.PublicKey]) throws
        -> [Problem]
    {
        let (problems, last) = chainProblems(try AuditEntry.order(Column("sequence")).fetchAll(db))
        return problems + headProblems(db, head, last: last, keys: keys)
    }

    /// The links of a trail's entries, in sequence order: each entry's own hash (edits), its link to the
    /// one before (deletions, reordering) and gaps in the numbering — what any store's trail is checked
    /// for, before its own check of the end (a head file; a head row).
    /// - Returns: every problem, in order, and the last entry.
    public static func chainProblems(_ entries: some Sequence<AuditEntry>) -> (problems: [Problem], last: AuditEntry?) {
        var problems: [Problem] = []
        var expectedSequence: Int64 = 1
        var previous = AuditEntry.genesis
        var last: AuditEntry?
        for entry in entries {
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
        return (problems, last)
    }

    /// The end of the trail against its head: a missing, unreadable, unsigned or forged head, entries at
    /// the end deleted or replaced. Entries past the confirmed one are not a problem (a command cut off
    /// between its commit and its head; the next one records the recovery).
    ///
    /// A head in the first format (`N HASH`) is read only until the workspace has written a second-format
    /// one, and an unsigned head only until one was signed (both remembered in `audit_meta`). A signed
    /// head put back from earlier is not found here — a checkpoint finds it.
    static func headProblems(_ db: Database, _ reading: AuditHead.Reading, last: AuditEntry?, keys: [Curve25519.Signing.PublicKey])
        -> [Problem]
    {
        let secondFormat = ((try? String.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE key = 'head'")) ?? nil) != nil
        let signedBefore = ((try? String.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE key = 'signed'")) ?? nil) != nil
        let end = last?.sequence ?? 0
        let head: AuditHead
        switch reading {
        case .missing:
            guard last != nil else { return [] }
            return [
                Problem(
                    sequence: end, zh: "缺少审计头 audit.head：无法确认末尾的记录没有被删除",
                    en: "audit.head is missing: whether entries were deleted from the end cannot be told")
            ]
        case .unreadable(let why):
            return [Problem(sequence: end, zh: "审计头 audit.head 无法读取（\(why)）", en: "audit.head cannot be read (\(why))")]
        case .head(let read): head = read
        }
        var problems: [Problem] = []
        if head.legacy && secondFormat {
            problems.append(
                Problem(
                    sequence: end, zh: "审计头是旧格式，而本工作区已使用签名的新格式（审计头被换回）",
                    en: "the head is in the old format although this workspace writes signed heads: it was put back"))
        } else if !keys.isEmpty, !head.legacy {
            if head.signature == nil {
                if signedBefore {
                    problems.append(
                        Problem(
                            sequence: end, zh: "审计头未签名，而单位已有签名密钥（审计头被改写）", en: "the head is not signed although the office has a key: it was rewritten"))
                }
            } else if !head.signatureValid(publicKeys: keys) {
                problems.append(
                    Problem(sequence: end, zh: "审计头的签名不是单位密钥所签（审计头被改写）", en: "the head's signature is not the office key's: it was rewritten"))
            }
        }
        for (mark, what) in [(head.confirmed, "已确认"), (head.pending, "正在写入")] {
            guard let mark else { continue }
            let entry = try? AuditEntry.fetchOne(db, key: mark.sequence)
            if let entry, entry.hash != mark.hash {
                problems.append(
                    Problem(
                        sequence: mark.sequence, zh: "审计头\(what)的第 \(mark.sequence) 条与数据库中的不同（记录被替换）",
                        en: "entry \(mark.sequence), \(what == "已确认" ? "confirmed" : "pending") in the head, differs in the database: it was replaced"))
            } else if entry == nil, what == "已确认" {
                problems.append(
                    Problem(
                        sequence: end, zh: "记录在第 \(end) 条结束，但审计头已确认到第 \(mark.sequence) 条（末尾的记录被删除）",
                        en: "the trail ends at entry \(end), but the head confirmed entry \(mark.sequence): entries at the end were deleted"))
            }
        }
        if head.confirmed == nil, head.pending == nil, last != nil {
            problems.append(
                Problem(sequence: end, zh: "审计头记为空，数据库却有 \(end) 条记录", en: "the head says the trail is empty, but it holds \(end) entries"))
        }
        return problems
    }
}
