import Inspection

extension Workspace {
    /// The case files of a task's visits, read in one pass: what the archive seals.
    /// - Parameter id: the task.
    /// - Returns: the task and one case file per visit, in visit order.
    /// - Throws: `StoreError` when the plan has no such task.
    public func caseFiles(task id: String) throws -> (task: PlanTask, files: [CaseFile]) {
        let tasks = try tasks()
        guard let task = tasks.first(where: { $0.id == id }) else {
            throw StoreError(
                zh: "计划中没有任务 \(id)（计划中的任务：\(tasks.map(\.id).joined(separator: "、"))）",
                en: "the plan has no task \(id) (the plan's tasks: \(tasks.map(\.id).joined(separator: ", ")))", code: .notFound)
        }
        let all = try visits()
        let visits = all.filter { $0.tasks.contains(id) }
        let targets = try targets(codes: visits.map(\.target))
        let inspectors = Dictionary(try inspectors().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let documents = Dictionary(grouping: try documents().filter { $0.visit != nil }) { $0.visit ?? "" }
        let evidence = Dictionary(grouping: try evidence(visit: nil), by: \.visit)
        let files = try visits.map { visit in
            CaseFile(
                visit: visit, tasks: tasks.filter { visit.tasks.contains($0.id) }, target: targets[visit.target],
                team: CaseFile.team(of: visit, inspectors: inspectors), items: CaseFile.items(of: visit, tasks: tasks),
                result: try results(of: visit.id).last, documents: documents[visit.id] ?? [], evidence: evidence[visit.id] ?? [],
                sequence: CaseFile.sequence(of: visit, among: all, year: task.year))
        }
        return (task, files)
    }
}
