import Crypto
import Foundation
import Store
import Support
import TestSupport
import Testing
import WorkspaceFixtures
import XMLCore
import ZipCore

@testable import Archiving

/// Our verify against bagit-python on damaged bags, every byte that can be flipped, another key, and a
/// failure at every write step of a seal.
@Suite struct PackageVerifierTests {
    /// Rewrites a package's entries through `change` (path relative to the bag → new bytes, nil to drop),
    /// adding `extra` files, into a new zip.
    static func rewrite(
        _ path: String, to target: String, extra: [String: [UInt8]] = [:], change: (String, [UInt8]) -> [UInt8]?
    ) throws {
        let reader = try ZipReader(path: path)
        let root = String(reader.entries[0].path.split(separator: "/")[0])
        let writer = try ZipWriter(path: target)
        for entry in reader.entries where !entry.isDirectory {
            let name = String(entry.path.dropFirst(root.count + 1))
            if let bytes = change(name, try reader.contents(of: entry)) { try writer.add(entry.path, bytes: bytes) }
        }
        for (name, bytes) in extra.sorted(by: { $0.key < $1.key }) { try writer.add("\(root)/\(name)", bytes: bytes) }
        try writer.finish()
    }

    /// bagit-python's verdict on the bag inside a zip.
    static func bagit(_ zip: String, _ folder: TemporaryFolder) throws -> Bool {
        let out = folder.file("unzipped-\(UUID().uuidString)")
        #expect(try Tools.run("unzip", ["-q", zip, "-d", out]).succeeded)
        let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first)
        let run = try Tools.python(
            "import bagit, sys\ntry:\n    bagit.Bag(sys.argv[1]).validate()\n    print('valid')\nexcept bagit.BagError as e:\n    print('invalid')",
            ["\(out)/\(bag)"])
        return run.stdout == "valid\n"
    }

    static func sealedOne(_ folder: TemporaryFolder) throws -> (Workspace, String, String) {
        let (workspace, visits, sealer) = try DossierSealerTests.ready(folder)
        let sealed = try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: true)
        return (workspace, "\(workspace.root)/\(sealed[0].path)", try OfficeKey.load(from: workspace).publicKey)
    }

    @Test func ourVerifyAgreesWithBagItOnDamagedBags() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, package, _) = try Self.sealedOne(folder)
        let verifier = PackageVerifier(schema: try DossierSealerTests.schema())
        #expect(try Self.bagit(package, folder) && verifier.verify(package).passed)
        let payloadFile = "data/0001-检查告知书.docx"
        let cases: [(String, [String: [UInt8]], (String, [UInt8]) -> [UInt8]?, String)] = [
            ("missing file", [:], { name, bytes in name == payloadFile ? nil : bytes }, payloadFile),
            (
                "changed byte", [:],
                { name, bytes in name == payloadFile ? Array(bytes.dropLast()) + [bytes.last.map { $0 ^ 1 } ?? 0] : bytes }, payloadFile
            ),
            ("extra file", ["data/多余.txt": Array("x".utf8)], { _, bytes in bytes }, "data/多余.txt"),
            (
                "wrong Payload-Oxum", [:],
                { name, bytes in
                    guard name == "bag-info.txt" else { return bytes }
                    let text = String(decoding: bytes, as: UTF8.self)
                    return Array(text.replacingOccurrences(of: "Payload-Oxum: ", with: "Payload-Oxum: 1").utf8)
                }, "bag-info.txt"
            ),
        ]
        for (label, extra, change, file) in cases {
            let damaged = folder.file("\(label).zip")
            try Self.rewrite(package, to: damaged, extra: extra, change: change)
            #expect(try !Self.bagit(damaged, folder), "bagit accepted the bag with a \(label)")
            let report = verifier.verify(damaged)
            #expect(
                !report.passed && report.problems.contains { $0.file.contains(file) },
                "\(label): \(report.problems.map { "\($0.code) \($0.file)" })")
        }
    }

    @Test func flippingAnyByteOfAnyFileFailsNamingThatFile() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, package, key) = try Self.sealedOne(folder)
        let verifier = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKey: key)
        let reader = try ZipReader(path: package)
        let root = String(reader.entries[0].path.split(separator: "/")[0])
        let names = reader.entries.filter { !$0.isDirectory }.map { String($0.path.dropFirst(root.count + 1)) }
        #expect(names.count > 15)
        for (index, name) in names.enumerated() {
            let damaged = folder.file("flip-\(index).zip")
            try Self.rewrite(package, to: damaged) { entry, bytes in
                guard entry == name, !bytes.isEmpty else { return bytes }
                var copy = bytes
                copy[copy.count / 2] ^= 0x20
                return copy
            }
            let report = verifier.verify(damaged)
            #expect(
                report.problems.contains { $0.file.contains(name) },
                "flipping a byte of \(name): \(report.problems.map { "\($0.code) \($0.file)" })")
        }
    }

    /// The sixteen-bytes-at-a-time scan finds a name wherever it lies: at each offset in a block, across
    /// a block boundary, in the tail, at the very end — the same as looking at every byte.
    @Test func pdfNamesAreFoundAtEveryOffset() {
        let names = ["/Encrypt", "/JavaScript", "/Launch"]
        func everyByte(_ content: [UInt8]) -> Set<String> {
            Set(
                names.filter { name in
                    let needle = Array(name.utf8)
                    return content.count >= needle.count
                        && (0...content.count - needle.count).contains { Array(content[$0..<$0 + needle.count]) == needle }
                })
        }
        // Text full of other names and lone slashes, like a PDF's dictionaries.
        let filler = Array("<</Type /Page /Parent 3 0 R /E /J /L /Enc /Java / /Laun>> ".utf8)
        var checked = 0
        for length in [0, 1, 7, 15, 16, 17, 31, 33, 64, 100] {
            let base = (0..<length).map { filler[$0 % filler.count] }
            #expect(PackageVerifier.pdfNames(base, names) == everyByte(base))
            for name in names {
                let needle = Array(name.utf8)
                for offset in 0...length {
                    var content = base
                    content.insert(contentsOf: needle, at: offset)
                    let found = PackageVerifier.pdfNames(content, names)
                    #expect(found.contains(name), "\(name) at \(offset) of \(content.count) bytes")
                    #expect(found == everyByte(content))
                    checked += 1
                }
            }
        }
        #expect(checked == 3 * (1 + 2 + 8 + 16 + 17 + 18 + 32 + 34 + 65 + 101))
        // Cut short at the end: not a name.
        #expect(PackageVerifier.pdfNames(Array("xxxxxxxxxxxxxxxxxxxx/JavaScrip".utf8), names).isEmpty)
    }

    /// dossier.xml must describe the files as they are: each item's SHA-256 and size, 件号 without gaps,
    /// every payload file described (DA/T 70 GD-1-3, GD-2-4, GD-2-2).
    @Test func metadataThatDisagreesWithTheFilesIsReported() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, package, _) = try Self.sealedOne(folder)
        let ns = ["d": DossierMetadata.namespace]
        var paths: [String] = []
        let edited = folder.file("edited.zip")
        try Self.rewrite(package, to: edited) { name, bytes in
            guard name == "dossier.xml", let document = try? XMLDocument(bytes: bytes),
                let files = try? document.nodes(matching: "/d:案卷/d:卷内文件/d:文件", namespaces: ns), files.count >= 4
            else { return bytes }
            func child(_ file: XMLNode, _ name: String) -> XMLNode? { file.childElements.first { $0.localName == name } }
            paths = files.prefix(4).map { child($0, "路径")?.textContent ?? "" }
            try? child(files[0], "SHA256")?.setText(String(repeating: "0", count: 64))
            try? child(files[1], "大小")?.setText("1")
            try? files[2].setAttribute("件号", to: "9")
            files[3].detach()
            return document.serialized()
        }
        #expect(paths.count == 4 && paths.allSatisfy { $0.hasPrefix("data/") }, "\(paths)")
        let problems = PackageVerifier(schema: try DossierSealerTests.schema()).verify(edited).problems
        let found = Set(problems.map { "\($0.code) \($0.file)" })
        #expect(found.contains("GD-1-3 \(paths[0])"), "\(found)")
        #expect(problems.contains { $0.code == "GD-1-3" && $0.file == paths[0] && $0.en.contains("SHA-256 in dossier.xml") })
        #expect(problems.contains { $0.code == "GD-1-3" && $0.file == paths[1] && $0.en.contains("size in dossier.xml") })
        #expect(problems.contains { $0.code == "GD-2-4" && $0.file == "dossier.xml" && $0.zh.contains("件号不连续") })
        #expect(problems.contains { $0.code == "GD-2-2" && $0.file == paths[3] })
        // The edit also broke the tag manifest.
        #expect(found.contains("GD-1-1 dossier.xml"), "\(found)")
    }

    /// A root folder spelt in two Unicode normalisation forms (equal as strings, 3 bytes against 9) is one
    /// root; the verifier reports the package's problems and does not trip over the byte lengths.
    @Test func aRootInTwoNormalisationFormsIsReadSafely() throws {
        let folder = TemporaryFolder()
        let path = folder.file("hangul.zip")
        let writer = try ZipWriter(path: path)
        // The longer spelling first, short names: an offset taken from it would run past the shorter entry.
        try writer.add("\u{1112}\u{1161}\u{11AB}/b", bytes: [2])
        try writer.add("\u{D55C}/a", bytes: [1])
        try writer.finish()
        let report = PackageVerifier(schema: try DossierSealerTests.schema()).verify(path)
        #expect(!report.passed)
        #expect(report.problems.contains { $0.file == "bagit.txt" && $0.code == "GD-1-4" })
        #expect(!report.problems.contains { $0.code == "GD-4-2" }, "\(report.problems)")
    }

    @Test func fileKindsComeFromTheLastNonEmptyDotPart() {
        let cases = [
            ("data/文书1.PDF", "pdf"), ("data/README", ""), ("data/.profile", ""), ("data/a.exe.", "exe"), ("..exe", ""),
            ("data/x.tar.gz", "gz"), ("data/d.v2/照片", ""), ("现场.JPG", "jpg"),
        ]
        for (path, expected) in cases {
            #expect(PackageVerifier.suffix(of: PackageVerifier.baseName(of: path)) == expected, "\(path)")
        }
        #expect(PackageVerifier.baseName(of: "root/data/文书1.pdf") == "文书1.pdf")
        #expect(PackageVerifier.baseName(of: "bagit.txt") == "bagit.txt")
    }

    /// Tag files are read by bytes: LF or CRLF lines, one or more spaces or a tab between digest and path.
    @Test func tagFilesReadWithLFOrCRLF() {
        let manifest = Array("aa11  data/文书1.pdf\r\nbb22 data/照片 1.jpg\ncc33\tdata/x.txt \n\nbroken-line\n".utf8)
        #expect(
            PackageVerifier.manifest(manifest) == ["data/文书1.pdf": "aa11", "data/照片 1.jpg": "bb22", "data/x.txt": "cc33"])
        let info = Array(
            "Payload-Oxum: 1234.7\r\nExternal-Identifier:  J045-JC·2024-D30-0001 \nNo colon here\nSource-Organization: 某市医疗保障局\n".utf8)
        #expect(
            BagPackage.parseBagInfo(info) == [
                "Payload-Oxum": "1234.7", "External-Identifier": "J045-JC·2024-D30-0001", "Source-Organization": "某市医疗保障局",
            ])
    }

    @Test func anotherKeysSignatureFails() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (_, package, key) = try Self.sealedOne(folder)
        // A forger re-signs the tag manifest with another key and swaps the public key into bag-info.txt.
        let forger = Curve25519.Signing.PrivateKey()
        let forgedKey = forger.publicKey.rawRepresentation.base64EncodedString()
        let original = try ZipReader(path: package)
        let bagInfo = String(
            decoding: try original.contents(of: try #require(original.entries.first { $0.path.hasSuffix("/bag-info.txt") })), as: UTF8.self)
        var info = bagInfo.replacingOccurrences(of: key, with: forgedKey)
        info = info.replacingOccurrences(
            of: OfficeKey.fingerprint(of: Array(try #require(Data(base64Encoded: key)))),
            with: OfficeKey.fingerprint(of: Array(forger.publicKey.rawRepresentation)))
        var tagManifest: [UInt8] = []
        let step = folder.file("step.zip")
        try Self.rewrite(package, to: step) { name, bytes in name == "bag-info.txt" ? Array(info.utf8) : bytes }
        let stepReader = try ZipReader(path: step)
        var lines: [String] = []
        for entry in stepReader.entries
        where !entry.path.contains("/data/") && !entry.path.hasSuffix("tagmanifest-sha256.txt")
            && !entry.path.hasSuffix("signature.ed25519")
        {
            lines.append(
                "\(sha256Hex(try stepReader.contents(of: entry)))  \(entry.path.split(separator: "/", maxSplits: 1)[1])")
        }
        tagManifest = Array(
            (lines.sorted { $0.split(separator: " ").last ?? "" < $1.split(separator: " ").last ?? "" }.joined(separator: "\n") + "\n").utf8
        )
        let forged = folder.file("forged.zip")
        try Self.rewrite(step, to: forged) { name, bytes in
            switch name {
            case "tagmanifest-sha256.txt": return tagManifest
            case "signature.ed25519": return Array(((try? forger.signature(for: tagManifest).base64EncodedString()) ?? "").utf8) + [0x0A]
            default: return bytes
            }
        }
        // Self-consistent, so only the office's key tells.
        let trusting = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKey: key).verify(forged)
        #expect(
            trusting.problems.contains { $0.code == "GD-1-1" && $0.en.contains("not signed with an office key") }, "\(trusting.problems)"
        )
        #expect(trusting.signerChecked && trusting.signer == OfficeKey.fingerprint(of: Array(forger.publicKey.rawRepresentation)))
        // Without a trust anchor the forgery is whole — and the report says the signer was not checked, naming its key.
        let untrusting = PackageVerifier(schema: try DossierSealerTests.schema()).verify(forged)
        #expect(untrusting.passed && !untrusting.signerChecked && untrusting.signer == trusting.signer)
        // The office's keyring (current and retired keys) accepts the genuine package.
        let ring = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKeys: [forgedKey.uppercased(), key])
        #expect(ring.verify(package).passed)
        // A manifest that lists a file twice is refused, as bagit-python refuses it.
        let doubled = folder.file("doubled.zip")
        try Self.rewrite(package, to: doubled) { name, bytes in
            name == "manifest-sha256.txt" ? bytes + Array(String(decoding: bytes, as: UTF8.self).split(separator: "\n")[0].utf8) + [0x0A] : bytes
        }
        #expect(
            PackageVerifier(schema: try DossierSealerTests.schema()).verify(doubled).problems.contains {
                $0.file == "manifest-sha256.txt" && $0.zh.hasPrefix("重复列出")
            })
        // A signature by another key over the genuine tag manifest fails on its own.
        let swapped = folder.file("swapped.zip")
        try Self.rewrite(package, to: swapped) { name, bytes in
            name == "signature.ed25519" ? Array(((try? forger.signature(for: [1, 2, 3]).base64EncodedString()) ?? "").utf8) : bytes
        }
        let plain = PackageVerifier(schema: try DossierSealerTests.schema())
        #expect(plain.verify(swapped).problems.contains { $0.file.contains("signature.ed25519") })
    }

    /// Issue 18: key rotation keeps old packages the office's; a foreign package copied into the archive is
    /// not adopted by a rebuild of the catalogue.
    @Test func aReplacedKeyIsRetiredNotForgottenAndAForeignPackageIsNotAdopted() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, package, oldKey) = try Self.sealedOne(folder)
        let newKey = try OfficeKey.generate(in: workspace, replacing: true, actor: "档案员")
        let ring = try OfficeKey.keyring(of: workspace)
        #expect(ring == [newKey.publicKey, oldKey], "the key file an outside verifier gets lists both, the current first")
        let schema = try DossierSealerTests.schema()
        #expect(PackageVerifier(schema: schema, trustedKeys: ring).verify(package).passed)
        #expect(!PackageVerifier(schema: schema, trustedKey: newKey.publicKey).verify(package).passed, "the new key alone did not sign it")
        #expect(try workspace.verifyAuditTrail().isEmpty, "the head is signed with the new key")
        // Another office's package, copied in beside ours.
        let other = TemporaryFolder()
        defer { withExtendedLifetime(other) {} }
        let (_, foreignPackage, _) = try Self.sealedOne(other)
        let name = "J045-JC-2024-D30-9999-v1.zip"
        try FileManager.default.copyItem(atPath: foreignPackage, toPath: "\(workspace.layout.packages)/\(name)")
        let (found, foreign) = try CatalogScanner.scan(workspace, verifier: PackageVerifier(schema: schema, trustedKeys: ring))
        #expect(foreign == [name] && found.count == 1, "\(foreign) \(found.map(\.path))")
    }

    @Test func aFailureAtAnyWriteStepLeavesNothingAndARerunCompletes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, original) = try DossierSealerTests.ready(folder)
        struct Injected: Error {}
        let steps = ["entry 1", "entry 5", "entry 12", "finish", "read back", "rename"]
        for step in steps {
            var sealer = original
            sealer.failpoint = { if $0 == step { throw Injected() } }
            #expect(throws: Injected.self, "\(step)") {
                try sealer.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: sealer.folder).filter { !$0.hasSuffix(".pub") }
            #expect(left.isEmpty, "after a failure at \(step): \(left)")
            #expect(try workspace.dossiers().isEmpty)
        }
        let sealed = try original.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
        let verifier = PackageVerifier(schema: try DossierSealerTests.schema())
        #expect(sealed.count == 1 && verifier.verify("\(workspace.root)/\(sealed[0].path)").passed)
    }

    /// Issue 18: a seal killed after its rename and before its catalogue entry left a package no later seal
    /// could get past ("已存在"). The rerun adopts it (it verifies with the office key) and goes on as a clean run.
    @Test func aPackageLeftUncataloguedByAKilledSealIsAdoptedByTheRerun() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, original) = try DossierSealerTests.ready(folder)
        struct Injected: Error {}
        var killed = original
        killed.failpoint = { if $0 == "catalog" { throw Injected() } }
        #expect(throws: Injected.self) { try killed.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false) }
        let left = try FileManager.default.contentsOfDirectory(atPath: original.folder).filter { $0.hasSuffix(".zip") }
        let catalogued = try workspace.dossiers()
        #expect(left.count == 1 && catalogued.isEmpty, "in place, not catalogued: \(left)")
        let rerun = try original.seal(task: "2024-01", targets: [visits[0].id], date: "2024-08-20", sm3: false)
        #expect(rerun.count == 1 && rerun[0].version == 1 && !rerun[0].written, "adopted, not sealed again as v2: \(rerun)")
        #expect(try workspace.dossiers().map(\.path) == ["archive/packages/\(left[0])"])
        #expect(try workspace.verifyAuditTrail().isEmpty)
        // A damaged leftover is not adopted: the seal says what to do, and nothing else changes.
        let otherFolder = TemporaryFolder()
        defer { withExtendedLifetime(otherFolder) {} }
        let (other, otherVisits, otherSealer) = try DossierSealerTests.ready(otherFolder)
        var cut = otherSealer
        cut.failpoint = { if $0 == "catalog" { throw Injected() } }
        #expect(throws: Injected.self) { try cut.seal(task: "2024-01", targets: [otherVisits[1].id], date: "2024-08-20", sm3: false) }
        let leftover = try #require(try FileManager.default.contentsOfDirectory(atPath: otherSealer.folder).first { $0.hasSuffix(".zip") })
        try ArchiveFixityTests.flip("\(otherSealer.folder)/\(leftover)")
        do {
            _ = try otherSealer.seal(task: "2024-01", targets: [otherVisits[1].id], date: "2024-08-20", sm3: false)
            Issue.record("a damaged leftover was adopted")
        } catch let error as ArchiveError {
            #expect(error.zh.contains("不在目录里，且未通过检测") && error.zh.contains("移出该文件"), "\(error.zh)")
        }
        #expect(try other.dossiers().isEmpty)
    }
}
