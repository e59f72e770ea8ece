import Foundation
import Inspection
import Testing

@testable import Store

/// Snapshot hashes are computed over CanonicalJSON: it must write exactly what JSONEncoder writes
/// with sorted keys, so that hashes recorded before it existed still hold.
@Suite struct CanonicalJSONTests {
    func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func writesWhatJSONEncoderWritesForEveryRegistryRecord() throws {
        let awkward = "引号\"反斜杠\\斜杠/控制\u{1}\u{8}\u{c}\n\r\t\u{1f}删除\u{7f}行分隔\u{2028}é"
        let target = Target(
            creditCode: "91410400MA44XXXX0X", name: awkward, type: "定点医院", district: "卫东区", address: "", legalRepresentative: "张某",
            riskGrade: "A", blacklisted: true, abnormal: false, dishonest: false, seriousViolation: true, status: "正常")
        let inspector = Inspector(
            certificate: "", name: "专家甲", sex: "女", phone: "13900000000", unit: "市一院", department: "专家组", post: awkward, title: "",
            certificateValidUntil: "", isExpert: true, conflicts: ["91410400MA44XXXX0X", "9141"])
        let item = CheckItem(
            name: "基金使用", basis: "条例", checkingBody: "局", content: awkward, category: "重点", targetKind: "定点医院", ratio: "5%", frequency: "",
            method: "", remarks: "", needsExpert: true)
        let task = PlanTask(
            id: "2024-01", year: 2024, name: "任务", items: ["a", "b"], targetTypes: [], districts: ["卫东区"],
            ratios: ["A": 0.05, "B": 0.1, "C": 0.15, "D": 1, "a": 1e-7, "Aa": 0.333], start: "2024-03-01", end: "2024-06-30", initiator: "科",
            cooperators: [])
        #expect(try CanonicalJSON.string(target) == foundation(target))
        #expect(try CanonicalJSON.string(inspector) == foundation(inspector))
        #expect(try CanonicalJSON.string(item) == foundation(item))
        #expect(try CanonicalJSON.string(task) == foundation(task))
        #expect(try CanonicalJSON.string([Int64(-3)]) == "[-3]")
        // The fast reader takes plain targets and leaves escapes to JSONDecoder.
        var plain = target
        plain.name = "卫东区第一人民医院"
        #expect(CanonicalJSON.target(from: try CanonicalJSON.string(plain)) == plain)
        #expect(CanonicalJSON.target(from: try CanonicalJSON.string(target)) == nil)
        #expect(CanonicalJSON.target(from: #"{"name":"x"}"#) == nil)
    }

    /// The table stores a target as the array of its values (half the bytes); what is read back, and the
    /// canonical JSON the snapshot hash covers, must be exactly what went in — escapes included.
    @Test func storedTargetsReadBackExactly() throws {
        let awkward = "引号\"反斜杠\\斜杠/控制\u{1}\n删除\u{7f}é"
        let plain = Target(
            creditCode: "91410400MA44XXXX0X", name: "卫东区第一人民医院", type: "定点医院", district: "卫东区", address: "建设路 1 号",
            legalRepresentative: "张某", riskGrade: "A", blacklisted: true, abnormal: false, dishonest: true, seriousViolation: false,
            status: "正常")
        var odd = plain
        odd.name = awkward
        odd.address = ""
        odd.abnormal = true
        for target in [plain, odd] {
            let stored = CanonicalJSON.stored(target)
            #expect(stored.hasPrefix("[") && stored.hasSuffix("]"))
            #expect(try JSONSerialization.jsonObject(with: Data(stored.utf8)) is [Any], "the stored form is JSON")
            #expect(CanonicalJSON.target(from: stored) == target)
            #expect(CanonicalJSON.canonical(stored: stored) == (try foundation(target)))
        }
        #expect(
            CanonicalJSON.stored(plain) == #"[false,"建设路 1 号",true,"91410400MA44XXXX0X",true,"卫东区","张某","卫东区第一人民医院","A",false,"正常","定点医院"]"#
        )
        // Rows stored as objects (workspaces made before the array form) read as before.
        let object = try foundation(plain)
        #expect(CanonicalJSON.target(from: object) == plain)
        #expect(CanonicalJSON.canonical(stored: object) == object)
        #expect(CanonicalJSON.target(from: "[true,1]") == nil)
    }
}
