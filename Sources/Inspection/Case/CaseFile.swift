/// Everything about one inspected target that a case file holds, typed: the visit, its tasks, the
/// target, the team, the items checked, the current result, the documents issued and the evidence.
/// Forms fill templates from the same facts; the archive seals them (一对象一档案, 002 (二十六)).
///
/// ```swift
/// let files = try workspace.caseFiles(task: "2024-01")
/// files[0].team.first?.role   // .leader
/// ```
public struct CaseFile: Sendable, Hashable {
    /// A member of the visit's team, as the case file names them (no phone number: it is not public).
    public struct Member: Sendable, Hashable {
        public var key, name: String
        /// 执法证号; empty for an expert without enforcement powers.
        public var certificate: String
        /// Unit and department, as one text.
        public var unit: String
        public var role: TeamRole
    }

    public var visit: Visit
    /// The tasks the visit serves (进一次门、查多项事, 002 (十五)), in the plan's order.
    public var tasks: [PlanTask]
    /// The target as registered; nil when the registry no longer has it.
    public var target: Target?
    public var team: [Member]
    /// The items the visit checks, each once, in the tasks' order.
    public var items: [String]
    public var result: StoredResult?
    public var documents: [IssuedDocument]
    public var evidence: [Evidence]
    /// The case file's place among the year's visits (the 件号 part of its 档号).
    public var sequence: Int

    public init(
        visit: Visit, tasks: [PlanTask], target: Target?, team: [Member], items: [String], result: StoredResult?,
        documents: [IssuedDocument], evidence: [Evidence], sequence: Int
    ) {
        (self.visit, self.tasks, self.target, self.team, self.items) = (visit, tasks, target, team, items)
        (self.result, self.documents, self.evidence, self.sequence) = (result, documents, evidence, sequence)
    }

    /// The target's registered name, or its credit code when the registry no longer has it.
    public var targetName: String { target?.name ?? visit.target }

    /// The day the case closed: the result's last day, else the visit's date.
    public var closed: String {
        result?.result.finished.description ?? visit.date
    }

    // MARK: - The rules that make one

    /// The team in order: the leader, the other inspectors, then the experts.
    public static func team(of visit: Visit, inspectors: [String: Inspector]) -> [Member] {
        (visit.inspectors + visit.experts).enumerated().map { index, key in
            let person = inspectors[key]
            let role: TeamRole = index == 0 ? .leader : (index < visit.inspectors.count ? .member : .expert)
            let unit = [person?.unit ?? "", person?.department ?? ""].filter { !$0.isEmpty }.joined()
            return Member(key: key, name: person?.name ?? key, certificate: person?.certificate ?? "", unit: unit, role: role)
        }
    }

    /// The items of the visit's tasks, each once, in the tasks' order.
    public static func items(of visit: Visit, tasks: [PlanTask]) -> [String] {
        visit.tasks.compactMap { id in tasks.first { $0.id == id } }.flatMap(\.items).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
    }

    /// The 件号 of a visit's case file in its 档号: its place among the year's visits by visit number
    /// (a later task's visits come after).
    public static func sequence(of visit: Visit, among visits: [Visit], year: Int) -> Int {
        (visits.filter { $0.year == year }.map(\.id).sorted().firstIndex(of: visit.id) ?? 0) + 1
    }
}
