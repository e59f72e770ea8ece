import Tabular

/// Reads the 检查对象名录库 from a table (CSV in UTF-8 or GBK, or XLSX) with the Chinese column
/// headers offices use, reporting **every** problem with its row and column. Nothing is returned
/// unless every row is valid: an import is all or nothing.
///
/// Columns (see docs/IMPORT.md): 统一社会信用代码*, 机构名称*, 机构类型*, 风险等级*, 所属区域, 地址,
/// 法定代表人, 黑名单, 经营异常, 失信, 严重违法 (是/否), 状态 (正常/注销/无法联系/迁出). * required.
public enum TargetImport {
    static let required = ["统一社会信用代码", "机构名称", "机构类型", "风险等级"]
    static let optional = ["所属区域", "地址", "法定代表人", "黑名单", "经营异常", "失信", "严重违法", "状态"]

    /// - Throws: `TabularError` listing every problem (missing columns, bad codes, unknown values, duplicates).
    public static func read(_ table: Table) throws -> [Target] {
        let source = table.source
        var problems: [TabularError] = []
        let missing = required.filter { !table.header.contains($0) }
        if !missing.isEmpty {
            throw TabularError(
                source: source, row: 1, zh: "缺少必需的列：\(missing.joined(separator: "、"))",
                en: "required columns are missing: \(missing.joined(separator: ", "))")
        }
        let unknown = table.header.filter { !required.contains($0) && !optional.contains($0) }
        if !unknown.isEmpty {
            problems.append(
                TabularError(
                    source: source, row: 1, zh: "无法识别的列：\(unknown.joined(separator: "、"))",
                    en: "unknown columns: \(unknown.joined(separator: ", "))"))
        }
        let column = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        var targets: [Target] = []
        var firstRow: [String: Int] = [:]
        for (row, line) in zip(table.rows, table.lines) {
            func value(_ name: String) -> String { column[name].map { row[$0].trimmingCharacters(in: .whitespaces) } ?? "" }
            func problem(_ name: String, _ zh: String, _ en: String) {
                problems.append(
                    TabularError(source: source, row: line, column: (column[name] ?? 0) + 1, zh: "\(name)：\(zh)", en: "\(name): \(en)"))
            }
            func flag(_ name: String) -> Bool {
                switch value(name) {
                case "是", "Y", "y", "1", "TRUE", "true": return true
                case "否", "N", "n", "0", "FALSE", "false", "": return false
                default:
                    problem(name, "应为 是 或 否，实为 “\(value(name))”", "must be 是 or 否, not '\(value(name))'")
                    return false
                }
            }
            let code = value("统一社会信用代码").uppercased()
            if let (zh, en) = CreditCode.problem(in: code) { problem("统一社会信用代码", zh, en) }
            if let earlier = firstRow[code] {
                problem("统一社会信用代码", "与第 \(earlier) 行重复", "repeats row \(earlier)")
            } else {
                firstRow[code] = line
            }
            if value("机构名称").isEmpty { problem("机构名称", "不能为空", "is empty") }
            if !Target.types.contains(value("机构类型")) {
                problem(
                    "机构类型", "应为 \(Target.types.joined(separator: "、")) 之一，实为 “\(value("机构类型"))”",
                    "must be one of \(Target.types.joined(separator: ", ")), not '\(value("机构类型"))'")
            }
            let grade = value("风险等级").uppercased()
            if !Target.grades.contains(grade) {
                problem("风险等级", "应为 A、B、C、D 之一，实为 “\(value("风险等级"))”", "must be A, B, C or D, not '\(value("风险等级"))'")
            }
            let status = value("状态").isEmpty ? "正常" : value("状态")
            if !Target.statuses.contains(status) {
                problem(
                    "状态", "应为 \(Target.statuses.joined(separator: "、")) 之一，实为 “\(status)”",
                    "must be one of \(Target.statuses.joined(separator: ", ")), not '\(status)'")
            }
            targets.append(
                Target(
                    creditCode: code, name: value("机构名称"), type: value("机构类型"), district: value("所属区域"), address: value("地址"),
                    legalRepresentative: value("法定代表人"), riskGrade: grade, blacklisted: flag("黑名单"), abnormal: flag("经营异常"),
                    dishonest: flag("失信"), seriousViolation: flag("严重违法"), status: status))
        }
        // Reported in reading order: row by row, left to right.
        let ordered = problems.enumerated().sorted {
            ($0.element.row, $0.element.column, $0.offset) < ($1.element.row, $1.element.column, $1.offset)
        }.map(\.element)
        if let error = TabularError.combining(ordered, source: source) { throw error }
        return targets
    }
}
