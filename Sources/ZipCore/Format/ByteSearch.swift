/// Searching file contents for byte patterns, sixteen bytes at a time: the archive's verifier looks
/// through every PDF of every package for `/Encrypt`, `/JavaScript` and `/Launch`. It lives here, in
/// the one module of the upper layers' byte handling that may load raw memory, so that the modules
/// above stay free of unsafe code.
///
/// ```swift
/// ByteSearch.found(["/Encrypt", "/JS"].map { Array($0.utf8) }, in: pdf)   // [0] when only /Encrypt occurs
/// ```
public enum ByteSearch {
    /// Which of `needles` (indices into it) occur in `haystack`. Every needle starts with the same byte
    /// (a PDF name starts with `/`): blocks of sixteen bytes without that byte are passed over whole.
    public static func found(_ needles: [[UInt8]], in haystack: [UInt8]) -> Set<Int> {
        guard let lead = needles.first?.first, needles.allSatisfy({ $0.first == lead }) else { return [] }
        var found: Set<Int> = []
        let bytes = haystack.span
        func match(at index: Int) {
            for (position, needle) in needles.enumerated() where index + needle.count <= bytes.count {
                var matched = 1
                while matched < needle.count && bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { found.insert(position) }
            }
        }
        // The load is bounds-checked; any bit pattern is a valid SIMD16<UInt8>.
        let raw = bytes.bytes
        let leads = SIMD16<UInt8>(repeating: lead)
        var index = 0
        while index + 16 <= bytes.count {
            let block = raw.unsafeLoadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            if any(block .== leads) {
                for offset in 0..<16 where block[offset] == lead { match(at: index + offset) }
            }
            index += 16
        }
        while index < bytes.count {
            if bytes[index] == lead { match(at: index) }
            index += 1
        }
        return found
    }
}
