/// What an audit entry records: every change the workspace makes has one of these names.
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case workspaceInit = "workspace.init", officeUpdate = "office.update", registryImport = "registry.import"
    case drawRun = "draw.run", drawLock = "draw.lock", matchRun = "match.run", matchSubstitute = "match.substitute"
    case resultRecord = "result.record", resultCorrect = "result.correct", evidenceAdd = "evidence.add", resultPublish = "result.publish"
    case objectionReceive = "objection.receive", objectionDecide = "objection.decide", objectionFeedback = "objection.feedback"
    case documentRender = "document.render"
    case archiveKeygen = "archive.keygen", archiveSeal = "archive.seal", archiveAmend = "archive.amend", archiveHold = "archive.hold"
    case archiveRelease = "archive.release", archiveDispose = "archive.dispose", archiveCatalogRebuild = "archive.catalog.rebuild"
    case archiveAudit = "archive.audit", archiveReplicate = "archive.replicate"
    case auditRecover = "audit.recover", auditAccept = "audit.accept", auditCheckpoint = "audit.checkpoint"
    case accountAdd = "account.add", accountUpdate = "account.update", drawWitness = "draw.witness"
    case resultSubmit = "result.submit", resultReview = "result.review"
    /// An office added to a province's database: the first entry of its own trail.
    case officeAdd = "office.add"
}

/// The payloads of audit entries that are not a stored record themselves: Codable values, so that
/// any text in them (a file name with `"`, a newline, U+001F) is escaped by the encoder.
public enum AuditPayload {
    /// A command cut off between its commit (or rollback) and its head, recognised by the next one.
    public struct Recovery: Codable, Sendable, Hashable {
        public var confirmed: Int64
        public var found: Int64
        public var pending: Int64?
        public var committed: Bool
        public var note: String
    }

    /// The head re-established by a person, with why and what it said before.
    public struct Acceptance: Codable, Sendable, Hashable {
        public var reason: String
        public var head: String
        public var problems: [String]
    }

    /// A fixity run (`archive audit`, `archive replicate`): how many checks by outcome, and every package
    /// that failed or was repaired.
    public struct FixityRun: Codable, Sendable, Hashable {
        public var checks: Int
        public var outcomes: [String: Int]
        public var failed: [String]
        public var repaired: [String]
        public var locations: [String]
    }

    /// A witness's sign-off of a draw attempt: the record and the SHA-256 they attested.
    public struct WitnessSignOff: Codable, Sendable, Hashable {
        public var record: String
        public var sha256: String
        public var attempt: Int

        public init(record: String, sha256: String, attempt: Int) {
            (self.record, self.sha256, self.attempt) = (record, sha256, attempt)
        }
    }

    /// A record file written (draw, match) and what it holds.
    public struct RecordFile: Codable, Sendable, Hashable {
        public var record: String
        public var sha256: String
        public var drawn: Int? = nil
        public var visits: Int? = nil
        /// For a substitution: the visit, and who left and joined its team.
        public var visit: String? = nil
        public var removed: String? = nil
        public var added: String? = nil
        /// For a draw: which attempt, why it was repeated, and the registry snapshot it published.
        public var attempt: Int? = nil
        public var reason: String? = nil
        public var snapshot: String? = nil
        public var snapshotSHA256: String? = nil
    }

    /// A registry file imported and what changed (counts as text, as the first versions wrote them).
    public struct RegistryImport: Codable, Sendable, Hashable {
        public var file, fileSHA256: String
        public var added, changed, removed: String
        public var snapshotHash: String
    }

    /// An evidence file added to a visit.
    public struct EvidenceFile: Codable, Sendable, Hashable {
        public var name, sha256: String
        public var size: Int
    }

    /// A task's results published.
    public struct Publication: Codable, Sendable, Hashable {
        public var publishedOn: String
    }

    /// An objection received, with its review deadline.
    public struct ObjectionReceived: Codable, Sendable, Hashable {
        public var objection: Int
        public var receivedOn, reviewDue: String
    }

    /// A batch of documents rendered.
    public struct Rendering: Codable, Sendable, Hashable {
        public var documents, new: Int
        public var forms: String
        /// Documents issued before and issued again with changed contents, and why (absent for a first issue).
        public var reissued: [String]?
        public var reason: String?
    }

    /// A dossier disposed of, on a disposal list.
    public struct Disposal: Codable, Sendable, Hashable {
        public var list, on: String
    }

    /// A task's draw records sealed: the package, its seal value, and a digest of what it holds (the
    /// files' names and SHA-256s), so that an unchanged set is not sealed again.
    public struct TaskRecords: Codable, Sendable, Hashable {
        public var package: String
        public var seal: String
        public var files: Int
        public var contentSHA256: String
        public init(package: String, seal: String, files: Int, contentSHA256: String) {
            (self.package, self.seal, self.files, self.contentSHA256) = (package, seal, files, contentSHA256)
        }
    }

    /// A count of catalogue rows.
    public struct Rows: Codable, Sendable, Hashable {
        public var rows: Int
    }
}
