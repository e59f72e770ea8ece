/// A workbench user's role at the bureau: what the people of a district 医疗保障局 do in a spot check.
///
/// ```swift
/// StaffRole(label: "办事员")              // .clerk
/// StaffRole.unitHead.may(.publish)        // true
/// StaffRole.witness.may(.recordResult)    // false
/// ```
public enum StaffRole: String, Vocabulary {
    /// 办事员: registries, plans, the draw and the match, results as typed, publication drafts, documents.
    case clerk = "办事员"
    /// 执法人员: the visits they are on, their findings and evidence (000 §14).
    case inspector = "执法人员"
    /// 负责人: approves substitutions (000 §14), publication, corrections after publication (002 (二十三)).
    case unitHead = "负责人"
    /// 档案员: sealing, checks, holds, disposal lists and transfers.
    case archivist = "档案员"
    /// 纪检监督: reads everything, signs as a draw's witness (001 §12), verifies the trail; changes nothing else.
    case witness = "纪检监督"
    /// 管理员: people and their roles, the office's settings.
    case admin = "管理员"

    public static let englishLabels: [Self: String] = [
        .clerk: "clerk", .inspector: "inspector", .unitHead: "unit head", .archivist: "archivist", .witness: "witness", .admin: "administrator",
    ]
    public static let aliasLabels: [Self: [String]] = [.unitHead: ["单位负责人", "主要负责人"], .witness: ["纪检", "监督"], .admin: ["系统管理员"]]

    /// Whether this role records results only of the visits the person is on (an inspector, 000 §14),
    /// rather than of any visit (a clerk entering what teams brought back).
    public var recordsOwnVisitsOnly: Bool { self == .inspector }

    /// Whether this role may do `action` (the matrix the workbench enforces on every route).
    public func may(_ action: StaffAction) -> Bool { StaffAction.allowed[action, default: []].contains(self) }
}

/// What a workbench route does, as far as who may do it is concerned.
public enum StaffAction: String, CaseIterable, Sendable, Hashable {
    /// Read the 工作台, the tasks, the registries, the results and the documents.
    case read
    case importRegistry, managePlan, draw, witnessDraw, lockDraw, match, approveSubstitution
    case recordResult, reviewResult, publish, correctPublished, handleObjection
    case renderDocuments, archive, disposeArchive, verifyAudit, manageUsers

    /// Who may do what. The unit head may do what a clerk may, and sign; the witness only reads and signs
    /// as a witness; the administrator manages people, not cases.
    static let allowed: [StaffAction: Set<StaffRole>] = [
        .read: [.clerk, .inspector, .unitHead, .archivist, .witness, .admin],
        .importRegistry: [.clerk, .unitHead], .managePlan: [.clerk, .unitHead], .draw: [.clerk, .unitHead],
        .witnessDraw: [.witness], .lockDraw: [.unitHead], .match: [.clerk, .unitHead], .approveSubstitution: [.unitHead],
        .recordResult: [.clerk, .inspector, .unitHead], .reviewResult: [.unitHead], .publish: [.unitHead],
        .correctPublished: [.unitHead], .handleObjection: [.clerk, .unitHead],
        .renderDocuments: [.clerk, .unitHead, .archivist], .archive: [.archivist], .disposeArchive: [.archivist, .unitHead],
        .verifyAudit: [.clerk, .unitHead, .archivist, .witness, .admin], .manageUsers: [.admin],
    ]
}
