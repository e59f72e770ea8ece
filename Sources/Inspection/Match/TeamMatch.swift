import Crypto
import Support

/// The random matching of inspectors to visits (双随机's second draw): a deterministic function of
/// public inputs, recomputable by anyone from the match record (docs/DRAW.md).
///
/// Visits are taken in order of date, then id. For each, the eligible inspectors — enforcement
/// inspectors (not experts) whose certificate is valid on the visit date, with no declared conflict with
/// the target (001 §13), not already booked that day — are sorted by key, and `teamSize` of them are
/// chosen by a partial Fisher–Yates shuffle driven by SHA-256 in counter mode, keyed by the visit; the
/// first chosen leads the team (主检查人, 000 §15). A visit whose items need an expert then draws one
/// from the eligible experts the same way (002 (十六)).
///
/// ```swift
/// let outcome = TeamMatch.run(task: "2024-01", seed: seed, registryHash: snapshot, teamSize: 2,
///                             pool: inspectors.map(TeamMatch.Member.init), visits: visits)
/// ```
public enum TeamMatch {
    /// The algorithm's name, recorded with every match.
    public static let version = "spotcheck-match-v2"
    /// The first algorithm (no tie to the draw record, direct assignment without a shortage, a replaced
    /// person still eligible elsewhere that day): its records are still verified by its rules.
    public static let legacyVersion = "spotcheck-match-v1"

    /// Which algorithm's rules a run follows.
    public enum Rules: Sendable { case v1, v2 }

    /// The master key every stream of a match derives from: v2 binds the draw record's SHA-256 too.
    static func master(_ rules: Rules, task: String, seed: String, registryHash: String, drawSHA256: String) -> [UInt8] {
        switch rules {
        case .v1: return RandomDraw.key(legacyVersion, task: task, seed: seed, registryHash: registryHash)
        case .v2: return RandomDraw.sha256(Array("\(version)\n\(task)\n\(seed)\n\(registryHash)\n\(drawSHA256)".utf8))
        }
    }

    /// An inspector or expert as the match sees them: no phone number or other personal data.
    public struct Member: Sendable, Hashable, Codable {
        public var key: String
        public var name: String
        public var unit: String
        public var department: String
        /// 证件有效期至 (YYYY-MM-DD); blank for experts without enforcement powers.
        public var validUntil: String
        public var isExpert: Bool
        /// Credit codes of targets this person must not inspect (001 §13).
        public var conflicts: [String]
        /// Lent by another office for joint matching (002 (十六)): outside the department scope.
        public var joint: Bool = false

        public init(
            key: String, name: String, unit: String, department: String, validUntil: String, isExpert: Bool, conflicts: [String],
            joint: Bool = false
        ) {
            self.joint = joint
            self.key = key
            self.name = name
            self.unit = unit
            self.department = department
            self.validUntil = validUntil
            self.isExpert = isExpert
            self.conflicts = conflicts
        }

        /// The matching view of a registry entry.
        public init(_ inspector: Inspector) {
            self.init(
                key: inspector.key, name: inspector.name, unit: inspector.unit, department: inspector.department,
                validUntil: inspector.certificateValidUntil, isExpert: inspector.isExpert, conflicts: inspector.conflicts)
        }
    }

    /// One visit to match: a target on a date.
    public struct Visit: Sendable, Hashable, Codable {
        public var id: String
        /// YYYY-MM-DD.
        public var date: String
        public var target: String
        public var needsExpert: Bool
        /// Inspectors named directly instead of drawn (002 (十六), when too few are eligible), leader first.
        public var assigned: [String]

        public init(id: String, date: String, target: String, needsExpert: Bool, assigned: [String] = []) {
            self.id = id
            self.date = date
            self.target = target
            self.needsExpert = needsExpert
            self.assigned = assigned
        }
    }

    /// A visit's team: the leader first, then the other inspectors, then any expert.
    public struct Team: Sendable, Hashable, Codable {
        public var visit: String
        public var inspectors: [String]
        public var experts: [String]
        public var leader: String { inspectors.first ?? "" }

        public init(visit: String, inspectors: [String], experts: [String]) {
            self.visit = visit
            self.inspectors = inspectors
            self.experts = experts
        }
    }

    /// A visit that could not be staffed: how many were needed and how many were eligible.
    public struct Shortage: Sendable {
        public var visit: String
        public var date: String
        public var needed: Int
        public var eligible: Int
        /// True when it is the expert that is missing.
        public var expert: Bool
        /// Why directly assigned inspectors cannot serve.
        public var reasons: [LocalizedText] = []
    }

