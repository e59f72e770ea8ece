import Forms
import Foundation
import Inspection
import Store
import Support
import TestSupport
import Testing
import Workflow
import WorkspaceFixtures
import XMLCore
import ZipCore

@testable import Archiving

/// Sealing case files (一对象一档案, 002 (二十六)) and checking them with tools that are not ours.
@Suite struct DossierSealerTests {
    static let archive = "\(FormsFixture.repository)/archive"

    /// A workspace with every outcome, every form rendered, and an office key.
    static func ready(_ folder: TemporaryFolder) throws -> (Workspace, [Visit], DossierSealer) {
        let (workspace, visits) = try FormsFixture.withResults(folder)
        let catalog = try FormsFixture.catalog()
        // Real JPEG evidence for the first visit (a 1×1 baseline JPEG).
        let jpeg = try #require(
            Data(
                base64Encoded:
                    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
            ))
        _ = try workspace.addEvidence([try folder.write("现场照片1.jpg", Array(jpeg))], to: visits[0].id, actor: "张三")
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "李四")
        _ = try renderer.render(.init(forms: catalog.forms.filter { $0.scope == .task || $0.scope == .visit }, task: "2024-01"))
        let key = try OfficeKey.generate(in: workspace, actor: "档案员")
        return (workspace, visits, try sealer(workspace, key: key))
    }

    static func sealer(_ workspace: Workspace, key: OfficeKey) throws -> DossierSealer {
        DossierSealer(
            workspace: workspace, catalog: try FormsFixture.catalog(),
            policy: try RetentionPolicy(contentsOfFile: "\(archive)/retention.json"),
            schema: try schema(), key: key, actor: "档案员")
    }

    static func schema() throws -> XMLSchema { try XMLSchema(document: try XMLDocument(contentsOfFile: "\(archive)/dossier.xsd")) }

    @Test func sealedPackagesPassBagItUnzipXmllintAndOurVerify() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        let sealed = try sealer.seal(task: "2024-01", date: "2024-08-20", sm3: true)
        #expect(sealed.count == visits.count && sealed.allSatisfy(\.written))
        let verifier = PackageVerifier(schema: try Self.schema(), trustedKey: try OfficeKey.load(from: workspace).publicKey)
        for package in sealed {
            let path = "\(workspace.root)/\(package.path)"
            let report = verifier.verify(path)
            #expect(report.passed, "\(package.code): \(report.problems.map(\.zh))")
            #expect(report.sealValue == package.sealValue)
            #expect(try Tools.run("unzip", ["-tq", path]).succeeded)
            let zipfile = try Tools.python("import zipfile, sys; print(zipfile.ZipFile(sys.argv[1]).testzip())", [path])
            #expect(zipfile.stdout == "None\n", "\(zipfile.stderr)")
            let extracted = folder.file("x-\(package.visit)")
            #expect(try Tools.run("unzip", ["-q", path, "-d", extracted]).succeeded)
            let bag = "\(extracted)/\(DossierSealer.fileName(code: package.code, version: 1).dropLast(4))"
            let bagit = try Tools.python("import bagit, sys; bagit.Bag(sys.argv[1]).validate(); print('valid')", [bag])
            #expect(bagit.stdout == "valid\n", "bagit: \(bagit.stderr)")
            let xmllint = try Tools.run("xmllint", ["--noout", "--schema", "\(Self.archive)/dossier.xsd", "\(bag)/dossier.xml"])
            #expect(xmllint.succeeded, "\(xmllint.stderr)")
            // SM3 in the same pass, as the national algorithm's reference (Python's hashlib, via OpenSSL) computes it.
            let sm3 = try Tools.python(
                """
                import hashlib, sys, os
                for line in open(os.path.join(sys.argv[1], 'manifest-sm3.txt'), encoding='utf-8'):
                    digest, name = line.rstrip('\\n').split('  ', 1)
                    assert hashlib.new('sm3', open(os.path.join(sys.argv[1], name), 'rb').read()).hexdigest() == digest, name
                print('ok')
                """, [bag])
            #expect(sm3.stdout == "ok\n", "\(sm3.stderr)")
        }
        // 000 §20 outcomes and their terms (archive/retention.json): 限期整改 30 years from the rectification
        // deadline, 涉嫌违法 permanent, 符合要求 10 years from the close.
        let first = try #require(sealed.first { $0.visit == visits[0].id })
        #expect(first.code.hasPrefix("J045-JC·2024-D30-") && first.due == "2055-01-01")
        #expect(sealed.first { $0.visit == visits[2].id }?.code.contains("-Y-") == true)
        #expect(sealed.first { $0.visit == visits[2].id }?.due == nil)
        #expect(sealed.first { $0.visit == visits[4].id }?.code.contains("-D10-") == true)
        let bag = folder.file("x-\(visits[0].id)/\(DossierSealer.fileName(code: first.code, version: 1).dropLast(4))")
        let contents = try String(contentsOfFile: "\(bag)/卷内文件目录.csv", encoding: .utf8)
        #expect(contents.contains("责令限期整改通知书") && contents.contains("现场照片1.jpg"))
        #expect(FileManager.default.fileExists(atPath: "\(bag)/data/0001-检查告知书.pdf") == false, "no PDFs were rendered")
        #expect(FileManager.default.fileExists(atPath: "\(bag)/卷宗封面.docx"), "the printable cover as a tag file")
        #expect(try workspace.dossiers().count == visits.count)
    }

    @Test func theSameInputAndKeyGiveTheSameBytes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        try FileManager.default.copyItem(atPath: workspace.root, toPath: folder.file("copy"))
        let copy = try Workspace.open(at: folder.file("copy"))
        let one = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
        let two = try Self.sealer(copy, key: try OfficeKey.load(from: copy)).seal(
            task: "2024-01", targets: [visits[0].target], date: "2024-08-20", sm3: false)
        #expect(try folder.read("ws/\(one[0].path)") == folder.read("copy/\(two[0].path)"))
        // Sealing again without a change leaves the package as it is.
        let again = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-09-01", sm3: false)
        #expect(again.count == 1 && !again[0].written && again[0].version == 1)
    }

    @Test func everyTamperingIsReportedWithItsFileAndDATItem() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        let sealed = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
        let path = "\(workspace.root)/\(sealed[0].path)"
        let tampered = folder.file("tampered.zip")
        // Rewrite the zip with one document's bytes changed, the photo dropped and a script added.
        let rewrite = try Tools.python(
            """
            import zipfile, sys
            source, target = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], 'w')
            for info in source.infolist():
                data = source.read(info)
                if info.filename.endswith('检查告知书.docx') and '/data/' in info.filename:
                    data = data[:-10] + b'0123456789'
                if info.filename.endswith('.jpg'):
                    continue
                target.writestr(info, data)
            root = source.infolist()[0].filename.split('/')[0]
            target.writestr(root + '/data/run.sh', b'#!/bin/sh\\nrm -rf /\\n')
            target.close()
            """, [path, tampered])
        #expect(rewrite.succeeded, "\(rewrite.stderr)")
        let report = PackageVerifier(schema: try Self.schema()).verify(tampered)
        let found = Set(report.problems.map { "\($0.code) \($0.file)" })
        #expect(found.contains("GD-2-3 data/0001-检查告知书.docx"), "\(found)")
        #expect(found.contains("GD-2-3 data/0008-现场照片1.jpg") || found.contains { $0.hasPrefix("GD-2-3 data/") && $0.hasSuffix(".jpg") })
        #expect(found.contains("GD-4-1 data/run.sh"), "\(found)")
        #expect(found.contains("GD-2-1 bag-info.txt"), "Payload-Oxum")
        #expect(report.problems.count >= 5, "every problem, not the first")
        let fast = PackageVerifier(schema: try Self.schema()).verify(tampered, fast: true)
        #expect(!fast.passed && !fast.problems.contains { $0.file == "data/0001-检查告知书.docx" }, "--fast does not hash")
    }

    @Test func aPackageSealedBeforePagesAndFontsWereRecordedIsNotSealedAgainForThem() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        let first = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)[0]
        // As an older version catalogued it: the digest over dossier.xml without 页数 and 字体.
        let cataloged = try #require(try workspace.latestDossier(visit: visits[0].id))
        let (task, files) = try workspace.caseFiles(task: "2024-01")
        let file = try #require(files.first { $0.visit.id == visits[0].id })
        let (payload, items) = sealer.payload(of: file, office: try workspace.settings().office)
        let reads = try BagPackage.read(payload, sm3: false)
        let term = sealer.policy.term(
            status: file.result!.result.status, outcome: file.result!.result.outcome, closed: file.closed,
            rectifyBy: file.result!.result.rectifyBy?.description ?? "", filed: "2024-08-20")
        var metadata = sealer.metadata(
            of: file, task: task, code: cataloged.code, term: term, settings: try workspace.settings(), items: items, reads: reads)
        let withLayout = try metadata.xml()
        #expect(DossierMetadata.withoutLayout(withLayout) == (try metadata.xml(layout: false)), "the catalogue's rebuild reads it so")
        for index in metadata.items.indices { (metadata.items[index].pages, metadata.items[index].fonts) = (nil, []) }
        #expect(try metadata.xml() == (try metadata.xml(layout: false)) && (try metadata.xml()) != withLayout)
        #expect(cataloged.contentDigest == sha256Hex(BagPackage.manifest(reads, sm3: false) + (try metadata.xml())))
        let again = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-09-01", sm3: false)[0]
        #expect(!again.written && again.version == first.version)
    }

    @Test func anAmendmentIsVersionTwoCitingTheFirstAndBothStay() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        let first = try sealer.seal(task: "2024-01", targets: [visits[4].id], date: "2024-08-20", sm3: false)[0]
        // 002 (二十三): a published result corrected with the unit head's signature.
        var corrected = try #require(try workspace.results(of: visits[4].id).last?.result)
        corrected.outcome = .other
        corrected.remarks = "移交卫生健康部门处理"
        try ResultService(store: workspace).record(corrected, correction: "处理意见更正", unitHead: "局长王某", by: User("张三"))
        let second = try sealer.seal(task: "2024-01", targets: [visits[4].id], date: "2024-09-01", sm3: false)[0]
        #expect(second.version == 2 && second.written && second.code == first.code, "the 档号 stays")
        #expect(FileManager.default.fileExists(atPath: "\(workspace.root)/\(first.path)"), "version 1 is kept")
        let verifier = PackageVerifier(schema: try Self.schema())
        #expect(verifier.verify("\(workspace.root)/\(first.path)").passed)
        #expect(verifier.verify("\(workspace.root)/\(second.path)").passed)
        let reader = try ZipReader(path: "\(workspace.root)/\(second.path)")
        let info = String(
            decoding: try reader.contents(of: try #require(reader.entries.first { $0.path.hasSuffix("bag-info.txt") })), as: UTF8.self)
        #expect(info.contains("Previous-Seal: \(first.sealValue)"))
        let events = String(
            decoding: try reader.contents(of: try #require(reader.entries.first { $0.path.hasSuffix("events.xml") })), as: UTF8.self)
        #expect(events.contains(#"type="amendment""#) && events.contains("处理意见更正"))
    }

    @Test func aDocumentChangedAfterItWasIssuedIsRefusedAndNothingIsWritten() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, sealer) = try Self.ready(folder)
        let notice = "\(workspace.root)/documents/2024-01/\(visits[0].id)-检查告知书.docx"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: notice)))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: notice))
        do {
            _ = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
            Issue.record("a changed document was sealed")
        } catch let error as ArchiveError {
            #expect(error.zh.contains("\(visits[0].id)-检查告知书.docx 在出具后被改动"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: sealer.folder).filter {
            $0.hasSuffix(".zip") || $0.contains("partial")
        }
        #expect(left.isEmpty, "nothing half-written: \(left)")
        #expect(try workspace.dossiers().isEmpty)
    }
}
