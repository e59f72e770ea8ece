/// Reads a zip safely: every entry name, size and ratio is checked when the archive is opened,
/// and every read is bounded and CRC-checked.
///
/// Opening refuses, with a clear error: names with `..`, absolute paths, backslashes or drive
/// letters; symbolic links; duplicate names; encrypted entries; overlapping entries; and declared
/// sizes or ratios over `Limits`. Reading stops as soon as an entry inflates past its declared size.
///
/// ```swift
/// let zip = try ZipReader(path: "form.docx")
/// let document = try zip.contents(of: "word/document.xml")
/// try zip.testAll()   // like `unzip -t`
/// ```
///
/// `Sendable`: all state is immutable after opening and reads use `pread`.
public final class ZipReader: Sendable {
    /// Bounds that stop zip bombs and absurd archives early.
    public struct Limits: Sendable, Hashable {
        /// At most this many entries.
        public var maxEntries: Int = 1_000_000
        /// No entry may declare more than this many uncompressed bytes. Default 4 GiB.
        public var maxEntrySize: UInt64 = 4 << 30
        /// The entries together may declare at most this many uncompressed bytes. Default 16 GiB.
        public var maxTotalSize: UInt64 = 16 << 30
        /// No entry above `ratioFloor` bytes may expand more than this many times. Default 1000.
        public var maxRatio: UInt64 = 1000
        /// Entries up to this size are exempt from the ratio check (tiny files of zeros are harmless).
        public var ratioFloor: UInt64 = 1 << 20
        /// `contents(of:)` refuses entries larger than this; stream them instead. Default 512 MiB.
        public var maxInMemory: UInt64 = 512 << 20
        /// A zip file up to this size is read whole when opened, with one call, and its entries are then
        /// handed over as slices of those bytes: one system call instead of one per header and chunk (a
        /// package of seven files took ~20 `pread`s, 10 % of `archive verify`). Default 16 MiB.
        public var readWholeUpTo: UInt64 = 16 << 20

        /// The defaults.
        public init() {}

        /// The defaults.
        public static let standard = Limits()
    }

    /// The entries in central-directory order.
    public let entries: [ZipEntry]
    /// The archive's path or given name, for messages.
    public let name: String?
    /// The limits this reader enforces.
    public let limits: Limits

    let input: any ZipInput
    private let index: [String: Int]
    /// Where the central directory starts: no entry data may reach it.
    let centralDirectoryOffset: UInt64

    /// Opens a zip file.
    /// - Parameters:
    ///   - path: the file.
    ///   - limits: bounds on entries, sizes and ratios.
    /// - Throws: `ZipError` naming the archive and, for entry problems, the entry; when several
    ///   entries are bad, the message lists every one.
    public convenience init(path: String, limits: Limits = .standard) throws {
        let file: FileInput
        let input: any ZipInput
        do {
            file = try FileInput(path: path)
            input = file.size <= limits.readWholeUpTo ? MemoryInput(storage: try file.bytes(at: 0, count: Int(file.size))) : file
        } catch let error as ZipError {
            throw error.located(archive: path)
        }
        try self.init(input: input, name: path, limits: limits)
    }

    /// Opens a zip held in memory.
    /// - Parameters:
    ///   - bytes: the zip.
    ///   - name: a name for messages.
    ///   - limits: bounds on entries, sizes and ratios.
    /// - Throws: as `init(path:limits:)`.
    public convenience init(bytes: [UInt8], name: String? = nil, limits: Limits = .standard) throws {
        try self.init(input: MemoryInput(storage: bytes), name: name, limits: limits)
    }