    /// A replacement of an unavailable inspector (递补/调换, 000 §14; 002 (十八)).
    public struct Substitution: Sendable, Hashable, Codable {
        public var visit: String
        public var removed: String
        /// Filled in by the draw.
        public var added: String
        public var reason: String
        public var approver: String
        public var actor: String
        public var at: String
        /// Inspectors booked that day by other tasks' visits when the substitution was drawn.
        public var bookedElsewhere: [String]

        public init(
            visit: String, removed: String, added: String = "", reason: String, approver: String, actor: String, at: String,
            bookedElsewhere: [String] = []
        ) {
            self.bookedElsewhere = bookedElsewhere
            self.visit = visit
            self.removed = removed
            self.added = added
            self.reason = reason
            self.approver = approver
            self.actor = actor
            self.at = at
        }
    }

    /// Why an assigned inspector cannot serve, or `nil`.
    public static func ineligibility(of member: Member, on visit: Visit, booked: Set<String>) -> LocalizedText? {
        if booked.contains(member.key) { return LocalizedText("\(member.name) 当天已有检查任务", "\(member.name) is already booked that day") }
        if member.conflicts.contains(visit.target) {
            return LocalizedText("\(member.name) 与检查对象有利害关系，应回避（001 §13）", "\(member.name) has a declared conflict with the target (001 §13)")
        }
        if !member.isExpert, member.validUntil < visit.date {
            return LocalizedText(
                "\(member.name) 的执法证有效期至 \(member.validUntil)，检查日无效", "\(member.name)'s certificate expired on \(member.validUntil)"
            )
        }
        return nil
    }

