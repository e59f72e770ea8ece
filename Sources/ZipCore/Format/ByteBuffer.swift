/// Little-endian encoding for zip structures.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func u64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}

/// Little-endian decoding with bounds checks: reading past the end is an error, never a crash.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func u16() throws(ByteReaderOverrun) -> UInt16 {
        guard remaining >= 2 else { throw ByteReaderOverrun() }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() throws(ByteReaderOverrun) -> UInt32 {
        guard remaining >= 4 else { throw ByteReaderOverrun() }
        defer { offset += 4 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
    }

    mutating func u64() throws(ByteReaderOverrun) -> UInt64 {
        guard remaining >= 8 else { throw ByteReaderOverrun() }
        defer { offset += 8 }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
    }

    mutating func take(_ count: Int) throws(ByteReaderOverrun) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw ByteReaderOverrun() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }
}

struct ByteReaderOverrun: Error {}
