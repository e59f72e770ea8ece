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
        guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !buffer.isEmpty else { return }
        value = UInt32(truncatingIfNeeded: spot_crc32(uLong(value), base, buffer.count, Self.canFold))
    }

    /// Whether this processor folds (PCLMULQDQ): asked once.
    static let canFold: Int32 = {
        #if arch(x86_64)
            return spot_crc32_can_fold()
        #else
            return 0
        #endif
    }()

    /// zlib's own result, for the tests that hold the folded one to it.
    static func zlib(_ bytes: [UInt8], initial: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: crc32_z(uLong(initial), buffer.baseAddress, buffer.count))
        }
    }

    /// This type's result with folding on or off, for the same tests.
    static func value(of bytes: ArraySlice<UInt8>, initial: UInt32 = 0, fold: Bool) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return initial }
            return UInt32(truncatingIfNeeded: spot_crc32(uLong(initial), base, buffer.count, fold ? canFold : 0))
        }
    }
}
