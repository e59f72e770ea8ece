import Crypto
import Foundation

/// Copying a file so that a reader never sees half of it and a crash leaves the old file or none: the
/// bytes go to a hidden temporary file beside the target, are synced, and renamed into place.
public enum DurableCopy {
    /// Copies `source` to `target`, replacing it whole or not at all.
    /// - Returns: the SHA-256 of the bytes copied, computed as they were read.
    /// - Throws: `FileProblem` (a full disk said as such), nothing left behind.
    /// - Parameter verified: read the written copy back before the rename and compare it with what was read:
    ///   a copy that does not match never takes the old one's place.
    @discardableResult
    public static func copy(_ source: String, to target: String, verified: Bool = false) throws -> String {
        guard let input = FileHandle(forReadingAtPath: source) else { throw FileProblem.unreadable(source) }
        defer { try? input.close() }
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = "\(folder.isEmpty ? "." : folder)/.\((target as NSString).lastPathComponent).\(getpid()).partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let output = FileHandle(forWritingAtPath: temporary) else {
            throw FileProblem.unwritable(temporary, cause: CocoaError(.fileWriteNoPermission))
        }
        var hasher = SHA256()
        do {
            defer { try? output.close() }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(target, cause: error)
        }
        let digest = hasher.finalize().hex
        if verified, (try? sha256Hex(ofFile: temporary)) != digest {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(target, cause: CocoaError(.fileWriteUnknown))
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileProblem.unwritable(target, cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
        }
        FileSync.folder(containing: target)
        return digest
    }
}
