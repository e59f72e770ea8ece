import Foundation
import Inspection
import Store

/// The draw (双随机's first 随机): who may be drawn, the verifiable draw itself, and the lock that makes
/// its list final. The same operations for the command line and the workbench.
///
/// ```swift
/// let (record, path) = try DrawService(store: workspace).draw(task: "2024-01", seed: "福彩3D 2024064 期 123",
///                                                             witnesses: ["纪检组王某"], by: User("张三"))
/// ```
public struct DrawService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// Draws the targets of a task from the registry as it stands (who may be: `DrawEligibility`),
    /// writes the record under `draws/`, and records the draw (not yet locked).
    /// - Returns: the record and the path it was written to.
    /// - Throws: `WorkflowError` for an unknown task, a missing seed, or a task whose draw is locked.
    public func draw(task id: String, seed: String, witnesses: [String], by user: User, at date: Date = Date()) throws -> (
        DrawRecord, String
    ) {
        guard let task = try store.tasks().first(where: { $0.id == id }) else {
            throw try WorkflowError.unknownTask(id, in: store)
        }
        guard !seed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw WorkflowError(zh: "必须给出事先公布的随机种子 --seed", en: "a seed announced before the draw is required (--seed)")
        }
        if try store.isLocked(task: id) {
            throw WorkflowError(
                zh: "任务 \(id) 的抽取结果已锁定，不能重新抽取（002 (十四)）", en: "the draw of task \(id) is locked and cannot be repeated (002 (十四))",
                code: .conflict)
        }
        let settings = try store.settings()
        let registryHash = try store.snapshotHash(.targets)
        let rules = DrawEligibility(
            task: task, perYearCap: settings.perYearCap,
            keyItems: Set(try store.checkItems(asOf: nil).filter { $0.category == "重点" }.map(\.name)),
            drawnThisYear: try store.lockedDrawCounts(year: task.year), upperDraws: try store.records(.upperDraws, asOf: nil))
        let (strata, excluded) = rules.strata(of: try store.targetColumns(snapshot: registryHash))
        // A draw with nobody to draw would burn the public seed and publish "共抽取0家".
        guard strata.contains(where: { !$0.candidates.isEmpty }) else {
            throw WorkflowError(
                zh:
                    "任务 \(id) 没有可抽取的对象（名录库中没有符合任务类型、区域和风险等级的正常状态机构；已排除 \(excluded.count) 家）：请先导入检查对象名录库（spotcheck import targets 名录库.csv），或核对计划的对象类型、区域和抽查比例",
                en:
                    "task \(id) has no one to draw (no target of its types, districts and grades with status 正常; \(excluded.count) excluded): import the target registry first (spotcheck import targets FILE.csv), or check the plan's types, districts and ratios",
                code: .refused)
        }
        let result = RandomDraw.run(task: task.id, seed: seed, registryHash: registryHash, strata: strata)
        var record = DrawRecord(
            task: task.id, taskName: task.name, seed: seed, registryHash: registryHash, drawnAt: ISO8601DateFormatter().string(from: date),
            actor: user.name, witnesses: witnesses, strata: strata, excluded: excluded, result: result)
        if !rules.capApplies {
            // 重点 items: the drawn targets are visited in batches whose order is drawn too (002 (七)).
            record.batchOrder = RandomDraw.batchOrder(task: task.id, seed: seed, registryHash: registryHash, drawn: result.flatMap(\.drawn))
        }
        return (record, try store.saveDraw(record, year: task.year, actor: user.name, at: date))
    }

    /// Locks the latest draw of a task: its list is final (002 (十四)).
    /// - Returns: the locked record's path, relative to the workspace.
    @discardableResult
    public func lock(task id: String, by user: User) throws -> String {
        try store.lockDraw(task: id, actor: user.name)
    }
}
