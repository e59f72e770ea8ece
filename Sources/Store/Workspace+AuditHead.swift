import Crypto
import Foundation
import GRDB
import Support

extension Workspace {
    /// A write that appends to the audit trail: in one transaction, after checking that the trail still
    /// ends where its head says (and recording a recovery when the last command was cut off between its
    /// commit and its head), with the head marked pending before the commit and confirmed after it.
    /// - Throws: `StoreError` when the trail does not match its head (entries deleted or replaced, the head
    ///   missing or forged): nothing is written until `spotcheck audit verify` has been looked at.
    func auditedWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            var result: T?
            var written: AuditEntry?
            try db.inTransaction(.immediate) {
                let committed = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
                try prepareAppend(db, last: committed)
                result = try body(db)
                let last = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
                if let last, last.sequence != committed?.sequence {
                    // Inside the write lock: a crash from here to the confirmation below is recognisable.
                    var head = AuditHead(confirmed: committed.map { .init(sequence: $0.sequence, hash: $0.hash) })
                    (head.pending, head.writer) = (.init(sequence: last.sequence, hash: last.hash), getpid())
                    let signed = try head.signed(keyFile: layout.privateKey)
                    try signed.write(to: layout.auditHead)
                    // From now on only a second-format head is this workspace's — and once one was signed, only a signed one.
                    try db.execute(sql: "INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('head', '2')")
                    if signed.signature != nil { try db.execute(sql: "INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('signed', '1')") }
                    written = last
                }
                CrashPoint.reached("commit")
                return .commit
            }
            CrashPoint.reached("committed")
            if let written {
                // Confirmed under the write lock again, and only if no later command has moved the head on.
                try db.inTransaction(.immediate) {
                    if case .head(let current) = AuditHead.read(layout.auditHead),
                        max(current.confirmed?.sequence ?? 0, current.pending?.sequence ?? 0) > written.sequence
                    {
                        return .commit
                    }
                    try AuditHead(confirmed: .init(sequence: written.sequence, hash: written.hash)).signed(keyFile: layout.privateKey)
                        .write(to: layout.auditHead)
                    return .commit
                }
                CrashPoint.reached("head confirmed")
            }
            return result!
        }
    }

    /// The office's public keys (current and retired), when it has any: the head must be signed with one.
    var officePublicKeys: [Curve25519.Signing.PublicKey] {
        AuditHead.publicKeys(publicFile: layout.publicKey, privateFile: layout.privateKey)
    }

    /// Checks the trail against its head before an append; records a recovery for a command cut off
    /// between its commit and its head.
    func prepareAppend(_ db: Database, last: AuditEntry?) throws {
        let reading = AuditHead.read(layout.auditHead)
        let problems = AuditTrail.headProblems(db, reading, last: last, keys: officePublicKeys)
        if !problems.isEmpty {
            throw StoreError(
                zh: "审计记录与审计头 audit.head 不符，为免掩盖改动，本次不写入：\(problems.map(\.zh).joined(separator: "；"))。请运行 spotcheck audit verify 查明；确认原因后可用 spotcheck audit accept --reason 原因 记入审计并重新确立审计头",
                en: "the audit trail does not match its head audit.head, so nothing is written (not to cover a change): \(problems.map(\.en).joined(separator: "; ")). Run spotcheck audit verify; once the cause is known, spotcheck audit accept --reason TEXT records it and re-establishes the head",
                code: .conflict)
        }
        guard case .head(let head) = reading, let last else { return }
        // Entries past the confirmed one, or a pending one, left by a process that is gone: a command cut off
        // between its commit (or rollback) and its head. Recognised, and recorded.
        let confirmed = head.confirmed?.sequence ?? 0
        let interrupted = (last.sequence > confirmed || head.pending != nil) && !(head.writer.map(StaleFiles.isRunning) ?? false)
        guard interrupted else { return }
        let committed = head.pending.map { pending in last.sequence >= pending.sequence } ?? true
        try AuditTrail.append(
            db, actor: "spotcheck", action: .auditRecover, entity: "audit", entityID: String(last.sequence),
            after: AuditPayload.Recovery(
                confirmed: confirmed, found: last.sequence, pending: head.pending?.sequence, committed: committed,
                note: committed
                    ? "上一个命令已提交第 \(last.sequence) 条记录，但在更新审计头前中断；已确认，未丢失任何记录"
                    : "上一个命令在提交前中断，数据库已回滚其改动；审计记录止于第 \(last.sequence) 条"))
    }

    /// Re-establishes the head over the trail as it is, after a person looked at why they disagreed; the
    /// acceptance, its reason and what the head said are themselves recorded.
    public func acceptAuditHead(reason: String, actor: String) throws -> AuditEntry {
        let reading = AuditHead.read(layout.auditHead)
        let said: String
        switch reading {
        case .missing: said = "缺失"
        case .unreadable(let why): said = "无法读取：\(why)"
        case .head(let head): said = head.text
        }
        let entry = try database.write { db -> AuditEntry in
            let last = try AuditEntry.order(Column("sequence").desc).fetchOne(db)
            let problems = AuditTrail.headProblems(db, reading, last: last, keys: officePublicKeys)
            return try AuditTrail.append(
                db, actor: actor, action: .auditAccept, entity: "audit", entityID: String(last?.sequence ?? 0),
                after: AuditPayload.Acceptance(reason: reason, head: said, problems: problems.map(\.zh)))
        }
        try AuditHead(confirmed: .init(sequence: entry.sequence, hash: entry.hash)).signed(keyFile: layout.privateKey)
            .write(to: layout.auditHead)
        return entry
    }

    // MARK: - Checkpoints

    /// A checkpoint of the trail to hand to someone outside (the unit head, the level above): the last
    /// entry's number and hash, signed with the office key. Against it, a later rollback of the database
    /// and the head together is found. Handing it out is recorded.
    public func auditCheckpoint(actor: String, at date: Date = Clock.now()) throws -> AuditCheckpoint {
        let settings = try self.settings()
        let last = try database.read { db in try AuditEntry.order(Column("sequence").desc).fetchOne(db) }
        guard let last else { throw StoreError(zh: "审计记录为空", en: "the audit trail is empty") }
        var checkpoint = AuditCheckpoint(
            office: settings.office, fonds: settings.fondsNumber, sequence: last.sequence, hash: last.hash,
            at: ISO8601DateFormatter().string(from: date), key: nil, signature: nil)
        if let key = AuditHead.privateKey(layout.privateKey) {
            checkpoint.key = AuditHead.fingerprint(key.publicKey.rawRepresentation)
            checkpoint.signature = try key.signature(for: Data(checkpoint.body.utf8)).base64EncodedString()
        }
        try record(actor: actor, action: .auditCheckpoint, entity: "audit", entityID: String(last.sequence), after: checkpoint)
        return checkpoint
    }

    /// Problems of the trail against checkpoints handed out earlier: each entry they name must still be
    /// there with the same hash.
    public func verify(checkpoints: [AuditCheckpoint]) throws -> [AuditTrail.Problem] {
        let keys = officePublicKeys
        let settings = try self.settings()
        return try database.read { db in
            var problems: [AuditTrail.Problem] = []
            for checkpoint in checkpoints {
                if checkpoint.office != settings.office || checkpoint.fonds != settings.fondsNumber {
                    problems.append(
                        .init(
                            sequence: checkpoint.sequence, zh: "检查点属于另一单位（\(checkpoint.office)，全宗号 \(checkpoint.fonds)），不是本工作区的",
                            en: "the checkpoint is another office's (\(checkpoint.office), fonds \(checkpoint.fonds)), not this workspace's"))
                    continue
                }
                if checkpoint.signature != nil, !keys.isEmpty, !checkpoint.signatureValid(publicKeys: keys) {
                    problems.append(
                        .init(
                            sequence: checkpoint.sequence, zh: "检查点（第 \(checkpoint.sequence) 条）的签名不是本单位密钥所签",
                            en: "the checkpoint at entry \(checkpoint.sequence) is not signed with the office key"))
                }
                let entry = try AuditEntry.fetchOne(db, key: checkpoint.sequence)
                if entry?.hash != checkpoint.hash {
                    problems.append(
                        .init(
                            sequence: checkpoint.sequence,
                            zh: "与 \(checkpoint.at) 交出的检查点不符：第 \(checkpoint.sequence) 条\(entry == nil ? "已不存在" : "已被改写")（数据库与审计头被回滚或改写）",
                            en: "does not match the checkpoint handed out at \(checkpoint.at): entry \(checkpoint.sequence) \(entry == nil ? "is gone" : "was rewritten") (the database and its head were rolled back or rewritten)"
                        ))
                }
            }
            return problems
        }
    }
}

/// A checkpoint of the audit trail (`spotcheck audit checkpoint`): what the trail had reached, signed.
public struct AuditCheckpoint: Codable, Sendable, Hashable {
    public var office, fonds: String
    public var sequence: Int64
    public var hash, at: String
    public var key, signature: String?

    var body: String { "spotcheck-audit-checkpoint 1\n\(office)\n\(fonds)\n\(sequence)\n\(hash)\n\(at)\n\(key ?? "")\n" }

    func signatureValid(publicKeys: [Curve25519.Signing.PublicKey]) -> Bool {
        AuditHead.isSigned(body, signature: signature, by: key, among: publicKeys)
    }
}
