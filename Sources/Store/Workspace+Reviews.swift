import Foundation
import GRDB
import Inspection
import Support

extension Workspace {
    static func createReviewTable(_ db: Database) throws {
        try db.create(table: "review") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("visit", .text).notNull().indexed()
            table.column("version", .integer).notNull()
            table.column("action", .text).notNull()
            table.column("actor", .text).notNull()
            table.column("at", .text).notNull()
            table.column("note", .text).notNull()
        }
    }

    /// Records a step of a result's review, with its audit entry — checked inside the write transaction
    /// against the result's current version and the state it is in, so that two people acting at once
    /// cannot approve a version that has just been replaced, or approve and return the same one.
    /// - Throws: `StoreError` (`.conflict`) when the version is not the current one or the step does not
    ///   follow from the state.
    public func saveReview(_ review: ResultReview, at date: Date = Clock.now()) throws {
        _ = try auditedWrite { db -> AuditEntry in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM result WHERE visit = ?", arguments: [review.visit]) ?? 0
            guard latest > 0 else {
                throw StoreError(zh: "检查 \(review.visit) 还没有结果", en: "visit \(review.visit) has no result yet", code: .notFound)
            }
            guard latest == review.version else {
                throw StoreError(
                    zh: "检查 \(review.visit) 的结果已有第 \(latest) 版，请查看后再操作", en: "visit \(review.visit) now has result version \(latest); look at it first",
                    code: .conflict)
            }
            let state = try Self.reviewState(db, visit: review.visit, version: latest)
            guard state.allows(review.action) else {
                throw StoreError(
                    zh: "检查 \(review.visit) 的结果（第 \(latest) 版）\(state.label)，不能\(Self.verb(review.action))",
                    en: "the result of visit \(review.visit) (version \(latest)) is \(state.english): it cannot be \(Self.verbEnglish(review.action))",
                    code: .conflict)
            }
            try db.execute(
                sql: "INSERT INTO review (visit, version, action, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [review.visit, review.version, review.action.rawValue, review.actor, review.at, review.note])
            return try AuditTrail.append(
                db, actor: review.actor, action: review.action == .submit ? .resultSubmit : .resultReview, entity: "visit", entityID: review.visit,
                after: review, at: date)
        }
    }

    /// Every review step of a visit (or of all visits), oldest first.
    public func reviews(visit: String? = nil) throws -> [ResultReview] {
        try database.read { db in
            let rows =
                if let visit {
                    try Row.fetchAll(db, sql: "SELECT * FROM review WHERE visit = ? ORDER BY id", arguments: [visit])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM review ORDER BY id")
                }
            return rows.compactMap { row in
                ResultReview.Action(rawValue: row["action"]).map {
                    ResultReview(visit: row["visit"], version: row["version"], action: $0, actor: row["actor"], at: row["at"], note: row["note"])
                }
            }
        }
    }

    /// Where the current version of each visit's result stands (visits with a result only).
    public func reviewStates() throws -> [String: ResultReview.State] {
        try database.read { db in
            var latest: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT visit, MAX(version) AS version FROM result GROUP BY visit") {
                latest[row["visit"]] = row["version"]
            }
            var states = latest.mapValues { _ in ResultReview.State.draft }
            for row in try Row.fetchAll(db, sql: "SELECT visit, version, action FROM review ORDER BY id") {
                let visit: String = row["visit"]
                guard latest[visit] == row["version"], let action = ResultReview.Action(rawValue: row["action"]) else { continue }
                states[visit] = ResultReview.State.after(action)
            }
            return states
        }
    }

    static func reviewState(_ db: Database, visit: String, version: Int) throws -> ResultReview.State {
        let action = try String.fetchOne(
            db, sql: "SELECT action FROM review WHERE visit = ? AND version = ? ORDER BY id DESC LIMIT 1", arguments: [visit, version])
        return action.flatMap(ResultReview.Action.init(rawValue:)).map(ResultReview.State.after) ?? .draft
    }

    static func verb(_ action: ResultReview.Action) -> String {
        switch action {
        case .submit: "提交审核"
        case .approve: "审核通过"
        case .return: "退回"
        }
    }

    static func verbEnglish(_ action: ResultReview.Action) -> String {
        switch action {
        case .submit: "submitted"
        case .approve: "approved"
        case .return: "returned"
        }
    }
}
