import CZlibSystem

/// A raw-deflate compressor over zlib. One per thread; reusable across entries with `reset()`.
final class Deflater {
    // z_stream is referenced from zlib's internal state, so it must not move: it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    let level: Int32

    init(level: Int) {
        self.level = Int32(min(max(level, 1), 9))
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = spot_deflate_init_raw(stream, self.level)
        precondition(status == Z_OK, "zlib deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func reset() { deflateReset(stream) }

    /// The worst-case compressed size of `count` bytes.
    func bound(_ count: Int) -> Int { Int(deflateBound(stream, uLong(count))) }

    /// Compresses `input`; with `finish`, ends the stream. Output goes to `emit` in pieces.
    func compress(
        _ input: UnsafeRawBufferPointer, finish: Bool, scratch: UnsafeMutableRawBufferPointer,
        emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            stream.pointee.next_out = scratch.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(scratch.count)
            let status = deflate(stream, flush)
            precondition(status != Z_STREAM_ERROR, "zlib deflate stream error")
            let produced = scratch.count - Int(stream.pointee.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: scratch[0..<produced])) }
            if finish {
                if status == Z_STREAM_END { break }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                break
            }
        }
    }

    /// Compresses a whole buffer in one call into a buffer sized by `deflateBound`.
    func compressAll(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        let capacity = bound(input.count)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(input.count)
            stream.pointee.next_out = output.baseAddress
            stream.pointee.avail_out = uInt(capacity)
            let status = deflate(stream, Z_FINISH)
            precondition(status == Z_STREAM_END, "zlib deflate did not finish within deflateBound: \(status)")
            count = capacity - Int(stream.pointee.avail_out)
        }
    }

    /// Emits everything so far and aligns to a byte boundary with the dictionary reset
    /// (Z_FULL_FLUSH), so the output up to here can be decoded on its own. For tests that build streams.
    func fullFlush(_ input: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer) -> [UInt8] {
        var result: [UInt8] = []
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        repeat {
            stream.pointee.next_out = scratch.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(scratch.count)
            _ = deflate(stream, Z_FULL_FLUSH)
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<(scratch.count - Int(stream.pointee.avail_out))]))
        } while stream.pointee.avail_out == 0
        return result
    }
}
