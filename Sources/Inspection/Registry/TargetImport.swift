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

    /// - Parameter progress: told how many rows each finished batch held.
    /// - Throws: `TabularError` listing every problem (missing columns, bad codes, unknown values, duplicates).
    public static func read(_ table: Table, progress: (@Sendable (Int) -> Void)? = nil) throws -> [Target] {
        try RegistryReader.read(
            table, required: required, optional: optional, key: \.creditCode, keyColumn: "统一社会信用代码", progress: progress
        ) { row in
            let code = row.value("统一社会信用代码").asciiFastUppercased
            if let problem = CreditCode.problem(in: code) { row.problem("统一社会信用代码", problem.zh, problem.en) }
            let name = row.required("机构名称")
            let type = row.oneOf("机构类型", Target.types)
            let grade = row.value("风险等级").asciiFastUppercased
            if !Target.grades.contains(grade) {
                row.problem("风险等级", "应为 A、B、C、D 之一，实为 “\(row.value("风险等级"))”", "must be A, B, C or D, not '\(row.value("风险等级"))'")
            }
            return Target(
                creditCode: code, name: name, type: type, district: row.value("所属区域"), address: row.value("地址"),
                legalRepresentative: row.value("法定代表人"), riskGrade: grade, blacklisted: row.flag("黑名单"), abnormal: row.flag("经营异常"),
                dishonest: row.flag("失信"), seriousViolation: row.flag("严重违法"), status: row.oneOf("状态", Target.statuses, default: "正常"))
        }
    }
}

/// Reads the 执法检查人员名录库 and 专家库 (000 §10; 002 (八)(十七)).
///
/// Columns: 姓名*, 单位*, 部门*, 执法证号 (required unless 专家 is 是), 证件有效期至 (required with a
/// 执法证号), 性别, 手机号码 (11 digits), 职务, 职称, 专家 (是/否), 回避对象 (credit codes, separated by
/// 、 ; or space — 001 §13).
public enum InspectorImport {
    static let required = ["姓名", "单位", "部门"]
    static let optional = ["执法证号", "证件有效期至", "性别", "手机号码", "职务", "职称", "专家", "回避对象"]

    /// - Throws: `TabularError` listing every problem.
    public static func read(_ table: Table) throws -> [Inspector] {
        try RegistryReader.read(table, required: required, optional: optional, key: \.key, keyColumn: "执法证号") { row in
            let name = row.required("姓名")
            let expert = row.flag("专家")
            let certificate = row.value("执法证号")
            if certificate.isEmpty && !expert {
                row.problem(
                    "执法证号", "执法人员必须有执法证号（非执法专家请在“专家”列填 是）",
                    "an enforcement officer needs a certificate number (mark non-enforcement experts 专家 = 是)")
            }
            var validUntil = row.value("证件有效期至")
            if !certificate.isEmpty {
                if let date = CivilDate(parsing: validUntil) {
                    validUntil = date.description
                } else {
                    row.problem("证件有效期至", "应为日期（如 2026-12-31），实为 “\(validUntil)”", "must be a date such as 2026-12-31, not '\(validUntil)'")
                }
            }
            let phone = row.value("手机号码").replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
            if !phone.isEmpty && !(phone.count == 11 && phone.hasPrefix("1") && phone.allSatisfy(\.isNumber)) {
                row.problem("手机号码", "应为 11 位手机号码", "must be an 11-digit mobile number")
            }
            let sex = row.value("性别")
            if !["", "男", "女"].contains(sex) { row.problem("性别", "应为 男 或 女", "must be 男 or 女") }
            let conflicts = row.value("回避对象").split { "、;；, ，".contains($0) }.map { String($0).uppercased() }
            for code in conflicts {
                if let problem = CreditCode.problem(in: code) { row.problem("回避对象", "\(code) \(problem.zh)", "\(code) \(problem.en)") }
            }
            return Inspector(
                certificate: certificate, name: name, sex: sex, phone: phone, unit: row.required("单位"), department: row.required("部门"),
                post: row.value("职务"), title: row.value("职称"), certificateValidUntil: validUntil, isExpert: expert, conflicts: conflicts)
        }
    }
}

/// Reads the 随机抽查事项清单 with the columns of 003 annex 1.
///
/// Columns: 事项名称*, 抽查依据*, 抽查主体*, 事项类别* (一般/重点), 检查对象*, 抽查内容, 抽查比例,
/// 抽查频次, 检查方式, 备注, 需要专家 (是/否: a visit takes an expert, 002 (十六)).
public enum CheckItemImport {
    static let required = ["事项名称", "抽查依据", "抽查主体", "事项类别", "检查对象"]
    static let optional = ["抽查内容", "抽查比例", "抽查频次", "检查方式", "备注", "需要专家"]

    /// - Throws: `TabularError` listing every problem.
    public static func read(_ table: Table) throws -> [CheckItem] {
        try RegistryReader.read(table, required: required, optional: optional, key: \.name, keyColumn: "事项名称") { row in
            CheckItem(
                name: row.required("事项名称"), basis: row.required("抽查依据"), checkingBody: row.required("抽查主体"), content: row.value("抽查内容"),
                category: row.oneOf("事项类别", ["一般", "重点"]), targetKind: row.required("检查对象"), ratio: row.value("抽查比例"),
                frequency: row.value("抽查频次"), method: row.value("检查方式"), remarks: row.value("备注"), needsExpert: row.flag("需要专家"))
        }
    }
}

/// A target a higher-level department has already drawn this year: excluded from local draws (001 §11).
public struct UpperDraw: Codable, Sendable, Hashable {
    public var creditCode: String
    public var year: Int
    /// 抽查单位: the higher-level department.
    public var body: String
    public var task: String

    /// The registry key: one entry per target, year and department.
    public var key: String { "\(creditCode):\(year):\(body)" }

    public init(creditCode: String, year: Int, body: String, task: String) {
        self.creditCode = creditCode
        self.year = year
        self.body = body
        self.task = task
    }
}

/// Reads the list of targets drawn by higher levels (上级已抽取名单), as the provincial platform exports it.
///
/// Columns: 统一社会信用代码*, 年度*, 抽查单位*, 任务名称.
public enum UpperDrawImport {
    static let required = ["统一社会信用代码", "年度", "抽查单位"]
    static let optional = ["任务名称"]

    /// - Throws: `TabularError` listing every problem.
    public static func read(_ table: Table) throws -> [UpperDraw] {
        try RegistryReader.read(table, required: required, optional: optional, key: \.key, keyColumn: "统一社会信用代码") { row in
            let code = row.value("统一社会信用代码").asciiFastUppercased
            if let problem = CreditCode.problem(in: code) { row.problem("统一社会信用代码", problem.zh, problem.en) }
            let year = Int(row.value("年度")) ?? 0
            if !(2000...2100).contains(year) { row.problem("年度", "应为四位年份", "must be a four-digit year") }
            return UpperDraw(creditCode: code, year: year, body: row.required("抽查单位"), task: row.value("任务名称"))
        }
    }
}
