import Foundation
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

    static func inputs(task: String = "2024-01", seed: String = "福彩3D 2024064 123", hash: String = "ab") -> RandomDraw.Inputs {
        RandomDraw.Inputs(
            task: task, seed: seed, registryHash: hash, year: 2024, from: "2024-03-01", to: "2024-06-28", keyItems: false, perYearCap: 2,
            types: ["定点医院", "定点零售药店"], districts: [], ratios: ["A": 0.05, "C": 0.15, "D": 0.2])
    }

    @Test func sampleSizesAreExactDecimalsRoundedUpAndNeverOverdraw() throws {
        func size(_ count: Int, _ percent: String) throws -> Int { try #require(Ratio(percent: percent)).sampleSize(of: count) }
        #expect(try size(45, "5%") == 3, "2.25 rounds up (003 annex 1)")
        #expect(try size(100, "15%") == 15, "an exact product is not rounded up")
        #expect(try size(3, "5%") == 1, "a non-empty stratum yields at least one")
        #expect(try size(0, "20%") == 0)
        #expect(try size(4, "100%") == 4)
        #expect(try size(10, "33.3%") == 4)
        #expect(try size(1000, "33.3%") == 333, "exact: 332.99999999999994 in doubles is not what the plan announced")
        #expect(try size(2, "50.000000025%") == 2, "an exact-decimal reading, not a double rounded to nine places")
        #expect(try size(2_000_000_000, "0.0000000001%") == 1)
        #expect(try size(5, "0%") == 0)
        #expect(Ratio(percent: "100.1%") == nil && Ratio(percent: "abc") == nil && Ratio(percent: "1e3") == nil && Ratio(percent: "-5%") == nil)
        #expect(Ratio(percent: "33.30%")?.description == "33.3%" && Ratio(percent: "05%")?.description == "5%")
        #expect(Ratio(legacy: 0.33299999999999996)?.fractionText == "0.33299999999999996", "earlier records are read digit for digit")
        #expect(Ratio(legacy: 5e-05)?.description == "0.005%")
        #expect(RandomDraw.legacySampleSize(count: 100, ratio: 0.15) == 15)
    }

    @Test func theDrawIsDeterministicAndEveryInputMatters() {
        let one = RandomDraw.run(Self.inputs(), strata: Self.strata)
        #expect(one == RandomDraw.run(Self.inputs(), strata: Self.strata.reversed()))
        #expect(one.map(\.drawn.count) == [3, 0, 15], "strata in code-point order: 医 before 零")
        #expect(one != RandomDraw.run(Self.inputs(seed: "福彩3D 2024064 124"), strata: Self.strata))
        #expect(one != RandomDraw.run(Self.inputs(hash: "ac"), strata: Self.strata))
        #expect(one != RandomDraw.run(Self.inputs(task: "2024-02"), strata: Self.strata))
        var changed = Self.inputs()
        for edit in [
            { (inputs: inout RandomDraw.Inputs) in inputs.keyItems = true }, { $0.to = "2024-06-27" }, { $0.perYearCap = 1 },
            { $0.districts = ["卫东区"] }, { $0.types = ["定点医院"] }, { $0.ratios["A"] = 0.06 }, { $0.year = 2025 },
        ] {
            changed = Self.inputs()
            edit(&changed)
            #expect(one != RandomDraw.run(changed, strata: Self.strata), "every input is bound: \(changed.keyText)")
        }
    }

    /// Every candidate of a stratum is drawn equally often: 20,000 fixed seeds, 10 candidates, one drawn
    /// each time; chi-square with 9 degrees of freedom below 27.88 (p = 0.001).
    @Test func everyCandidateIsEquallyLikely() {
        let candidates = (0..<10).map { "C\($0)" }
        var counts = [String: Int]()
        for index in 0..<20_000 {
            let drawn = RandomDraw.run(Self.inputs(seed: "seed-\(index)"), strata: [.init(name: "s", ratio: 0.1, candidates: candidates)])
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
