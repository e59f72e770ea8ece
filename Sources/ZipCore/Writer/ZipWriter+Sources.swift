import Foundation

/// An entry compressed and ready to be written: its final header values and payload.
struct PreparedEntry: Sendable {
    let method: UInt16
    let crc: UInt32
    let uncompressedSize: UInt64
    let payload: [UInt8]
}

extension ZipWriter {
    func add(contentsOf sources: [Source], parallelism: Int) throws {
        try transaction { try addSources(sources, parallelism: parallelism) }
    }

    private func addSources(_ sources: [Source], parallelism: Int) throws {
        var window: [(source: Source, name: [UInt8], compression: ZipCompression, size: Int)] = []
        var windowBytes = 0
        func flushWindow() throws {
            guard !window.isEmpty else { return }
            let prepared = Self.prepareAll(window.map { ($0.source, $0.compression, $0.size) }, parallelism: parallelism)
            defer { window.removeAll() }
            for (item, result) in zip(window, prepared) {
                try write(prepared: result.get(), name: item.name, source: item.source)
            }
            windowBytes = 0
        }
        for source in sources {
            let isDirectory: Bool
            if case .directory = source { isDirectory = true } else { isDirectory = false }
            let name = try claim(source.name, isDirectory: isDirectory)
            let compression = effectiveCompression(source.name, sourceCompression(source))
            let size = try Self.size(of: source)
            if size > Self.inMemoryLimit, case .file(let entryName, let path, _) = source {
                try flushWindow()
                try streamFile(entryName, name: name, path: path, size: UInt64(size), compression: compression)
                continue
            }
            window.append((source, name, compression, size))
            windowBytes += size
            if windowBytes >= 8 * Self.inMemoryLimit || window.count >= 4096 { try flushWindow() }
        }
        try flushWindow()
    }

    private func sourceCompression(_ source: Source) -> ZipCompression? {
        switch source {
        case .bytes(_, _, let compression), .file(_, _, let compression): compression
        case .directory: .store
        }
    }

    private static func size(of source: Source) throws -> Int {
        switch source {
        case .bytes(_, let bytes, _): return bytes.count
        case .directory: return 0
        case .file(let name, let path, _):
            do { return Int(try FileInput(path: path).size) } catch let error as ZipError {
                throw ZipError(.io, error.message, entry: name)
            }
        }
    }

    private func write(prepared: PreparedEntry, name: [UInt8], source: Source) throws {
        let record = CentralRecord(
            name: name, method: prepared.method, crc: prepared.crc,
            compressedSize: UInt64(prepared.payload.count), uncompressedSize: prepared.uncompressedSize,
            offset: output.position, isDirectory: { if case .directory = source { true } else { false } }(),
            nameIsUTF8: !name.allSatisfy { $0 < 0x80 })
        let zip64 = record.uncompressedSize >= ZipFormat.max32 || record.compressedSize >= ZipFormat.max32
        try output.write(record.localHeader(timestamp: options.timestamp, zip64: zip64))
        try output.write(prepared.payload)
        records.append(record)
    }

    // MARK: - Compression, in parallel

    /// Compresses entries on up to `parallelism` threads; results are in input order.
    /// Larger entries are started first so that the cores finish together.
    static func prepareAll(_ items: [(Source, ZipCompression, Int)], parallelism: Int) -> [Result<PreparedEntry, ZipError>] {
        if parallelism <= 1 || items.count == 1 {
            var deflaters: [Int32: Deflater] = [:]
            return items.map { prepare($0.0, compression: $0.1, deflaters: &deflaters) }
        }
        let order = items.indices.sorted { items[$0].2 > items[$1].2 }
        let slots = ResultSlots(count: items.count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: min(parallelism, items.count)) { _ in
            var deflaters: [Int32: Deflater] = [:]
            while let position = next.take(below: order.count) {
                let index = order[position]
                slots.set(index, prepare(items[index].0, compression: items[index].1, deflaters: &deflaters))
            }
        }
        return slots.results()
    }

