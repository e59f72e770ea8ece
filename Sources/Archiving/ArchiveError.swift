import Support

/// The archive's layer, for `ArchiveError`.
public enum ArchiveLayer: ErrorLayer { public static let name = "archive" }

/// A sealing, verification, retention or export operation refused or failed, saying why.
public typealias ArchiveError = LayerError<ArchiveLayer>
