import Foundation
import GRDB

/// A sealed package in the workspace's catalogue.
public struct CatalogedDossier: Codable, Sendable, Hashable {
    /// 档号.
    public var code: String
    public var version: Int
    public var visit: String?
    public var task: String?
    public var title: String
    /// The package, relative to the workspace when inside it.
    public var path: String
    /// SHA-256 of the package's tag manifest: what the signature covers and an amendment cites.
    public var sealValue: String
    /// SHA-256 over the payload manifest and the metadata, to tell whether anything changed since.
    public var contentDigest: String
    public var className: String
    /// `永久`, `30年`…
    public var retention: String
    /// When it is due for appraisal; nil for 永久.
    public var due: String?
    public var sealedAt: String
    public var actor: String
    public var disposedAt: String?

    public init(
        code: String, version: Int, visit: String?, task: String?, title: String, path: String, sealValue: String, contentDigest: String,
        className: String, retention: String, due: String?, sealedAt: String, actor: String, disposedAt: String? = nil
    ) {
        self.code = code
        self.version = version
        self.visit = visit
        self.task = task
        self.title = title
        self.path = path
        self.sealValue = sealValue
        self.contentDigest = contentDigest
        self.className = className
        self.retention = retention
        self.due = due
        self.sealedAt = sealedAt
        self.actor = actor
        self.disposedAt = disposedAt
    }
}

extension CatalogedDossier: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dossier"
}

extension Workspace {
    /// Records a sealed package in the catalogue, with an audit entry.
    public func catalog(_ dossier: CatalogedDossier, actor: String) throws {
        let after = String(decoding: try JSONEncoder().encode(dossier), as: UTF8.self)
        let entry = try database.write { db -> AuditEntry in
            try dossier.insert(db)
            return try AuditTrail.append(
                db, actor: actor, action: dossier.version == 1 ? "archive.seal" : "archive.amend", entity: "dossier",
                entityID: "\(dossier.code) v\(dossier.version)", after: after)
        }
        try writeHead(entry)
    }

    /// Every package in the catalogue, by 档号 and version.
    public func dossiers() throws -> [CatalogedDossier] {
        try database.read { db in try CatalogedDossier.order(Column("code"), Column("version")).fetchAll(db) }
    }

    /// The latest version sealed for a visit.
    public func latestDossier(visit: String) throws -> CatalogedDossier? {
        try database.read { db in
            try CatalogedDossier.filter(Column("visit") == visit).order(Column("version").desc).fetchOne(db)
        }
    }
}
