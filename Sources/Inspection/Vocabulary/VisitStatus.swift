/// What became of a visit: checked, or one of the two cases of 002 (二十四) that count as done
/// without a check (the target could not be reached, or had been deregistered).
public enum VisitStatus: String, Vocabulary {
    case checked = "已检查", unreachable = "无法联系", deregistered = "已注销"

    public static let englishLabels: [Self: String] = [.checked: "checked", .unreachable: "unreachable", .deregistered: "deregistered"]

    /// 002 (二十四): every status counts as done; only a checked target gets an outcome.
    public var hasOutcome: Bool { self == .checked }
}
