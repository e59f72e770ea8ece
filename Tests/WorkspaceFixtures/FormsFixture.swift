import Forms
import Foundation
import Inspection
import Store
import TestSupport
import Workflow

/// A small workspace with everything the forms print: a checklist, a joint plan, a locked draw, teams,
/// a result of every outcome of 000 §20, an unreachable target, a refusal with a witness, a
/// non-cooperation case, a published task and a decided objection.
public enum FormsFixture {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    public static let templates = "\(repository)/templates"

    /// A valid 统一社会信用代码 (GB 32100-2015 check character).
    public static func code(_ n: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91410400MA" + String(format: "%07d", n)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }

    /// The sample office, with the details its notices print (联系人, 复议机关, 公示期…).
    public static var settings: OfficeSettings {
        var settings = OfficeSettings(office: "平顶山市卫东区医疗保障局", district: "卫东区", fondsNumber: "J045", documentPrefix: "平卫医保")
        settings.details = [
            "联系人": "李某", "联系电话": "0375-2345678", "联系部门": "基金监管科", "复议机关": "平顶山市卫东区人民政府",
            "诉讼法院": "平顶山市卫东区人民法院", "公示期": "10",
        ]
        return settings
    }

    public static func workspace(_ folder: TemporaryFolder, taskName: String = "定点医药机构医保基金使用情况双随机抽查") throws -> Workspace {
        let workspace = try Workspace.create(
            at: folder.file("ws"),
            settings: settings, actor: "张三")
        let targets = (0..<6).map { n in
            Target(
                creditCode: code(n), name: "卫东区定点机构\(n)", type: n % 2 == 0 ? "定点医院" : "定点零售药店", district: "卫东区",
                address: "卫东区建设路\(n + 1)号", legalRepresentative: "法人\(n)", riskGrade: "D", blacklisted: false, abnormal: false,
                dishonest: false, seriousViolation: false, status: "正常")
        }
        try workspace.importTargets(targets, file: "t.csv", fileSHA256: "x", actor: "张三")
        let people = (0..<8).map { n in
            Inspector(
                certificate: "豫医保410\(n)", name: "检查员\(n)", sex: "", phone: "1390000000\(n)", unit: "卫东区医疗保障局",
                department: "基金监管科", post: "", title: "", certificateValidUntil: "2028-12-31", isExpert: false, conflicts: [])
        }
        try workspace.importRegistry(.inspectors, people, key: \.key, file: "i.csv", fileSHA256: "x", actor: "张三")
        let items = [
            CheckItem(
                name: "医保基金使用情况检查", basis: "《医疗保障基金使用监督管理条例》", checkingBody: "卫东区医疗保障局", content: "", category: "一般",
                targetKind: "定点医药机构", ratio: "", frequency: "2", method: "现场检查", remarks: "")
        ]
        try workspace.importRegistry(.items, items, key: \.name, file: "e.csv", fileSHA256: "x", actor: "张三")
        let tasks = [
            PlanTask(
                id: "2024-01", year: 2024, name: taskName, items: ["医保基金使用情况检查"], targetTypes: ["定点医院", "定点零售药店"], districts: [],
                ratios: ["D": 1], start: "2024-03-01", end: "2024-03-29", initiator: "基金监管科", cooperators: ["区市场监督管理局"]),
            PlanTask(
                id: "2024-09", year: 2024, name: "医疗机构监督检查", items: ["医保基金使用情况检查"], targetTypes: ["定点医院"], districts: [],
                ratios: ["D": 0.2], start: "2024-09-01", end: "2024-10-31", initiator: "区卫生健康委员会", cooperators: ["平顶山市卫东区医疗保障局"]),
        ]
        try workspace.importRegistry(.tasks, tasks, key: \.id, file: "p.csv", fileSHA256: "x", actor: "张三")
        _ = try DrawService(store: workspace).draw(task: "2024-01", seed: "福彩3D 2024064 期 123", witnesses: ["纪检组王某"], by: User("张三"))
        _ = try DrawService(store: workspace).lock(task: "2024-01", by: User("张三"))
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        return workspace
    }

    /// Records a result for every visit: 限期整改, unreachable, refused with a witness and non-cooperation,
    /// 其他, 涉嫌违反…, 符合要求; publishes the task and decides an objection.
    public static func withResults(_ folder: TemporaryFolder) throws -> (Workspace, [Visit]) {
        let workspace = try workspace(folder)
        let visits = try workspace.visits()
        for (index, visit) in visits.enumerated() {
            guard let day = CivilDate(parsing: visit.date) else { throw CocoaError(.coderReadCorrupt) }
            let finding = [VisitResult.Finding(item: "医保基金使用情况检查", finding: "核查 2024 年 1–2 月结算数据，第\(index + 1)户")]
            let result: VisitResult
            switch index {
            case 0:
                result = VisitResult(
                    visit: visit.id, started: day, finished: day, findings: finding, outcome: .rectify, rectifyBy: CivilDate(year: 2024, month: 7, day: 31),
                    signedBy: "院长张某")
            case 1:
                result = VisitResult(visit: visit.id, status: .unreachable, started: nil, finished: day, outcome: nil, remarks: "登记住所已无人经营")
            case 2:
                result = VisitResult(
                    visit: visit.id, started: day, finished: day, findings: finding, outcome: .investigate,
                    refusal: "负责人拒绝签字", witness: "社区干部李某", nonCooperation: [2], nonCooperationDetails: "拒绝提供 2024 年进销存账目")
            case 3:
                result = VisitResult(
                    visit: visit.id, started: day, finished: day, findings: finding, outcome: .other, remarks: "移交卫生健康部门处理", signedBy: "负责人王某"
                )
            default:
                result = VisitResult(visit: visit.id, started: day, finished: day, findings: finding, outcome: .compliant, signedBy: "负责人")
            }
            try ResultService(store: workspace).record(result, by: User("张三"))
        }
        try ResultService(store: workspace).publish(task: "2024-01", on: try day("2024-04-20"), by: User("张三"))
        let objection = try ObjectionService(store: workspace).receive(
            visit: visits[0].id, on: try day("2024-04-22"), applicant: "卫东区定点机构0", reason: "对整改期限有异议", by: User("张三"))
        _ = try ObjectionService(store: workspace).decide(objection.id, on: try day("2024-05-10"), decision: "维持原检查结果", by: User("张三"))
        return (workspace, visits)
    }

    public static func day(_ text: String) throws -> CivilDate {
        guard let day = CivilDate(parsing: text) else { throw StoreError(zh: "日期有误：\(text)", en: "not a date: \(text)") }
        return day
    }

    public static func catalog() throws -> FormCatalog { try FormCatalog(folder: templates) }
}
