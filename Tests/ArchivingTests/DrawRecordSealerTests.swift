import Archiving
import Foundation
import Inspection
import Store
import TestSupport
import Testing
import Workflow
import WorkspaceFixtures

/// A task's draw records — every attempt, the registry snapshot, the match records — sealed with the
/// task's case files (issue 15): one signed package, verified by our verifier and by bagit-python,
/// sealed again only when they change.
@Suite struct DrawRecordSealerTests {
    @Test func theDrawRecordsAreSealedOncePerChange() throws {
        let folder = TemporaryFolder()
        let (workspace, visits, _) = try DossierSealerTests.ready(folder)
        let key = try OfficeKey.load(from: workspace)
        let sealer = DrawRecordSealer(store: workspace, sealer: FolderSealer(key: key, schema: try DossierSealerTests.schema(), actor: "档案员"))
        let first = try #require(try sealer.seal(task: "2024-01", date: "2024-08-20"))
        #expect(first.path == "archive/tasks/2024-01-抽取记录-v1.zip" && first.written && first.files == 3, "attempt, snapshot, match")
        let path = workspace.layout.absolute(first.path)
        let report = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKey: key.publicKey).verify(path)
        #expect(report.passed, "\(report.problems)")
        #expect(try PackageVerifierTests.bagit(path, folder))
        let listing = try Tools.run("unzip", ["-Z1", path]).stdout
        #expect(listing.contains("data/2024-01-1.xml") && listing.contains("data/2024-01-match-1.xml") && listing.contains("data/targets-"))
        // Unchanged: nothing written. A substitution: version 2 with the new match record.
        #expect(try sealer.seal(task: "2024-01", date: "2024-08-21")?.written == false)
        _ = try MatchService(store: workspace).substitute(
            visit: visits[0].id, inspector: visits[0].leader, reason: "健康", approver: "局长", by: User("李四"))
        let second = try #require(try sealer.seal(task: "2024-01", date: "2024-08-21"))
        #expect(second.path == "archive/tasks/2024-01-抽取记录-v2.zip" && second.files == 4 && second.written)
        #expect(try workspace.auditEntries().filter { $0.entity == "task-records" }.count == 2)
        #expect(try sealer.seal(task: "2024-09", date: "2024-08-21") == nil, "a task not drawn has nothing to seal")
    }
}
