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
/// let inputs = RandomDraw.Inputs(task: "2024-01", seed: "福彩3D 2024064 期 123", registryHash: snapshot, year: 2024,
///                                from: "2024-03-04", to: "2024-06-28", keyItems: false, perYearCap: 2, types: ["定点医院"],
///                                districts: [], ratios: ["A": Ratio(percent: "5%")!])
/// let result = RandomDraw.run(inputs, strata: [.init(name: "定点医院/A", ratio: Ratio(percent: "5%")!, candidates: codes)])
/// ```
public enum RandomDraw {
    /// The algorithm's name, recorded with every draw.
    public static let version = "spotcheck-draw-v2"
    /// The first algorithm: inputs not bound to the task, ratios in binary floating point. Records made
    /// with it are still verified by it.
    public static let legacyVersion = "spotcheck-draw-v1"

    /// One stratum: targets of one type and risk grade, with its ratio.
    public struct Stratum: Sendable, Hashable {
        public var name: String
        public var ratio: Ratio
        public var candidates: [String]
        public init(name: String, ratio: Ratio, candidates: [String]) {
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

    /// Everything a `spotcheck-draw-v2` draw is bound to: changing any of them in a record changes what
    /// its inputs draw, so no part of the task can be edited after the fact without `draw verify`
    /// noticing (docs/DRAW.md, *The master key*).
    public struct Inputs: Sendable, Hashable {
        public var task: String
        public var seed: String
        /// SHA-256 of the published registry snapshot (docs/DRAW.md, *The registry snapshot*).
        public var registryHash: String
        public var year: Int
        /// The task's window, YYYY-MM-DD.
        public var from: String
        public var to: String
        /// The task has a 重点 item: no per-year cap, batch order drawn (002 (七)).
        public var keyItems: Bool
        public var perYearCap: Int
        /// The plan's target types and districts (empty: all), and its ratio per risk grade.
        public var types: [String]
        public var districts: [String]
        public var ratios: [String: Ratio]

        public init(
            task: String, seed: String, registryHash: String, year: Int, from: String, to: String, keyItems: Bool, perYearCap: Int,
            types: [String], districts: [String], ratios: [String: Ratio]
        ) {
            (self.task, self.seed, self.registryHash, self.year, self.from, self.to) = (task, seed, registryHash, year, from, to)
            (self.keyItems, self.perYearCap, self.types, self.districts, self.ratios) = (keyItems, perYearCap, types, districts, ratios)
        }

        /// The text whose SHA-256 is the master key: one input per line, lists in byte order joined by 、.
        public var keyText: String {
            let ratioText = ratios.keys.sorted(by: byteOrder).map { "\($0)=\(ratios[$0]!.description)" }.joined(separator: "、")
            return [
                version, task, seed, registryHash, String(year), from, to, keyItems ? "1" : "0", String(perYearCap),
                types.sorted(by: byteOrder).joined(separator: "、"), districts.sorted(by: byteOrder).joined(separator: "、"), ratioText,
            ].joined(separator: "\n")
        }

        /// The strata the plan defines: each of its types (all of `Target.types` when it names none) with
        /// each grade it gives a ratio, named `type/grade`, in byte order — empty ones too.
        public var strataNames: [(name: String, ratio: Ratio)] {
            let wanted = types.isEmpty ? Target.types : types
            return wanted.flatMap { type in ratios.keys.map { grade in (name: "\(type)/\(grade)", ratio: ratios[grade]!) } }
                .sorted { byteOrder($0.name, $1.name) }
        }

        var master: [UInt8] { sha256(Array(keyText.utf8)) }
    }

    /// Runs a `spotcheck-draw-v2` draw; strata are taken in byte order of name.
    public static func run(_ inputs: Inputs, strata: [Stratum]) -> [Selection] {
        draw(master: inputs.master, strata: strata) { $1.sampleSize(of: $0) }
    }

    /// Runs a draw of the first algorithm (records made before `spotcheck-draw-v2`).
    public static func runLegacy(task: String, seed: String, registryHash: String, strata: [Stratum]) -> [Selection] {
        draw(master: key(legacyVersion, task: task, seed: seed, registryHash: registryHash), strata: strata) {
            legacySampleSize(count: $0, ratio: $1.doubleValue)
        }
    }

    /// How many a stratum drew under `spotcheck-draw-v1`: in doubles rounded to nine decimals, then up.
    static func legacySampleSize(count: Int, ratio: Double) -> Int {
        guard count > 0, ratio > 0 else { return 0 }
        let exact = (ratio * Double(count) * 1e9).rounded() / 1e9
        return min(count, max(1, Int(exact.rounded(.up))))
    }

    static func draw(master: [UInt8], strata: [Stratum], size: (Int, Ratio) -> Int) -> [Selection] {
        strata.sorted { byteOrder($0.name, $1.name) }.map { stratum in
            let pool = sortedInByteOrder(stratum.candidates)
            var stream = Stream(key: master + Array(stratum.name.utf8))
            return Selection(
                stratum: stratum.name, population: pool.count, drawn: prefix(size(pool.count, stratum.ratio), of: pool, with: &stream))
        }
    }

    /// The order in which a 重点 task's drawn targets are visited, batch by batch: a random permutation of
    /// all of them (002 (七)), from the stream keyed by the master key and `batch-order`.
    public static func batchOrder(_ inputs: Inputs, drawn: [String]) -> [String] {
        batchOrder(master: inputs.master, drawn: drawn)
    }

    public static func legacyBatchOrder(task: String, seed: String, registryHash: String, drawn: [String]) -> [String] {
        batchOrder(master: key(legacyVersion, task: task, seed: seed, registryHash: registryHash), drawn: drawn)
    }

    static func batchOrder(master: [UInt8], drawn: [String]) -> [String] {
        var stream = Stream(key: master + Array("batch-order".utf8))
        return prefix(drawn.count, of: sortedInByteOrder(drawn), with: &stream)
    }

    /// SHA-256 of `algorithm LF task LF seed LF registryHash`: every stream of a v1 draw and of a match
    /// derives from it.
    static func key(_ algorithm: String, task: String, seed: String, registryHash: String) -> [UInt8] {
        sha256(Array("\(algorithm)\n\(task)\n\(seed)\n\(registryHash)".utf8))
    }

    /// Byte order of UTF-8 (= Unicode code-point order), never Swift's canonical-equivalence order.
    ///
    /// Compared with `memcmp` over the UTF-8 bytes: a million credit codes are checked for order on every draw.
    public static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b -> Bool in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
        return (fast ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
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
    /// that a million codes are compared once, not copied and sorted. String's own order (fast for
    /// ASCII) is byte order for NFC text, and credit codes are ASCII (GB 32100): a list that is not a list
    /// of valid codes is refused by the draw and by `draw verify` whatever its order.
    public static func sortedInByteOrder(_ codes: [String]) -> [String] {
        zip(codes, codes.dropFirst()).allSatisfy({ $0 <= $1 }) ? codes : codes.sorted(by: byteOrder)
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
