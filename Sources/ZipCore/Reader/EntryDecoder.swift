/// Reusable buffers for reading entries: compressed input and inflated output, 256 KiB each at most.
struct ReadBuffers {
    var input: [UInt8]
    var output: [UInt8]
    var inflater: Inflater?

    /// Buffers for any entry.
    init() {
        input = [UInt8](repeating: 0, count: 256 << 10)
        output = [UInt8](repeating: 0, count: 256 << 10)
    }

    /// Buffers no larger than one entry needs, and 64 KiB at most: reading the dozen files of a package
    /// one by one must not zero half a megabyte for each (that was 7 % of `archive verify`), and buffers
    /// under glibc's 128 KiB mmap threshold come from the heap and are reused, where larger ones are
    /// mapped and unmapped each time, every page faulted in again (250,000 faults per 2,000 packages).
    /// No input buffer when the zip is in memory (its stored bytes are handed over as slices).
    init(for entry: ZipEntry, inMemory: Bool) {
        let limit = UInt64(64 << 10)
        input = inMemory ? [] : [UInt8](repeating: 0, count: Int(max(1, min(limit, entry.compressedSize))))
        output = [UInt8](repeating: 0, count: entry.method == .stored ? 0 : Int(max(4096, min(limit, entry.uncompressedSize))))
    }
}

/// Reads one entry's stored bytes, inflates them, and checks size and CRC as it goes.
struct EntryDecoder {
    let reader: ZipReader
    let entry: ZipEntry

    func decode(using buffers: inout ReadBuffers, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        if entry.method == .stored {
            try decodeStored(using: &buffers) { slice in try slice.withUnsafeBytes(emit) }
            return
        }
        let start = try reader.dataOffset(of: entry)
        let declared = entry.uncompressedSize
        var crc = CRC32()
        var produced: UInt64 = 0
        func accept(_ piece: UnsafeRawBufferPointer) throws {
            produced += UInt64(piece.count)
            // A lying header cannot make us inflate more than it declared (and limits allowed).
            if produced > declared {
                throw ZipError(.limitExceeded, "the entry inflates past its declared size of \(declared) bytes (a zip bomb?)")
            }
            crc.update(piece)
            try emit(piece)
        }
        let inflater = buffers.inflater ?? Inflater()
        buffers.inflater = inflater
        inflater.reset()
        var ended = false
        try buffers.output.withUnsafeMutableBytes { scratch in
            try forEachStoredChunk(from: start, using: &buffers.input) { piece in
                if ended { return }
                do {
                    if case .finished = try inflater.inflate(piece, scratch: scratch, emit: accept) { ended = true }
                } catch let failure as InflateFailure {
                    throw ZipError(.corrupt, "the deflate data is corrupt: \(failure.reason)")
                }
            }
        }
        guard ended else { throw ZipError(.truncated, "the deflate data ends before the end of its stream") }
        guard produced == declared else {
            throw ZipError(.sizeMismatch, "the entry holds \(produced) bytes but declares \(declared)")
        }
        guard crc.value == entry.crc32 else {
            throw ZipError(.crcMismatch, "CRC-32 mismatch: the header says \(hex(entry.crc32)), the data gives \(hex(crc.value))")
        }
    }

    /// A stored entry's bytes as slices — of the zip's bytes when it is in memory, else of `buffers.input` —
    /// CRC- and size-checked: no copy on the way to the consumer (a slice of the buffer kept past the call
    /// is copied on the next read, as arrays are).
    func decodeStored(using buffers: inout ReadBuffers, emit: (ArraySlice<UInt8>) throws -> Void) throws {
        precondition(entry.method == .stored, "decodeStored reads stored entries")
        let start = try reader.dataOffset(of: entry)
        guard entry.compressedSize == entry.uncompressedSize else {
            throw ZipError(
                .sizeMismatch, "a stored entry's sizes differ (\(entry.compressedSize) stored, \(entry.uncompressedSize) declared)")
        }
        var crc = CRC32()
        try forEachStoredSlice(from: start, using: &buffers.input) { slice in
            crc.update(slice)
            try emit(slice)
        }
        guard crc.value == entry.crc32 else {
            throw ZipError(.crcMismatch, "CRC-32 mismatch: the header says \(hex(entry.crc32)), the data gives \(hex(crc.value))")
        }
    }

    private func forEachStoredChunk(from start: UInt64, using buffer: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws
    {
        try forEachStoredSlice(from: start, using: &buffer) { slice in try slice.withUnsafeBytes(body) }
    }

    /// Reads the stored bytes from `start` chunk by chunk into `buffer`, handing each over as a slice of it;
    /// from a zip in memory, as slices of its bytes (up to 256 KiB each), with no copy and no buffer.
    private func forEachStoredSlice(from start: UInt64, using buffer: inout [UInt8], _ body: (ArraySlice<UInt8>) throws -> Void) throws {
        if let bytes = reader.input.inMemory {
            guard start <= UInt64(bytes.count), entry.compressedSize <= UInt64(bytes.count) - start else {
                throw ZipError(.truncated, "the file ends inside the entry's data")
            }
            let stored = bytes[Int(start)..<Int(start + entry.compressedSize)]
            var from = stored.startIndex
            while from < stored.endIndex {
                let to = stored.index(from, offsetBy: 256 << 10, limitedBy: stored.endIndex) ?? stored.endIndex
                try body(stored[from..<to])
                from = to
            }
            return
        }
        var offset = start
        let end = start + entry.compressedSize
        while offset < end {
            let wanted = Int(min(UInt64(buffer.count), end - offset))
            let got = try buffer.withUnsafeMutableBytes { chunk in
                try reader.input.read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<wanted]))
            }
            guard got > 0 else { throw ZipError(.truncated, "the file ends inside the entry's data") }
            try body(buffer[0..<got])
            offset += UInt64(got)
        }
    }

    /// Hands the stored (still compressed) bytes to `body`, for copying an entry without recompressing.
    func forEachRawChunk(using buffer: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try forEachStoredChunk(from: try reader.dataOffset(of: entry), using: &buffer, body)
    }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
