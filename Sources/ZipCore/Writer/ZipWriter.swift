#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import Support

/// Writes a zip: deterministic bytes, streaming, ZIP64 when needed, atomic when writing a file.
///
/// Entries appear in the order added, each with the same fixed timestamp and attributes, so the
/// same input always gives the same bytes. Writing to a path goes to a temporary file beside it,
/// renamed into place by `finish()`; a writer dropped before `finish()` leaves nothing behind.
///
/// ```swift
/// let zip = try ZipWriter(path: "out.odt")
/// try zip.add("mimetype", bytes: Array("application/vnd.oasis.opendocument.text".utf8))
/// try zip.add("content.xml", bytes: content)
/// try zip.add(contentsOf: [.file("Pictures/1.png", path: "/tmp/1.png")])  // compressed on all cores
/// try zip.finish()
/// ```
///
/// Not `Sendable`: one writer belongs to one thread; it uses other cores itself in `add(contentsOf:)`.
public final class ZipWriter {
    /// How the writer compresses and stamps entries.
    public struct Options: Sendable {
        /// The default compression; each entry may override it.
        public var compression: ZipCompression = .standard
        /// The modification time of every entry.
        public var timestamp: ZipTimestamp = .dosEpoch
        /// Whether `finish()` waits until the file is on disk (fsync) before renaming it into place.
        /// A batch of many files may turn it off and make them durable with one `syncFileSystem(of:)`;
        /// `finish()` then starts writing the file out without waiting, so that the final sync has less to wait for.
        public var synchronizes = true
        /// How many entries `add(contentsOf:)` compresses at once; the output does not depend on it.
        public var parallelism: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

        /// The defaults: deflate level 6, 1980-01-01 00:00, all cores.
        public init() {}
    }

    /// Something to put into the zip, for `add(contentsOf:)`.
    public enum Source: Sendable {
        /// Bytes in memory.
        case bytes(String, [UInt8], compression: ZipCompression? = nil)
        /// A file on disk, read as it is compressed.
        case file(String, path: String, compression: ZipCompression? = nil)
        /// A folder entry; the name ends with `/`.
        case directory(String)

        var name: String {
            switch self {
            case .bytes(let name, _, _), .file(let name, _, _), .directory(let name): name
            }
        }
    }

    let options: Options
    let output: any ZipOutput
    var records: [CentralRecord] = []
    var names: Set<String> = []
    private var finished = false
    /// Set when an error struck after bytes were written: the zip cannot be completed any more.
    private var failure: ZipError?
    private let finalPath: String?
    private let temporaryPath: String?
    private var deflaters: [Int32: Deflater] = [:]

    /// Files up to this size are compressed in memory in one call (and in parallel); larger ones stream.
    static let inMemoryLimit = 16 << 20
    static let chunkSize = 1 << 20

    /// A writer whose result is returned by `finishedBytes()`.
    public init(options: Options = Options()) {
        self.options = options
        output = MemoryOutput()
        finalPath = nil
        temporaryPath = nil
    }

    /// A writer to a file, which appears at `path` only when `finish()` succeeds.
    /// - Parameters:
    ///   - path: the final path; an existing file there is replaced on `finish()`.
    ///   - options: compression and timestamp.
    /// - Throws: `ZipError.io` when the temporary file cannot be created.
    public init(path: String, options: Options = Options()) throws {
        self.options = options
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var temporary = ""
        var created: FileOutput?
        for attempt in 0..<100 {
            temporary = "\(folder).\(base).\(getpid()).\(attempt).tmp"
            do {
                created = try FileOutput(creating: temporary)
                break
            } catch is FileAlreadyExists {
                continue
            }
        }
        guard let created else { throw ZipError(.io, "cannot create a temporary file beside \(path)") }
        output = created
        finalPath = path
        temporaryPath = temporary
    }

    deinit {
        if !finished, let temporaryPath { unlink(temporaryPath) }
    }

    // MARK: - Adding entries

    /// Adds an entry from bytes in memory.
    /// - Parameters:
    ///   - name: a relative `/`-separated name; `mimetype` must come first and is always stored.
    ///   - bytes: the content.
    ///   - compression: overrides the writer's default.
    /// - Throws: `ZipError.invalidEntry` for a bad or repeated name; `.io` on write failure.
    public func add(_ name: String, bytes: [UInt8], compression: ZipCompression? = nil) throws {
        try add(contentsOf: [.bytes(name, bytes, compression: compression)], parallelism: 1)
    }

    /// Adds an entry from a file, streaming it when it is large.
    /// - Throws: `ZipError.invalidEntry`, or `.io` when the file cannot be read.
    public func add(_ name: String, contentsOfFile path: String, compression: ZipCompression? = nil) throws {
        try add(contentsOf: [.file(name, path: path, compression: compression)], parallelism: 1)
    }

