/// One step of a result's review by the unit head, where the office wants results reviewed before they
/// are published (`OfficeSettings.resultReview`): the person who recorded it submits a version, the
/// unit head approves it or returns it with a reason. A new version starts again as a draft.
///
/// 待录入 → 草稿 → 待审核 → 已审核 (→ 已公示), or 待审核 → 已退回 → 待审核 …, as on the provincial platforms.
public struct ResultReview: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case submit, approve, `return`
    }

    /// Where a version of a result stands.
    public enum State: String, Codable, Sendable, CaseIterable {
        case draft, submitted, approved, returned

        public var label: String {
            switch self {
            case .draft: "草稿"
            case .submitted: "待审核"
            case .approved: "已审核"
            case .returned: "已退回"
            }
        }

        public var english: String {
            switch self {
            case .draft: "draft"
            case .submitted: "awaiting review"
            case .approved: "approved"
            case .returned: "returned"
            }
        }

        /// Whether `action` may follow: a draft or a returned version is submitted; a submitted one is
        /// approved or returned; an approved one stays (a change is a new version).
        public func allows(_ action: Action) -> Bool {
            switch (self, action) {
            case (.draft, .submit), (.returned, .submit), (.submitted, .approve), (.submitted, .return): true
            default: false
            }
        }

        /// The state after `action`.
        public static func after(_ action: Action) -> State {
            switch action {
            case .submit: .submitted
            case .approve: .approved
            case .return: .returned
            }
        }
    }

    public var visit: String
    /// The version of the result reviewed.
    public var version: Int
    public var action: Action
    public var actor: String
    /// ISO 8601, UTC.
    public var at: String
    /// Why it was returned (required then), or a remark.
    public var note: String

    public init(visit: String, version: Int, action: Action, actor: String, at: String, note: String = "") {
        (self.visit, self.version, self.action, self.actor, self.at, self.note) = (visit, version, action, actor, at, note)
    }
}
