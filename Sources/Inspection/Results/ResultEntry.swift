import Foundation
import Support

/// A result as a clerk types it — on the command line, in a sheet, in a web form — every field text.
/// `resolved(items:)` turns it into a `VisitResult`, or lists every problem at once: labels that are
/// not in the vocabulary as well as the rules of 000 §18–20 and 002 (二十四).
///
/// ```swift
/// let entry = ResultEntry(visit: "2024-01-0001", finished: "2024-03-01") {
///     $0.findings = ["医保基金使用情况检查=串换药品 3 笔"]
///     $0.outcome = "整改"
///     $0.rectifyBy = "2024-04-01"
///     $0.signedBy = "院长张某"
/// }
/// let result = try entry.resolved(items: ["医保基金使用情况检查"]).get()   // outcome .rectify
/// ```
public struct ResultEntry: Sendable, Hashable {
    public var visit: String
    public var status = VisitStatus.checked.rawValue
    /// Empty: the same as `finished`.
    public var started = ""
    public var finished: String
    public var method = CheckMethod.onSite.rawValue
    /// `ITEM=FINDING` each (a full-width `＝` is read as `=`).
    public var findings: [String] = []
    public var outcome = ""
    public var remarks = ""
    public var rectifyBy = ""
    public var signedBy = ""
    public var refused = ""
    public var witness = ""
    public var nonCooperation: [Int] = []
    public var nonCooperationDetails = ""
    /// 违规金额 and 追回金额 in 元 (`12345.60`, `12,345.6元`); empty when none.
    public var violationAmount = ""
    public var recoveryAmount = ""

    /// An entry for a visit, its other fields filled in by `fill`.
    public init(visit: String, finished: String, _ fill: (inout ResultEntry) -> Void = { _ in }) {
        self.visit = visit
        self.finished = finished
        fill(&self)
    }

    /// The problems of an entry, each in Chinese and English.
    public struct Problems: Error, Sendable, Hashable {
        public var visit: String
        public var list: [LocalizedText]
    }

    /// The typed result, or every problem of the entry.
    /// - Parameter items: the check items of the visit's tasks.
    public func resolved(items: [String]) -> Result<VisitResult, Problems> {
        var problems: [LocalizedText] = []
        let status = VisitStatus(label: status)
        if status == nil {
            problems.append(
                LocalizedText(
                    zh: "状态应为 \(VisitStatus.labels()) 之一，实为 “\(self.status)”",
                    en: "the status must be one of \(VisitStatus.labels()), not '\(self.status)'"))
        }
        let method = CheckMethod(label: method)
        if method == nil {
            problems.append(
                LocalizedText(zh: "检查方式应为 现场 或 书面，实为 “\(self.method)”", en: "the method must be 现场 or 书面, not '\(self.method)'"))
        }
        var outcome: Outcome?
        if !self.outcome.isEmpty {
            outcome = Outcome(label: self.outcome)
            if outcome == nil {
                problems.append(
                    LocalizedText(
                        zh: "处理意见应为 000 §20 的四种之一（\(Outcome.labels())；可简写为 符合、整改、涉嫌违法），实为 “\(self.outcome)”",
                        en: "the outcome must be one of the four of 000 §20 (\(Outcome.labels(english: true))), not '\(self.outcome)'"))
            }
        }
        var findings: [VisitResult.Finding] = []
        for text in self.findings {
            let parts = text.replacingOccurrences(of: "＝", with: "=").split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
                problems.append(
                    LocalizedText(
                        zh: "检查发现应写作 事项=发现的问题（如 医保基金使用情况检查=未发现问题），实为 “\(text)”",
                        en: "a finding must read ITEM=FINDING (e.g. 医保基金使用情况检查=未发现问题), not '\(text)'"))
                continue
            }
            findings.append(.init(item: parts[0].trimmingCharacters(in: .whitespaces), finding: parts[1]))
        }
        // Dates as every layer reads them (DateText); a text that is no date is named once, and the rules
        // that compare dates are not judged on it.
        let finishedDate = CivilDate(parsing: finished)
        let startedDate = started.isEmpty ? finishedDate : CivilDate(parsing: started)
        let dueDate = rectifyBy.isEmpty ? nil : CivilDate(parsing: rectifyBy)
        var unjudged: Set<String> = []
        if finishedDate == nil {
            problems.append(LocalizedText("检查（或核实）日期 “\(finished)” 无效（应如 \(DateText.forms.zh)）", "the date '\(finished)' is not a date (\(DateText.forms.en))"))
            unjudged.formUnion(["the check ends before it starts", "the rectification deadline must be after the check"])
        }
        if !started.isEmpty, startedDate == nil {
            problems.append(LocalizedText("检查开始日期 “\(started)” 无效", "the start date '\(started)' is not a date"))
            unjudged.insert("the check ends before it starts")
        }
        if !rectifyBy.isEmpty, dueDate == nil {
            problems.append(LocalizedText("整改期限 “\(rectifyBy)” 不是日期", "the rectification deadline '\(rectifyBy)' is not a date"))
            unjudged.formUnion(["限期整改 needs a rectification deadline (a date)", "the rectification deadline must be after the check"])
        }
        func amount(_ text: String, _ name: String, _ english: String) -> Money? {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
            if let money = Money(parsing: text) { return money }
            problems.append(
                LocalizedText(
                    "\(name) “\(text)” 不是金额：应写作元，最多两位小数，如 12345.60", "the \(english) '\(text)' is not an amount in 元 with at most two decimals, e.g. 12345.60"))
            return nil
        }
        let violation = amount(violationAmount, "违规金额", "amount misused")
        let recovery = amount(recoveryAmount, "追回金额", "amount to return")
        let result = VisitResult(
            visit: visit, status: status ?? .checked, started: startedDate, finished: finishedDate ?? startedDate ?? CivilDate.epoch,
            method: method ?? .onSite, findings: findings, outcome: outcome, remarks: remarks, rectifyBy: dueDate, signedBy: signedBy,
            refusal: refused, witness: witness, nonCooperation: nonCooperation, nonCooperationDetails: nonCooperationDetails,
            violationAmount: violation, recoveryAmount: recovery)
        // The rules are judged only where the labels were understood: a wrong outcome is not also "missing".
        let rules = result.problems(items: items).filter { problem in
            !(self.outcome.isEmpty == false && outcome == nil && problem.en == "the outcome must be one of the four of 000 §20")
                && !unjudged.contains(problem.en)
        }
        problems += rules.map { LocalizedText(zh: $0.zh, en: $0.en) }
        return problems.isEmpty ? .success(result) : .failure(Problems(visit: visit, list: problems))
    }
}
