import Foundation
import Inspection
import TestSupport
import Testing

@testable import Store

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

        let imports = try workspace.auditEntries().filter { $0.action == "registry.import" }
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
}
