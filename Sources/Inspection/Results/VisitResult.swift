import Foundation
import Support

/// What a visit found and decided (检查结果): the facts of the registration form and report (000 §18–20),
/// or why the target could not be checked (002 (二十四)).
public struct VisitResult: Sendable, Hashable, Codable {
    /// The five cases of serious non-cooperation of 000 §24, numbered as there.
    public static let nonCooperationCases = [
        1: "拒绝、阻挠、妨碍检查人员或其委托的专业机构进入被检查场所",
        2: "拒绝提供会计资料、审计报告、行政许可证明、行政处罚决定书、场所使用证明等相关材料",
        3: "拒绝接受和阻挠妨碍询问调查",
        4: "不如实或不按要求提供情况或相关材料",
        5: "其他阻挠、妨碍检查工作的行为，致使检查工作无法正常进行",
    ]

    /// One checked item and what was found.
    public struct Finding: Codable, Sendable, Hashable {
        public var item: String
        public var finding: String
        public init(item: String, finding: String) {
            self.item = item
            self.finding = finding
        }

        /// True when the finding is a problem, not "nothing found" (未发现问题, 无, 无问题, 正常 or blank):
        /// only problems go into a 责令限期整改通知书.
        public var isProblem: Bool { Self.nothingFound.contains(finding.trimmingCharacters(in: .whitespaces)) == false }

        static let nothingFound: Set<String> = ["", "未发现问题", "未发现问题。", "未发现明显问题", "无", "无问题", "无异常", "正常", "合规", "符合要求"]
    }

    public var visit: String
    public var status: VisitStatus
    /// First and last day on site (or of the written check), YYYY-MM-DD.
    @DateOrBlank public var started: CivilDate?
    public var finished: CivilDate
    public var method: CheckMethod
    public var findings: [Finding]
    /// One of the four outcomes of 000 §20 when checked; nil otherwise (stored as "").
    @LabelOrBlank public var outcome: Outcome?
    /// What 其他 means here, or remarks.
    public var remarks: String
    /// 限期整改: the date by which the target must have rectified.
    @DateOrBlank public var rectifyBy: CivilDate?
    /// Who signed (or sealed) the record for the target (000 §18)…
    public var signedBy: String
    /// …or why they did not, and who witnessed it.
    public var refusal: String
    public var witness: String
    /// Cases of 000 §24 that occurred (1–5), with the circumstances.
    public var nonCooperation: [Int]
    public var nonCooperationDetails: String
    /// 违规金额: the medical-insurance funds found misused, when the check established an amount.
    public var violationAmount: Money?
    /// 追回金额: what the target is ordered to return (责令退回, 条例 §38), when any.
    public var recoveryAmount: Money?

    public init(
        visit: String, status: VisitStatus = .checked, started: CivilDate?, finished: CivilDate, method: CheckMethod = .onSite,
        findings: [Finding] = [], outcome: Outcome?, remarks: String = "", rectifyBy: CivilDate? = nil, signedBy: String = "", refusal: String = "", witness: String = "",
        nonCooperation: [Int] = [], nonCooperationDetails: String = "", violationAmount: Money? = nil, recoveryAmount: Money? = nil
    ) {
        self.visit = visit
        self.status = status
        self.started = started
        self.finished = finished
        self.method = method
        self.findings = findings
        self.outcome = outcome
        self.remarks = remarks
        self.rectifyBy = rectifyBy
        self.signedBy = signedBy
        self.refusal = refusal
        self.witness = witness
        self.nonCooperation = nonCooperation
        self.nonCooperationDetails = nonCooperationDetails
        self.violationAmount = violationAmount
        self.recoveryAmount = recoveryAmount
    }

    /// What the result says in one phrase: the outcome when checked, else the status (无法联系, 已注销).
    public var conclusion: String { outcome?.rawValue ?? status.rawValue }

