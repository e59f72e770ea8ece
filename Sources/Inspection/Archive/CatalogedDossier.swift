/// A sealed case file as the archive's catalogue lists it: one version of one dossier (一对象一档案).
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
        (self.code, self.version, self.visit, self.task, self.title, self.path) = (code, version, visit, task, title, path)
        (self.sealValue, self.contentDigest, self.className, self.retention, self.due) = (sealValue, contentDigest, className, retention, due)
        (self.sealedAt, self.actor, self.disposedAt) = (sealedAt, actor, disposedAt)
    }
}
