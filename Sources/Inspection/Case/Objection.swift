/// An objection to a published result (002 (二十三)).
public struct Objection: Codable, Sendable, Hashable {
    public var id: Int
    public var visit: String
    public var receivedOn: String
    public var applicant: String
    public var reason: String
    /// 20 working days after receipt.
    public var reviewDue: String
    public var decidedOn: String?
    public var decision: String?
    /// 15 working days after the review decision.
    public var feedbackDue: String?
    public var feedbackOn: String?

    public init(
        id: Int, visit: String, receivedOn: String, applicant: String, reason: String, reviewDue: String, decidedOn: String? = nil,
        decision: String? = nil, feedbackDue: String? = nil, feedbackOn: String? = nil
    ) {
        self.id = id
        self.visit = visit
        self.receivedOn = receivedOn
        self.applicant = applicant
        self.reason = reason
        self.reviewDue = reviewDue
        self.decidedOn = decidedOn
        self.decision = decision
        self.feedbackDue = feedbackDue
        self.feedbackOn = feedbackOn
    }
}
