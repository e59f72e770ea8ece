import Foundation
import Inspection

/// Canonical JSON for registry records: keys sorted by their UTF-8 bytes, no white space, slashes as
/// they are — byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` writes (a
/// test holds it to that), several times faster, because snapshot hashes of a million records are
/// computed over it.
///
/// ```swift
/// let json = try CanonicalJSON.string(target)   // {"abnormal":false,"address":"…",…}
/// ```
enum CanonicalJSON {
    /// The canonical JSON text of `value`.
    static func string(_ value: some Encodable) throws -> String {
        if let target = value as? Target { return fast(target) }
        let root = Node.Slot()
        try value.encode(to: Writer(slot: root))
        var output: [UInt8] = []
        output.reserveCapacity(512)
        root.node.render(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// A value under construction: objects and arrays are filled by their containers.
    enum Node {
        case json(String)
        case object(Object)
        case array(List)
        /// A value a super-encoder fills in later.
        case slot(Slot)

        final class Object {
            var pairs: [(key: String, value: Node)] = []
        }

        final class List {
            var items: [Node] = []
        }

        final class Slot {
            var node: Node = .json("null")
        }

        func render(into output: inout [UInt8]) {
            switch self {
            case .json(let text): output.append(contentsOf: text.utf8)
            case .slot(let slot): slot.node.render(into: &output)
            case .object(let object):
                output.append(UInt8(ascii: "{"))
                // JSONEncoder's sortedKeys orders by code points ("B" < "a"), which String's < gives for NFC keys.
                for (index, pair) in object.pairs.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    CanonicalJSON.quote(pair.key, into: &output)
                    output.append(UInt8(ascii: ":"))
                    pair.value.render(into: &output)
                }
                output.append(UInt8(ascii: "}"))
            case .array(let list):
                output.append(UInt8(ascii: "["))
                for (index, item) in list.items.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    item.render(into: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
        }
    }

    static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Nearly always nothing to escape: the bytes are scanned where they lie (twice per target of a
        // million-row import — through the UTF-8 view's iterator, a tenth of its time) and copied whole.
        func clean(_ bytes: some Collection<UInt8>) -> Bool {
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if text.utf8.withContiguousStorageIfAvailable(clean) ?? clean(text.utf8) {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        quote(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func number(_ value: Double) throws -> String {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) has no JSON form"))
        }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return value.description
    }

    /// The target registry's records written directly (a million per import); the test holds this to
    /// JSONEncoder's bytes like the generic path. Keys in code-point order.
    static func fast(_ target: Target) -> String { String(decoding: fastBytes(target), as: UTF8.self) }

    /// `fast`'s UTF-8 bytes, for hashing a million of them without a string made (and validated) for each.
    static func fastBytes(_ target: Target) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(320)
        func string(_ key: String, _ value: String) {
            output.append(output.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            quote(key, into: &output)
            output.append(UInt8(ascii: ":"))
            quote(value, into: &output)
        }
        func flag(_ key: String, _ value: Bool) {
            output.append(output.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
            quote(key, into: &output)
            output.append(contentsOf: (value ? ":true" : ":false").utf8)
        }
        flag("abnormal", target.abnormal)
        string("address", target.address)
        flag("blacklisted", target.blacklisted)
        string("creditCode", target.creditCode)
        flag("dishonest", target.dishonest)
        string("district", target.district)
        string("legalRepresentative", target.legalRepresentative)
        string("name", target.name)
        string("riskGrade", target.riskGrade)
        flag("seriousViolation", target.seriousViolation)
        string("status", target.status)
        string("type", target.type)
        output.append(UInt8(ascii: "}"))
        return output
    }

    // MARK: - How a target is stored

    /// A target as the registry table stores it: the values of its canonical JSON, in the same key
    /// order, as a JSON array — less than half the bytes of the object, for a million rows.
    ///
    /// ```swift
    /// CanonicalJSON.stored(target)   // [false,"某市某区某路1号",false,"91410000MA0000000M",false,"区0","","第0号定点机构","A",false,"正常","定点医院"]
    /// ```
    static func stored(_ target: Target) -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(160)
        func flag(_ value: Bool) { output.append(contentsOf: (value ? "true," : "false,").utf8) }
        func string(_ value: String) {
            quote(value, into: &output)
            output.append(UInt8(ascii: ","))
        }
        flag(target.abnormal)
        string(target.address)
        flag(target.blacklisted)
        string(target.creditCode)
        flag(target.dishonest)
        string(target.district)
        string(target.legalRepresentative)
        string(target.name)
        string(target.riskGrade)
        flag(target.seriousViolation)
        string(target.status)
        string(target.type)
        output[output.count - 1] = UInt8(ascii: "]")
        return String(decoding: output, as: UTF8.self)
    }

    /// The canonical JSON of a stored row: the row itself when it is an object (every registry but the
    /// targets, and targets stored before the array form), rebuilt from the array otherwise.
    static func canonical(stored row: String) -> String? {
        guard row.utf8.first == UInt8(ascii: "[") else { return row }
        return target(from: row).map(fast)
    }

    /// A stored array row read with Foundation, for rows the fast reader leaves (escaped characters).
    private static func storedTargetSlowly(_ row: String) -> Target? {
        guard let values = try? JSONSerialization.jsonObject(with: Data(row.utf8)) as? [Any], values.count == 12 else { return nil }
        let flags = [0, 2, 4, 9].compactMap { values[$0] as? Bool }
        let strings = [1, 3, 5, 6, 7, 8, 10, 11].compactMap { values[$0] as? String }
        guard flags.count == 4, strings.count == 8 else { return nil }
        return Target(
            creditCode: strings[1], name: strings[4], type: strings[7], district: strings[2], address: strings[0],
            legalRepresentative: strings[3], riskGrade: strings[5], blacklisted: flags[1], abnormal: flags[0], dishonest: flags[2],
            seriousViolation: flags[3], status: strings[6])
    }

    /// A target's keys in the order they are written, as `"key":` bytes.
    static let targetKeys = [
        "abnormal", "address", "blacklisted", "creditCode", "dishonest", "district", "legalRepresentative", "name", "riskGrade",
        "seriousViolation", "status", "type",
    ].map { Array("\"\($0)\":".utf8) }

    /// Reads back a target as `fast(_:)` (or JSONEncoder) or `stored(_:)` wrote it. `nil` for anything
    /// else; an object that differs in any way (escapes, key order) is then the caller's to hand to JSONDecoder.
    static func target(from text: String) -> Target? {
        let keys = targetKeys
        let flagPositions: Set<Int> = [0, 2, 4, 9]
        let bytes = Array(text.utf8)
        var index = 1
        var strings: [String] = []
        var flags: [Bool] = []
        // The stored array form (`stored(_:)`) has the values without their keys.
        let array = bytes.first == UInt8(ascii: "[")
        guard array || bytes.first == UInt8(ascii: "{") else { return nil }
        let fallback = { array ? storedTargetSlowly(text) : nil }
        for (position, key) in keys.enumerated() {
            if position > 0 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return fallback() }
                index += 1
            }
            if !array {
                guard bytes[index...].starts(with: key) else { return nil }
                index += key.count
            }
            if flagPositions.contains(position) {
                if bytes[index...].starts(with: "true".utf8) {
                    flags.append(true)
                    index += 4
                } else if bytes[index...].starts(with: "false".utf8) {
                    flags.append(false)
                    index += 5
                } else {
                    return fallback()
                }
            } else {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return fallback() }
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { return fallback() }  // escapes: left to Foundation
                    index += 1
                }
                guard index < bytes.count else { return fallback() }
                strings.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 1
            }
        }
        guard index == bytes.count - 1, bytes[index] == UInt8(ascii: array ? "]" : "}") else { return fallback() }
        return Target(
            creditCode: strings[1], name: strings[4], type: strings[7], district: strings[2], address: strings[0],
            legalRepresentative: strings[3], riskGrade: strings[5], blacklisted: flags[1], abnormal: flags[0], dishonest: flags[2],
            seriousViolation: flags[3], status: strings[6])
    }

    // MARK: - The Encoder

    struct Writer: Encoder {
        let slot: Node.Slot
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object = Node.Object()
            slot.node = .object(object)
            return KeyedEncodingContainer(Keyed(object: object))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let list = Node.List()
            slot.node = .array(list)
            return Unkeyed(list: list)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot) }
    }

    /// Encodes any value into a node: primitives directly, the rest through their `encode(to:)`.
    static func node(_ value: some Encodable) throws -> Node {
        switch value {
        case let text as String: return .json(quoted(text))
        case let flag as Bool: return .json(flag ? "true" : "false")
        case let number as Double: return .json(try CanonicalJSON.number(number))
        case let number as Float: return .json(try CanonicalJSON.number(Double(number)))
        // Every integer type: they encode themselves through a single-value container, which would come back here.
        case let number as any BinaryInteger: return .json(String(describing: number))
        default:
            let slot = Node.Slot()
            try value.encode(to: Writer(slot: slot))
            return slot.node
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let object: Node.Object
        var codingPath: [any CodingKey] = []

        mutating func encodeNil(forKey key: Key) throws { object.pairs.append((key.stringValue, .json("null"))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            object.pairs.append((key.stringValue, try CanonicalJSON.node(value)))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let nested = Node.Object()
            object.pairs.append((key.stringValue, .object(nested)))
            return KeyedEncodingContainer(Keyed<NestedKey>(object: nested))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let list = Node.List()
            object.pairs.append((key.stringValue, .array(list)))
            return Unkeyed(list: list)
        }

        mutating func superEncoder() -> any Encoder { superEncoder(key: "super") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key.stringValue) }

        private func superEncoder(key: String) -> any Encoder {
            let slot = Node.Slot()
            object.pairs.append((key, .slot(slot)))
            return Writer(slot: slot)
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let list: Node.List
        var codingPath: [any CodingKey] = []
        var count: Int { list.items.count }

        mutating func encodeNil() throws { list.items.append(.json("null")) }
        mutating func encode<T: Encodable>(_ value: T) throws { list.items.append(try CanonicalJSON.node(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = Node.Object()
            list.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(object: nested))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = Node.List()
            list.items.append(.array(nested))
            return Unkeyed(list: nested)
        }

        mutating func superEncoder() -> any Encoder {
            let slot = Node.Slot()
            list.items.append(.slot(slot))
            return Writer(slot: slot)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Node.Slot
        var codingPath: [any CodingKey] = []

        mutating func encodeNil() throws { slot.node = .json("null") }
        mutating func encode<T: Encodable>(_ value: T) throws { slot.node = try CanonicalJSON.node(value) }
    }
}
