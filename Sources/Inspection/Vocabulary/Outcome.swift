/// The four outcomes of a check, exactly as 000 §20 lists them.
public enum Outcome: String, Vocabulary {
    case compliant = "符合要求", rectify = "限期整改", investigate = "涉嫌违反医疗保障监督管理法律法规，需进一步调查处理", other = "其他"

    public static let englishLabels: [Self: String] = [
        .compliant: "compliant", .rectify: "rectify by a deadline", .investigate: "suspected violation, to be investigated", .other: "other",
    ]

    /// The long outcome has a short form, so that a clerk need not type 26 characters.
    public static let aliasLabels: [Self: [String]] = [
        .compliant: ["符合"], .rectify: ["整改"], .investigate: ["涉嫌违法", "进一步调查处理", "调查处理", "涉嫌违反医疗保障监督管理法律法规"],
    ]

    /// Whether the outcome needs a rectification deadline (and only it may have one).
    public var needsDeadline: Bool { self == .rectify }

    /// 其他 says what it is in the remarks.
    public var needsRemarks: Bool { self == .other }
}
