#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Searching file contents for byte patterns: the archive's verifier looks through every PDF of
/// every package for `/Encrypt`, `/JavaScript`, `/Launch` and `/Font`. It lives here, in the one
/// module of the upper layers' byte handling that may load raw memory, so that the modules above stay
/// free of unsafe code.
///
/// ```swift
/// ByteSearch.found(["/Encrypt", "/JS"].map { Array($0.utf8) }, in: pdf)   // [0] when only /Encrypt occurs
/// ```
public enum ByteSearch {
    /// Which of `needles` (indices into it) occur in `haystack`. Every needle starts with the same byte
    /// (a PDF name starts with `/`): the C library's `memchr` (vectorised, 32 or 64 bytes a step) finds
    /// each occurrence of that byte, and only there are the needles compared.
    public static func found(_ needles: [[UInt8]], in haystack: [UInt8]) -> Set<Int> {
        guard let lead = needles.first?.first, needles.allSatisfy({ $0.first == lead }) else { return [] }
        var found: Set<Int> = []
        haystack.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            var index = 0
            while index < bytes.count, found.count < needles.count {
                guard let hit = memchr(base + index, Int32(lead), bytes.count - index) else { break }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                for (position, needle) in needles.enumerated() where at + needle.count <= bytes.count {
                    if needle.indices.dropFirst().allSatisfy({ bytes[at + $0] == needle[$0] }) { found.insert(position) }
                }
                index = at + 1
            }
        }
        return found
    }
}
