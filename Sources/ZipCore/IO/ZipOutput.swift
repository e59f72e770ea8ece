#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a writer puts bytes: appends, with patches and truncation behind the current position
/// for headers whose sizes are known only after the data.
protocol ZipOutput: AnyObject {
    var position: UInt64 { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func patch(at offset: UInt64, with bytes: [UInt8]) throws
    func truncate(to offset: UInt64) throws
}

extension ZipOutput {
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

final class MemoryOutput: ZipOutput {
    var bytes: [UInt8] = []
    var position: UInt64 { UInt64(bytes.count) }

    func write(_ buffer: UnsafeRawBufferPointer) { bytes.append(contentsOf: buffer) }

    func patch(at offset: UInt64, with patch: [UInt8]) {
        let start = Int(offset)
        bytes.replaceSubrange(start..<start + patch.count, with: patch)
    }

    func truncate(to offset: UInt64) { bytes.removeSubrange(Int(offset)...) }
}

/// A file written through a 1 MiB buffer.
final class FileOutput: ZipOutput {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var flushed: UInt64 = 0
    private static let bufferSize = 1 << 20

    /// Opens a new file; it must not exist.
    init(creating path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { throw FileAlreadyExists() }
            throw ZipError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        self.path = path
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { close(descriptor) }

    var position: UInt64 { flushed + UInt64(buffer.count) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try writeFully(bytes, at: flushed)
            flushed += UInt64(bytes.count)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func patch(at offset: UInt64, with bytes: [UInt8]) throws {
        if offset >= flushed {
            let start = Int(offset - flushed)
            buffer.replaceSubrange(start..<start + bytes.count, with: bytes)
        } else {
            try flush()
            try bytes.withUnsafeBytes { try writeFully($0, at: offset) }
        }
    }

    func truncate(to offset: UInt64) throws {
        if offset >= flushed {
            buffer.removeSubrange(Int(offset - flushed)...)
        } else {
            buffer.removeAll(keepingCapacity: true)
            guard ftruncate(descriptor, off_t(offset)) == 0 else { throw failure("truncate") }
            flushed = offset
        }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeFully($0, at: flushed) }
        flushed += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and asks the kernel to start writing the file to disk, without waiting for it
    /// (`sync_file_range` with `SYNC_FILE_RANGE_WRITE`; a later `sync` or `fsync` still decides durability).
    func startWriteback() throws {
        try flush()
        Self.syncFileRange?(descriptor, 0, 0, 2)  // SYNC_FILE_RANGE_WRITE
    }

    /// Linux's `sync_file_range` (Swift's Glibc module leaves it out: it needs _GNU_SOURCE); nil elsewhere.
    private static let syncFileRange = processFunction(
        "sync_file_range", as: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)

    /// Flushes and waits until the bytes are on disk.
    func synchronize() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw failure("fsync") }
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, base + done, bytes.count - done, off_t(offset) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("write")
            }
            done += count
        }
    }

    private func failure(_ operation: String) -> ZipError {
        let code = errno
        return ZipError(code == ENOSPC || code == EDQUOT ? .diskFull : .io, "\(operation) failed on \(path): \(String(cString: strerror(code)))")
    }
}

struct FileAlreadyExists: Error {}