    /// Adds a folder entry (`name` must end with `/`).
    public func addDirectory(_ name: String) throws {
        try add(contentsOf: [.directory(name)], parallelism: 1)
    }

    /// Adds many entries in the order given, compressing independent ones on `options.parallelism`
    /// cores. The bytes written are the same as adding them one by one.
    /// - Throws: the first `ZipError` in entry order; nothing after a failing entry is written.
    public func add(contentsOf sources: [Source]) throws {
        try add(contentsOf: sources, parallelism: options.parallelism)
    }

    /// Adds an entry whose content is produced piece by piece (a streaming XML writer, say), in constant memory.
    ///
    /// ```swift
    /// try zip.add("xl/worksheets/sheet1.xml") { entry in
    ///     var xml = XMLStreamWriter { try entry.write($0) }
    ///     …
    /// }
    /// ```
    /// The content is deflated as it comes (it cannot be re-read, so it is not stored instead even
    /// if deflate does not shrink it) and may be at most 4 GiB.
    /// - Throws: the body's errors, `ZipError.invalidEntry`, or `.limitExceeded` past 4 GiB.
    public func add(_ name: String, compression: ZipCompression? = nil, writing body: (ZipEntryStream) throws -> Void) throws {
        try transaction { try addStreamed(name, compression: compression, writing: body) }
    }

    private func addStreamed(_ name: String, compression: ZipCompression?, writing body: (ZipEntryStream) throws -> Void) throws {
        let nameBytes = try claim(name, isDirectory: false)
        let method = effectiveCompression(name, compression)
        var record = CentralRecord(
            name: nameBytes, method: method == .store ? ZipFormat.methodStored : ZipFormat.methodDeflated,
            crc: 0, compressedSize: 0, uncompressedSize: 0, offset: output.position,
            isDirectory: false, nameIsUTF8: !name.utf8.allSatisfy { $0 < 0x80 })
        try output.write(record.localHeader(timestamp: options.timestamp, zip64: false))
        let dataStart = output.position
        let stream = ZipEntryStream(output: output, deflater: method.level.map(deflater(level:)))
        try body(stream)
        try stream.close()
        record.crc = stream.crc.value
        record.uncompressedSize = stream.count
        record.compressedSize = output.position - dataStart
        guard record.uncompressedSize < ZipFormat.max32, record.compressedSize < ZipFormat.max32 else {
            throw ZipError(.limitExceeded, "a streamed entry may hold at most 4 GiB; add large content as a file", entry: name)
        }
        try output.patch(at: record.offset, with: record.localHeader(timestamp: options.timestamp, zip64: false))
        records.append(record)
    }

    // MARK: - Finishing

    /// Writes the central directory and, for a file writer, syncs it and renames it into place.
    /// - Throws: `ZipError.io`; the temporary file is removed and nothing appears at the path.
    public func finish() throws {
        if failure != nil, let temporaryPath {
            unlink(temporaryPath)
        }
        try ensureOpen()
        do {
            try writeCentralDirectory()
            if let file = output as? FileOutput, let temporaryPath, let finalPath {
                if options.synchronizes { try file.synchronize() } else { try file.startWriteback() }
                guard rename(temporaryPath, finalPath) == 0 else {
                    throw ZipError(.io, "cannot rename \(temporaryPath) to \(finalPath): \(String(cString: strerror(errno)))")
                }
                if options.synchronizes { synchronizeFolder(of: finalPath) }
            }
            finished = true
        } catch {
            if let temporaryPath { unlink(temporaryPath) }
            finished = true
            throw error
        }
    }

    /// The entries added so far, as the central directory will list them (name, method, CRC-32, sizes).
    public var entries: [ZipEntry] {
        records.map { record in
            ZipEntry(
                path: String(decoding: record.name, as: UTF8.self), method: record.method == ZipFormat.methodDeflated ? .deflated : .stored,
                crc32: record.crc, compressedSize: record.compressedSize, uncompressedSize: record.uncompressedSize,
                localHeaderOffset: record.offset, rawName: record.name, flags: record.flags)
        }
    }

    /// Finishes an in-memory writer and returns the zip.
    /// - Throws: as `finish()`.
    public func finishedBytes() throws -> [UInt8] {
        guard let memory = output as? MemoryOutput else {
            preconditionFailure("finishedBytes() is for writers made with init(options:)")
        }
        try finish()
        return memory.bytes
    }

    // MARK: - Internals

    func ensureOpen() throws {
        if finished { throw ZipError(.invalidEntry, "the zip is already finished", archive: finalPath) }
        if let failure {
            throw ZipError(failure.code, "an earlier error left the zip incomplete: \(failure)", archive: finalPath, cause: failure)
        }
    }

