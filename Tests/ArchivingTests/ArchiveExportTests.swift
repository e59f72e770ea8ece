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
        // As an auditor filters and sorts it: typed cells, a frozen header, an autofilter, widths, the 档号
        // in 件号 order, and a summary sheet.
        let typed = try Tools.python(
            """
            import openpyxl, sys, datetime
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb['档案清单']
            print(ws.freeze_panes, ws.auto_filter.ref, type(ws['B2'].value).__name__, type(ws['O2'].value).__name__,
                  type(ws['F2'].value).__name__, ws['F2'].number_format, ws.column_dimensions['C'].width >= 20, ws['A1'].font.b)
            print('|'.join(ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)))
            print('|'.join(f'{a.value}={b.value}:{c.value}' for a, b, c in wb['汇总'].iter_rows(min_row=2)))
            """, ["\(out)/index.xlsx"])
        let lines = typed.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "A2 A1:P\(rows.count + 1) int int datetime yyyy\\-mm\\-dd True True", "\(typed.stdout)\(typed.stderr)")
        #expect(lines.count == 3 && lines[1] == rows.map(\.code).joined(separator: "|"))
        let numbers = rows.map { Int($0.code.suffix(4)) ?? 0 }
        #expect(numbers == numbers.sorted(), "in 件号 order: \(rows.map(\.code))")
        #expect(lines.count == 3 && lines[2].contains("年度=2024:\(rows.count)") && lines[2].contains("检测结果=通过:\(rows.count)"), "\(lines)")
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

    @Test func theIndexIsInArchivalOrder() {
        func row(_ code: String, version: Int = 1) -> ArchiveExport.Row {
            ArchiveExport.Row(
                code: code, version: version, title: "", target: "", creditCode: "", start: "", end: "", outcome: "", retention: "",
                retentionClass: "", due: "", sealValue: "", package: code, sha256: "", size: 0, verified: true, problems: [])
        }
        let codes = [
            "J045-JC·2024-D10-0010", "J045-JC·2024-D30-0001", "", "J045-JC·2024-D10-0002", "J045-JC·2023-Y-0100", "J045-JC·2024-Y-RW2024-01",
        ]
        var rows = codes.map { row($0) } + [row("J045-JC·2024-D30-0001", version: 2)]
        rows.sort(by: ArchiveExport.archivalOrder)
        #expect(
            rows.map { "\($0.code)v\($0.version)" } == [
                "J045-JC·2023-Y-0100v1", "J045-JC·2024-D30-0001v1", "J045-JC·2024-D30-0001v2", "J045-JC·2024-D10-0002v1",
                "J045-JC·2024-D10-0010v1", "J045-JC·2024-Y-RW2024-01v1", "v1",
            ])
        #expect(ArchiveExport.naturalOrder("D9", "D10") && !ArchiveExport.naturalOrder("D10", "D9"))
    }

    @Test func aPDFThatDoesNotCarryItsFontsFailsUsabilityAndDossierXMLNamesTheFonts() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, _, _) = try DossierSealerTests.ready(folder)
        let sealer = FolderSealer(key: try OfficeKey.load(from: workspace), schema: try DossierSealerTests.schema(), actor: "档案员")
        // A two-page PDF whose one font (Helvetica) is left to the reader, and an embedded one.
        let pdf = """
            %PDF-1.4
            1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj
            2 0 obj <</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>> endobj
            3 0 obj <</Type/Page/Parent 2 0 R>> endobj
            4 0 obj <</Type/Page/Parent 2 0 R>> endobj
            5 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj
            6 0 obj <</Type/Font/Subtype/TrueType/BaseFont/ABCDEF+FandolFang-Regular/FontDescriptor 7 0 R>> endobj
            7 0 obj <</Type/FontDescriptor/FontName/ABCDEF+FandolFang-Regular/FontFile2 8 0 R>> endobj
            trailer <</Root 1 0 R>>
            %%EOF
            """
        _ = try folder.write("旧卷宗/通知.pdf", Array(pdf.utf8))
        _ = try folder.write(
            "旧卷宗/metadata.json",
            Array(
                #"{"档号": "J045-JC·2023-D30-0008", "题名": "某药店抽查卷宗（2023年度）", "责任者": "卫东区医保局", "起始日期": "2023-03-01", "终止日期": "2023-05-10", "保管期限": "30年", "到期日期": "2054-01-01"}"#
                    .utf8))
        let package = folder.file("J045-JC-2023-D30-0008-v1.zip")
        try sealer.seal(folder.file("旧卷宗"), out: package, date: "2024-09-01", sm3: false)
        let report = PackageVerifier(schema: try DossierSealerTests.schema()).verify(package)
        #expect(report.problems.map(\.code) == ["GD-3-2"] && report.problems[0].zh == "PDF 未嵌入字体：Helvetica", "\(report.problems)")
        // dossier.xml, read by xmllint, records the pages and both fonts.
        let out = folder.file("unzipped")
        #expect(try Tools.run("unzip", ["-q", package, "-d", out]).succeeded)
        let xml = "\(out)/J045-JC-2023-D30-0008-v1/dossier.xml"
        let pages = try Tools.run("xmllint", ["--xpath", "string(//*[local-name()='页数'])", xml]).stdout
        let fonts = try Tools.run("xmllint", ["--xpath", "//*[local-name()='字体']", xml]).stdout
        #expect(pages.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(pages)")
        #expect(fonts.contains(#"名称="Helvetica" 嵌入="false""#) && fonts.contains(#"名称="ABCDEF+FandolFang-Regular" 嵌入="true""#), "\(fonts)")
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
