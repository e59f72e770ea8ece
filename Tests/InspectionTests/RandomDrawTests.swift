import Foundation
import TestSupport
import Testing

@testable import Inspection

@Suite struct RandomDrawTests {
    /// The partial Fisher–Yates that keeps its swaps in a dictionary gives exactly what swapping in a
    /// copy of the pool gives (docs/DRAW.md specifies the latter), for every prefix length.
    @Test func prefixWithoutCopyingThePoolIsTheSpecifiedShuffle() {
        func specified(_ count: Int, _ candidates: [Int], _ stream: inout RandomDraw.Stream) -> [Int] {
            var pool = candidates
            for index in 0..<count {
                pool.swapAt(index, index + Int(stream.uniform(below: UInt64(pool.count - index))))
            }
            return Array(pool.prefix(count))
        }
        for size in [1, 2, 3, 10, 97, 1000] {
            let pool = Array(0..<size)
            for count in Set([0, 1, size / 2, size - 1, size]) {
                var ours = RandomDraw.Stream(key: Array("池 \(size) \(count)".utf8))
                var theirs = ours
                #expect(RandomDraw.prefix(count, of: pool, with: &ours) == specified(count, pool, &theirs), "\(size) \(count)")
            }
        }
        #expect(RandomDraw.sortedInByteOrder(["b", "a", "c"]) == ["a", "b", "c"])
        #expect(RandomDraw.sortedInByteOrder(["a", "b", "b"]) == ["a", "b", "b"])
    }

    static let strata = [
        RandomDraw.Stratum(name: "定点医院/A", ratio: 0.05, candidates: (1...45).map { String(format: "91410400MA%08d", $0) }),
        RandomDraw.Stratum(name: "定点零售药店/C", ratio: 0.15, candidates: (100...199).map { String(format: "91410400MA%08d", $0) }),
        RandomDraw.Stratum(name: "定点医院/D", ratio: 0.2, candidates: []),
    ]

    @Test func sampleSizesRoundUpAndNeverOverdraw() {
        #expect(RandomDraw.sampleSize(count: 45, ratio: 0.05) == 3, "2.25 rounds up (003 annex 1)")
        #expect(RandomDraw.sampleSize(count: 100, ratio: 0.15) == 15, "not 16 from 15.000000000000002")
        #expect(RandomDraw.sampleSize(count: 3, ratio: 0.05) == 1, "a non-empty stratum yields at least one")
        #expect(RandomDraw.sampleSize(count: 0, ratio: 0.2) == 0)
        #expect(RandomDraw.sampleSize(count: 4, ratio: 2) == 4)
    }

    @Test func theDrawIsDeterministicAndEveryInputMatters() {
        let one = RandomDraw.run(task: "2024-01", seed: "福彩3D 2024064 123", registryHash: "ab", strata: Self.strata)
        #expect(one == RandomDraw.run(task: "2024-01", seed: "福彩3D 2024064 123", registryHash: "ab", strata: Self.strata.reversed()))
        #expect(one.map(\.drawn.count) == [3, 0, 15], "strata in code-point order: 医 before 零")
        #expect(one != RandomDraw.run(task: "2024-01", seed: "福彩3D 2024064 124", registryHash: "ab", strata: Self.strata))
        #expect(one != RandomDraw.run(task: "2024-01", seed: "福彩3D 2024064 123", registryHash: "ac", strata: Self.strata))
        #expect(one != RandomDraw.run(task: "2024-02", seed: "福彩3D 2024064 123", registryHash: "ab", strata: Self.strata))
    }