    /// Runs one adding operation. An error before anything was written (a bad name, an unreadable
    /// file) leaves the writer as it was; an error after that poisons it, so that a half-written
    /// entry can never be finished into a zip.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try ensureOpen()
        let position = output.position
        let claimed = names
        do {
            return try body()
        } catch {
            let zipError = error as? ZipError ?? ZipError(.io, "\(error)", archive: finalPath)
            if output.position == position {
                names = claimed
            } else {
                failure = zipError
            }
            throw error
        }
    }

    /// Checks a new entry's name and reserves it; returns its UTF-8 bytes.
    func claim(_ name: String, isDirectory: Bool) throws -> [UInt8] {
        if let (_, reason) = ZipPath.problem(name) {
            throw ZipError(.invalidEntry, reason, archive: finalPath, entry: name)
        }
        if isDirectory != name.hasSuffix("/") {
            throw ZipError(
                .invalidEntry, isDirectory ? "a folder entry's name ends with '/'" : "a file entry's name cannot end with '/'",
                archive: finalPath, entry: name)
        }
        // ODF 1.2 §3.3: "mimetype" is the first entry, stored, so the type can be read at a fixed offset.
        if name == "mimetype" && !records.isEmpty {
            throw ZipError(.invalidEntry, "'mimetype' must be the first entry of the package", archive: finalPath, entry: name)
        }
        let identity = ZipPath.identity(name)
        guard names.insert(identity).inserted else {
            throw ZipError(.invalidEntry, "an entry with this name was already added", archive: finalPath, entry: name)
        }
        let bytes = Array(name.utf8)
        guard bytes.count <= ZipFormat.max16 else {
            throw ZipError(.invalidEntry, "the name is longer than 65,535 bytes", archive: finalPath, entry: name)
        }
        return bytes
    }

    func effectiveCompression(_ name: String, _ requested: ZipCompression?) -> ZipCompression {
        if name == "mimetype" { return .store }
        let compression = requested ?? options.compression
        if case .deflate(let level) = compression, level <= 0 { return .store }
        return compression
    }

    func deflater(level: Int32) -> Deflater {
        if let existing = deflaters[level] {
            existing.reset()
            return existing
        }
        let created = Deflater(level: Int(level))
        deflaters[level] = created
        return created
    }

    private func writeCentralDirectory() throws {
        let start = output.position
        var directory = ByteWriter(capacity: 1 << 16)
        for record in records {
            directory.append(record.centralHeader(timestamp: options.timestamp))
            if directory.bytes.count >= 1 << 20 {
                try output.write(directory.bytes)
                directory.bytes.removeAll(keepingCapacity: true)
            }
        }
        try output.write(directory.bytes)
        let size = output.position - start
        let count = UInt64(records.count)
        var tail = ByteWriter(capacity: 98)
        let needsZip64 = count >= UInt64(ZipFormat.max16) || size >= ZipFormat.max32 || start >= ZipFormat.max32
        if needsZip64 {
            let zip64End = output.position
            tail.u32(ZipFormat.zip64EndSignature)
            tail.u64(UInt64(ZipFormat.zip64EndSize - 12))
            tail.u16(ZipFormat.versionMadeBy)
            tail.u16(ZipFormat.versionNeededZip64)
            tail.u32(0)
            tail.u32(0)
            tail.u64(count)
            tail.u64(count)
            tail.u64(size)
            tail.u64(start)
            tail.u32(ZipFormat.zip64LocatorSignature)
            tail.u32(0)
            tail.u64(zip64End)
            tail.u32(1)
        }
        tail.u32(ZipFormat.endOfCentralDirectorySignature)
        tail.u16(0)
        tail.u16(0)
        tail.u16(needsZip64 ? UInt16.max : UInt16(count))
        tail.u16(needsZip64 ? UInt16.max : UInt16(count))
        tail.u32(needsZip64 ? UInt32.max : UInt32(size))
        tail.u32(needsZip64 ? UInt32.max : UInt32(start))
        tail.u16(0)
        try output.write(tail.bytes)
    }

    /// Makes everything written so far durable with one `sync(2)`, then syncs the folder `path`
    /// (for batches written with `Options.synchronizes` off).
    public static func syncFileSystem(of path: String) { FileSync.everything(thenFolder: path) }

    private func synchronizeFolder(of path: String) { FileSync.folder(containing: path) }
}

extension ZipCompression {
    /// The zlib level, or nil for store.
    var level: Int32? {
        switch self {
        case .store: nil
        case .deflate(let level): level > 0 ? Int32(min(level, 9)) : nil
        }
    }
}
