/// Where a workspace keeps each kind of file, named once. Paths the store records are relative to
/// the root (`relative…`), so a workspace can be moved or copied whole.
///
/// ```swift
/// let layout = WorkspaceLayout(root: "卫东区2024")
/// layout.packages                             // 卫东区2024/archive/packages
/// WorkspaceLayout.relativeDraw(task: "2024-01", number: 2)   // draws/2024-01-2.xml
/// ```
public struct WorkspaceLayout: Sendable, Hashable {
    public let root: String

    public init(root: String) { self.root = root }

    /// The folders every workspace has from the start.
    public static let folders = ["documents", "evidence", "archive", "draws"]

    public var database: String { "\(root)/spotcheck.sqlite" }
    public var settings: String { "\(root)/office.json" }
    /// The last audit entry's number and hash, kept outside the database.
    public var auditHead: String { "\(root)/audit.head" }
    /// The office's own copies of the standard forms, and its own 保管期限表.
    public var templates: String { "\(root)/templates" }
    public var retentionTable: String { "\(root)/retention.json" }
    /// The draw columns' files (a cache of the registry).
    public var registry: String { "\(root)/registry" }
    public var draws: String { "\(root)/draws" }
    public var documents: String { "\(root)/documents" }
    public var evidence: String { "\(root)/evidence" }
    /// Files uploaded through the workbench, until they are checked and imported (or swept a day later).
    public var uploads: String { "\(root)/uploads" }
    public var packages: String { "\(root)/archive/packages" }
    /// Sealed packages of a task's draw records (every attempt, the registry snapshot, the match records).
    public var taskPackages: String { "\(root)/archive/tasks" }
    public var tombstones: String { "\(root)/archive/tombstones" }
    /// 四性检测报告 printed by `archive verify --report` and `archive export`.
    public var reports: String { "\(root)/archive/reports" }
    public var disposals: String { "\(root)/archive/disposals" }
    public var keys: String { "\(root)/archive/keys" }
    public var privateKey: String { "\(keys)/office-ed25519.key" }
    public var publicKey: String { "\(packages)/office-ed25519.pub" }

    /// `draws/TASK-N.xml`: the N-th draw of a task.
    public static func relativeDraw(task: String, number: Int) -> String { "draws/\(task)-\(number).xml" }
    /// `draws/TASK-match-N.xml`: the first match (1) and each substitution of a task.
    public static func relativeMatch(task: String, number: Int) -> String { "draws/\(task)-match-\(number).xml" }
    /// `evidence/VISIT/NAME`.
    public static func relativeEvidence(visit: String, name: String) -> String { "evidence/\(visit)/\(name)" }
    /// `archive/packages/FILE`.
    public static func relativePackage(_ file: String) -> String { "archive/packages/\(file)" }

    /// A recorded path (relative to the root when inside it) as an absolute path.
    public func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : "\(root)/\(path)" }
    /// The documents of a task (or of a year's forms).
    public func documents(of subject: String) -> String { "\(documents)/\(subject)" }
    public func evidence(of visit: String) -> String { "\(evidence)/\(visit)" }
}

extension CaseStore {
    /// Where this store keeps its files.
    public var layout: WorkspaceLayout { WorkspaceLayout(root: root) }
}
