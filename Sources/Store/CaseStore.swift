import Foundation
import Inspection
import Support

/// Where an office's case data is kept: registries with history, draws, visits and teams, results,
/// evidence, objections, publications, issued documents, the archive catalogue, and the audit trail
/// every change appends to. Persistence only — the rules live in the domain and the workflow
/// services above, so a second implementation (PostgreSQL for a province) can take this one's place
/// without anything above it changing. `Workspace` is the embedded SQLite implementation.
///
/// Each write that changes the case records its audit entry in the same transaction; every read
/// returns domain values, never rows.
public protocol CaseStore: AnyObject, Sendable {
    // MARK: Place and settings

    /// The folder holding the files (records, documents, evidence, packages).
    var root: String { get }
    /// A path the store recorded (relative to `root` when inside it) as an absolute path.
    func absolutePath(_ path: String) -> String
    func settings() throws -> OfficeSettings

    // MARK: Registries and plan

    func tasks() throws -> [PlanTask]
    func targets(asOf time: String?) throws -> [Target]
    func targets(codes: some Sequence<String>) throws -> [String: Target]
    func inspectors(asOf time: String?) throws -> [Inspector]
    func checkItems(asOf time: String?) throws -> [CheckItem]
    func records<Record: Decodable & Sendable>(_ registry: Registry, asOf time: String?) throws -> [Record]
    func snapshotHash(_ registry: Registry) throws -> String
    func targetColumns(snapshot: String) throws -> TargetColumns
    func importRegistry<Record: Encodable & Sendable>(
        _ registry: Registry, _ records: [Record], key: (Record) -> String, file: String, fileSHA256: String, actor: String, at date: Date,
        progress: ((Int) -> Void)?
    ) throws -> ImportSummary

    // MARK: Draws and matches

    func drawCount(task: String) throws -> Int
    func latestDraw(task: String) throws -> (number: Int, path: String, sha256: String)?
    func publishTargetSnapshot() throws -> (hash: String, path: String)
    func isLocked(task: String) throws -> Bool
    func lockedDrawCounts(year: Int) throws -> [String: Int]
    func saveDraw(_ record: DrawRecord, year: Int, actor: String, at date: Date) throws -> String
    func lockDraw(task: String, actor: String) throws -> String
    func lockedDraw(task: String, candidates: Bool) throws -> (record: DrawRecord, path: String, sha256: String)
    func lockedDrawOrder(task: String) throws -> (seed: String, order: [String], path: String, sha256: String)
    func matchCount(task: String) throws -> Int
    func saveMatch(_ record: MatchRecord, year: Int, visits: [TeamMatch.Visit], teams: [TeamMatch.Team], joins: [MatchRecord.Merge]) throws
        -> String
    func latestMatch(task: String) throws -> (number: Int, record: MatchRecord)
    func saveSubstitution(_ record: MatchRecord, number: Int, team: TeamMatch.Team) throws -> String

    // MARK: Visits

    func visits() throws -> [Visit]
    func visits(from start: String, through end: String) throws -> [String: (id: String, tasks: [String])]
    func bookedInspectors(on dates: Set<String>, from start: String, through end: String) throws -> [String: Set<String>]
    func inspectorsBooked(on date: String, outside visits: Set<String>) throws -> [String]
    func caseFiles(task: String) throws -> (task: PlanTask, files: [CaseFile])

    // MARK: Results, evidence, publication, objections

    func results(of visit: String) throws -> [StoredResult]
    func currentResults() throws -> [String: VisitResult]
    func saveResult(_ stored: StoredResult, previous: StoredResult?, at date: Date) throws
    func saveResults(_ batch: [(stored: StoredResult, previous: StoredResult?)], at date: Date) throws
    func checkEvidence(_ files: [String], for visit: String) throws
    func addEvidence(_ files: [String], to visit: String, actor: String, at date: Date) throws -> [Evidence]
    func evidence(visit: String?) throws -> [Evidence]
    func publications() throws -> [String: String]
    func saveReview(_ review: ResultReview, at date: Date) throws
    func reviews(visit: String?) throws -> [ResultReview]
    func reviewStates() throws -> [String: ResultReview.State]
    func savePublication(task: String, on day: CivilDate, actor: String, approved: [String: Int]?) throws
    func objections() throws -> [Objection]
    func addObjection(_ objection: Objection, actor: String) throws -> Objection
    func saveObjection(_ objection: Objection, action: AuditAction, actor: String) throws

