import Support
import XMLCore

/// The record of a match (检查人员随机匹配记录, 000 §15): every input, the teams drawn and every
/// substitution since, as an XML file anyone can check with `spotcheck match verify`.
public struct MatchRecord: Sendable, Hashable {
    /// A drawn target that joined a visit of another task in the same window (002 (十五)).
    public struct Merge: Sendable, Hashable {
        public var target: String
        public var visit: String
        /// The host visit's date and team as they stood, and the expert this task drew for it when its
        /// items need one and the team had none (v2).
        public var date: String = ""
        public var hostTeam: [String] = []
        public var expert: String = ""
        public init(target: String, visit: String, date: String = "", hostTeam: [String] = [], expert: String = "") {
            self.target = target
            self.visit = visit
            self.date = date
            self.hostTeam = hostTeam
            self.expert = expert
        }
    }

    public var task: String
    public var taskName: String
    public var seed: String
    /// SHA-256 of the inspector registry snapshot the pool was taken from.
    public var registryHash: String
    /// The draw record the visits come from, and its SHA-256.
    public var drawRecord: String
    public var drawSHA256: String
    public var algorithm: String = TeamMatch.version
    public var matchedAt: String
    public var actor: String
    public var teamSize: Int
    /// The department the draw was confined to (000 §14), or empty for the whole office.
    public var department: String
    public var pool: [TeamMatch.Member]
    /// Inspectors booked by other tasks' visits on this task's dates when it was matched, by date.
    public var bookedElsewhere: [String: Set<String>]
    public var visits: [TeamMatch.Visit]
    public var merged: [Merge]
    public var teams: [TeamMatch.Team]
    public var substitutions: [TeamMatch.Substitution]
    /// The task's window, its working days on the official calendar (and that calendar's SHA-256), and
    /// whether its items need an expert (v2: so the visits can be checked against the draw record).
    /// People named by a direct assignment who are not in the pool (e.g. of another department).
    public var outsiders: [TeamMatch.Member] = []
    public var windowStart: String = ""
    public var windowEnd: String = ""
    public var workingDays: [String] = []
    public var calendar: String = ""
    public var needsExpert: Bool = false
    public var isLegacy: Bool { algorithm == TeamMatch.legacyVersion }
    var rules: TeamMatch.Rules { isLegacy ? .v1 : .v2 }

    public init(
        task: String, taskName: String, seed: String, registryHash: String, drawRecord: String, drawSHA256: String, matchedAt: String,
        actor: String, teamSize: Int, department: String, pool: [TeamMatch.Member], bookedElsewhere: [String: Set<String>],
        visits: [TeamMatch.Visit], merged: [Merge], teams: [TeamMatch.Team], substitutions: [TeamMatch.Substitution] = []
    ) {
        self.bookedElsewhere = bookedElsewhere
        self.task = task
        self.taskName = taskName
        self.seed = seed
        self.registryHash = registryHash
        self.drawRecord = drawRecord
        self.drawSHA256 = drawSHA256
        self.matchedAt = matchedAt
        self.actor = actor
        self.teamSize = teamSize
        self.department = department
        self.pool = pool
        self.visits = visits
        self.merged = merged
        self.teams = teams
        self.substitutions = substitutions
    }

    static let namespace = "urn:spotcheck:match:2"
    static let legacyNamespace = "urn:spotcheck:match:1"

    /// The teams as they stand after every substitution.
    public var currentTeams: [TeamMatch.Team] {
        var teams = Dictionary(self.teams.map { ($0.visit, $0) }, uniquingKeysWith: { first, _ in first })
        for substitution in substitutions {
            guard var team = teams[substitution.visit] else { continue }
            team.inspectors = team.inspectors.map { $0 == substitution.removed ? substitution.added : $0 }
            team.experts = team.experts.map { $0 == substitution.removed ? substitution.added : $0 }
            teams[substitution.visit] = team
        }
        return self.teams.compactMap { teams[$0.visit] }
    }

