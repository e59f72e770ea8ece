import Foundation
import Inspection
@testable import Store
import Support
import TestSupport
import Testing

import Workflow
import WorkspaceFixtures

/// Registries are managed dynamically: records change, never vanish (000 §10; 003 三(八)).
@Suite struct RegistryTests {
    func target(_ code: String, grade: String, status: String = "正常") -> Target {
        Target(
            creditCode: code, name: "机构\(code.suffix(3))", type: "定点医院", district: "卫东区", address: "", legalRepresentative: "",
            riskGrade: grade, blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false, status: status)
    }

    @Test func reimportKeepsHistoryQueryableAsOfAnyDate() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let first = Date(timeIntervalSince1970: 1_709_251_200)  // 2024-03-01
        let second = first.addingTimeInterval(86_400 * 30)
        let a = "914403001922038216", b = "91440300708461136T", c = "91330100799655058B"
        let one = try workspace.importTargets(
            [target(a, grade: "A"), target(b, grade: "B")], file: "v1.csv", fileSHA256: "x", actor: "张三", at: first)
        #expect((one.added, one.changed, one.removed) == (2, 0, 0))
        let two = try workspace.importTargets(
            [target(a, grade: "C"), target(c, grade: "D")], file: "v2.csv", fileSHA256: "y", actor: "李四", at: second)
        #expect((two.added, two.changed, two.removed, two.unchanged) == (1, 1, 1, 0))
        #expect(one.snapshotHash != two.snapshotHash)
        #expect(try workspace.snapshotHash(.targets) == two.snapshotHash)
        #expect(try workspace.recomputedSnapshotHash(.targets) == two.snapshotHash, "the stored hash is the hash of the records")

        #expect(try workspace.targets().map(\.creditCode) == [c, a].sorted())
        #expect(try workspace.targets().first { $0.creditCode == a }?.riskGrade == "C")
        let past = try workspace.targets(asOf: "2024-03-15T00:00:00Z")
        #expect(past.map(\.creditCode) == [a, b].sorted(), "the removed target is still there as of a past date")
        #expect(past.first { $0.creditCode == a }?.riskGrade == "A")
        #expect(try workspace.targets(asOf: "2024-02-01T00:00:00Z").isEmpty)

