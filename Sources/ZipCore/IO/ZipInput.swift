#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Random-access bytes a reader parses: a file read with `pread` (position-independent, so one
/// input can serve several threads), or bytes in memory.
protocol ZipInput: Sendable {
    var size: UInt64 { get }
    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (fewer only at the end).
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// All the bytes, when they are in memory (entries are then handed over as slices of them); else nil.
    var inMemory: [UInt8]? { get }
}

extension ZipInput {
    /// Reads exactly `count` bytes at `offset`, or fails as truncated.
    func bytes(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        guard offset <= size, UInt64(count) <= size - offset else {
            throw ZipError(.truncated, "the file ends before byte \(offset + UInt64(count)) (it has \(size))")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = try read(
                    at: offset + UInt64(done), into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[done...])
                )
                if got == 0 { break }
                done += got
            }
            initialized = done
            guard done == count else { throw ZipError(.truncated, "the file ends at byte \(offset + UInt64(done))") }
        }
    }
}

/// A file opened read-only.
///
/// `@unchecked Sendable`: the descriptor is only used with `pread`, which has no shared file position,
/// and it is closed only in `deinit`, when no other reference exists.
final class FileInput: ZipInput, @unchecked Sendable {
    private let descriptor: Int32
    let size: UInt64

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZipError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw ZipError(.io, "cannot stat \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ZipError(.io, "\(path) is not a regular file")
        }
        descriptor = fd
        size = UInt64(info.st_size)
    }

    deinit { close(descriptor) }

    var inMemory: [UInt8]? { nil }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno != EINTR { throw ZipError(.io, "read failed: \(String(cString: strerror(errno)))") }
        }
    }
}

/// Whole files read into memory.
public enum FileContents {
    /// The bytes of the regular file at `path`, read with as few calls as it takes (no intermediate `Data`).
    ///
    /// ```swift
    /// let photo = try FileContents.read("现场照片.jpg")
    /// ```
    /// - Throws: `ZipError` (`.io`) when the file cannot be opened or is not a regular file, `.truncated`
    ///   when it shrinks while being read.
    public static func read(_ path: String) throws -> [UInt8] {
        let input = try FileInput(path: path)
        return try input.bytes(at: 0, count: Int(input.size))
    }
}

/// Bytes in memory.
struct MemoryInput: ZipInput {
    let storage: [UInt8]
    var size: UInt64 { UInt64(storage.count) }
    var inMemory: [UInt8]? { storage }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset < size else { return 0 }
        let count = min(buffer.count, storage.count - Int(offset))
        storage.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[Int(offset)..<Int(offset) + count]))
        }
        return count
    }
}
