/// One check of one copy of a sealed package (`archive audit`, `archive replicate`): where the copy is,
/// when it was checked, and what came of it. The history of a package is its events in order.
public struct FixityEvent: Codable, Sendable, Hashable {
    /// What a check found or did.
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Verified in full (every digest, the signature): sound.
        case passed = "通过"
        /// A copy found byte for byte the same as the original (SHA-256), not verified on its own.
        case identical = "一致"
        /// Verification failed, or the copy is missing.
        case failed = "不通过"
        /// A copy made where there was none, and checked against the original.
        case copied = "已复制"
        /// A damaged or missing copy replaced from a sound one.
        case repaired = "已修复"

        /// Sound after the event.
        public var isSound: Bool { self != .failed }
    }

    public var id: Int64?
    /// The package, relative to the archive folder: `packages/J045-JC-2024-D30-0001-v1.zip`, `tasks/…`.
    public var package: String
    /// `""` for the workspace's own package, else the copy's place (a folder, later an object store).
    public var location: String
    public var outcome: Outcome
    /// The day of the check (`2024-08-20`) and when exactly (ISO 8601, UTC).
    public var checkedOn: String
    public var checkedAt: String
    /// The SHA-256 of the package file, where it was read.
    public var sha256: String?
    /// What was wrong, or where a repair came from.
    public var detail: String
    public var actor: String

    public init(
        package: String, location: String, outcome: Outcome, checkedOn: String, checkedAt: String, sha256: String? = nil, detail: String = "",
        actor: String
    ) {
        (self.id, self.package, self.location, self.outcome, self.checkedOn, self.checkedAt) = (nil, package, location, outcome, checkedOn, checkedAt)
        (self.sha256, self.detail, self.actor) = (sha256, detail, actor)
    }
}
