/// An institution in the 检查对象名录库 that may be drawn for a check (000 §9; 002 (七)(十)(二十四); 004 §3).
public struct Target: Codable, Sendable, Hashable {
    /// 统一社会信用代码 (GB 32100-2015), the key.
    public var creditCode: String
    /// 机构名称.
    public var name: String
    /// 机构类型: one of `Target.types`.
    public var type: String
    /// 所属区域.
    public var district: String
    /// 地址.
    public var address: String
    /// 法定代表人.
    public var legalRepresentative: String
    /// 风险等级 A–D (003 annex 1 ratios apply per grade).
    public var riskGrade: String
    /// 黑名单, 经营异常, 失信, 严重违法: exempt from the per-year cap (002 (十)).
    public var blacklisted: Bool
    public var abnormal: Bool
    public var dishonest: Bool
    public var seriousViolation: Bool
    /// 状态: 正常, 注销, 无法联系, 迁出 (002 (二十四)).
    public var status: String

    /// Creates a target.
    public init(
        creditCode: String, name: String, type: String, district: String, address: String, legalRepresentative: String, riskGrade: String,
        blacklisted: Bool, abnormal: Bool, dishonest: Bool, seriousViolation: Bool, status: String
    ) {
        self.creditCode = creditCode
        self.name = name
        self.type = type
        self.district = district
        self.address = address
        self.legalRepresentative = legalRepresentative
        self.riskGrade = riskGrade
        self.blacklisted = blacklisted
        self.abnormal = abnormal
        self.dishonest = dishonest
        self.seriousViolation = seriousViolation
        self.status = status
    }

    public static let types = ["定点医院", "定点基层医疗机构", "定点零售药店", "用人单位", "参保个人", "其他"]
    public static let grades = ["A", "B", "C", "D"]
    public static let statuses = ["正常", "注销", "无法联系", "迁出"]
}
