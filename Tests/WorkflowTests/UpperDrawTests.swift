import Foundation
import Inspection
@testable import Store
import Tabular
import TestSupport
import Testing

import Workflow
import WorkspaceFixtures

@Suite struct UpperDrawTests {
    @Test func targetsAHigherLevelDrewThisYearAreExcluded() throws {
        // 001 §11: 上级监管部门在同一年度内已抽查的检查对象，在当地组织抽查时，应当予以排除.
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let codes = MatchTests.codes
        let targets = codes.map {
            Target(
                creditCode: $0, name: "机构", type: "定点医院", district: "卫东区", address: "", legalRepresentative: "", riskGrade: "A",
                blacklisted: false,
                abnormal: false, dishonest: false, seriousViolation: false, status: "正常")
        }
        try workspace.importTargets(targets, file: "t.csv", fileSHA256: "x", actor: "张三")
        let task = PlanTask(
            id: "2024-01", year: 2024, name: "任务", items: ["基金使用"], targetTypes: [], districts: [], ratios: ["A": 1], start: "2024-03-01",
            end: "2024-03-29", initiator: "科", cooperators: [])
        try workspace.importRegistry(.tasks, [task], key: \.id, file: "p.csv", fileSHA256: "x", actor: "张三")
        let table = try Table(
            csv: Array("统一社会信用代码,年度,抽查单位,任务名称\n\(codes[0]),2024,河南省医疗保障局,省级飞行检查\n\(codes[1]),2023,河南省医疗保障局,\n".utf8),
            source: "上级.csv")
        try workspace.importRegistry(.upperDraws, try UpperDrawImport.read(table), key: \.key, file: "上级.csv", fileSHA256: "x", actor: "张三")
        let (record, _) = try DrawService(store: workspace).draw(task: "2024-01", seed: "1", witnesses: [], by: User("张三"))
        #expect(record.excluded == [.init(code: codes[0], rule: .upper, reason: "本年度已被上级 河南省医疗保障局“省级飞行检查” 抽取（001 §11）")])
        #expect(Set(record.result.flatMap(\.drawn)) == Set(codes.dropFirst()), "last year's higher-level draw does not exclude")
    }
}
