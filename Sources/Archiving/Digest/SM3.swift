import Inspection
import Support

/// SM3, the Chinese national hash (GB/T 32905-2016): 256-bit digests, for offices that require
/// national algorithms beside SHA-256. Streaming, so a file is hashed in the same read pass as SHA-256.
///
/// ```swift
/// var sm3 = SM3()
/// sm3.update(Array("abc".utf8))
/// sm3.finalize().hex   // "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
/// ```
public struct SM3: Sendable {
    /// A finished digest.
    public struct Digest: Sendable, Hashable {
        public let bytes: [UInt8]
        /// Lower-case hex, as manifests print it.
        public var hex: String { lowercaseHex(bytes) }
    }

    // GB/T 32905-2016 4.1: the initial value.
    private var state: [UInt32] = [
        0x7380_166f, 0x4914_b2b9, 0x1724_42d7, 0xda8a_0600, 0xa96f_30bc, 0x1631_38aa, 0xe38d_ee4d, 0xb0fb_0e4e,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() { buffer.reserveCapacity(64) }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> Digest {
        var sm3 = SM3()
        sm3.update(bytes)
        return sm3.finalize()
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        if !buffer.isEmpty {
            while buffer.count < 64, index != bytes.endIndex {
                buffer.append(bytes[index])
                index = bytes.index(after: index)
            }
            if buffer.count == 64 {
                compress(buffer[...])
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let rest = Array(bytes[index...])
        var offset = 0
        while rest.count - offset >= 64 {
            compress(rest[offset..<offset + 64])
            offset += 64
        }
        buffer.append(contentsOf: rest[offset...])
    }

    /// Pads the message (a 1 bit, zeros, the 64-bit length, as SHA-256 does) and returns the digest.
    public mutating func finalize() -> Digest {
        let bits = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        for offset in stride(from: 0, to: tail.count, by: 64) { compress(tail[offset..<offset + 64]) }
        buffer.removeAll()
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in state {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return Digest(bytes: out)
    }

    @inline(__always) private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << (n & 31)) | (x >> ((32 - n) & 31)) }
    @inline(__always) private static func p0(_ x: UInt32) -> UInt32 { x ^ rotate(x, 9) ^ rotate(x, 17) }
    @inline(__always) private static func p1(_ x: UInt32) -> UInt32 { x ^ rotate(x, 15) ^ rotate(x, 23) }

    /// GB/T 32905-2016 5.3: message expansion and the compression function, on one 64-byte block.
    private mutating func compress(_ block: ArraySlice<UInt8>) {
        var w = [UInt32](repeating: 0, count: 68)
        var i = block.startIndex
        for j in 0..<16 {
            w[j] = UInt32(block[i]) << 24 | UInt32(block[i + 1]) << 16 | UInt32(block[i + 2]) << 8 | UInt32(block[i + 3])
            i += 4
        }
        for j in 16..<68 {
            w[j] = Self.p1(w[j - 16] ^ w[j - 9] ^ Self.rotate(w[j - 3], 15)) ^ Self.rotate(w[j - 13], 7) ^ w[j - 6]
        }
        var a = state[0]
        var b = state[1]
        var c = state[2]
        var d = state[3]
        var e = state[4]
        var f = state[5]
        var g = state[6]
        var h = state[7]
        for j in 0..<64 {
            let t: UInt32 = j < 16 ? 0x79cc_4519 : 0x7a87_9d8a
            let ss1 = Self.rotate(Self.rotate(a, 12) &+ e &+ Self.rotate(t, UInt32(j % 32)), 7)
            let ss2 = ss1 ^ Self.rotate(a, 12)
            let ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c)
            let gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g)
            let tt1 = ff &+ d &+ ss2 &+ (w[j] ^ w[j + 4])
            let tt2 = gg &+ h &+ ss1 &+ w[j]
            d = c
            c = Self.rotate(b, 9)
            b = a
            a = tt1
            h = g
            g = Self.rotate(f, 19)
            f = e
            e = Self.p0(tt2)
        }
        state[0] ^= a
        state[1] ^= b
        state[2] ^= c
        state[3] ^= d
        state[4] ^= e
        state[5] ^= f
        state[6] ^= g
        state[7] ^= h
    }
}
