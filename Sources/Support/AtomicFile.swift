import Foundation

/// Writing a whole file atomically (a temporary file beside it, renamed into place), with the
/// failure said plainly: a full disk as a full disk, any other refusal with the path.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing it whole or not at all.
    /// - Throws: `FileProblem` (`file.diskFull` or `file.unwritable`).
    ///
    /// The bytes go to `.NAME.PID.partial` beside the file and are renamed into place; a command killed
    /// in between leaves that file, which the next write into the folder sweeps once its process is gone
    /// (`StaleFiles`). (Foundation's `.atomic` writes go through a temporary folder of their own, which a
    /// kill leaves behind and nothing sweeps.)
    public static func write(_ bytes: some DataProtocol, to path: String) throws {
        let (name, temporary) = staging(path)
        try write(bytes, temporary: temporary, for: path, sync: false)
        try move(temporary, to: path)
        CrashPoint.reached("wrote \(name)")
    }

    /// The first step of a write: its crash point, the folder swept of what killed writers left, and the
    /// temporary file's name (`.NAME.PID.partial` beside the file).
    private static func staging(_ path: String) -> (name: String, temporary: String) {
        let name = (path as NSString).lastPathComponent
        CrashPoint.reached("write \(name)")
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        StaleFiles.sweepOnce(folder)
        return (name, "\(folder)/.\(name).\(getpid()).partial")
    }

    /// Writes the temporary file of a write to `path`, synced or not; removed again if that fails. Opened by
    /// hand, not with FileManager.createFile or Data.write: those write atomically through a temporary of
    /// their own, which a kill leaves behind, hide the errno (a full disk said as nothing at all), and
    /// Data(bytes) would hold a second copy of a hundred-megabyte file.
    private static func write(_ bytes: some DataProtocol, temporary: String, for path: String, sync: Bool) throws {
        // 0o666 less the umask, as Data.write and other tools create files (a group-shared workspace keeps
        // group write under umask 002).
        let descriptor = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileProblem.unwritable(path, cause: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            if sync { try handle.synchronize() }
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(path, cause: error)
        }
    }

    /// Renames `source` to `target` with rename(2): atomic, replacing a file already there. (Foundation's
    /// `moveItem` refuses an existing target, and on Linux traps comparing some non-ASCII names.)
    /// - Throws: `FileProblem.unwritable`, the source removed.
    public static func move(_ source: String, to target: String) throws {
        guard rename(source, target) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: source)
            throw FileProblem.unwritable(target, cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
    }

    /// Writes `bytes` to `path` whole and durably: synced before the rename, the folder after it, so that
    /// after a power cut the file is the old one or the new one, never empty.
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let (name, temporary) = staging(path)
        try write(bytes, temporary: temporary, for: path, sync: true)
        try move(temporary, to: path)
        FileSync.folder(containing: path)
        CrashPoint.reached("wrote \(name)")
    }
}
