import Forms
import Foundation
import Inspection
import Store
import TestSupport
import Testing
import Workflow
import WorkspaceFixtures

@testable import Archiving

/// The 保管期限表, holds and disposal (000 §23; 001 §27).
@Suite struct RetentionTests {
    @Test func termsFollowTheTableAndItsTriggers() throws {
        let policy = try RetentionPolicy(contentsOfFile: "\(DossierSealerTests.archive)/retention.json")
        // 限期整改: 30 years from the 1 January after the rectification deadline.
        let rectify = policy.term(status: .checked, outcome: .rectify, closed: "2024-03-01", rectifyBy: "2025-02-28", filed: "2025-03-01")
        #expect(rectify.retention.code == "D30" && rectify.due == "2056-01-01")
        // 涉嫌违法: permanent, never due.
        let suspected = policy.term(
            status: .checked, outcome: .investigate, closed: "2024-03-01", rectifyBy: "", filed: "2024-08-01")
        #expect(suspected.retention == ArchivalCode.Retention(code: "Y", label: "永久") && suspected.due == nil)
        // Not inspected (002 (二十四)): by status, 10 years from the close.
        let unreachable = policy.term(status: .unreachable, outcome: nil, closed: "2024-12-31", rectifyBy: "", filed: "2025-01-05")
        #expect(unreachable.retention.code == "D10" && unreachable.due == "2035-01-01")
        // A filing-year trigger, from an office's own table.
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let own = try folder.write(
            "retention.json",
            Array(#"{"classes": [{"class": "全部", "outcomes": [], "period": 5, "trigger": "归档年度"}]}"#.utf8))
        let filed = try RetentionPolicy(contentsOfFile: own).term(
            status: .checked, outcome: .compliant, closed: "2024-03-01", rectifyBy: "", filed: "2026-02-01")
        #expect(filed.retention.label == "5年" && filed.due == "2032-01-01")
        let bad = try folder.write(
            "bad.json", Array(#"{"classes": [{"class": "x", "outcomes": [], "period": "长期", "trigger": "结案日期"}]}"#.utf8))
        #expect(throws: DecodingError.self) { try RetentionPolicy(contentsOfFile: bad) }
    }

    @Test func holdBlocksDisposalEarlyDisposalIsRefusedAndATombstoneStays() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try DossierSealerTests.ready(folder)
        let sealed = try sealer.seal(task: "2024-01", date: "2024-08-20", sm3: false)
        let retention = ArchiveRetention(workspace: workspace, catalog: try FormsFixture.catalog(), actor: "档案员")
        let tenYears = try #require(sealed.first { $0.visit == visits[4].id })
        let permanent = try #require(sealed.first { $0.visit == visits[2].id })
        #expect(tenYears.due == "2035-01-01")
        #expect(try retention.due(on: "2034-12-31").isEmpty)
        let due = try retention.due(on: "2035-01-02")
        #expect(due.contains { $0.code == tenYears.code } && !due.contains { $0.code == permanent.code })

        func refusal(_ codes: [String], on day: String, supervisor: String = "纪检组孙某") -> String {
            do {
                try retention.dispose(codes, appraiser: "赵某", approver: "钱某", supervisor: supervisor, opinion: "无保存价值", on: day)
                return ""
            } catch let error as ArchiveError {
                return error.zh
            } catch {
                return "\(error)"
            }
        }
        // Early, permanent, and without a supervisor: every reason at once.
        let early = refusal([tenYears.code, permanent.code], on: "2030-01-01", supervisor: " ")
        #expect(early.contains("须有监销人") && early.contains("保管期限至 2035-01-01 才届满") && early.contains("永久保存，不得销毁"), "\(early)")
        let hold = try workspace.placeHold(code: tenYears.code, reason: "行政复议", authority: "市医保局法规科", actor: "档案员")
        #expect(refusal([tenYears.code], on: "2035-01-10").contains("处于保全中（第 \(hold.id) 号，市医保局法规科：行政复议）"))
        #expect(FileManager.default.fileExists(atPath: "\(workspace.root)/\(tenYears.path)"), "nothing removed")
        try workspace.releaseHold(hold.id, actor: "档案员")
        #expect(try workspace.auditEntries().contains { $0.action == .archiveRelease && $0.entityID == tenYears.code })

        let (list, documents) = try retention.dispose(
            [tenYears.code], appraiser: "赵某", approver: "钱某", supervisor: "纪检组孙某", opinion: "无保存价值", on: "2035-01-10")
        #expect(list == "2035-01" && documents.count == 1 && documents[0].form == "销毁清册")
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.root)/\(tenYears.path)"), "the payload is gone")
        let tombstone = "\(workspace.root)/archive/tombstones/\(DossierSealer.fileName(code: tenYears.code, version: 1).dropLast(4))"
        for kept in [
            "dossier.xml", "events.xml", "manifest-sha256.txt", "tagmanifest-sha256.txt", "bag-info.txt", "signature.ed25519", "销毁记录.txt",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(tombstone)/\(kept)"), "tombstone keeps \(kept)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(tombstone)/data"))
        #expect(try workspace.dossiers().first { $0.code == tenYears.code }?.disposedAt == "2035-01-10")
        #expect(refusal([tenYears.code], on: "2035-02-01").contains("已于 2035-01-10 销毁"))
        #expect(try retention.due(on: "2035-01-02").allSatisfy { $0.code != tenYears.code })
        // The catalogue, lost and rebuilt from the packages and tombstones, says the same.
        let catalogued = try workspace.dossiers()
        try workspace.replaceCatalog(with: [], actor: "档案员")
        try workspace.replaceCatalog(with: try CatalogScanner.scan(workspace), actor: "档案员")
        let rebuilt = try workspace.dossiers()
        #expect(rebuilt.map(\.code) == catalogued.map(\.code) && rebuilt.map(\.sealValue) == catalogued.map(\.sealValue))
        #expect(rebuilt.map(\.due) == catalogued.map(\.due) && rebuilt.map(\.disposedAt) == catalogued.map(\.disposedAt))
        #expect(rebuilt.map(\.contentDigest) == catalogued.map(\.contentDigest), "an unchanged case file is still seen as unchanged")
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }
}
