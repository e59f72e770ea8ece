import Tabular

/// One task of the annual plan (抽查任务, 000 §12; 002 (十二); 003 annexes 2–3; 004 §6).
public struct PlanTask: Codable, Sendable, Hashable {
    /// 任务编号, the key.
    public var id: String
    public var year: Int
    public var name: String
    /// 抽查事项: names from the checklist.
    public var items: [String]
    /// 检查对象类型 to draw from; empty: all (不定向). A filter makes the draw directional (定向, 002 (十三)).
    public var targetTypes: [String]
    /// 所属区域 to draw from; empty: all.
    public var districts: [String]
    /// Ratio per risk grade; a grade without one is not drawn.
    public var ratios: [String: Ratio]
    public var start: String
    public var end: String
    /// 发起部门 and 配合部门 (joint tasks, 003 annex 2–3).
    public var initiator: String
    public var cooperators: [String]

    public init(
        id: String, year: Int, name: String, items: [String], targetTypes: [String], districts: [String], ratios: [String: Ratio],
        start: String,
        end: String, initiator: String, cooperators: [String]
    ) {
        self.id = id
        self.year = year
        self.name = name
        self.items = items
        self.targetTypes = targetTypes
        self.districts = districts
        self.ratios = ratios
        self.start = start
        self.end = end
        self.initiator = initiator
        self.cooperators = cooperators
    }
}

/// Reads the annual plan: one task per row.
///
/// Columns: 任务编号*, 年度*, 任务名称*, 抽查事项* (names separated by 、), 开始日期*, 结束日期*, 发起部门*,
/// 检查对象类型, 所属区域 (separated by 、; blank: all), 抽查比例 (`A:5%、B:10%`; blank: the office's
/// defaults), 配合部门.
public enum PlanImport {
    static let required = ["任务编号", "年度", "任务名称", "抽查事项", "开始日期", "结束日期", "发起部门"]
    static let optional = ["检查对象类型", "所属区域", "抽查比例", "配合部门"]

    /// - Parameter defaultRatios: the office's ratios, used where a task gives none.
    /// - Throws: `TabularError` listing every problem.
    public static func read(_ table: Table, defaultRatios: [String: Ratio]) throws -> [PlanTask] {
        try RegistryReader.read(table, required: required, optional: optional, key: \.id, keyColumn: "任务编号") { row in
            func list(_ name: String) -> [String] {
                row.value(name).split { "、;；,，".contains($0) }.map { $0.trimmed }
            }
            let year = Int(row.value("年度")) ?? 0
            if !(2000...2100).contains(year) { row.problem("年度", "应为四位年份", "must be a four-digit year") }
            var dates: [String] = []
            for column in ["开始日期", "结束日期"] {
                if let date = CivilDate(parsing: row.value(column)) {
                    dates.append(date.description)
                } else {
                    row.problem(column, "应为日期（如 2024-03-01）", "must be a date such as 2024-03-01")
                    dates.append("")
                }
            }
            if !dates[0].isEmpty, !dates[1].isEmpty, dates[0] > dates[1] { row.problem("结束日期", "早于开始日期", "is before the start date") }
            let types = list("检查对象类型")
            for type in types where !Target.types.contains(type) {
                row.problem("检查对象类型", "“\(type)” 不是已知的类型", "'\(type)' is not a known type")
            }
            var ratios = defaultRatios
            if !row.value("抽查比例").isEmpty {
                ratios = [:]
                for part in list("抽查比例") {
                    let pieces = part.split { ":：".contains($0) }.map { $0.trimmed }
                    let percent = pieces.count == 2 ? Ratio(percent: pieces[1]) : nil
                    if pieces.count == 2, Target.grades.contains(pieces[0].uppercased()), let percent {
                        ratios[pieces[0].uppercased()] = percent
                    } else {
                        row.problem(
                            "抽查比例", "“\(part)” 应写作 等级:百分比，如 A:5% 或 C:33.3%（0 至 100，至多 16 位小数）",
                            "'\(part)' must read grade:percent, e.g. A:5% or C:33.3% (0 to 100)")
                    }
                }
            }
            let items = list("抽查事项")
            if items.isEmpty { row.problem("抽查事项", "不能为空", "is empty") }
            return PlanTask(
                id: row.required("任务编号"), year: year, name: row.required("任务名称"), items: items, targetTypes: types, districts: list("所属区域"),
                ratios: ratios, start: dates[0], end: dates[1], initiator: row.required("发起部门"), cooperators: list("配合部门"))
        }
    }
}