        let imports = try workspace.auditEntries().filter { $0.action == .registryImport }
        #expect(imports.map(\.actor) == ["张三", "李四"])
        #expect(imports.last?.after?.contains(#""removed":"1""#) == true)
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let targets = [target("914403001922038216", grade: "A")]
        let one = try workspace.importTargets(targets, file: "a.csv", fileSHA256: "x", actor: "张三")
        let two = try workspace.importTargets(targets, file: "a.csv", fileSHA256: "x", actor: "张三")
        #expect(two.unchanged == 1 && two.added == 0 && two.snapshotHash == one.snapshotHash)
    }

    /// Targets stored as objects by an earlier version (before the array form) compare by content: a
    /// re-import of the same registry changes nothing, and the snapshot hash is the same.
    @Test func targetsStoredAsObjectsByEarlierVersionsStillCompare() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let targets = [target("914403001922038216", grade: "A"), target("91440300708461136T", grade: "B")]
        let one = try workspace.importTargets(targets, file: "a.csv", fileSHA256: "x", actor: "张三")
        try workspace.database.write { db in
            for target in targets {
                try db.execute(
                    sql: "UPDATE registry_version SET data = ? WHERE key = ?", arguments: [CanonicalJSON.fast(target), target.creditCode])
            }
        }
        #expect(try workspace.recomputedSnapshotHash(.targets) == one.snapshotHash)
        #expect(try workspace.targets() == targets.sorted { $0.creditCode < $1.creditCode })
        let two = try workspace.importTargets(targets, file: "a.csv", fileSHA256: "x", actor: "张三")
        #expect((two.unchanged, two.changed, two.added, two.removed) == (2, 0, 0, 0))
        #expect(two.snapshotHash == one.snapshotHash)
    }

    /// A draw reads the columns file the import wrote; with the file gone, damaged or for another
    /// snapshot it reads the registry instead — and draws exactly the same.
    @Test func drawColumnsFileIsOnlyACache() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let codes = ["914403001922038216", "91440300708461136T", "91330100799655058B", "91110000100001111T"]
        var targets = codes.map { target($0, grade: "A") }
        targets[1].status = "注销"
        targets[2].type = "定点零售药店"
        targets[3].blacklisted = true
        let summary = try workspace.importTargets(targets.reversed(), file: "a.csv", fileSHA256: "x", actor: "张三")
        let path = folder.file("ws/registry/targets-\(summary.snapshotHash).columns")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let fromFile = try #require(TargetColumns(file: [UInt8](bytes), snapshot: summary.snapshotHash))
        let fromRegistry = TargetColumns(try workspace.targets())
        #expect(fromFile == fromRegistry)
        #expect(fromFile.codes == codes.sorted())
        #expect(fromFile.exempt == fromRegistry.codes.map { $0 == "91110000100001111T" })
        #expect(try workspace.targetColumns(snapshot: summary.snapshotHash) == fromRegistry)
        let task = PlanTask(
            id: "2024-01", year: 2024, name: "任务", items: ["基金使用"], targetTypes: [], districts: [], ratios: ["A": 0.5], start: "2024-03-01",
            end: "2024-03-29", initiator: "科", cooperators: [])
        try workspace.importRegistry(.tasks, [task], key: \.id, file: "p.csv", fileSHA256: "x", actor: "张三")
        let (withFile, _) = try DrawService(store: workspace).draw(task: "2024-01", seed: "1", witnesses: [], by: User("张三"))
        try FileManager.default.removeItem(atPath: path)
        let (withoutFile, _) = try DrawService(store: workspace).draw(
            task: "2024-01", seed: "1", witnesses: [], by: User("张三"), reason: "核对缓存：删除后重抽")
        #expect(withoutFile.attempt == 2 && withoutFile.previous?.record == "2024-01-1.xml")
        #expect(withFile.strata.filter { !$0.candidates.isEmpty }.map(\.name) == ["定点医院/A", "定点零售药店/A"])
        #expect(withFile.excluded.map(\.code) == ["91440300708461136T"])
        #expect((withFile.strata, withFile.excluded, withFile.result) == (withoutFile.strata, withoutFile.excluded, withoutFile.result))
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        // Another snapshot, any changed byte, a truncated file: not used.
        #expect(TargetColumns(file: [UInt8](bytes), snapshot: String(repeating: "0", count: 64)) == nil)
        for offset in [0, 40, bytes.count / 2, bytes.count - 1] {
            var damaged = [UInt8](bytes)
            damaged[offset] ^= 0x01
            #expect(TargetColumns(file: damaged, snapshot: summary.snapshotHash) == nil, "byte \(offset) flipped")
        }
        #expect(TargetColumns(file: Array(bytes.dropLast(33)), snapshot: summary.snapshotHash) == nil)
        try Data([UInt8](bytes).dropLast(5)).write(to: URL(fileURLWithPath: path))
        #expect(try workspace.targetColumns(snapshot: summary.snapshotHash) == fromRegistry, "a damaged file falls back to the registry")

        // A re-import replaces the files of the earlier snapshot; the snapshots published with draws stay.
        targets[0].riskGrade = "B"
        let next = try workspace.importTargets(targets, file: "b.csv", fileSHA256: "y", actor: "张三")
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder.file("ws/registry")).sorted()
        #expect(cached.count == 2 && cached[0] == "targets-\(next.snapshotHash).columns")
        #expect(cached[1].hasPrefix("targets-\(next.snapshotHash).public-") && cached[1].hasSuffix(".csv"))
        let published = try folder.read("ws/draws/\(RegistrySnapshot.fileName(hash: withFile.registryHash))")
        #expect(sha256Hex(published) == withFile.registryHash, "the registry hash is the published snapshot's SHA-256")
        #expect(try RegistrySnapshot.rows(published, source: "s").map(\.code) == codes.sorted(), "every target, in code order")
    }
}
