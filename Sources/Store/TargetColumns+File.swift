import Crypto
import Inspection

/// The draw columns' file, `registry/targets-<snapshot hash>.columns`: each targets import writes
/// one, a compact file (about 25 bytes a target) ending in its own SHA-256, so that a draw over a
/// million targets reads 25 MB instead of decoding a million JSON records. The file is only a cache:
/// it is used when its snapshot hash is the registry's current one and its checksum holds, and
/// otherwise the draw reads the registry itself (`TargetColumns(_:)`), with the same result.
extension TargetColumns {
    // MARK: - The file

    static let magic = Array("spotcheck-target-columns-1\n".utf8)

    /// The file's bytes: magic, snapshot hash, the four tables, the rows, SHA-256 of all that.
    func encoded(snapshot: String) -> [UInt8] {
        var output = Self.magic
        output.reserveCapacity(64 + count * 27)
        output += Array("\(snapshot)\n".utf8)
        func number(_ value: Int, bytes: Int) {
            for shift in stride(from: 0, to: bytes * 8, by: 8) { output.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        func text(_ value: String) {
            number(value.utf8.count, bytes: 2)
            output.append(contentsOf: value.utf8)
        }
        for table in [types, districts, grades, statuses] {
            number(table.count, bytes: 2)
            table.forEach(text)
        }
        number(count, bytes: 4)
        for index in 0..<count {
            text(codes[index])
            number(Int(type[index]), bytes: 2)
            number(Int(district[index]), bytes: 2)
            number(Int(grade[index]), bytes: 2)
            number(Int(status[index]), bytes: 2)
            output.append(exempt[index] ? 1 : 0)
        }
        output += Array(SHA256.hash(data: output))
        return output
    }

    /// Reads a file `encoded(snapshot:)` wrote; `nil` when it is for another snapshot, damaged or truncated.
    init?(file bytes: [UInt8], snapshot: String) {
        guard bytes.count > Self.magic.count + 32,
            Array(SHA256.hash(data: bytes[..<(bytes.count - 32)])) == Array(bytes[(bytes.count - 32)...])
        else { return nil }
        var reader = Reader(bytes: bytes, end: bytes.count - 32)
        let header = Self.magic + Array("\(snapshot)\n".utf8)
        guard let start = reader.take(header.count), start.elementsEqual(header) else { return nil }
        var tables: [[String]] = []
        for _ in 0..<4 {
            guard let size = reader.number(bytes: 2) else { return nil }
            var table: [String] = []
            for _ in 0..<size {
                guard let value = reader.text() else { return nil }
                table.append(value)
            }
            tables.append(table)
        }
        let (types, districts, grades, statuses) = (tables[0], tables[1], tables[2], tables[3])
        guard let rows = reader.number(bytes: 4) else { return nil }
        var codes: [String] = []
        var (typeColumn, districtColumn, gradeColumn, statusColumn): ([UInt16], [UInt16], [UInt16], [UInt16]) = ([], [], [], [])
        var exemptColumn: [Bool] = []
        codes.reserveCapacity(rows)
        for _ in 0..<rows {
            guard let code = reader.text(), let type = reader.number(bytes: 2), let district = reader.number(bytes: 2),
                let grade = reader.number(bytes: 2), let status = reader.number(bytes: 2), let exempt = reader.take(1),
                type < types.count, district < districts.count, grade < grades.count, status < statuses.count
            else { return nil }
            codes.append(code)
            typeColumn.append(UInt16(type))
            districtColumn.append(UInt16(district))
            gradeColumn.append(UInt16(grade))
            statusColumn.append(UInt16(status))
            exemptColumn.append(exempt.first == 1)
        }
        guard reader.offset == reader.end else { return nil }
        self.init(
            codes: codes, type: typeColumn, district: districtColumn, grade: gradeColumn, status: statusColumn, exempt: exemptColumn,
            types: types, districts: districts, grades: grades, statuses: statuses)
    }

    private struct Reader {
        let bytes: [UInt8]
        let end: Int
        var offset = 0

        init(bytes: [UInt8], end: Int) {
            self.bytes = bytes
            self.end = end
        }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count <= end - offset else { return nil }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func number(bytes count: Int) -> Int? {
            guard let slice = take(count) else { return nil }
            return slice.reversed().reduce(0) { $0 << 8 | Int($1) }
        }

        mutating func text() -> String? {
            guard let size = number(bytes: 2), let slice = take(size) else { return nil }
            return String(validating: slice, as: UTF8.self)
        }
    }
}
