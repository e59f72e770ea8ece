import Foundation
import Support
import Tabular

/// Results of many visits in one sheet (结果登记表): printed pre-filled with a task's visits, filled in
/// Excel or WPS, read back with every problem at once by row and column — the same all-or-nothing rules
/// as the registry imports.
///
/// Columns: 检查编号*, 机构名称, 统一社会信用代码 (for the clerk; not read), 状态 (default 已检查), 开始日期,
/// 结束日期*, 检查方式 (default 现场), 检查情况 (`事项=发现`, separated by `；` or line breaks), 处理意见, 整改期限, 签字人, 拒签原因,
/// 见证人, 不予配合情形 (the cases of 000 §24 as 1–5, separated by 、), 不予配合具体情况, 备注, 违规金额, 追回金额 (元; optional columns:
/// a sheet printed before they existed is read as it is).
///
/// ```swift
/// let rows = ResultSheet.rows([.init(visit: "2024-01-0001", name: "卫东区人民医院", code: "9141…", date: "2024-03-01",
///                                    items: ["医保基金使用情况检查"])])
/// let entries = try ResultSheet.entries(try Table(contentsOfFile: "结果登记表.csv"))
/// ```
public enum ResultSheet {
    public static let header = [
        "检查编号", "机构名称", "统一社会信用代码", "状态", "开始日期", "结束日期", "检查方式", "检查情况", "处理意见", "整改期限", "签字人", "拒签原因",
        "见证人", "不予配合情形", "不予配合具体情况", "备注", "违规金额", "追回金额",
    ]
    static let required = ["检查编号", "结束日期"]

    /// A visit as the sheet lists it.
    public struct Visit: Sendable {
        public var visit: String
        public var name: String
        public var code: String
        public var date: String
        public var items: [String]
        public init(visit: String, name: String, code: String, date: String, items: [String]) {
            (self.visit, self.name, self.code, self.date, self.items) = (visit, name, code, date, items)
        }
    }

    /// The pre-filled rows: the visit, its dates, 已检查, 现场, and every item as `事项=未发现问题` (the
    /// common case, overwritten where something was found) joined by `；` — no line break inside a cell,
    /// so that a problem's line number is the row Excel shows; the outcome and the signer left to fill.
    public static func rows(_ visits: [Visit]) -> [[String]] {
        visits.map { visit in
            [
                visit.visit, visit.name, visit.code, VisitStatus.checked.rawValue, visit.date, visit.date, CheckMethod.onSite.rawValue,
                visit.items.map { "\($0)=未发现问题" }.joined(separator: "；"), "", "", "", "", "", "", "", "", "", "",
            ]
        }
    }

    /// One filled row: the entry and the line it is on.
    public struct Row: Sendable {
        public var entry: ResultEntry
        public var line: Int
    }

    /// Reads a filled sheet.
    /// - Throws: `TabularError` listing every problem of the sheet itself (columns, empty required cells,
    ///   a visit twice, control characters, 不予配合情形 that is not 1–5); what the entries say is checked by
    ///   `ResultEntry.resolved(items:)`.
    public static func entries(_ table: Table) throws -> [Row] {
        let (rows, problems) = try read(table)
        if let error = TabularError.combining(problems, source: table.source) { throw error }
        return rows
    }

    /// Reads a filled sheet, returning the sheet's own problems beside the rows, so that a caller can
    /// report them together with what the rows' results get wrong — every problem at once.
    /// - Throws: `TabularError` only when a required column is missing.
    public static func read(_ table: Table) throws -> (rows: [Row], problems: [TabularError]) {
        let (records, problems) = try RegistryReader.collect(table, required: required, optional: header.filter { !required.contains($0) }, key: \.entry.visit, keyColumn: "检查编号") {
            row in
            var cases: [Int] = []
            for part in row.value("不予配合情形").split(whereSeparator: { "、,，;； ".contains($0) }) {
                if let number = Int(part), (1...5).contains(number) {
                    cases.append(number)
                } else {
                    row.problem("不予配合情形", "“\(part)” 应为 1 至 5 的数字（000 §24 的五种情形）", "'\(part)' must be a number 1 to 5 (the five cases of 000 §24)")
                }
            }
            let entry = ResultEntry(visit: row.required("检查编号"), finished: row.required("结束日期")) { entry in
                entry.status = row.value("状态").isEmpty ? VisitStatus.checked.rawValue : row.value("状态")
                entry.started = row.value("开始日期")
                entry.method = row.value("检查方式").isEmpty ? CheckMethod.onSite.rawValue : row.value("检查方式")
                entry.findings = findings(row.value("检查情况"))
                entry.outcome = row.value("处理意见")
                entry.rectifyBy = row.value("整改期限")
                entry.signedBy = row.value("签字人")
                entry.refused = row.value("拒签原因")
                entry.witness = row.value("见证人")
                entry.nonCooperation = cases
                entry.nonCooperationDetails = row.value("不予配合具体情况")
                entry.remarks = row.value("备注")
                entry.violationAmount = row.value("违规金额")
                entry.recoveryAmount = row.value("追回金额")
            }
            return Row(entry: entry, line: row.line)
        }
        return (records, problems)
    }

    /// `事项=发现` pairs, one per line; a `；` starts a new pair only where an `=` follows (a finding may
    /// itself hold a `；`).
    public static func findings(_ cell: String) -> [String] {
        var pairs: [String] = []
        for line in cell.split(whereSeparator: \.isNewline) {
            for piece in line.split(separator: "；") {
                let text = piece.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if text.contains("=") || text.contains("＝") || pairs.isEmpty { pairs.append(text) } else { pairs[pairs.count - 1] += "；" + text }
            }
        }
        return pairs
    }
}
