import Foundation
import Inspection
@testable import Store
import TestSupport
import Testing

import Workflow
import WorkspaceFixtures

/// Visits and teams in a workspace: merged visits (002 (十五)), substitutions (002 (十八)), shortages (002 (十六)).
@Suite struct MatchTests {
    static let codes = ["914403001922038216", "91440300708461136T", "91330100799655058B", "91110000100003662X"]

    static func workspace(_ folder: TemporaryFolder, inspectors: Int = 8, keyItem: Bool = false) throws -> Workspace {
        let workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
        let targets = codes.map {
            Target(
                creditCode: $0, name: "机构\($0.suffix(3))", type: "定点医院", district: "卫东区", address: "", legalRepresentative: "",
                riskGrade: "A",
                blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false, status: "正常")
        }
        try workspace.importTargets(targets, file: "t.csv", fileSHA256: "x", actor: "张三")
        let people = (0..<inspectors).map {
            Inspector(
                certificate: "豫医保0\($0)", name: "检查员\($0)", sex: "", phone: "1390000000\($0)", unit: "卫东区医保局",
                department: $0 < 4 ? "基金监管科" : "医药服务管理科", post: "", title: "", certificateValidUntil: "2028-12-31", isExpert: false,
                conflicts: $0 == 0 ? [codes[0]] : [])
        }
        try workspace.importRegistry(.inspectors, people, key: \.key, file: "i.csv", fileSHA256: "x", actor: "张三")
        let items = [
            CheckItem(
                name: "基金使用", basis: "条例", checkingBody: "卫东区医保局", content: "", category: keyItem ? "重点" : "一般", targetKind: "定点医院",
                ratio: "", frequency: "", method: "", remarks: "")
        ]
        try workspace.importRegistry(.items, items, key: \.name, file: "e.csv", fileSHA256: "x", actor: "张三")
        let tasks = ["2024-01", "2024-02"].map {
            PlanTask(
                id: $0, year: 2024, name: "任务\($0)", items: ["基金使用"], targetTypes: [], districts: [], ratios: ["A": 1], start: "2024-03-01",
                end: "2024-03-29", initiator: "基金监管科", cooperators: [])
        }
        try workspace.importRegistry(.tasks, tasks, key: \.id, file: "p.csv", fileSHA256: "x", actor: "张三")
        for task in ["2024-01", "2024-02"] {
            _ = try DrawService(store: workspace).draw(task: task, seed: "123", witnesses: ["王某"], by: User("张三"))
            _ = try DrawService(store: workspace).lock(task: task, by: User("张三"))
        }
        return workspace
    }

