import Crypto
import Foundation

/// SHA-256 of bytes as lower-case hex: how manifests, the audit trail, records and the catalogue
/// write digests.
///
/// ```swift
/// sha256Hex(Array("abc".utf8))   // "ba7816bf…"
/// ```
public func sha256Hex(_ bytes: some DataProtocol) -> String { SHA256.hash(data: bytes).hex }

/// SHA-256 of a file, read a mebibyte at a time.
/// - Throws: `FileProblem` when the file cannot be read.
public func sha256Hex(ofFile path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw FileProblem.unreadable(path) }
    defer { try? handle.close() }
    var hasher = SHA256()
    do {
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    } catch {
        throw FileProblem.unreadable(path, cause: error)
    }
    return hasher.finalize().hex
}

extension SHA256.Digest {
    /// Lower-case hex, as manifests and the audit trail write digests.
    public var hex: String { lowercaseHex(self) }
}
