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
                "entry 3: the trail ends at entry 3, but the last one written was entry 4: entries at the end were deleted or replaced"
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
