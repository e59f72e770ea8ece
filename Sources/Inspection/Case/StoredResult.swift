/// A stored version of a visit's result.
public struct StoredResult: Codable, Sendable, Hashable {
    public var version: Int
    public var result: VisitResult
    public var recordedAt: String
    public var actor: String
    /// For a correction after publication: why, and the unit head who signed it (002 (二十三)).
    public var correction: String?
    public var unitHead: String?

    public init(version: Int, result: VisitResult, recordedAt: String, actor: String, correction: String?, unitHead: String?) {
        self.version = version
        self.result = result
        self.recordedAt = recordedAt
        self.actor = actor
        self.correction = correction
        self.unitHead = unitHead
    }
}