    /// docs/DRAW.md is enough to reimplement the draw: this Python was written from the page alone.
    @Test func anIndependentImplementationFromDocsDrawMdAgrees() throws {
        let python = """
            import hashlib, json, math, sys
            spec = json.loads(sys.argv[1])
            master = hashlib.sha256(('spotcheck-draw-v1\\n' + spec['task'] + '\\n' + spec['seed'] + '\\n' + spec['hash']).encode()).digest()
            out = []
            for s in sorted(spec['strata'], key=lambda s: s['name'].encode()):
                pool = sorted(s['candidates'], key=lambda c: c.encode())
                exact = round(s['ratio'] * len(pool), 9)
                n = 0 if not pool or s['ratio'] <= 0 else min(len(pool), max(1, math.ceil(exact)))
                key = master + s['name'].encode()
                words, counter = [], 0
                def word():
                    global counter
                    if not words:
                        d = hashlib.sha256(key + counter.to_bytes(8, 'big')).digest()
                        counter += 1
                        words.extend(int.from_bytes(d[i:i + 8], 'big') for i in range(0, 32, 8))
                    return words.pop(0)
                def uniform(m):
                    r = 2**64 % m
                    while True:
                        w = word()
                        if w < 2**64 - r: return w % m
                for i in range(n):
                    j = i + uniform(len(pool) - i)
                    pool[i], pool[j] = pool[j], pool[i]
                out.append({'stratum': s['name'], 'drawn': pool[:n]})
            print(json.dumps(out, ensure_ascii=False))
            """
        let spec: [String: Any] = [
            "task": "2024-01", "seed": "福彩3D 2024064 123", "hash": "ab",
            "strata": Self.strata.map { ["name": $0.name, "ratio": $0.ratio, "candidates": $0.candidates] },
        ]
        let input = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let run = try Tools.python(python, [input])
        #expect(run.succeeded, "\(run.stderr)")
        let theirs = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
        let ours = RandomDraw.run(task: "2024-01", seed: "福彩3D 2024064 123", registryHash: "ab", strata: Self.strata)
        #expect(theirs.map { $0["stratum"] as? String ?? "" } == ours.map(\.stratum))
        #expect(theirs.map { $0["drawn"] as? [String] ?? [] } == ours.map(\.drawn))
    }

    /// Every candidate of a stratum is drawn equally often: 20,000 fixed seeds, 10 candidates, one drawn
    /// each time; chi-square with 9 degrees of freedom below 27.88 (p = 0.001).
    @Test func everyCandidateIsEquallyLikely() {
        let candidates = (0..<10).map { "C\($0)" }
        var counts = [String: Int]()
        for index in 0..<20_000 {
            let drawn = RandomDraw.run(
                task: "t", seed: "seed-\(index)", registryHash: "h", strata: [.init(name: "s", ratio: 0.1, candidates: candidates)])
            counts[drawn[0].drawn[0], default: 0] += 1
        }
        let expected = 2_000.0
        let chiSquare = candidates.map { pow(Double(counts[$0, default: 0]) - expected, 2) / expected }.reduce(0, +)
        #expect(chiSquare < 27.88, "chi-square \(chiSquare), counts \(counts)")
        #expect(counts.count == 10)
    }
}

@Suite struct PublicSeedTests {
    @Test func theCanonicalTextOfRFC3797() throws {
        // RFC 3797 §4: values sorted numerically within each source, "." after each, "/" after each source, sources in order.
        #expect(try PublicSeed.rfc3797(["9 18 26 34 41 45", "2 5 12 8 10"]) == "9.18.26.34.41.45./2.5.8.10.12./")
        #expect(
            try PublicSeed.rfc3797(["福彩3D 第2024064期：0 0 7", "排列五 24180: 1 0 7 7 2"]) == "0.0.7./0.1.2.7.7./",
            "labels are not part of the seed")
        #expect(try PublicSeed.rfc3797(["100, 020、3"]) == "3.20.100./", "leading zeros dropped, numeric not text order")
        #expect(throws: PublicSeed.Problem(source: 2, zh: "第 2 个来源中的 “1.5” 不是非负整数", en: "'1.5' in source 2 is not a non-negative integer"))
        {
            try PublicSeed.rfc3797(["1 2", "1.5"])
        }
        #expect(throws: PublicSeed.Problem.self) { try PublicSeed.rfc3797(["1", " "]) }
    }
}
