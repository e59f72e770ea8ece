import Foundation
import Inspection
import Store
import Support
import TestSupport
import Testing
import WorkspaceFixtures

@testable import Archiving

/// Fixity over the years: every check recorded per package, a rotating share, packages overdue, copies
/// in other places compared and repaired — the original too.
@Suite struct ArchiveFixityTests {
    /// Flips one byte in the middle of a file (a stored payload or a compressed stream: either way its
    /// digest or CRC no longer matches).
    static func flip(_ path: String) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func ready(_ folder: TemporaryFolder) throws -> (Workspace, ArchiveFixity, [ArchiveFixity.Package]) {
        let (workspace, _, sealer) = try DossierSealerTests.ready(folder)
        _ = try sealer.seal(task: "2024-01", date: "2024-08-20", sm3: false)
        let verifier = PackageVerifier(schema: try DossierSealerTests.schema(), trustedKey: try OfficeKey.load(from: workspace).publicKey)
        let fixity = ArchiveFixity(store: workspace, verifier: verifier, actor: "档案员王某")
        return (workspace, fixity, try fixity.packages())
    }

    @Test func anAuditsBatchesCoverEveryPackageOnceTheLastOneSmall() {
        #expect(ArchiveFixity.batches(2000).map(\.count) == [500, 500, 500, 450, 50])
        #expect(ArchiveFixity.batches(0).isEmpty && ArchiveFixity.batches(1) == [0..<1])
        for count in [2, 19, 20, 39, 499, 500, 501, 551, 1049, 1051] {
            let batches = ArchiveFixity.batches(count)
            #expect(batches.flatMap { Array($0) } == Array(0..<count), "\(count)")
            #expect(batches.allSatisfy { !$0.isEmpty && $0.count <= ArchiveFixity.batch }, "\(count)")
            #expect(batches.last!.count == (count <= 500 ? count : min(50, count / 20)), "\(count)")
        }
    }

    @Test func everyCheckIsRecordedARotatingShareAndTheOverdueAreListed() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, fixity, packages) = try Self.ready(folder)
        #expect(packages.count >= 4)
        // Sealed on 2024-08-20 and never checked: not overdue within the interval, overdue after it.
        #expect(try fixity.audit(limit: 0, today: "2025-08-19", interval: 365).overdue.isEmpty)
        #expect(try fixity.audit(limit: 0, today: "2025-08-21", interval: 365).overdue.count == packages.count)
        let first = try fixity.audit(today: "2024-09-01", interval: 365)
        #expect(first.events.count == packages.count && first.events.allSatisfy { $0.outcome == .passed } && first.overdue.isEmpty)
        // A flipped byte is found and recorded against that package; the others still pass.
        try Self.flip(packages[1].path)
        let second = try fixity.audit(today: "2024-10-01", interval: 365)
        #expect(second.events.filter { $0.outcome == .failed }.map(\.package) == [packages[1].name], "\(second.events.map(\.detail))")
        #expect(second.events.first { $0.package == packages[1].name }?.detail.contains("GD-") == true)
        let history = try workspace.fixityEvents(package: packages[1].name)
        #expect(history.map(\.outcome) == [.passed, .failed] && history.map(\.checkedOn) == ["2024-09-01", "2024-10-01"])
        #expect(try workspace.verifyAuditTrail().isEmpty)
        #expect(try workspace.auditEntries().filter { $0.action == .archiveAudit }.count == 2)
        // A rotating share: each run takes those checked longest ago.
        let share = 2
        let runA = try fixity.audit(limit: share, today: "2025-11-01", interval: 365)
        let runB = try fixity.audit(limit: share, today: "2025-11-02", interval: 365)
        #expect(runA.events.count == share && runB.events.count == share)
        // The damaged one first in every run until it passes again; otherwise the next share, not the same packages.
        let failing = packages[1].name
        #expect(runA.events.first?.package == failing && runB.events.first?.package == failing)
        #expect(Set(runA.events.map(\.package)).subtracting([failing]).isDisjoint(with: Set(runB.events.map(\.package)).subtracting([failing])))
        // Those not checked since 2024-10-01 are overdue on 2025-11-02 (a 365-day interval), and only those.
        let checkedLately = Set((runA.events + runB.events).map(\.package))
        #expect(Set(runB.overdue.map(\.package.name)) == Set(packages.map(\.name)).subtracting(checkedLately))
        #expect(runB.overdue.allSatisfy { $0.lastChecked == "2024-10-01" })
    }

    @Test func copiesAreMadeComparedAndTheDamagedSideRepaired() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, fixity, packages) = try Self.ready(folder)
        let targets: [any PackageCopyTarget] = [FolderCopyTarget(folder.file("备份甲")), FolderCopyTarget(folder.file("备份乙"))]
        let made = try fixity.replicate(to: targets, today: "2024-09-01")
        #expect(made.count == packages.count * 2 && made.allSatisfy { $0.outcome == .copied }, "\(made.map(\.detail))")
        for package in packages {
            // The copies are the original's bytes, as sha256sum sees them.
            let original = try Tools.run("sha256sum", [package.path]).stdout.prefix(64)
            #expect(try Tools.run("sha256sum", [folder.file("备份乙/\(package.name)")]).stdout.prefix(64) == original)
        }
        // A copy with a flipped byte is found and repaired from the original.
        let damaged = folder.file("备份甲/\(packages[0].name)")
        try Self.flip(damaged)
        let second = try fixity.replicate(to: targets, today: "2024-10-01")
        let repair = second.filter { $0.outcome == .repaired }
        #expect(repair.count == 1 && repair[0].package == packages[0].name && repair[0].location == targets[0].location, "\(second)")
        #expect(try sha256Hex(ofFile: damaged) == (try sha256Hex(ofFile: packages[0].path)))
        // The original damaged, then gone: restored from a sound copy, and it verifies again.
        try Self.flip(packages[2].path)
        try FileManager.default.removeItem(atPath: packages[3].path)
        let third = try fixity.replicate(to: targets, today: "2024-11-01")
        let restored = third.filter { $0.outcome == .repaired && $0.location.isEmpty }.map(\.package)
        #expect(Set(restored) == [packages[2].name, packages[3].name], "\(third.map { "\($0.package) \($0.location) \($0.outcome) \($0.detail)" })")
        #expect(fixity.verifier.verify(packages[2].path).passed && fixity.verifier.verify(packages[3].path).passed)
        #expect(!third.contains { $0.outcome == .failed })
        // The status: each package with both copies, last checked 2024-11-01 (the original where it was repaired).
        let status = try fixity.status()
        #expect(status.count == packages.count)
        #expect(status.allSatisfy { $0.last.filter { !$0.location.isEmpty }.count == 2 && $0.last.allSatisfy { $0.checkedOn == "2024-11-01" } })
        // The audit verifies the copies too, where asked.
        let audit = try fixity.audit(copies: true, today: "2024-12-01", interval: 365)
        #expect(audit.events.count == packages.count * 3 && audit.events.allSatisfy { $0.outcome == .passed })
        #expect(try workspace.verifyAuditTrail().isEmpty)
        // No temporary file is left beside a copy.
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: folder.file("备份甲")).filter { $0.hasSuffix(".partial") }
        #expect(leftovers.isEmpty)
    }
}
