import Testing

@testable import ZipCore

/// `ByteSearch.found` against a plain search of every position, on random bytes with the needles
/// planted at the edges, straddling the end, and many times over.
@Suite("ByteSearch")
struct ByteSearchTests {
    static let needles = ["/Encrypt", "/JavaScript", "/Launch", "/Font"].map { Array($0.utf8) }

    /// Which needles occur, found the slow way.
    static func plain(_ haystack: [UInt8]) -> Set<Int> {
        var found: Set<Int> = []
        for (position, needle) in needles.enumerated() where haystack.count >= needle.count {
            for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
                found.insert(position)
            }
        }
        return found
    }

    @Test func findsWhatAPlainSearchFinds() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var haystack = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in
                // Many slashes and letters, so that partial matches are common.
                [UInt8(ascii: "/"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8.random(in: 0...255, using: &generator)].randomElement(using: &generator)!
            }
            if round % 3 == 0, let needle = Self.needles.randomElement(using: &generator) {
                let at = Int.random(in: 0...haystack.count, using: &generator)
                haystack.insert(contentsOf: needle, at: at)
            }
            #expect(ByteSearch.found(Self.needles, in: haystack) == Self.plain(haystack), "round \(round)")
        }
    }

    @Test func edgesAndTruncatedNeedles() {
        let font = Array("/Font".utf8)
        #expect(ByteSearch.found(Self.needles, in: font) == [3])
        #expect(ByteSearch.found(Self.needles, in: Array("xx/Fon".utf8)).isEmpty)
        #expect(ByteSearch.found(Self.needles, in: Array("/Launch and /Encrypt".utf8)) == [0, 2])
        #expect(ByteSearch.found(Self.needles, in: []).isEmpty)
        #expect(ByteSearch.found([Array("/a".utf8), Array("b".utf8)], in: Array("/ab".utf8)).isEmpty, "needles must share a first byte")
    }
}
