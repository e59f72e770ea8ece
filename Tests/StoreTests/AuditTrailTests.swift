import Crypto
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Store

/// 全程留痕、责任可溯 (002 (五)): every change is recorded, and tampering is found and named.
@Suite struct AuditTrailTests {
    func workspace(_ folder: TemporaryFolder, entries: Int = 4) throws -> Workspace {
        let workspace = try Workspace.create(
            at: folder.file("ws"), settings: OfficeSettings(office: "平顶山市卫东区医疗保障局", fondsNumber: "J045", documentPrefix: "平卫医保"),
            actor: "张三")
        for index in 1..<entries {
            try workspace.record(
                actor: "李四", action: .registryImport, entity: "target", entityID: "91410400MA0000000\(index)",
                before: ["评级": "B"], after: ["评级": "C"])
        }
        return workspace
    }

    /// Tampering as someone with the database file would do it: the triggers dropped first.
    func tamper(_ workspace: Workspace, _ sql: String) throws {
        try workspace.database.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete")
            try db.execute(sql: sql)
        }
    }

    @Test func aNewWorkspaceHasItsFoldersSettingsAndAnIntactTrail() throws {
        let folder = TemporaryFolder()
        let workspace = try self.workspace(folder)
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: workspace.root)).isSuperset(of: [
                "spotcheck.sqlite", "office.json", "audit.head", "documents", "evidence", "archive",
            ]))
        #expect(try workspace.settings().documentPrefix == "平卫医保")
        #expect(try workspace.settings().perYearCap == 2, "002 (十): two checks a year by default")
        let entries = try workspace.auditEntries()
        #expect(entries.map(\.action) == [.workspaceInit, .registryImport, .registryImport, .registryImport])
        #expect(entries[0].actor == "张三" && entries[0].previousHash == String(repeating: "0", count: 64))
        #expect(entries[1].previousHash == entries[0].hash)
        #expect(try workspace.verifyAuditTrail().isEmpty)
        #expect(Workspace.locate(explicit: nil, environment: ["SPOTCHECK_WORKSPACE": workspace.root]) == workspace.root)
    }

    @Test func theDatabaseRefusesEditsToTheTrail() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        #expect(throws: DatabaseError.self) { try workspace.database.write { try $0.execute(sql: "UPDATE audit SET actor = 'x'") } }
        #expect(throws: DatabaseError.self) { try workspace.database.write { try $0.execute(sql: "DELETE FROM audit") } }
    }

    /// An edited payload, or an action edited to a name no version writes: the entry is named, and the
    /// trail still reads.
    @Test(arguments: [
        ("UPDATE audit SET after = '{\"评级\":\"A\"}' WHERE sequence = 3", 3),
        ("UPDATE audit SET action = 'registry.wipe' WHERE sequence = 2", 2),
    ])
    func anEditedEntryIsNamed(sql: String, sequence: Int) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        try tamper(workspace, sql)
        #expect(try workspace.verifyAuditTrail().map(\.description) == ["entry \(sequence): its content does not match its hash: it was edited"])
        #expect(try workspace.auditEntries().count == 4)
    }

    @Test func aDeletedEntryIsNamed() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        try tamper(workspace, "DELETE FROM audit WHERE sequence = 2")
        #expect(try workspace.verifyAuditTrail().map(\.description) == ["entry 3: the numbering jumps from 1 to 3: entries were deleted"])
    }

    @Test func reorderedEntriesAreNamed() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        // Swap entries 2 and 3 wholesale, renumbering them so the numbering looks right.
        try tamper(
            workspace,
            """
            UPDATE audit SET sequence = -2 WHERE sequence = 2;
            UPDATE audit SET sequence = 2 WHERE sequence = 3;
            UPDATE audit SET sequence = 3 WHERE sequence = -2;
            """)
        let problems = try workspace.verifyAuditTrail().map(\.description)
        #expect(problems.contains("entry 2: it does not link to the entry before it: entries were deleted or reordered"))
        #expect(problems.contains("entry 2: its content does not match its hash: it was edited"))
        #expect(problems.contains("entry 3: its content does not match its hash: it was edited"))
    }

    @Test func entriesDeletedFromTheEndAreNoticed() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        try tamper(workspace, "DELETE FROM audit WHERE sequence = 4")
        #expect(
            try workspace.verifyAuditTrail().map(\.description) == [
                "entry 3: the trail ends at entry 3, but the head confirmed entry 4: entries at the end were deleted"
            ])
    }

    /// Issue 18: appends that refuse to continue a trail that does not match its head — the deletion is
    /// not covered by the next ordinary command.
    @Test func anOrdinaryCommandAfterADeletionRefusesAndTheDeletionStaysVisible() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        try tamper(workspace, "DELETE FROM audit WHERE sequence >= 3")
        do {
            try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "x")
            Issue.record("an append continued a trail short of its head")
        } catch let error as StoreError {
            #expect(error.zh.contains("审计头已确认到第 4 条") && error.zh.contains("spotcheck audit accept"), "\(error.zh)")
        }
        #expect(try workspace.auditEntries().count == 2, "nothing was written")
        #expect(try workspace.verifyAuditTrail().map(\.zh) == ["记录在第 2 条结束，但审计头已确认到第 4 条（末尾的记录被删除）"])
        // A person looks into it and accepts: recorded, with what the head said, and the trail goes on.
        let accepted = try workspace.acceptAuditHead(reason: "核对备份后确认", actor: "局长王某")
        #expect(accepted.action == .auditAccept && accepted.after?.contains("confirmed 4") == true && accepted.after?.contains("核对备份后确认") == true)
        try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "x")
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }

    /// A missing, empty or garbled head is said, not silently skipped; appends refuse.
    @Test(arguments: ["missing", "empty", "garbled"])
    func aHeadThatCannotBeReadIsAProblem(_ damage: String) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        let head = workspace.layout.auditHead
        switch damage {
        case "missing": try FileManager.default.removeItem(atPath: head)
        case "empty": try Data().write(to: URL(fileURLWithPath: head))
        default: try Data("4 deadbeef\nxyz".utf8).write(to: URL(fileURLWithPath: head))
        }
        let problems = try workspace.verifyAuditTrail()
        #expect(problems.count == 1 && problems[0].zh.contains("audit.head"), "\(problems.map(\.zh))")
        #expect(throws: StoreError.self) { try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "x") }
    }

    /// A head rewritten without the office key (recomputed chain, forged head) is found.
    @Test func aHeadRewrittenWithoutTheKeyIsFound() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        // The office key, as archive keygen writes it (base64 of the raw private key).
        let key = Curve25519.Signing.PrivateKey()
        try FileManager.default.createDirectory(atPath: workspace.layout.keys, withIntermediateDirectories: true)
        try Data((key.rawRepresentation.base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: workspace.layout.privateKey))
        try workspace.record(actor: "李四", action: .archiveKeygen, entity: "key", entityID: "x")
        let signed = try String(contentsOfFile: workspace.layout.auditHead, encoding: .utf8)
        #expect(signed.contains("key sha256:") && signed.contains("signature "), "\(signed)")
        #expect(try workspace.verifyAuditTrail().isEmpty)
        // Delete the last entry and rewrite the head to match, without the key.
        try tamper(workspace, "DELETE FROM audit WHERE sequence = 5")
        let entry4 = try #require(try workspace.auditEntries().last)
        try Data("spotcheck-audit-head 2\nconfirmed 4 \(entry4.hash)\n".utf8).write(to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().map(\.zh) == ["审计头未签名，而单位已有签名密钥（审计头被改写）"])
        try Data("spotcheck-audit-head 2\nconfirmed 4 \(entry4.hash)\nkey sha256:00\nsignature AAAA\n".utf8).write(
            to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().map(\.zh) == ["审计头的签名不是单位密钥所签（审计头被改写）"])
        // The old unsigned format, put back, is no longer this workspace's either.
        try Data("4 \(entry4.hash)\n".utf8).write(to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().map(\.zh) == ["审计头是旧格式，而本工作区已使用签名的新格式（审计头被换回）"])
        #expect(throws: StoreError.self) { try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "x") }
    }

    /// A workspace of an earlier version (first-format head, no marker) goes on: its next write replaces the head.
    @Test func aFirstFormatHeadIsReadUntilTheFirstWrite() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        let last = try #require(try workspace.auditEntries().last)
        try workspace.database.write { db in try db.execute(sql: "DELETE FROM audit_meta") }
        try Data("\(last.sequence) \(last.hash)\n".utf8).write(to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().isEmpty)
        try workspace.record(actor: "李四", action: .officeUpdate, entity: "office", entityID: "x")
        #expect(try String(contentsOfFile: workspace.layout.auditHead, encoding: .utf8).hasPrefix("spotcheck-audit-head 2\nconfirmed 5 "))
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }

    /// Issue 18: a crash between the commit and the head is recognised and recorded as a recovery — not
    /// raised as tampering, not passed over silently.
    @Test func aCommandCutOffBetweenItsCommitAndItsHeadIsRecordedAsARecovery() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        let before = try String(contentsOfFile: workspace.layout.auditHead, encoding: .utf8)
        // As a process killed after its commit leaves it: entry 5 committed, the head still pending it, the process gone.
        try workspace.record(actor: "李四", action: .officeUpdate, entity: "office", entityID: "x")
        let entry5 = try #require(try workspace.auditEntries().last)
        let confirmed4 = before.split(separator: "\n").first { $0.hasPrefix("confirmed") }.map(String.init) ?? ""
        try Data("spotcheck-audit-head 2\n\(confirmed4)\npending 5 \(entry5.hash) 999999\n".utf8).write(
            to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().isEmpty, "not tampering")
        try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "y")
        let entries = try workspace.auditEntries()
        #expect(entries.map(\.actionName).suffix(2) == ["audit.recover", "office.update"])
        #expect(entries[5].after?.contains("已提交第 5 条记录，但在更新审计头前中断") == true, "\(entries[5].after ?? "")")
        #expect(try workspace.verifyAuditTrail().isEmpty)
        // Killed before its commit: the pending entry never reached the database; the next command records that too.
        let last = try #require(entries.last)
        try Data("spotcheck-audit-head 2\nconfirmed 7 \(last.hash)\npending 8 \(String(repeating: "a", count: 64)) 999999\n".utf8).write(
            to: URL(fileURLWithPath: workspace.layout.auditHead))
        #expect(try workspace.verifyAuditTrail().isEmpty)
        try workspace.record(actor: "王五", action: .officeUpdate, entity: "office", entityID: "z")
        #expect(try workspace.auditEntries()[7].after?.contains("数据库已回滚其改动") == true)
    }

    /// Issue 18: a rollback of the database and its head together passes every check inside the workspace;
    /// a checkpoint handed out before finds it.
    @Test func aCheckpointHandedOutFindsARollbackOfEverything() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try self.workspace(folder)
        let database = workspace.layout.database
        // The state an attacker keeps to roll back to.
        try workspace.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let savedDatabase = try Data(contentsOf: URL(fileURLWithPath: database))
        let savedHead = try Data(contentsOf: URL(fileURLWithPath: workspace.layout.auditHead))
        for index in 0..<3 { try workspace.record(actor: "李四", action: .officeUpdate, entity: "office", entityID: "\(index)") }
        let checkpoint = try workspace.auditCheckpoint(actor: "局长王某")
        let lastAction = try workspace.auditEntries().last?.action
        #expect(checkpoint.sequence == 7 && lastAction == .auditCheckpoint)
        #expect(try workspace.verify(checkpoints: [checkpoint]).isEmpty)
        var foreign = checkpoint
        foreign.office = "某市医疗保障局"
        #expect(try workspace.verify(checkpoints: [foreign]).map(\.zh) == ["检查点属于另一单位（某市医疗保障局，全宗号 J045），不是本工作区的"])
        // Roll everything back (database and head), as if the last entries had never been.
        try workspace.database.close()
        try? FileManager.default.removeItem(atPath: database + "-wal")
        try? FileManager.default.removeItem(atPath: database + "-shm")
        try savedDatabase.write(to: URL(fileURLWithPath: database))
        try savedHead.write(to: URL(fileURLWithPath: workspace.layout.auditHead))
        let rolledBack = try Workspace.open(at: workspace.root)
        #expect(try rolledBack.verifyAuditTrail().isEmpty, "inside the workspace, nothing can tell")
        #expect(
            try rolledBack.verify(checkpoints: [checkpoint]).map(\.zh) == [
                "与 \(checkpoint.at) 交出的检查点不符：第 7 条已不存在（数据库与审计头被回滚或改写）"
            ])
    }

    @Test func unusableSettingsAreRefusedWithEveryProblem() throws {
        let folder = TemporaryFolder()
        do {
            _ = try Workspace.create(
                at: folder.file("ws"), settings: OfficeSettings(office: " ", ratios: ["E": 0.5], inspectorsPerVisit: 1), actor: "x")
            Issue.record("created")
        } catch let error as StoreError {
            #expect(
                error.en
                    == "the office name is empty; a team needs at least 2 inspectors (000 §15); the ratio 50% for risk grade E is not valid"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("ws")))
    }

    @Test func aBusyWorkspaceAndAFullDiskAreSaidPlainly() {
        let busy = Workspace.plain(DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked"))
        #expect((busy as? StoreError)?.code == .conflict)
        #expect((busy as? StoreError)?.zh.hasPrefix("工作区正忙：另一个命令正在写入") == true)
        #expect((Workspace.plain(DatabaseError(resultCode: .SQLITE_FULL)) as? StoreError)?.zh.hasPrefix("磁盘已满") == true)
        #expect(Workspace.plain(CocoaError(.fileNoSuchFile)) is CocoaError, "other errors pass as they are")
    }
}
