/// One entry of a zip as its central directory describes it.
public struct ZipEntry: Sendable, Hashable {
    /// How an entry's bytes are stored.
    public enum Method: Sendable, Hashable {
        case stored, deflated
    }

    /// The entry's name, `/`-separated, decoded from UTF-8 (or CP437 for old archives).
    public let path: String
    /// How the data is stored.
    public let method: Method
    /// The CRC-32 of the uncompressed data.
    public let crc32: UInt32
    /// The size of the stored (possibly compressed) data.
    public let compressedSize: UInt64
    /// The size once decompressed.
    public let uncompressedSize: UInt64
    /// Whether the entry is a folder (its name ends with `/`).
    public var isDirectory: Bool { path.hasSuffix("/") }

    let localHeaderOffset: UInt64
    let rawName: [UInt8]
    let flags: UInt16
}

/// The compression of an entry.
public enum ZipCompression: Sendable, Hashable {
    /// Stored as is.
    case store
    /// Deflated at a zlib level from 1 (fastest) to 9 (smallest); stored instead when that is not smaller.
    case deflate(level: Int)

    /// Deflate at level 6, zip's and zlib's default.
    public static let standard = ZipCompression.deflate(level: 6)
}

/// Which entry names are safe: relative, `/`-separated, without `..`, drive letters or NUL.
enum ZipPath {
    /// Why `name` is unsafe, or nil when it is fine.
    static func problem(_ name: String) -> (ZipError.Code, String)? {
        // Judged on the UTF-8 bytes: a '\\' or '/' byte is that character whatever follows it (a combining
        // mark after a backslash makes a different Character, not a different byte).
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return (.unsafePath, "the entry name is empty") }
        if bytes.contains(0) { return (.unsafePath, "the name holds a NUL character") }
        if bytes.contains(UInt8(ascii: "\\")) { return (.unsafePath, "the name holds a backslash; zip names use '/'") }
        if bytes[0] == UInt8(ascii: "/") { return (.unsafePath, "absolute path; entry names must be relative") }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[0] & 0xDF) {
            return (.unsafePath, "the name starts with a drive letter")
        }
        var components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "/") { components.removeLast() }
        if components.contains(where: { $0.elementsEqual([0x2E, 0x2E]) }) { return (.unsafePath, "path escapes the archive with '..'") }
        if components.contains(where: { $0.isEmpty || $0.elementsEqual([0x2E]) }) {
            return (.unsafePath, "the name has an empty or '.' component")
        }
        return nil
    }

    /// The name used to detect duplicates: a folder `a/` collides with a file `a`.
    static func identity(_ name: String) -> String {
        name.hasSuffix("/") ? String(name.dropLast()) : name
    }
}
