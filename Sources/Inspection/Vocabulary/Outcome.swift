/// The four outcomes of a check, exactly as 000 §20 lists them.
public enum Outcome: String, Vocabulary {
    case compliant = "符合要求"
    case rectify = "限期整改"
    case investigate = "涉嫌违反医疗保障监督管理法律法规，需进一步调查处理"
    case other = "其他"

    public var english: String {
        switch self {
        case .compliant: "compliant"
        case .rectify: "rectify by a deadline"
        case .investigate: "suspected violation, to be investigated"
        case .other: "other"
        }
    }

    /// The long outcome has a short form, so that a clerk need not type 26 characters.
    public var aliases: [String] {
        switch self {
        case .compliant: ["符合"]
        case .rectify: ["整改"]
        case .investigate: ["涉嫌违法", "进一步调查处理", "调查处理", "涉嫌违反医疗保障监督管理法律法规"]
        case .other: []
        }
    }

    /// Whether the outcome needs a rectification deadline (and only it may have one).
    public var needsDeadline: Bool { self == .rectify }

    /// 其他 says what it is in the remarks.
    public var needsRemarks: Bool { self == .other }

    /// Problems were found: the outcome is neither compliant nor other.
    public var foundProblems: Bool { self == .rectify || self == .investigate }
}