    /// Reads and compresses one source entirely in memory; stores it when deflate does not shrink it.
    static func prepare(_ source: Source, compression: ZipCompression, deflaters: inout [Int32: Deflater]) -> Result<
        PreparedEntry, ZipError
    > {
        let content: [UInt8]
        switch source {
        case .directory:
            return .success(PreparedEntry(method: ZipFormat.methodStored, crc: 0, uncompressedSize: 0, payload: []))
        case .bytes(_, let bytes, _):
            content = bytes
        case .file(let name, let path, _):
            do {
                let input = try FileInput(path: path)
                content = try input.bytes(at: 0, count: Int(input.size))
            } catch let error as ZipError {
                return .failure(ZipError(.io, error.message, entry: name))
            } catch {
                return .failure(ZipError(.io, "\(error)", entry: name))
            }
        }
        var crc = CRC32()
        crc.update(content)
        let stored = PreparedEntry(
            method: ZipFormat.methodStored, crc: crc.value, uncompressedSize: UInt64(content.count), payload: content)
        guard let level = compression.level, !content.isEmpty else { return .success(stored) }
        let deflater: Deflater
        if let existing = deflaters[level] {
            existing.reset()
            deflater = existing
        } else {
            deflater = Deflater(level: Int(level))
            deflaters[level] = deflater
        }
        let compressed = content.withUnsafeBytes { deflater.compressAll($0) }
        guard compressed.count < content.count else { return .success(stored) }
        return .success(
            PreparedEntry(method: ZipFormat.methodDeflated, crc: crc.value, uncompressedSize: UInt64(content.count), payload: compressed))
    }

    // MARK: - Large files, streamed

    /// Streams a large file through deflate straight into the output, then patches the header;
    /// rewrites it stored when deflate did not shrink it.
    private func streamFile(_ entryName: String, name: [UInt8], path: String, size: UInt64, compression: ZipCompression) throws {
        let input: FileInput
        do { input = try FileInput(path: path) } catch let error as ZipError { throw ZipError(.io, error.message, entry: entryName) }
        let zip64 = size >= ZipFormat.max32
        var record = CentralRecord(
            name: name, method: compression.level == nil ? ZipFormat.methodStored : ZipFormat.methodDeflated,
            crc: 0, compressedSize: 0, uncompressedSize: size, offset: output.position,
            isDirectory: false, nameIsUTF8: !name.allSatisfy { $0 < 0x80 })
        try output.write(record.localHeader(timestamp: options.timestamp, zip64: zip64))
        let dataStart = output.position
        var (crc, count) = try copyThrough(input, deflater: compression.level.map(deflater(level:)), entry: entryName)
        if record.method == ZipFormat.methodDeflated && output.position - dataStart >= count {
            try output.truncate(to: record.offset)
            record.method = ZipFormat.methodStored
            try output.write(record.localHeader(timestamp: options.timestamp, zip64: zip64))
            (crc, count) = try copyThrough(input, deflater: nil, entry: entryName)
        }
        guard count == size else {
            throw ZipError(.io, "the file changed size while it was being added (\(size) → \(count) bytes)", entry: entryName)
        }
        record.crc = crc.value
        record.compressedSize = output.position - dataStart
        try output.patch(at: record.offset, with: record.localHeader(timestamp: options.timestamp, zip64: zip64))
        records.append(record)
    }

    private func copyThrough(_ input: FileInput, deflater: Deflater?, entry: String) throws -> (CRC32, UInt64) {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var scratch = [UInt8](repeating: 0, count: deflater == nil ? 0 : 256 << 10)
        var crc = CRC32()
        var offset: UInt64 = 0
        let output = self.output
        while true {
            let got = try chunk.withUnsafeMutableBytes { try input.read(at: offset, into: $0) }
            let finished = got == 0
            try chunk.withUnsafeBytes { whole in
                let piece = UnsafeRawBufferPointer(rebasing: whole[0..<got])
                crc.update(piece)
                if let deflater {
                    try scratch.withUnsafeMutableBytes { scratch in
                        try deflater.compress(piece, finish: finished, scratch: scratch) { try output.write($0) }
                    }
                } else {
                    try output.write(piece)
                }
            }
            offset += UInt64(got)
            if finished { return (crc, offset) }
        }
    }
}

/// Result slots written by several threads, each index by exactly one.
///
/// `@unchecked Sendable`: every slot is written once by the thread that took its index from
/// `NextIndex`, and read only after `concurrentPerform` has returned.
private final class ResultSlots: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Result<PreparedEntry, ZipError>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Result<PreparedEntry, ZipError>) { storage[index] = value }

    func results() -> [Result<PreparedEntry, ZipError>] {
        (0..<count).map { storage[$0] ?? .failure(ZipError(.io, "entry \($0) was not compressed")) }
    }
}

/// A shared counter handing out indices to worker threads.
private final class NextIndex: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
