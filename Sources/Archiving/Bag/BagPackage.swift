import Crypto
import Foundation
import Store
import Support
import ZipCore

#if canImport(Glibc)
    import Glibc
#endif

/// Writes one BagIt 1.0 bag (RFC 8493) as a zip whose single root folder is the bag.
///
/// Sources are hashed (SHA-256, and SM3 when asked) in the same pass that reads them, and checked
/// against the digest recorded when they were issued. The zip is written to a temporary file,
/// synced, read back and every entry compared with what was meant to be written, and only then
/// renamed into place: a truncated or altered copy never carries its own matching checksums.
/// Already-compressed files (docx, pdf, jpg, png, mp4…) are stored, the rest deflated; the same
/// input gives the same bytes.
struct BagPackage {
    /// A payload file: where it comes from and what it must hash to.
    struct Payload {
        /// The name under `data/`, NFC.
        var name: String
        var source: String
        var expectedSHA256: String?
    }

    /// A payload file as read: its bytes and digests.
    struct Read {
        var name: String
        var bytes: [UInt8]
        var sha256: String
        var sm3: String?
    }

    static let stored: Set<String> = [
        "docx", "xlsx", "pptx", "odt", "ods", "pdf", "jpg", "jpeg", "png", "gif", "mp4", "mov", "mp3", "m4a", "zip", "ofd",
    ]
    /// Names operating systems leave behind, refused rather than archived.
    static let junk: Set<String> = ["thumbs.db", ".ds_store", "desktop.ini", "__macosx", ".localized"]

    /// Reads and hashes the payload; every problem at once (a missing file, a changed file, a name that
    /// collides after NFC normalisation or differs only by case, OS junk).
    static func read(_ payload: [Payload], sm3: Bool) throws -> [Read] {
        var problems: [ArchiveError] = []
        var seen: [String: String] = [:]
        for file in payload {
            let base = (file.name.split(separator: "/").last.map(String.init) ?? file.name).lowercased()
            if junk.contains(base) || base.hasPrefix("._") {
                problems.append(ArchiveError(zh: "系统杂项文件不得归档：\(file.source)", en: "operating-system junk is not archived: \(file.source)"))
            }
            let key = file.name.precomposedStringWithCanonicalMapping.lowercased()
            if let other = seen[key] {
                problems.append(
                    ArchiveError(
                        zh: "文件名规范化（NFC、不分大小写）后重名：\(other) 与 \(file.source)",
                        en: "names collide after NFC normalisation or differ only by case: \(other) and \(file.source)"))
            }
            seen[key] = file.source
        }
        var reads: [Read] = []
        for file in payload {
            // One read of the whole file straight into the array that is hashed and written.
            guard let bytes = try? FileContents.read(file.source) else {
                problems.append(ArchiveError(zh: "找不到文件 \(file.source)", en: "missing file \(file.source)"))
                continue
            }
            var sha = SHA256()
            sha.update(data: bytes)
            var national = sm3 ? SM3() : nil
            national?.update(bytes)
            let digest = sha.finalize().hex
            if let expected = file.expectedSHA256, expected != digest {
                problems.append(
                    ArchiveError(
                        zh: "\(file.source) 在出具后被改动：记录的 SHA-256 为 \(expected)，现为 \(digest)",
                        en: "\(file.source) changed after it was issued: recorded SHA-256 \(expected), now \(digest)"))
            }
            reads.append(
                Read(name: file.name.precomposedStringWithCanonicalMapping, bytes: bytes, sha256: digest, sm3: national?.finalize().hex))
        }
        if !problems.isEmpty {
            throw ArchiveError(zh: problems.map(\.zh).joined(separator: "\n"), en: problems.map(\.en).joined(separator: "\n"))
        }
        return reads.sorted { $0.name < $1.name }
    }

