import Foundation

/// Writing a whole file atomically (a temporary file beside it, renamed into place), with the
/// failure said plainly: a full disk as a full disk, any other refusal with the path.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it whole or not at all.
    /// - Throws: `FileProblem` (`file.diskFull` or `file.unwritable`).
    public static func write(_ bytes: some DataProtocol, to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FileProblem.unwritable(path, cause: error)
        }
    }
}
