/// What an audit entry records: every change the workspace makes has one of these names.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case workspaceInit = "workspace.init"
    case registryImport = "registry.import"
    case drawRun = "draw.run"
    case drawLock = "draw.lock"
    case matchRun = "match.run"
    case matchSubstitute = "match.substitute"
    case resultRecord = "result.record"
    case resultCorrect = "result.correct"
    case evidenceAdd = "evidence.add"
    case resultPublish = "result.publish"
    case objectionReceive = "objection.receive"
    case objectionDecide = "objection.decide"
    case objectionFeedback = "objection.feedback"
    case documentRender = "document.render"
    case archiveKeygen = "archive.keygen"
    case archiveSeal = "archive.seal"
    case archiveAmend = "archive.amend"
    case archiveHold = "archive.hold"
    case archiveRelease = "archive.release"
    case archiveDispose = "archive.dispose"
    case archiveCatalogRebuild = "archive.catalog.rebuild"
}

/// The payloads of audit entries that are not a stored record themselves: Codable values, so that
/// any text in them (a file name with `"`, a newline, U+001F) is escaped by the encoder.
public enum AuditPayload {
    /// A record file written (draw, match) and what it holds.
    public struct RecordFile: Codable, Sendable, Hashable {
        public var record: String
        public var sha256: String
        public var drawn: Int?
        public var visits: Int?
        /// For a substitution: the visit, and who left and joined its team.
        public var visit: String?
        public var removed: String?
        public var added: String?

        public init(
            record: String, sha256: String, drawn: Int? = nil, visits: Int? = nil, visit: String? = nil, removed: String? = nil,
            added: String? = nil
        ) {
            self.record = record
            self.sha256 = sha256
            self.drawn = drawn
            self.visits = visits
            self.visit = visit
            self.removed = removed
            self.added = added
        }
    }

    /// A registry file imported and what changed (counts as text, as the first versions wrote them).
    public struct RegistryImport: Codable, Sendable, Hashable {
        public var file: String
        public var fileSHA256: String
        public var added: String
        public var changed: String
        public var removed: String
        public var snapshotHash: String
    }

    /// An evidence file added to a visit.
    public struct EvidenceFile: Codable, Sendable, Hashable {
        public var name: String
        public var sha256: String
        public var size: Int
    }

    /// A task's results published.
    public struct Publication: Codable, Sendable, Hashable {
        public var publishedOn: String
    }

    /// An objection received, with its review deadline.
    public struct ObjectionReceived: Codable, Sendable, Hashable {
        public var objection: Int
        public var receivedOn: String
        public var reviewDue: String
    }

    /// A batch of documents rendered.
    public struct Rendering: Codable, Sendable, Hashable {
        public var documents: Int
        public var new: Int
        public var forms: String
    }

    /// A dossier disposed of, on a disposal list.
    public struct Disposal: Codable, Sendable, Hashable {
        public var list: String
        public var on: String
    }

    /// A count of catalogue rows.
    public struct Rows: Codable, Sendable, Hashable {
        public var rows: Int
    }
}
