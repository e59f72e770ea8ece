import Foundation
import GRDB
import Inspection

extension Workspace {
    /// The sequence numbers of a document series in a year for several subjects, in one transaction:
    /// a subject always gets the number it got first; new subjects get the next free numbers, in the
    /// order given.
    ///
    /// ```swift
    /// try workspace.documentNumbers(series: "平卫医保检告", year: 2024, subjects: ["2024-01-0003"])  // ["2024-01-0003": 3], say
    /// ```
    public func documentNumbers(series: String, year: Int, subjects: [String]) throws -> [String: Int] {
        try database.write { db in
            var numbers: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT subject, number FROM document_number WHERE series = ? AND year = ?", arguments: [series, year])
            {
                numbers[row["subject"]] = row["number"]
            }
            var next = (numbers.values.max() ?? 0) + 1
            let insert = try db.cachedStatement(sql: "INSERT INTO document_number (series, year, subject, number) VALUES (?, ?, ?, ?)")
            var result: [String: Int] = [:]
            for subject in subjects {
                if let number = numbers[subject] {
                    result[subject] = number
                    continue
                }
                try insert.execute(arguments: [series, year, subject, next])
                numbers[subject] = next
                result[subject] = next
                next += 1
            }
            return result
        }
    }

    /// Records documents written together, with one audit entry for the batch, in one transaction.
    /// A document whose path and digest are already recorded is not recorded again.
    public func recordDocuments(
        _ documents: [IssuedDocument], actor: String, reissued: [String], reason: String?, at date: Date
    ) throws {
        guard !documents.isEmpty else { return }
        let now = ISO8601DateFormatter().string(from: date)
        _ = try auditedWrite { db -> AuditEntry? in
            var fresh = 0
            for document in documents {
                let known =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM document WHERE path = ? AND sha256 = ? AND form = ?",
                        arguments: [document.path, document.sha256, document.form]) ?? false
                if known { continue }
                fresh += 1
                try db.execute(
                    sql: """
                        INSERT INTO document (form, year, task, visit, number, dated, format, path, sha256, size, public, renderedAt, actor)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        document.form, document.year, document.task, document.visit, document.number, document.dated, document.format,
                        document.path,
                        document.sha256, document.size, document.isPublic, now, actor,
                    ])
            }
            // A reprint of documents already recorded as they are records nothing: the issue is the event.
            if fresh == 0 && reissued.isEmpty { return nil }
            let forms = Set(documents.map(\.form)).sorted().joined(separator: "、")
            let after = AuditPayload.Rendering(
                documents: documents.count, new: fresh, forms: forms, reissued: reissued.isEmpty ? nil : reissued, reason: reissued.isEmpty ? nil : reason)
            return try AuditTrail.append(
                db, actor: actor, action: .documentRender, entity: "document", entityID: documents[0].task ?? String(documents[0].year),
                after: after, at: date)
        }
    }

    /// The documents issued, the latest of each form, subject and format, in the order they were written;
    /// only those of one visit or one task when asked.
    public func documents(visit: String? = nil, task: String? = nil) throws -> [IssuedDocument] {
        try database.read { db in
            var conditions = ["id IN (SELECT MAX(id) FROM document GROUP BY form, year, IFNULL(task, ''), IFNULL(visit, ''), format)"]
            var arguments: [any DatabaseValueConvertible] = []
            if let visit {
                conditions.append("visit = ?")
                arguments.append(visit)
            }
            if let task {
                conditions.append("task = ?")
                arguments.append(task)
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM document WHERE \(conditions.joined(separator: " AND ")) ORDER BY id",
                arguments: StatementArguments(arguments)
            ).map { row in
                IssuedDocument(
                    form: row["form"], year: row["year"], task: row["task"], visit: row["visit"], number: row["number"],
                    dated: row["dated"],
                    path: row["path"], sha256: row["sha256"], size: row["size"], isPublic: row["public"])
            }
        }
    }
}