    /// YYYY-MM-DD as the number YYYYMMDD (ordered like the dates); 0 for anything else, which is
    /// before every date, so a missing validity never qualifies.
    static func dayNumber(_ text: String) -> Int {
        let digits = text.utf8.filter { $0 != UInt8(ascii: "-") }
        guard text.utf8.count == 10, digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return 0 }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// Matches every visit; all shortages are reported, not just the first.
    ///
    /// Long on purpose: this is the algorithm docs/DRAW.md specifies, step by step, kept in one piece so
    /// that an outside reader can follow it beside the page (the test re-implements it from there).
    /// - Parameters:
    ///   - bookedElsewhere: inspectors already booked on a date (by other tasks' visits), by date.
    ///   - outsiders: people outside the pool whom a direct assignment names (never drawn).
    public static func run(
        task: String, seed: String, registryHash: String, teamSize: Int, pool: [Member], visits: [Visit],
        bookedElsewhere: [String: Set<String>] = [:], drawSHA256: String = "", rules: Rules = .v2, outsiders: [Member] = []
    ) -> (teams: [Team], shortages: [Shortage]) {
        let master = master(rules, task: task, seed: seed, registryHash: registryHash, drawSHA256: drawSHA256)
        let sorted = pool.sorted { $0.key < $1.key }
        // Direct assignment may name people outside the pool (another department, when the pool falls short).
        let byKey = Dictionary((sorted + outsiders).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        // Indices into the sorted pool and dates as numbers: 10,000 visits × 500 people stay fast.
        let keys = sorted.map(\.key)
        let index = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let flags = sorted.map(\.isExpert)
        let validUntil = sorted.map { Self.dayNumber($0.validUntil) }
        let conflicts = sorted.map { Set($0.conflicts) }
        var bookedIndices: [String: Set<Int>] = [:]
        for (date, people) in bookedElsewhere { bookedIndices[date] = Set(people.compactMap { index[$0] }) }
        var candidates: [Int] = []
        candidates.reserveCapacity(keys.count)
        var booked = bookedElsewhere
        var teams: [Team] = []
        var shortages: [Shortage] = []
        for visit in visits.sorted(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
            let busy = booked[visit.date, default: []]
            var stream = RandomDraw.Stream(key: master + Array(visit.id.utf8))
            let day = Self.dayNumber(visit.date)
            let busyIndices = bookedIndices[visit.date, default: []]
            // The same rules as `ineligibility`, without building messages.
            func eligible(expert: Bool) -> [Int] {
                candidates.removeAll(keepingCapacity: true)
                for person in keys.indices where flags[person] == expert && !busyIndices.contains(person) {
                    if !expert && validUntil[person] < day { continue }
                    if !conflicts[person].isEmpty && conflicts[person].contains(visit.target) { continue }
                    candidates.append(person)
                }
                return candidates
            }
            if !visit.assigned.isEmpty {
                // Direct assignment: no draw, but the same eligibility rules — and under v2 only where the
                // draw itself falls short (002 (十六)), with the expert an item needs.
                let members = visit.assigned.compactMap { byKey[$0] }
                var reasons = visit.assigned.filter { byKey[$0] == nil }.map {
                    LocalizedText(zh: "\($0) 不在执法检查人员名录库中", en: "\($0) is not in the inspector registry")
                }
                reasons += members.compactMap { ineligibility(of: $0, on: visit, booked: busy) }
                let enforcement = members.filter { !$0.isExpert }.count
                if enforcement < teamSize {
                    reasons.append(
                        LocalizedText(
                            "指定的执法人员只有 \(enforcement) 名，至少需要 \(teamSize) 名（000 §18）",
                            "only \(enforcement) enforcement inspectors are assigned; \(teamSize) are needed (000 §18)"
                        ))
                }
                if rules == .v2 {
                    let eligibleInspectors = eligible(expert: false).count
                    let eligibleExperts = visit.needsExpert ? eligible(expert: true).count : 1
                    if eligibleInspectors >= teamSize && eligibleExperts >= 1 {
                        reasons.append(
                            LocalizedText(
                                "\(visit.date) 有 \(eligibleInspectors) 名符合条件的执法人员\(visit.needsExpert ? "和 \(eligibleExperts) 名专家" : "")，足以随机匹配：只有人员不足时才能直接指派（002 (十六)）",
                                "\(eligibleInspectors) inspectors\(visit.needsExpert ? " and \(eligibleExperts) experts" : "") are eligible on \(visit.date), enough for the random match: direct assignment is only for a shortage (002 (十六))"
                            ))
                    }
                    if visit.needsExpert && !members.contains(where: \.isExpert) {
                        reasons.append(
                            LocalizedText(
                                "检查事项需要专家，指定的人员中没有专家（002 (十六)）", "an item needs an expert and none is assigned (002 (十六))"))
                    }
                }
                guard reasons.isEmpty else {
                    shortages.append(
                        Shortage(
                            visit: visit.id, date: visit.date, needed: teamSize, eligible: enforcement, expert: false, reasons: reasons))
                    continue
                }
                let team = Team(
                    visit: visit.id, inspectors: members.filter { !$0.isExpert }.map(\.key), experts: members.filter(\.isExpert).map(\.key))
                booked[visit.date, default: []].formUnion(visit.assigned)
                bookedIndices[visit.date, default: []].formUnion(visit.assigned.compactMap { index[$0] })
                teams.append(team)
                continue
            }
            let inspectors = eligible(expert: false)
            guard inspectors.count >= teamSize else {
                shortages.append(Shortage(visit: visit.id, date: visit.date, needed: teamSize, eligible: inspectors.count, expert: false))
                continue
            }
            let chosenIndices = RandomDraw.prefix(teamSize, of: inspectors, with: &stream)
            var expertIndices: [Int] = []
            if visit.needsExpert {
                let pool = eligible(expert: true)
                guard !pool.isEmpty else {
                    shortages.append(Shortage(visit: visit.id, date: visit.date, needed: 1, eligible: 0, expert: true))
                    continue
                }
                expertIndices = RandomDraw.prefix(1, of: pool, with: &stream)
            }
            let chosen = chosenIndices.map { keys[$0] }
            let experts = expertIndices.map { keys[$0] }
            bookedIndices[visit.date, default: []].formUnion(chosenIndices + expertIndices)
            booked[visit.date, default: []].formUnion(chosen + experts)
            teams.append(Team(visit: visit.id, inspectors: chosen, experts: experts))
        }
        return (teams, shortages)
    }

    /// Replaces `substitution.removed` on its visit by a new draw among those eligible that day who are
    /// not on the team; the newcomer takes the same role (leader, member or expert). The stream is keyed by
    /// the visit and the substitution's ordinal in the record, so the replacement is verifiable too.
    /// - Returns: the updated teams and the substitution with `added` filled in, or `nil` when nobody is eligible.
    /// - Parameter earlier: the substitutions before this one in the record; under v2 everyone they
    ///   removed on the visit's date is busy that day (an inspector replaced as unwell is not drawn
    ///   for another visit the same day).
    public static func substitute(
        _ substitution: Substitution, ordinal: Int, task: String, seed: String, registryHash: String, pool: [Member], visits: [Visit],
        teams: [Team], earlier: [Substitution] = [], drawSHA256: String = "", rules: Rules = .v2
    ) -> (teams: [Team], substitution: Substitution)? {
        guard let visit = visits.first(where: { $0.id == substitution.visit }),
            let index = teams.firstIndex(where: { $0.visit == substitution.visit })
        else { return nil }
        var team = teams[index]
        let isExpert = team.experts.contains(substitution.removed)
        guard isExpert || team.inspectors.contains(substitution.removed) else { return nil }
        let dates = Dictionary(visits.map { ($0.id, $0.date) }, uniquingKeysWith: { first, _ in first })
        var busy = Set(substitution.bookedElsewhere)
        for other in teams where dates[other.visit] == visit.date { busy.formUnion(other.inspectors + other.experts) }
        busy.insert(substitution.removed)
        if rules == .v2 {
            for previous in earlier where dates[previous.visit] == visit.date { busy.insert(previous.removed) }
        }
        let eligible = pool.sorted { $0.key < $1.key }.filter {
            $0.isExpert == isExpert && ineligibility(of: $0, on: visit, booked: busy) == nil
        }.map(\.key)
        guard !eligible.isEmpty else { return nil }
        var stream = RandomDraw.Stream(
            key: master(rules, task: task, seed: seed, registryHash: registryHash, drawSHA256: drawSHA256)
                + Array("substitute\n\(ordinal)\n\(visit.id)".utf8))
        let added = RandomDraw.prefix(1, of: eligible, with: &stream)[0]
        if isExpert {
            team.experts = team.experts.map { $0 == substitution.removed ? added : $0 }
        } else {
            team.inspectors = team.inspectors.map { $0 == substitution.removed ? added : $0 }
        }
        var updated = teams
        updated[index] = team
        var done = substitution
        done.added = added
        return (updated, done)
    }

    /// A drawn target that joined another task's visit (002 (十五)) whose team has no expert, when this
    /// task's items need one: the expert is drawn for that visit.
    public struct Join: Sendable, Hashable {
        public var visit: String
        public var date: String
        public var target: String
        /// The host visit's team as it stood (inspectors and experts).
        public var hostTeam: [String]
        public init(visit: String, date: String, target: String, hostTeam: [String]) {
            (self.visit, self.date, self.target, self.hostTeam) = (visit, date, target, hostTeam)
        }
    }

    /// Draws one expert for each join (docs/DRAW.md, *Joined visits*): among the experts eligible that
    /// day — not booked (elsewhere, by this match's teams, or on the host team), no conflict with the
    /// target — in pool order, by a draw of length 1 from the stream keyed by `master ‖ "join\n" ‖ visit id`.
    /// Joins are taken in order of (date, visit id); each expert drawn is booked for the date.
    /// - Returns: the expert per visit, and the visits where nobody is eligible.
    public static func joinExperts(
        _ joins: [Join], task: String, seed: String, registryHash: String, drawSHA256: String, pool: [Member],
        bookedElsewhere: [String: Set<String>], teams: [Team], visits: [Visit]
    ) -> (experts: [String: String], shortages: [Shortage]) {
        let master = master(.v2, task: task, seed: seed, registryHash: registryHash, drawSHA256: drawSHA256)
        let sorted = pool.sorted { $0.key < $1.key }.filter(\.isExpert)
        let dates = Dictionary(visits.map { ($0.id, $0.date) }, uniquingKeysWith: { first, _ in first })
        var booked = bookedElsewhere
        for team in teams { booked[dates[team.visit] ?? "", default: []].formUnion(team.inspectors + team.experts) }
        var experts: [String: String] = [:]
        var shortages: [Shortage] = []
        for join in joins.sorted(by: { ($0.date, $0.visit) < ($1.date, $1.visit) }) {
            let busy = booked[join.date, default: []].union(join.hostTeam)
            let probe = Visit(id: join.visit, date: join.date, target: join.target, needsExpert: true)
            let eligible = sorted.filter { ineligibility(of: $0, on: probe, booked: busy) == nil }.map(\.key)
            guard !eligible.isEmpty else {
                shortages.append(Shortage(visit: join.visit, date: join.date, needed: 1, eligible: 0, expert: true))
                continue
            }
            var stream = RandomDraw.Stream(key: master + Array("join\n\(join.visit)".utf8))
            let expert = RandomDraw.prefix(1, of: eligible, with: &stream)[0]
            experts[join.visit] = expert
            booked[join.date, default: []].insert(expert)
        }
        return (experts, shortages)
    }
}