    @Test func aDrawWithNobodyToDrawIsRefusedAndSaysWhatToImport() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder)
        let gone = Self.codes.map {
            Target(
                creditCode: $0, name: "机构", type: "定点医院", district: "卫东区", address: "", legalRepresentative: "", riskGrade: "A",
                blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false, status: "注销")
        }
        try workspace.importTargets(gone, file: "t.csv", fileSHA256: "y", actor: "张三")
        try workspace.importRegistry(
            .tasks,
            [
                PlanTask(
                    id: "2024-03", year: 2024, name: "任务", items: ["基金使用"], targetTypes: [], districts: [], ratios: ["A": 1],
                    start: "2024-05-06", end: "2024-05-31", initiator: "基金监管科", cooperators: [])
            ], key: \.id, file: "p2.csv", fileSHA256: "y", actor: "张三")
        let draws = try workspace.drawCount(task: "2024-03")
        do {
            _ = try DrawService(store: workspace).draw(task: "2024-03", seed: "456", witnesses: [], by: User("张三"))
            Issue.record("drew from an empty registry")
        } catch let error as WorkflowError {
            #expect(error.zh.hasPrefix("任务 2024-03 没有可抽取的对象（") && error.zh.contains("spotcheck import targets"))
        }
        #expect(try workspace.drawCount(task: "2024-03") == draws, "no record written, the seed not spent")
    }

    @Test func anInspectorIsReplacedByNameAndAnUnknownOneIsAnsweredWithTheTeam() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder)
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        let visit = try #require(try workspace.visits().first)
        let leaderName = "检查员" + String(visit.leader.dropFirst(4))
        let (done, _) = try MatchService(store: workspace).substitute(
            visit: visit.id, inspector: leaderName, reason: "健康", approver: "局长王某", by: User("李四"))
        #expect(done.removed == visit.leader, "the name 'match' printed is accepted")
        do {
            _ = try MatchService(store: workspace).substitute(
                visit: visit.id, inspector: "检查员99", reason: "健康", approver: "局长王某", by: User("李四"))
            Issue.record("replaced someone not on the team")
        } catch let error as WorkflowError {
            #expect(error.zh.hasPrefix("检查员99 不是检查 \(visit.id) 的检查组成员；检查组："), "\(error.zh)")
        }
        do {
            _ = try MatchService(store: workspace).match(task: "2099-09", by: User("张三"))
            Issue.record("matched an unknown task")
        } catch let error as WorkflowError {
            #expect(error.zh == "计划中没有任务 2099-09；计划中的任务有：2024-01、2024-02")
        }
    }

    @Test func aTargetDrawnByTwoTasksInOneWindowIsVisitedOnce() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder)
        let (first, _) = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        #expect(first.visits.count == 4 && first.merged.isEmpty)
        let (second, path) = try MatchService(store: workspace).match(task: "2024-02", by: User("张三"))
        #expect(second.visits.isEmpty, "进一次门、查多项事 (002 (十五))")
        #expect(Set(second.merged.map(\.target)) == Set(Self.codes))
        let visits = try workspace.visits()
        #expect(visits.count == 4 && visits.allSatisfy { $0.tasks == ["2024-01", "2024-02"] })
        #expect(visits.allSatisfy { $0.inspectors.count == 2 })
        #expect(!visits.first { $0.target == Self.codes[0] }!.inspectors.contains("豫医保00"), "001 §13: recusal")
        // Dates spread over the working days of the window: 2024-03-01 is a Friday.
        #expect(visits.map(\.date) == ["2024-03-01", "2024-03-08", "2024-03-15", "2024-03-22"])
        let check = try RecordVerifier.match(at: path).1
        #expect(check.holds && check.unchecked.isEmpty, "\(check.differences)")
        #expect(throws: WorkflowError.self) { try MatchService(store: workspace).match(task: "2024-01", by: User("张三")) }
    }

    @Test func aSubstitutionIsDrawnRecordedAndVerifiable() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder)
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        let visit = try workspace.visits()[0]
        #expect(throws: WorkflowError.self) {
            try MatchService(store: workspace).substitute(visit: visit.id, inspector: visit.leader, reason: "", approver: "局长", by: User("李四"))
        }
        let (done, path) = try MatchService(store: workspace).substitute(visit: visit.id, inspector: visit.leader, reason: "健康", approver: "局长王某", by: User("李四"))
        let after = try workspace.visits()[0]
        #expect(after.leader == done.added && after.inspectors[1] == visit.inspectors[1])
        let record = try MatchRecord(xml: try folder.read("ws/draws/2024-01-match-2.xml"), source: path)
        #expect(record.substitutions.map(\.approver) == ["局长王某"])
        #expect(record.check(draw: try folder.read("ws/draws/2024-01-1.xml")).holds)
        let audit = try workspace.auditEntries().last
        #expect(audit?.action == .matchSubstitute && audit?.actor == "李四")
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }

    @Test func tooFewInspectorsSaysHowManyAreMissingAndWhatToDo() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder, inspectors: 2)
        // 检查员0 must recuse from codes[0]: its visit has one eligible inspector.
        do {
            _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
            Issue.record("expected a shortage")
        } catch let error as WorkflowError {
            let lines = error.zh.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[0].contains("（\(Self.codes[0])，2024-03-") && lines[0].hasSuffix("）需要 2 名执法人员，符合条件的只有 1 名，缺 1 名"))
            #expect(lines[1].contains("--assign") && lines[1].contains("--joint") && lines[1].contains("002 (十六)"))
        }
        #expect(try workspace.visits().isEmpty, "nothing half-written")
        // Joint matching with another office's inspectors (002 (十六)).
        let lent = (0..<2).map {
            Inspector(
                certificate: "豫医保9\($0)", name: "外单位\($0)", sex: "", phone: "", unit: "新华区医保局", department: "稽核科", post: "", title: "",
                certificateValidUntil: "2028-12-31", isExpert: false, conflicts: [])
        }
        let (record, _) = try MatchService(store: workspace).match(task: "2024-01", jointPool: lent, by: User("张三"))
        #expect(record.teams.count == 4 && record.pool.contains { $0.unit == "新华区医保局" && $0.joint })
        #expect(record.check().holds)
    }

    @Test func aDepartmentScopeConfinesTheDraw() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder)
        let (record, _) = try MatchService(store: workspace).match(task: "2024-01", department: "医药服务管理科", by: User("张三"))
        let allowed = Set(["豫医保04", "豫医保05", "豫医保06", "豫医保07"])
        #expect(record.teams.allSatisfy { Set($0.inspectors).isSubset(of: allowed) }, "000 §14: within one department")
        #expect(record.department == "医药服务管理科")
    }

    @Test func keyItemsVisitInARandomBatchOrder() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder, keyItem: true)
        let (draw, _, _) = try workspace.lockedDraw(task: "2024-01")
        #expect(Set(draw.batchOrder) == Set(Self.codes), "002 (七): the batch order is drawn")
        #expect(draw.check().holds)
        var forged = draw
        forged.batchOrder.reverse()
        #expect(forged.check().differences.map(\.en) == ["the recorded batch order does not match the one its inputs give (002 (七))"])
        forged.batchOrder = []
        #expect(forged.check().differences.map(\.en) == ["the task has a 重点 item but the record has no batch order (002 (七))"])
        forged.inputs.keyItems = false
        #expect(!forged.check().holds, "the 重点 flag is bound into the draw: turning it off changes what the inputs draw")
        let (record, _) = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        #expect(record.visits.map(\.target) == draw.batchOrder, "visits follow the batch order")
    }

    @Test func matchingReadsTheDrawOrderFromTheStoreAndStillChecksTheRecord() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let workspace = try Self.workspace(folder, keyItem: true)
        let (draw, _, _) = try workspace.lockedDraw(task: "2024-01")
        let stored = try workspace.lockedDrawOrder(task: "2024-01")
        #expect(stored.seed == draw.seed && stored.order == draw.batchOrder)
        // A draw locked before the columns existed: read from the record.
        try workspace.database.write { db in try db.execute(sql: "UPDATE draw SET seed = NULL, visitOrder = NULL") }
        let fallback = try workspace.lockedDrawOrder(task: "2024-01")
        #expect(fallback.seed == draw.seed && fallback.order == draw.batchOrder)
        // A changed record file is refused either way.
        try workspace.database.write { db in try db.execute(sql: "UPDATE draw SET seed = '123', visitOrder = ''") }
        let path = folder.file("ws/draws/2024-01-1.xml")
        try (String(contentsOfFile: path, encoding: .utf8) + " ").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try workspace.lockedDrawOrder(task: "2024-01") }
    }
}
