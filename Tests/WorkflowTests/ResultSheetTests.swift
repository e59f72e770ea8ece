import Foundation
import Inspection
import Store
import Support
import Tabular
import TestSupport
import Testing
import Workflow
import WorkspaceFixtures

/// Many results from one sheet (issue 14 item 11): pre-filled with the task's visits, every problem of
/// every row at once, all or nothing, and an unchanged sheet imported again changes nothing.
@Suite struct ResultSheetTests {
    static func sheet(_ rows: [[String]]) throws -> Table {
        try Table(csv: [0xEF, 0xBB, 0xBF] + Array(([ResultSheet.header] + rows).map(CSV.line).joined().utf8), source: "结果登记表.csv")
    }

    @Test func aFilledSheetRecordsEveryVisitOrNone() throws {
        let folder = TemporaryFolder()
        let workspace = try MatchTests.workspace(folder)
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        let visits = try workspace.visits()
        var rows = ResultSheet.rows(
            visits.map { ResultSheet.Visit(visit: $0.id, name: "机构", code: $0.target, date: $0.date, items: ["基金使用"]) })
        #expect(rows.count == 4 && rows[0][7] == "基金使用=未发现问题" && rows[0][3] == "已检查")
        let service = ResultService(store: workspace)
        // As printed: no outcome, no signer — every row's problems, nothing recorded.
        do {
            _ = try service.recordSheet(try ResultSheet.entries(try Self.sheet(rows)), source: "结果登记表.csv", by: User("李四"))
            Issue.record("an unfilled sheet must be refused")
        } catch let error as WorkflowError {
            #expect(error.zh.hasPrefix("结果登记表有") && error.zh.contains("结果登记表.csv 第 2 行（检查 \(visits[0].id)）"), "\(error.zh)")
            #expect(error.zh.contains("第 5 行（检查 \(visits[3].id)）"), "the rows are lines as Excel shows them: \(error.zh)")
        }
        #expect(try workspace.currentResults().isEmpty)
        let h = { (name: String) in ResultSheet.header.firstIndex(of: name)! }
        for index in rows.indices {
            rows[index][h("处理意见")] = "符合"
            rows[index][h("签字人")] = "院长"
        }
        rows[1][h("处理意见")] = "整改"
        rows[1][h("检查情况")] = "基金使用=串换药品 3 笔；其中 1 笔已退回"
        do {
            _ = try service.recordSheet(try ResultSheet.entries(try Self.sheet(rows)), source: "结果登记表.csv", by: User("李四"))
            Issue.record("限期整改 without a deadline must be refused")
        } catch let error as WorkflowError {
            #expect(error.zh.contains("第 3 行（检查 \(visits[1].id)）") && !error.zh.contains("第 2 行"), "\(error.zh)")
        }
        rows[1][h("整改期限")] = "2024-06-30"
        let stored = try service.recordSheet(try ResultSheet.entries(try Self.sheet(rows)), source: "结果登记表.csv", by: User("李四"))
        #expect(stored.count == 4)
        let results = try workspace.currentResults()
        #expect(results.count == 4 && results[visits[1].id]?.outcome == .rectify)
        #expect(results[visits[1].id]?.findings.first?.finding == "串换药品 3 笔；其中 1 笔已退回", "a ； inside a finding stays")
        #expect(try workspace.auditEntries().filter { $0.action == .resultRecord }.count == 4)
        // Imported again unchanged: nothing new.
        #expect(try service.recordSheet(try ResultSheet.entries(try Self.sheet(rows)), source: "结果登记表.csv", by: User("李四")).isEmpty)
        // Published: a sheet does not change results; corrections go one by one with the unit head.
        try service.publish(task: "2024-01", on: CivilDate(parsing: "2024-04-20")!, by: User("李四"))
        rows[0][h("备注")] = "补记"
        #expect(throws: WorkflowError.self) {
            try service.recordSheet(try ResultSheet.entries(try Self.sheet(rows)), source: "结果登记表.csv", by: User("李四"))
        }
    }

    /// A bad cell and a bad result in another row are reported together: one round of corrections.
    @Test func theSheetsProblemsAndTheResultsProblemsComeTogether() throws {
        let folder = TemporaryFolder()
        let workspace = try MatchTests.workspace(folder)
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        let visits = try workspace.visits()
        var rows = ResultSheet.rows(visits.map { ResultSheet.Visit(visit: $0.id, name: "机构", code: $0.target, date: $0.date, items: ["基金使用"]) })
        let h = { (name: String) in ResultSheet.header.firstIndex(of: name)! }
        for index in rows.indices { (rows[index][h("处理意见")], rows[index][h("签字人")]) = ("符合", "院长") }
        rows[0][h("不予配合情形")] = "7"
        rows[2][h("处理意见")] = "整改"
        let (read, sheetProblems) = try ResultSheet.read(try Self.sheet(rows))
        #expect(read.count == 4 && sheetProblems.count == 1)
        do {
            _ = try ResultService(store: workspace).recordSheet(
                read, source: "结果登记表.csv", sheetProblems: sheetProblems.map { LocalizedText($0.chinese, $0.description) }, by: User("李四"))
            Issue.record("expected both problems")
        } catch let error as WorkflowError {
            #expect(error.zh.contains("第 2 行 第 14 列") && error.zh.contains("第 4 行（检查 \(visits[2].id)）"), "\(error.zh)")
        }
        #expect(try workspace.currentResults().isEmpty)
    }

    @Test func theSheetItselfIsCheckedCellByCell() throws {
        var row = ResultSheet.rows([.init(visit: "2024-01-0001", name: "机构", code: "x", date: "2024-03-01", items: ["基金使用"])])[0]
        row[ResultSheet.header.firstIndex(of: "不予配合情形")!] = "2、7"
        var twice = row
        twice[ResultSheet.header.firstIndex(of: "不予配合情形")!] = ""
        #expect(throws: TabularError.self) { try ResultSheet.entries(try Self.sheet([row, twice])) }
        do {
            _ = try ResultSheet.entries(try Self.sheet([row, twice]))
        } catch let error as TabularError {
            let text = "\(error)"
            #expect(text.contains("结果登记表.csv:2:14") && text.contains("'7' must be a number 1 to 5") && text.contains("3:1: error: 检查编号: repeats row 2"), "\(text)")
        }
        #expect(ResultSheet.findings("甲=无；乙=有问题；详见附件\n丙=无") == ["甲=无", "乙=有问题；详见附件", "丙=无"])
    }
}