    /// `bagit.txt`: the BagIt 1.0 declaration.
    static let declaration = Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)

    /// `bag-info.txt` from label–value pairs, in order, each value on one line.
    /// `bag-info.txt`: the fields, then the BagIt profile every SpotCheck package declares.
    static func bagInfo(_ fields: [(String, String)]) -> [UInt8] {
        let all = fields + [("BagIt-Profile-Identifier", profileIdentifier)]
        return Array(all.map { "\($0.0): \($0.1.replacingOccurrences(of: "\n", with: " "))\n" }.joined().utf8)
    }

    /// The BagIt profile (BagIt Profiles 1.3.0) our packages follow: `archive/bagit-profile.json`.
    public static let profileIdentifier = "urn:spotcheck:bagit-profile:1"

    /// The labels and values of a `bag-info.txt` (values trimmed of blanks; CRLF lines read too).
    static func parseBagInfo(_ bytes: [UInt8]) -> [String: String] {
        var info: [String: String] = [:]
        for line in tagLines(bytes) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            info[String(decoding: line[..<colon], as: UTF8.self)] = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
        }
        return info
    }

    /// The non-empty lines of a tag file, split on LF with a trailing CR dropped (RFC 8493 §2.1.3 allows
    /// CR, LF or CRLF line ends; ours write LF).
    static func tagLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n")).map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
    }

    /// `bytes` without leading and trailing spaces, tabs, CRs and LFs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return [] }
        return bytes[first...last]
    }

    /// Appends `tagmanifest-sha256.txt` over the tag files so far and the key's signature over it.
    /// - Returns: the seal value, the tag manifest's SHA-256.
    static func sign(_ tags: inout [(String, [UInt8])], with key: OfficeKey) throws -> String {
        let manifest = tagManifest(tags)
        tags.append(("tagmanifest-sha256.txt", manifest))
        tags.append(("signature.ed25519", Array((try key.sign(manifest) + "\n").utf8)))
        return sha256Hex(manifest)
    }

    /// `manifest-ALG.txt`: one `digest  data/name` line per file, by name.
    static func manifest(_ reads: [Read], sm3: Bool) -> [UInt8] {
        Array(reads.map { "\(sm3 ? $0.sm3 ?? "" : $0.sha256)  data/\($0.name)\n" }.joined().utf8)
    }

    /// `tagmanifest-sha256.txt` over the tag files given.
    static func tagManifest(_ tags: [(String, [UInt8])]) -> [UInt8] {
        Array(tags.sorted { $0.0 < $1.0 }.map { "\(sha256Hex($0.1))  \($0.0)\n" }.joined().utf8)
    }

    /// Writes the zip atomically at `path` (which must not exist: a sealed package is never changed).
    /// - Parameters:
    ///   - root: the bag's folder name inside the zip.
    ///   - tags: the tag files, in the order they go into the zip.
    ///   - failpoint: called before each write step (`entry N`, `finish`, `read back`, `rename`); a test
    ///     throws from it to show that a failure at any step leaves nothing behind.
    static func write(
        root: String, tags: [(String, [UInt8])], payload: [Read], to path: String, failpoint: ((String) throws -> Void)? = nil
    ) throws {
        let partial = try writePartial(root: root, tags: tags, payload: payload, to: path, synchronize: true, failpoint: failpoint)
        try commit(partial, to: path, failpoint: failpoint)
        syncFolder(of: path)
    }

    /// Writes and reads back `path.partial`; `synchronize` syncs it to disk first (a batch syncs once
    /// for all with `ZipWriter.syncFileSystem(of:)` before committing each).
    /// - Returns: the partial file's path.
    static func writePartial(
        root: String, tags: [(String, [UInt8])], payload: [Read], to path: String, synchronize: Bool,
        failpoint: ((String) throws -> Void)? = nil
    ) throws -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            throw ArchiveError(zh: "档案包 \(path) 已存在；已封存的档案包不得改动", en: "the package \(path) exists; a sealed package is never changed")
        }
        var entries: [(String, [UInt8])] = tags.map { ("\(root)/\($0.0)", $0.1) }
        entries += payload.map { ("\(root)/data/\($0.name)", $0.bytes) }
        // Named with this process, so a later run can tell a killed run's leftover from a live one's.
        let partial = "\(path).\(getpid()).partial"
        try? manager.removeItem(atPath: partial)
        var written: [ZipEntry] = []
        do {
            // The writer removes its own temporary file if it is dropped before finish().
            var options = ZipWriter.Options()
            options.synchronizes = synchronize
            options.parallelism = 1
            let zip = try ZipWriter(path: partial, options: options)
            defer { written = zip.entries }
            for (index, (name, bytes)) in entries.enumerated() {
                CrashPoint.reached("entry \(index + 1) \((path as NSString).lastPathComponent)")
                try failpoint?("entry \(index + 1)")
                let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
                try zip.add(name, bytes: bytes, compression: stored.contains(suffix) ? .store : .standard)
            }
            CrashPoint.reached("finish \((path as NSString).lastPathComponent)")
            try failpoint?("finish")
            try zip.finish()
        }
        // Read the written copy back: every entry must be there with the size and CRC-32 of the bytes meant
        // to be written, and its bytes on disk must match that CRC (a truncated or altered copy fails).
        do {
            CrashPoint.reached("read back \((path as NSString).lastPathComponent)")
            try failpoint?("read back")
            let reader = try ZipReader(path: partial)
            guard reader.entries.count == entries.count else {
                throw ArchiveError(zh: "写入的档案包条目数不符", en: "the written package has the wrong number of entries")
            }
            // Each name meant, with the CRC-32 the writer computed from the bytes in memory (the ones hashed
            // into the manifests) and the size of those bytes.
            var wanted: [String: (UInt32, UInt64)] = [:]
            for ((name, bytes), record) in zip(entries, written) {
                guard record.path == name else {
                    throw ArchiveError(zh: "写入后复核不符：\(name)", en: "the written copy does not match: \(name)")
                }
                wanted[name] = (record.crc32, UInt64(bytes.count))
            }
            for entry in reader.entries {
                guard let (crc, size) = wanted[entry.path], entry.crc32 == crc, entry.uncompressedSize == size else {
                    throw ArchiveError(zh: "写入后复核不符：\(entry.path)", en: "the written copy does not match: \(entry.path)")
                }
            }
            _ = try reader.testAll()
        } catch {
            try? manager.removeItem(atPath: partial)
            throw error
        }
        return partial
    }

    /// Renames a checked partial package into place.
    static func commit(_ partial: String, to path: String, failpoint: ((String) throws -> Void)? = nil) throws {
        let manager = FileManager.default
        do {
            CrashPoint.reached("rename \((path as NSString).lastPathComponent)")
            try failpoint?("rename")
        } catch {
            try? manager.removeItem(atPath: partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            try? manager.removeItem(atPath: partial)
            throw ArchiveError(zh: "无法将档案包移入 \(path)", en: "cannot move the package into \(path)")
        }
    }

    /// Makes renames in the folder of `path` durable.
    static func syncFolder(of path: String) { FileSync.folder(containing: path) }
}
