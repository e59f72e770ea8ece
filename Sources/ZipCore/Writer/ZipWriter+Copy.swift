extension ZipWriter {
    /// Copies an entry from a reader as it is stored, without recompressing it (its CRC is checked on the way).
    ///
    /// Template filling copies every part it does not change this way.
    /// ```swift
    /// for entry in template.entries where entry.path != "word/document.xml" {
    ///     try output.copyRaw(entry, from: template)
    /// }
    /// ```
    /// - Parameters:
    ///   - entry: an entry of `reader`.
    ///   - reader: the zip it comes from.
    ///   - newName: a different name for it, if wanted.
    /// - Throws: `ZipError` from reading the source or a bad or repeated name.
    public func copyRaw(_ entry: ZipEntry, from reader: ZipReader, as newName: String? = nil) throws {
        try transaction { try copyEntry(entry, from: reader, as: newName) }
    }

    private func copyEntry(_ entry: ZipEntry, from reader: ZipReader, as newName: String?) throws {
        if (newName ?? entry.path) == "mimetype" && entry.method != .stored {
            throw ZipError(
                .invalidEntry, "'mimetype' must be stored, but the source compresses it", archive: reader.name, entry: entry.path)
        }
        try add(raw: try reader.rawEntry(entry), as: newName)
    }
}

/// An entry's stored (compressed) bytes with what describes them, held in memory so that it can be
/// written into many zips without reading or compressing it again.
public struct ZipRawEntry: Sendable, Hashable {
    /// The entry as its source archive listed it.
    public let entry: ZipEntry
    /// The stored bytes, exactly as in the source archive.
    let storedBytes: [UInt8]
}

extension ZipReader {
    /// Reads an entry's stored bytes once, CRC-checked, for writing into other zips with `ZipWriter.add(raw:)`.
    /// - Throws: `ZipError` when the entry is damaged or larger than `limits.maxInMemory`.
    public func rawEntry(_ entry: ZipEntry) throws -> ZipRawEntry {
        guard entry.compressedSize <= limits.maxInMemory else {
            throw ZipError(.limitExceeded, "\(entry.compressedSize) bytes is over the in-memory limit", archive: name, entry: entry.path)
        }
        var buffers = ReadBuffers()
        do {
            try EntryDecoder(reader: self, entry: entry).decode(using: &buffers) { _ in }
            var stored: [UInt8] = []
            stored.reserveCapacity(Int(entry.compressedSize))
            try EntryDecoder(reader: self, entry: entry).forEachRawChunk(using: &buffers.input) { stored.append(contentsOf: $0) }
            return ZipRawEntry(entry: entry, storedBytes: stored)
        } catch var error as ZipError {
            if error.entry == nil { error.entry = entry.path }
            throw error.located(archive: name)
        }
    }
}

extension ZipWriter {
    /// Writes an entry read with `ZipReader.rawEntry(_:)`, as it is stored, under its own or a new name.
    /// - Throws: `ZipError.invalidEntry` for a bad or repeated name, `.io` on write failure.
    public func add(raw: ZipRawEntry, as newName: String? = nil) throws {
        try transaction {
            let entry = raw.entry
            if (newName ?? entry.path) == "mimetype" && entry.method != .stored {
                throw ZipError(.invalidEntry, "'mimetype' must be stored, but the source compresses it", entry: entry.path)
            }
            let nameBytes = try claim(newName ?? entry.path, isDirectory: entry.isDirectory)
            let record = CentralRecord(
                name: nameBytes, method: entry.method == .stored ? ZipFormat.methodStored : ZipFormat.methodDeflated,
                crc: entry.crc32, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
                offset: output.position, isDirectory: entry.isDirectory, nameIsUTF8: !nameBytes.allSatisfy { $0 < 0x80 })
            let zip64 = record.uncompressedSize >= ZipFormat.max32 || record.compressedSize >= ZipFormat.max32
            try output.write(record.localHeader(timestamp: options.timestamp, zip64: zip64))
            try output.write(raw.storedBytes)
            records.append(record)
        }
    }
}