    /// Every problem with this result, in Chinese and English (empty when it may be recorded).
    /// - Parameter items: the items the visit's tasks check.
    public func problems(items: [String]) -> [LocalizedText] {
        var problems: [LocalizedText] = []
        func add(_ zh: String, _ en: String) { problems.append(LocalizedText(zh, en)) }
        if !status.hasOutcome {
            // 002 (二十四): no check; the date is when it was established, and the reason goes in remarks.
            if outcome != nil {
                add("\(status.rawValue) 的对象不作检查结论（002 (二十四)）", "a target found \(status.rawValue) gets no outcome (002 (二十四))")
            }
            if remarks.isEmpty { add("请在备注中写明核实情况（002 (二十四)）", "remarks must say how it was established (002 (二十四))") }
            if violationAmount != nil || recoveryAmount != nil {
                add("未检查的对象不记录违规金额或追回金额", "a target not checked has no amounts")
            }
            return problems
        }
        if let started, finished < started { add("检查结束日期早于开始日期", "the check ends before it starts") }
        if outcome == nil {
            add("处理意见应为 000 §20 的四种之一：\(Outcome.labels())", "the outcome must be one of the four of 000 §20")
        }
        for finding in findings where !items.contains(finding.item) {
            add("“\(finding.item)” 不是本次检查的事项（\(items.joined(separator: "、"))）", "'\(finding.item)' is not an item of this visit")
        }
        if findings.isEmpty { add("至少记录一项检查事项及发现的问题", "record at least one item and its finding") }
        if outcome?.needsDeadline == true, !findings.isEmpty, !findings.contains(where: \.isProblem) {
            add("限期整改须至少记录一项发现的问题（事项=发现的问题）：整改通知书列出的正是这些问题", "限期整改 needs at least one finding that is a problem: the notice lists them")
        }
        if outcome?.needsDeadline == true {
            if let due = rectifyBy {
                if due <= finished { add("整改期限应晚于检查结束日期", "the rectification deadline must be after the check") }
            } else {
                add("限期整改必须给出整改期限（日期：命令行用 --rectify-by，结果登记表填“整改期限”列）", "限期整改 needs a rectification deadline (a date)")
            }
        } else if rectifyBy != nil {
            add("只有 限期整改 才有整改期限", "only 限期整改 has a rectification deadline")
        }
        if outcome?.needsRemarks == true && remarks.isEmpty { add("处理意见为 其他 时须在备注中说明", "the outcome 其他 needs remarks saying what it is") }
        // 000 §18: signed or sealed by the target, or the refusal with a witness.
        switch (signedBy.isEmpty, refusal.isEmpty) {
        case (true, true):
            add("须记录被检查单位签字人，或拒签理由及见证人（000 §18）", "record who signed for the target, or the refusal and its witness (000 §18)")
        case (false, false): add("签字与拒签不能同时记录", "a record is either signed or refused, not both")
        case (true, false) where witness.isEmpty: add("拒签须有见证人（000 §18）", "a refusal needs a witness (000 §18)")
        default: break
        }
        if let recovery = recoveryAmount, let violation = violationAmount, recovery > violation {
            add("追回金额 \(recovery) 元大于违规金额 \(violation) 元", "the amount to return (\(recovery)) exceeds the amount misused (\(violation))")
        }
        if recoveryAmount != nil, outcome == .compliant {
            add("处理意见为 符合要求 时不应有追回金额", "a compliant result has nothing to return")
        }
        for number in nonCooperation where Self.nonCooperationCases[number] == nil {
            add("不予配合情形 \(number) 不在 000 §24 的五种之内", "non-cooperation case \(number) is not one of the five of 000 §24")
        }
        if !nonCooperation.isEmpty && nonCooperationDetails.isEmpty {
            add("不予配合须写明次数、时间、情形（000 §24）", "non-cooperation needs its circumstances (000 §24)")
        }
        return problems
    }
}
