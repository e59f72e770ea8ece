import Foundation
import Store
import Support
import TestSupport
import Testing
import WorkspaceFixtures

@testable import Archiving

/// Bulk export for a records audit, and sealing a folder from outside the workspace.
@Suite struct ArchiveExportTests {
    @Test func anExportIndexesEveryPackageAndResumes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try DossierSealerTests.ready(folder)
        let sealed = try sealer.seal(task: "2024-01", date: "2024-08-20", sm3: false)
        let verifier = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKey: try OfficeKey.load(from: workspace).publicKey)
        let packages = sealed.map { "\(workspace.root)/\($0.path)" }
        let out = folder.file("审计导出")
        let rows = try ArchiveExport(verifier: verifier).export(packages, to: out, publicKey: "\(sealer.folder)/office-ed25519.pub")
        #expect(rows.count == visits.count && rows.allSatisfy(\.verified))
        #expect(Set(rows.map(\.code)) == Set(sealed.map(\.code)))
        // The auditor's own tools: sha256sum agrees with the index, openpyxl reads the workbook.
        let first = try #require(rows.first)
        #expect(try Tools.run("sha256sum", ["\(out)/packages/\(first.package)"]).stdout.hasPrefix(first.sha256))
        let workbook = try Tools.python(
            "import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1]).active; print(ws.max_row, ws['A1'].value, ws['L2'].value)",
            ["\(out)/index.xlsx"])
        #expect(workbook.stdout == "\(rows.count + 1) 档号 \(rows[0].sealValue)\n", "\(workbook.stderr)")
        #expect(try String(contentsOfFile: "\(out)/index.csv", encoding: .utf8).contains(first.code))
        // Interrupted: one package missing, another half-copied. A rerun completes and copies only those.
        try FileManager.default.removeItem(atPath: "\(out)/packages/\(rows[1].package)")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: "\(out)/packages/\(rows[2].package)"))
        let before = try FileManager.default.attributesOfItem(atPath: "\(out)/packages/\(rows[3].package)")[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 1.1)
        _ = try ArchiveExport(verifier: verifier).export(packages, to: out)
        for row in rows { #expect(try sha256Hex(ofFile: "\(out)/packages/\(row.package)") == row.sha256) }
        let after = try FileManager.default.attributesOfItem(atPath: "\(out)/packages/\(rows[3].package)")[.modificationDate] as? Date
        #expect(before == after, "a package already exported is not copied again")
        // One outcome, into a zip that Python's zipfile reads.
        let zip = folder.file("限期整改.zip")
        let chosen = try ArchiveExport(verifier: verifier).export(packages, to: zip, filter: .init(outcome: "限期整改"))
        #expect(chosen.count == 1 && chosen[0].outcome == "限期整改")
        let listing = try Tools.python(
            "import zipfile, sys; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))", [zip])
        #expect(listing.stdout == "None 4\n", "\(listing.stderr)")
    }

    @Test func anyFolderIsSealedFromItsMetadataAndJunkIsRefused() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, _, _) = try DossierSealerTests.ready(folder)
        let sealer = FolderSealer(key: try OfficeKey.load(from: workspace), schema: try DossierSealerTests.schema(), actor: "档案员")
        _ = try folder.write("旧卷宗/说明.txt", Array("2023 年抽查卷宗".utf8))
        _ = try folder.write("旧卷宗/照片/现场.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
        _ = try folder.write(
            "旧卷宗/metadata.json",
            Array(
                #"{"档号": "J045-JC·2023-D30-0007", "题名": "某药店抽查卷宗（2023年度）", "责任者": "卫东区医保局", "起始日期": "2023-03-01", "终止日期": "2023-05-10", "保管期限": "30年", "到期日期": "2054-01-01"}"#
                    .utf8))
        let package = folder.file("J045-JC-2023-D30-0007-v1.zip")
        try sealer.seal(folder.file("旧卷宗"), out: package, date: "2024-09-01", sm3: true)
        let report = PackageVerifier(schema: try DossierSealerTests.schema()).verify(package)
        #expect(report.passed && report.files == 2 && report.code == "J045-JC·2023-D30-0007", "\(report.problems)")
        #expect(try PackageVerifierTests.bagit(package, folder))
        _ = try folder.write("旧卷宗/Thumbs.db", [0])
        _ = try folder.write("旧卷宗/说明.TXT", [0])
        do {
            try sealer.seal(folder.file("旧卷宗"), out: folder.file("again.zip"), date: "2024-09-01", sm3: false)
            Issue.record("junk was sealed")
        } catch let error as ArchiveError {
            #expect(error.zh.contains("系统杂项文件不得归档") && error.zh.contains("不分大小写）后重名"), "\(error.zh)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("again.zip")))
    }
}
