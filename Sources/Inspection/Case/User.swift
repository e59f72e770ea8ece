/// The person who does something — a clerk at the command line, a logged-in user of the workbench —
/// named in every audit entry the act leaves.
public struct User: Sendable, Hashable, Codable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }
}
