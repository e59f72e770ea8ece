import Crypto
import Foundation

/// The random draw of targets (摇号): a deterministic function of public inputs, so that anyone can
/// recompute it (docs/DRAW.md specifies it for reimplementation).
///
/// Inputs: the task's identifier, the public seed (announced before the draw, 002 (十三)), the SHA-256
/// of the registry snapshot drawn from, and the strata — each a name, a ratio and its candidates.
/// Strata are drawn separately and issued together (002 (十三)); within a stratum the candidates are
/// sorted by credit code, `ceil(ratio × count)` are chosen (at least one from a non-empty stratum with
/// a positive ratio, 003 annex 1), by a partial Fisher–Yates shuffle driven by SHA-256 in counter mode,
/// with rejection sampling so that every candidate is equally likely.
///
/// ```swift
/// let result = RandomDraw.run(task: "2024-01", seed: "2024-03-01 福彩3D 123", registryHash: snapshot,
///                             strata: [.init(name: "定点医院/A", ratio: 0.05, candidates: codes)])
/// ```
public enum RandomDraw {
    /// The algorithm's name, recorded with every draw.
    public static let version = "spotcheck-draw-v1"

    /// One stratum: targets of one type and risk grade, with its ratio.
    public struct Stratum: Sendable, Hashable, Codable {
        public var name: String
        public var ratio: Double
        public var candidates: [String]
        public init(name: String, ratio: Double, candidates: [String]) {
            self.name = name
            self.ratio = ratio
            self.candidates = candidates
        }
    }

    /// What a stratum drew, in the order drawn.
    public struct Selection: Sendable, Hashable, Codable {
        public var stratum: String
        public var population: Int
        public var drawn: [String]
    }

    /// How many a stratum of `count` draws at `ratio`: rounded up, so a non-empty stratum with a
    /// positive ratio yields at least one (003 annex 1).
    public static func sampleSize(count: Int, ratio: Double) -> Int {
        guard count > 0, ratio > 0 else { return 0 }
        // Guard against 0.15 × 100 = 15.000000000000002 rounding up to 16.
        let exact = (ratio * Double(count) * 1e9).rounded() / 1e9
        return min(count, max(1, Int(exact.rounded(.up))))
    }

    /// Runs the draw; strata are taken in order of name.
    public static func run(task: String, seed: String, registryHash: String, strata: [Stratum]) -> [Selection] {
        let master = key(version, task: task, seed: seed, registryHash: registryHash)
        return strata.sorted { $0.name < $1.name }.map { stratum in
            let pool = sortedInByteOrder(stratum.candidates)
            let size = sampleSize(count: pool.count, ratio: stratum.ratio)
            var stream = Stream(key: master + Array(stratum.name.utf8))
            return Selection(stratum: stratum.name, population: pool.count, drawn: prefix(size, of: pool, with: &stream))
        }
    }

    /// The order in which a 重点 task's drawn targets are visited, batch by batch: a random permutation of
    /// all of them (002 (七)), from the stream keyed by the task's key and `batch-order`.
    public static func batchOrder(task: String, seed: String, registryHash: String, drawn: [String]) -> [String] {
        var stream = Stream(key: key(version, task: task, seed: seed, registryHash: registryHash) + Array("batch-order".utf8))
        return prefix(drawn.count, of: drawn.sorted(), with: &stream)
    }

    /// SHA-256 of `algorithm LF task LF seed LF registryHash`: every stream of a draw derives from it.
    static func key(_ algorithm: String, task: String, seed: String, registryHash: String) -> [UInt8] {
        sha256(Array("\(algorithm)\n\(task)\n\(seed)\n\(registryHash)".utf8))
    }

    /// The first `count` of a partial Fisher–Yates shuffle of `candidates`: position i swaps with
    /// i + uniform(count − i).
    ///
    /// The swaps are kept in a dictionary of moved positions instead of being made in a copy of the
    /// pool: the same result, without copying a stratum of 250,000 codes to draw 2,500 of them.
    static func prefix<Candidate>(_ count: Int, of candidates: [Candidate], with stream: inout Stream) -> [Candidate] {
        var moved: [Int: Int] = [:]
        var chosen: [Candidate] = []
        chosen.reserveCapacity(count)
        for index in 0..<count {
            let choice = index + Int(stream.uniform(below: UInt64(candidates.count - index)))
            // Position `choice` holds the candidate swapped into it, or its own; it takes position `index`'s.
            let picked = moved[choice] ?? choice
            moved[choice] = moved[index] ?? index
            chosen.append(candidates[picked])
        }
        return chosen
    }

    /// `codes` in byte order — `codes` itself when it already is (a registry hands them out sorted), so
    /// that a million codes are compared once, not copied and sorted.
    public static func sortedInByteOrder(_ codes: [String]) -> [String] {
        zip(codes, codes.dropFirst()).allSatisfy { $0 <= $1 } ? codes : codes.sorted()
    }

    /// SHA-256(key ‖ counter as 8 bytes big-endian), counter 0, 1, 2, …, read as big-endian 64-bit words.
    struct Stream {
        let key: [UInt8]
        var counter: UInt64 = 0
        var words: [UInt64] = []

        init(key: [UInt8]) { self.key = key }

        mutating func next() -> UInt64 {
            if words.isEmpty {
                var block = key
                for shift in stride(from: 56, through: 0, by: -8) { block.append(UInt8(truncatingIfNeeded: counter >> UInt64(shift))) }
                counter += 1
                let digest = sha256(block)
                words = (0..<4).map { word in (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(digest[word * 8 + $1]) } }.reversed()
            }
            return words.removeLast()
        }

        /// A uniform integer in 0..<bound: words at or above the largest multiple of `bound` are rejected.
        mutating func uniform(below bound: UInt64) -> UInt64 {
            precondition(bound > 0)
            let limit = UInt64.max - (UInt64.max % bound + 1) % bound  // the last value of the largest whole multiple
            while true {
                let word = next()
                if word <= limit { return word % bound }
            }
        }
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: bytes)) }
}