    init(input: any ZipInput, name: String?, limits: Limits) throws {
        self.input = input
        self.name = name
        self.limits = limits
        do {
            let directory = try CentralDirectory.read(from: input, limits: limits)
            entries = directory.entries
            centralDirectoryOffset = directory.offset
            index = Dictionary(directory.entries.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        } catch let error as ZipError {
            throw error.located(archive: name)
        }
    }

    /// The entry with this exact name, if any.
    public subscript(path: String) -> ZipEntry? {
        index[path].map { entries[$0] }
    }

    /// The whole uncompressed content of an entry, CRC-checked.
    /// - Throws: `ZipError` (`.limitExceeded` over `limits.maxInMemory`, `.crcMismatch`, `.corrupt`, `.truncated`).
    public func contents(of entry: ZipEntry) throws -> [UInt8] {
        guard entry.uncompressedSize <= limits.maxInMemory else {
            throw ZipError(
                .limitExceeded, "\(entry.uncompressedSize) bytes is over the in-memory limit of \(limits.maxInMemory); stream it",
                archive: name, entry: entry.path)
        }
        var result: [UInt8] = []
        result.reserveCapacity(Int(entry.uncompressedSize))
        try stream(entry) { result.append(contentsOf: $0) }
        return result
    }

    /// The whole uncompressed content of the entry named `path`.
    /// - Throws: `ZipError.invalidEntry` when there is no such entry, or as `contents(of:)`.
    public func contents(of path: String) throws -> [UInt8] {
        guard let entry = self[path] else {
            throw ZipError(.invalidEntry, "no such entry", archive: name, entry: path)
        }
        return try contents(of: entry)
    }

    /// Hands an entry's uncompressed content to `consumer` in chunks of up to 256 KiB, in constant memory.
    /// The chunks are slices: their indices need not start at 0, and one kept holds the bytes it slices
    /// (for a zip read whole, all of them).
    /// The CRC and size are checked at the end; an entry that inflates past its declared size is stopped there.
    /// - Throws: `ZipError`, or what `consumer` throws.
    public func stream(_ entry: ZipEntry, into consumer: (ArraySlice<UInt8>) throws -> Void) throws {
        var buffers = ReadBuffers(for: entry, inMemory: input.inMemory != nil)
        try withLocation(entry) {
            let decoder = EntryDecoder(reader: self, entry: entry)
            if entry.method == .stored {
                try decoder.decodeStored(using: &buffers, emit: consumer)
            } else {
                try decoder.decode(using: &buffers) { piece in try consumer(ArraySlice(piece)) }
            }
        }
    }

    /// Checks every entry as `unzip -t` does (inflate and compare CRC-32 and size), and reports
    /// every bad entry, not just the first.
    /// - Returns: the number of entries tested.
    /// - Throws: one `ZipError` listing every failing entry.
    @discardableResult
    public func testAll() throws -> Int {
        var buffers = ReadBuffers()
        var problems: [ZipError] = []
        for entry in entries where !entry.isDirectory {
            do {
                try withLocation(entry) { try EntryDecoder(reader: self, entry: entry).decode(using: &buffers) { _ in } }
            } catch let error as ZipError {
                problems.append(error)
            }
        }
        if problems.count == 1 { throw problems[0] }
        if let first = problems.first {
            throw ZipError(
                first.code, "\(problems.count) entries failed:\n" + problems.map(\.description).joined(separator: "\n"), archive: name)
        }
        return entries.count
    }

    /// Where an entry's stored bytes start, after checking its local header against the central directory.
    func dataOffset(of entry: ZipEntry) throws -> UInt64 {
        // The header and the name the central directory expects, in one read (a short read near the end
        // of the file is the truncation reported below).
        let header = try input.bytes(at: entry.localHeaderOffset, count: ZipFormat.localHeaderSize + entry.rawName.count)
        var reader = ByteReader(header)
        do {
            guard try reader.u32() == ZipFormat.localHeaderSignature else {
                throw ZipError(.corrupt, "no local header at offset \(entry.localHeaderOffset)")
            }
            reader.offset = 26
            let nameLength = Int(try reader.u16())
            let extraLength = Int(try reader.u16())
            guard nameLength == entry.rawName.count, header[30...].elementsEqual(entry.rawName) else {
                throw ZipError(.corrupt, "the local header names a different file than the central directory")
            }
            let start = entry.localHeaderOffset + 30 + UInt64(nameLength) + UInt64(extraLength)
            guard start <= centralDirectoryOffset, entry.compressedSize <= centralDirectoryOffset - start else {
                throw ZipError(.truncated, "the entry's data runs past the start of the central directory")
            }
            return start
        } catch is ByteReaderOverrun {
            throw ZipError(.truncated, "the local header is cut short")
        }
    }

    private func withLocation<T>(_ entry: ZipEntry, _ body: () throws -> T) throws -> T {
        do { return try body() } catch var error as ZipError {
            if error.entry == nil { error.entry = entry.path }
            throw error.located(archive: name)
        }
    }
}
