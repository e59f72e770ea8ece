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

    /// Writes `bytes` to `path` whole and durably: synced before the rename, the folder after it, so that
    /// after a power cut the file is the old one or the new one, never empty.
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).\(getpid()).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)), let handle = FileHandle(forWritingAtPath: temporary)
        else { throw FileProblem.unwritable(path) }
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(path, cause: error)
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(path)
        }
        FileSync.folder(containing: path)
    }
}