    /// The record as XML (byte-identical for equal records).
    public func xml() throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("match", attributes: [("xmlns", Self.namespace), ("algorithm", algorithm)])
        try writer.element(
            "task",
            attributes: [
                ("id", task), ("name", taskName), ("from", windowStart), ("to", windowEnd), ("needsExpert", needsExpert ? "true" : "false"),
            ], text: "")
        try writer.startElement("workingDays", attributes: [("calendar", calendar)])
        try writer.elements("day", texts: workingDays)
        try writer.endElement()
        try writer.element("seed", text: seed)
        try writer.element("registry", attributes: [("hash", registryHash)], text: "")
        try writer.element("draw", attributes: [("record", drawRecord), ("sha256", drawSHA256)], text: "")
        try writer.element("matchedAt", text: matchedAt)
        try writer.element("operator", text: actor)
        try writer.element("teamSize", text: String(teamSize))
        try writer.element("scope", attributes: [("department", department)], text: "")
        try writer.startElement("pool")
        try write(pool, to: &writer)
        try writer.endElement()
        if !outsiders.isEmpty {
            try writer.startElement("outsiders")
            try write(outsiders, to: &writer)
            try writer.endElement()
        }
        try writer.startElement("bookedElsewhere")
        for (date, keys) in bookedElsewhere.sorted(by: { $0.key < $1.key }) {
            for key in keys.sorted() { try writer.element("booking", attributes: [("date", date), ("key", key)], text: "") }
        }
        try writer.endElement()
        try writer.startElement("visits")
        for visit in visits {
            try writer.startElement(
                "visit",
                attributes: [
                    ("id", visit.id), ("date", visit.date), ("target", visit.target), ("needsExpert", visit.needsExpert ? "true" : "false"),
                ])
            for key in visit.assigned { try writer.element("assigned", attributes: [("key", key)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.startElement("merged")
        for merge in merged {
            try writer.startElement(
                "target",
                attributes: [("code", merge.target), ("visit", merge.visit), ("date", merge.date)]
                    + (merge.expert.isEmpty ? [] : [("expert", merge.expert)]))
            for key in merge.hostTeam { try writer.element("host", attributes: [("key", key)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.startElement("teams")
        for team in teams {
            try writer.startElement("team", attributes: [("visit", team.visit)])
            for (index, key) in team.inspectors.enumerated() {
                try writer.element("inspector", attributes: [("key", key), ("role", index == 0 ? "组长" : "组员")], text: "")
            }
            for key in team.experts { try writer.element("expert", attributes: [("key", key)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.startElement("substitutions")
        for item in substitutions {
            try writer.startElement(
                "substitution",
                attributes: [
                    ("visit", item.visit), ("removed", item.removed), ("added", item.added), ("reason", item.reason),
                    ("approver", item.approver), ("operator", item.actor), ("at", item.at),
                ])
            for key in item.bookedElsewhere { try writer.element("bookedElsewhere", attributes: [("key", key)], text: "") }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.endElement()
        try writer.finish()
        return output
    }

    private func write(_ members: [TeamMatch.Member], to writer: inout XMLStreamWriter) throws {
        for member in members {
            try writer.startElement(
                "member",
                attributes: [
                    ("key", member.key), ("name", member.name), ("unit", member.unit), ("department", member.department),
                    ("validUntil", member.validUntil), ("expert", member.isExpert ? "true" : "false"),
                ] + (member.joint ? [("joint", "true")] : []))
            for code in member.conflicts { try writer.element("conflict", text: code) }
            try writer.endElement()
        }
    }

    /// Reads a record.
    /// - Throws: `XMLError` for XML that is not a match record, with where.
    public init(xml bytes: [UInt8], source: String) throws {
        let document = try XMLDocument(bytes: bytes, source: source)
        let legacy = try document.string(of: "count(/m:match)", namespaces: ["m": Self.legacyNamespace]) == "1"
        let ns = ["m": legacy ? Self.legacyNamespace : Self.namespace]
        func text(_ path: String) throws -> String { try document.string(of: "string(\(path))", namespaces: ns) }
        func nodes(_ path: String, from node: XMLNode? = nil) throws -> [XMLNode] {
            try document.nodes(matching: path, namespaces: ns, from: node)
        }
        guard try document.string(of: "count(/m:match)", namespaces: ns) == "1" else {
            throw XMLError(
                .schemaViolation, "not a SpotCheck match record (no <match xmlns=\"\(Self.namespace)\">)",
                at: XMLLocation(source: source, line: 1, column: 1))
        }
        algorithm = try text("/m:match/@algorithm")
        task = try text("/m:match/m:task/@id")
        taskName = try text("/m:match/m:task/@name")
        windowStart = try text("/m:match/m:task/@from")
        windowEnd = try text("/m:match/m:task/@to")
        needsExpert = try text("/m:match/m:task/@needsExpert") == "true"
        calendar = try text("/m:match/m:workingDays/@calendar")
        workingDays = try nodes("/m:match/m:workingDays/m:day").map(\.textContent)
        seed = try text("/m:match/m:seed")
        registryHash = try text("/m:match/m:registry/@hash")
        drawRecord = try text("/m:match/m:draw/@record")
        drawSHA256 = try text("/m:match/m:draw/@sha256")
        matchedAt = try text("/m:match/m:matchedAt")
        actor = try text("/m:match/m:operator")
        teamSize = Int(try text("/m:match/m:teamSize")) ?? -1
        department = try text("/m:match/m:scope/@department")
        func members(_ path: String) throws -> [TeamMatch.Member] {
            try nodes(path).map { node in
                TeamMatch.Member(
                    key: node.attribute("key") ?? "", name: node.attribute("name") ?? "", unit: node.attribute("unit") ?? "",
                    department: node.attribute("department") ?? "", validUntil: node.attribute("validUntil") ?? "",
                    isExpert: node.attribute("expert") == "true", conflicts: try nodes("m:conflict", from: node).map(\.textContent),
                    joint: node.attribute("joint") == "true")
            }
        }
        outsiders = try members("/m:match/m:outsiders/m:member")
        pool = try members("/m:match/m:pool/m:member")
        bookedElsewhere = [:]
        for node in try nodes("/m:match/m:bookedElsewhere/m:booking") {
            bookedElsewhere[node.attribute("date") ?? "", default: []].insert(node.attribute("key") ?? "")
        }
        visits = try nodes("/m:match/m:visits/m:visit").map { node in
            TeamMatch.Visit(
                id: node.attribute("id") ?? "", date: node.attribute("date") ?? "", target: node.attribute("target") ?? "",
                needsExpert: node.attribute("needsExpert") == "true",
                assigned: try nodes("m:assigned/@key", from: node).map(\.textContent))
        }
        merged = try nodes("/m:match/m:merged/m:target").map { node in
            Merge(
                target: node.attribute("code") ?? "", visit: node.attribute("visit") ?? "", date: node.attribute("date") ?? "",
                hostTeam: try nodes("m:host/@key", from: node).map(\.textContent), expert: node.attribute("expert") ?? "")
        }
        teams = try nodes("/m:match/m:teams/m:team").map { node in
            TeamMatch.Team(
                visit: node.attribute("visit") ?? "", inspectors: try nodes("m:inspector/@key", from: node).map(\.textContent),
                experts: try nodes("m:expert/@key", from: node).map(\.textContent))
        }
        substitutions = try nodes("/m:match/m:substitutions/m:substitution").map { node in
            TeamMatch.Substitution(
                visit: node.attribute("visit") ?? "", removed: node.attribute("removed") ?? "", added: node.attribute("added") ?? "",
                reason: node.attribute("reason") ?? "", approver: node.attribute("approver") ?? "", actor: node.attribute("operator") ?? "",
                at: node.attribute("at") ?? "", bookedElsewhere: try nodes("m:bookedElsewhere/@key", from: node).map(\.textContent))
        }
    }

    func describe(_ team: TeamMatch.Team, _ separator: String = "、") -> String {
        (team.inspectors + team.experts).joined(separator: separator)
    }
}
