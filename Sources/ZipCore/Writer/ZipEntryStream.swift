/// The sink a streamed entry writes its content into; see `ZipWriter.add(_:compression:writing:)`.
///
/// A reference, so that a streaming producer (an `XMLStreamWriter`'s sink) can hold it; it
/// refuses writes once its entry is closed.
public final class ZipEntryStream {
    private let output: any ZipOutput
    private let deflater: Deflater?
    private var scratch: [UInt8]
    private var closed = false
    private(set) var crc = CRC32()
    private(set) var count: UInt64 = 0

    init(output: any ZipOutput, deflater: Deflater?) {
        self.output = output
        self.deflater = deflater
        scratch = deflater == nil ? [] : [UInt8](repeating: 0, count: 256 << 10)
    }

    /// Appends bytes to the entry.
    /// - Throws: `ZipError.io` when the zip cannot be written.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends a string's UTF-8 bytes to the entry.
    public func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws {
        if closed { throw ZipError(.invalidEntry, "the streamed entry is already closed; write inside its body") }
        crc.update(buffer)
        count += UInt64(buffer.count)
        let output = self.output
        if let deflater {
            try scratch.withUnsafeMutableBytes { scratch in
                try deflater.compress(buffer, finish: false, scratch: scratch) { try output.write($0) }
            }
        } else {
            try output.write(buffer)
        }
    }

    func close() throws {
        closed = true
        guard let deflater else { return }
        let output = self.output
        try scratch.withUnsafeMutableBytes { scratch in
            try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, scratch: scratch) { try output.write($0) }
        }
    }
}
