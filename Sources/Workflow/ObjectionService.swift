import Foundation
import Inspection
import Store

/// Objections to a published result (002 (二十三)): received, reviewed within 20 working days, the
/// outcome told to the target within 15 working days of the decision.
///
/// ```swift
/// let objection = try ObjectionService(store: workspace).receive(visit: "2024-01-0001", on: day, applicant: "被检查机构",
///                                                                 reason: "对整改期限有异议", by: User("张三"))
/// ```
public struct ObjectionService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// Registers an objection: the review is due `DeadlineKind.review.workingDays` working days after receipt.
    @discardableResult
    public func receive(visit visitID: String, on day: CivilDate, applicant: String, reason: String, by user: User) throws -> Objection {
        guard try store.visits().contains(where: { $0.id == visitID }) else {
            throw WorkflowError(zh: "没有检查 \(visitID)", en: "there is no visit \(visitID)", code: .notFound)
        }
        let due = try workingDays(.review, after: day)
        return try store.addObjection(
            Objection(id: 0, visit: visitID, receivedOn: day.description, applicant: applicant, reason: reason, reviewDue: due.description),
            actor: user.name)
    }

    /// Records the review decision: feedback is due `DeadlineKind.feedback.workingDays` working days after
    /// it. A decision that the result was wrong is followed by a correction (`ResultService.record`).
    @discardableResult
    public func decide(_ id: Int, on day: CivilDate, decision: String, by user: User) throws -> Objection {
        var objection = try objection(id)
        objection.decidedOn = day.description
        objection.decision = decision
        objection.feedbackDue = try workingDays(.feedback, after: day).description
        try store.saveObjection(objection, action: .objectionDecide, actor: user.name)
        return objection
    }

    /// Records that the review's outcome was told to the target.
    public func recordFeedback(_ id: Int, on day: CivilDate, by user: User) throws {
        var objection = try objection(id)
        objection.feedbackOn = day.description
        try store.saveObjection(objection, action: .objectionFeedback, actor: user.name)
    }

    func objection(_ id: Int) throws -> Objection {
        guard let objection = try store.objections().first(where: { $0.id == id }) else {
            throw WorkflowError(zh: "没有第 \(id) 号异议", en: "there is no objection \(id)", code: .notFound)
        }
        return objection
    }

    func workingDays(_ kind: DeadlineKind, after day: CivilDate) throws -> CivilDate {
        do {
            return try WorkCalendar.official().adding(workingDays: kind.workingDays ?? 0, to: day)
        } catch let error as CalendarError {
            throw WorkflowError(zh: error.chinese, en: error.description)
        }
    }
}