    // MARK: Documents

    func documentNumbers(series: String, year: Int, subjects: [String]) throws -> [String: Int]
    /// Records documents written; `reissued` names those issued before with other contents, `reason` why.
    func recordDocuments(_ documents: [IssuedDocument], actor: String, reissued: [String], reason: String?, at date: Date) throws
    func documents(visit: String?, task: String?) throws -> [IssuedDocument]

    // MARK: Archive catalogue

    func catalog(_ dossier: CatalogedDossier, actor: String) throws
    func dossiers() throws -> [CatalogedDossier]
    func latestDossier(visit: String) throws -> CatalogedDossier?
    func placeHold(code: String, reason: String, authority: String, actor: String, at date: Date) throws -> LegalHold
    func releaseHold(_ id: Int64, actor: String, at date: Date) throws
    func holds(activeOnly: Bool) throws -> [LegalHold]
    func markDisposed(_ codes: [String], list: String, on day: String, actor: String, at date: Date) throws
    func replaceCatalog(with dossiers: [CatalogedDossier], actor: String) throws
    func recordFixity(_ events: [FixityEvent], action: AuditAction, actor: String, at date: Date) throws
    func fixityEvents(package: String?) throws -> [FixityEvent]
    func lastFixityChecks() throws -> (days: [String: String], locations: [String], failing: Set<String>)

    // MARK: Audit trail

    @discardableResult
    func record(actor: String, action: AuditAction, entity: String, entityID: String, before: (any Encodable)?, after: (any Encodable)?)
        throws -> AuditEntry
    func verifyAuditTrail() throws -> [AuditTrail.Problem]
    func auditEntries() throws -> [AuditEntry]
}

extension Workspace: CaseStore {}

// The everyday forms of the calls, for any store.
extension CaseStore {
    public func targets() throws -> [Target] { try targets(asOf: nil) }
    public func inspectors() throws -> [Inspector] { try inspectors(asOf: nil) }
    public func checkItems() throws -> [CheckItem] { try checkItems(asOf: nil) }
    public func records<Record: Decodable & Sendable>(_ registry: Registry) throws -> [Record] { try records(registry, asOf: nil) }
    public func lockedDraw(task: String) throws -> (record: DrawRecord, path: String, sha256: String) {
        try lockedDraw(task: task, candidates: true)
    }
    public func evidence(of visit: String) throws -> [Evidence] { try evidence(visit: visit) }
    public func documents() throws -> [IssuedDocument] { try documents(visit: nil, task: nil) }
    public func documents(visit: String) throws -> [IssuedDocument] { try documents(visit: visit, task: nil) }
    public func documents(task: String) throws -> [IssuedDocument] { try documents(visit: nil, task: task) }
    public func holds() throws -> [LegalHold] { try holds(activeOnly: false) }
    public func addEvidence(_ files: [String], to visit: String, actor: String) throws -> [Evidence] {
        try addEvidence(files, to: visit, actor: actor, at: Clock.now())
    }
    public func recordDocuments(_ documents: [IssuedDocument], actor: String) throws {
        try recordDocuments(documents, actor: actor, reissued: [], reason: nil, at: Clock.now())
    }
    public func recordDocuments(_ documents: [IssuedDocument], actor: String, reissued: [String], reason: String?) throws {
        try recordDocuments(documents, actor: actor, reissued: reissued, reason: reason, at: Clock.now())
    }
    public func placeHold(code: String, reason: String, authority: String, actor: String) throws -> LegalHold {
        try placeHold(code: code, reason: reason, authority: authority, actor: actor, at: Clock.now())
    }
    public func releaseHold(_ id: Int64, actor: String) throws { try releaseHold(id, actor: actor, at: Clock.now()) }
    public func markDisposed(_ codes: [String], list: String, on day: String, actor: String) throws {
        try markDisposed(codes, list: list, on: day, actor: actor, at: Clock.now())
    }
}
