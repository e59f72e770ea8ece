import CZlibSystem

/// A raw-inflate decompressor over zlib, reusable across entries with `reset()`.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = spot_inflate_init_raw(stream)
        precondition(status == Z_OK, "zlib inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func reset() { inflateReset(stream) }

    enum Step {
        /// All input consumed; more is needed.
        case needsInput
        /// The deflate stream ended; `unused` input bytes were left over.
        case finished(unused: Int)
    }

    /// Decompresses `input`, handing output to `emit` in pieces of at most `scratch.count`.
    /// - Throws: `InflateFailure` with zlib's message on corrupt data.
    func inflate(
        _ input: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer,
        emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Step {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        while true {
            stream.pointee.next_out = scratch.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(scratch.count)
            let status = CZlibSystem.inflate(stream, Z_NO_FLUSH)
            let produced = scratch.count - Int(stream.pointee.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(rebasing: scratch[0..<produced])) }
            switch status {
            case Z_STREAM_END:
                return .finished(unused: Int(stream.pointee.avail_in))
            case Z_OK:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return .needsInput }
            case Z_BUF_ERROR:
                // No progress possible: input exhausted with output space left.
                return .needsInput
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw InflateFailure(reason: reason)
            }
        }
    }
}

struct InflateFailure: Error {
    let reason: String
}
