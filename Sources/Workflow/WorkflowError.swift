import Support

/// The workflow services' layer, for `WorkflowError`.
public enum WorkflowLayer: ErrorLayer { public static let name = "workflow" }

/// A workflow operation refused by a rule (a seed missing, a result not yet recorded, a correction
/// without the unit head), or naming something that does not exist.
public typealias WorkflowError = LayerError<WorkflowLayer>
