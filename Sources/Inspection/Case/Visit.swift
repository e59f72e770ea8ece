/// A visit: one target on one date, for one or more tasks (进一次门、查多项事, 002 (十五)), with its team.
public struct Visit: Codable, Sendable, Hashable {
    public var id: String
    public var year: Int
    public var target: String
    public var date: String
    public var tasks: [String]
    /// Inspector keys, leader first.
    public var inspectors: [String]
    public var experts: [String]
    public var leader: String { inspectors.first ?? "" }

    public init(id: String, year: Int, target: String, date: String, tasks: [String], inspectors: [String], experts: [String]) {
        self.id = id
        self.year = year
        self.target = target
        self.date = date
        self.tasks = tasks
        self.inspectors = inspectors
        self.experts = experts
    }
}
