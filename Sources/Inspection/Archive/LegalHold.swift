/// A legal hold on a case file: it cannot be disposed of until released.
public struct LegalHold: Codable, Sendable, Hashable {
    public var id: Int64
    public var code: String
    public var reason: String
    public var authority: String
    public var placedBy: String
    public var placedAt: String
    public var releasedBy: String?
    public var releasedAt: String?

    public init(
        id: Int64, code: String, reason: String, authority: String, placedBy: String, placedAt: String, releasedBy: String? = nil,
        releasedAt: String? = nil
    ) {
        (self.id, self.code, self.reason, self.authority, self.placedBy, self.placedAt) = (id, code, reason, authority, placedBy, placedAt)
        (self.releasedBy, self.releasedAt) = (releasedBy, releasedAt)
    }
}
