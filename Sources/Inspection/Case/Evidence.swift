/// An evidence file of a visit, copied into the workspace.
public struct Evidence: Codable, Sendable, Hashable {
    public var visit: String
    public var name: String
    /// Relative to the workspace.
    public var path: String
    public var sha256: String
    public var size: Int

    public init(visit: String, name: String, path: String, sha256: String, size: Int) {
        self.visit = visit
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.size = size
    }
}
