import CZlibSystem

/// CRC-32 as zip uses it, computed by zlib.
///
/// ```swift
/// var crc = CRC32()
/// crc.update(Array("hello".utf8))
/// crc.value  // 0x3610A686
/// ```
public struct CRC32: Sendable, Hashable {
    /// The checksum of everything given so far.
    public private(set) var value: UInt32 = 0

    /// Starts at the checksum of no bytes.
    public init() {}

    /// Adds bytes to the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds bytes to the checksum.
    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard var base = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return }
        var remaining = buffer.count
        var crc = uLong(value)
        while remaining > 0 {
            // zlib takes a uInt length; feed large buffers in pieces.
            let piece = min(remaining, 1 << 30)
            crc = crc32(crc, base, uInt(piece))
            base += piece
            remaining -= piece
        }
        value = UInt32(truncatingIfNeeded: crc)
    }
}
