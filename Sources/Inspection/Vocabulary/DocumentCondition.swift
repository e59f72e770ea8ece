import Support

/// When a visit's form is issued — `when` in `templates/catalog.json` — judged from its result.
/// The rule that Forms (which forms to fill) and the archive's verifier (which documents a case file
/// must hold) both apply.
public enum DocumentCondition: String, Vocabulary {
    /// Checked: 行政检查登记表 (000 §18). Problems found: 检查报告 (000 §19). 限期整改: 责令限期整改通知书
    /// (000 §20). An objection reviewed: 复查结果告知书 (002 (二十三)).
    case checked = "已检查", problemsFound = "发现问题", rectify = "限期整改", objectionReviewed = "异议已复查"

    public static let englishLabels: [Self: String] = [
        .checked: "checked", .problemsFound: "problems found", .rectify: "rectify by a deadline", .objectionReviewed: "objection reviewed",
    ]

    /// Why the condition does not hold for a visit, or nil when it does.
    /// - Parameters:
    ///   - result: the visit's current result, if any.
    ///   - objectionDecided: whether an objection to the visit has been decided.
    public func unmet(by result: VisitResult?, objectionDecided: Bool) -> LocalizedText? {
        switch self {
        case .checked:
            guard result?.status == .checked else {
                let status = result?.status.rawValue
                return LocalizedText(
                    zh: "检查对象\(status ?? "未检查")，未实施现场检查", en: "the target was not inspected (\(result?.status.english ?? "no result"))")
            }
        case .problemsFound:
            guard result?.status == .checked, result?.outcome != .compliant else {
                return LocalizedText(zh: "未发现问题，不需检查报告（000 §19）", en: "no problems found, so no report (000 §19)")
            }
        case .rectify:
            guard result?.outcome == .rectify else { return LocalizedText(zh: "处理意见不是限期整改", en: "the outcome is not 限期整改") }
        case .objectionReviewed:
            guard objectionDecided else { return LocalizedText(zh: "没有已复查的异议", en: "no objection has been decided") }
        }
        return nil
    }

    /// The documents a sealed case file must hold for its result (000 §18–20): the form's name and
    /// what its absence means. An objection's review is not required: most visits have none.
    public static func requiredDocuments(status: VisitStatus?, outcome: Outcome?) -> [(form: String, missing: LocalizedText)] {
        var required: [(String, LocalizedText)] = []
        if outcome == .rectify {
            required.append(
                ("责令限期整改通知书", LocalizedText(zh: "处理意见为限期整改，卷内缺责令限期整改通知书", en: "the outcome is 限期整改 but the rectification notice is missing")))
        }
        if status == .checked {
            required.append(
                (
                    "行政检查登记表",
                    LocalizedText(zh: "已实施检查，卷内缺行政检查登记表（000 §18）", en: "the target was inspected but the registration form is missing (000 §18)")
                ))
        }
        return required
    }
}
