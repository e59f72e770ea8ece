import Store
import Support

/// The workflow services' layer, for `WorkflowError`.
public enum WorkflowLayer: ErrorLayer { public static let name = "workflow" }

/// A workflow operation refused by a rule (a seed missing, a result not yet recorded, a correction
/// without the unit head), or naming something that does not exist.
public typealias WorkflowError = LayerError<WorkflowLayer>

extension LayerError where Layer == WorkflowLayer {
    /// A task the plan does not hold, naming the tasks it does (or how to import a plan when it has none).
    public static func unknownTask(_ id: String, in store: any CaseStore) throws -> WorkflowError {
        let tasks = try store.tasks().map(\.id)
        if tasks.isEmpty {
            return WorkflowError(
                zh: "计划中没有任务 \(id)：还没有导入年度计划（spotcheck plan import 计划.csv）",
                en: "the plan has no task \(id): no annual plan is imported yet (spotcheck plan import PLAN.csv)", code: .notFound)
        }
        return WorkflowError(
            zh: "计划中没有任务 \(id)；计划中的任务有：\(tasks.joined(separator: "、"))", en: "the plan has no task \(id); its tasks are: \(tasks.joined(separator: ", "))",
            code: .notFound)
    }
}
