/// The columns a draw filters on — credit code, type, district, grade, status and the four flags that
/// exempt a target from the per-year cap — for every current target, in credit-code order as the
/// registry hands them out, or group by group from a `Builder` (no draw depends on the order: it sorts
/// each stratum itself).
///
/// The workspace keeps them in a compact file beside the registry (Store's `TargetColumns+File`), so
/// that a draw over a million targets need not decode a million records.
public struct TargetColumns: Equatable, Sendable {
    /// Credit codes (ascending, except from a `Builder`).
    public internal(set) var codes: [String] = []
    /// Per target, an index into `types`, `districts`, `grades`, `statuses`.
    public internal(set) var type: [UInt16] = []
    public internal(set) var district: [UInt16] = []
    public internal(set) var grade: [UInt16] = []
    public internal(set) var status: [UInt16] = []
    /// Blacklisted, abnormal, dishonest or seriously violating: exempt from the per-year cap (002 (十)).
    public internal(set) var exempt: [Bool] = []
    /// The distinct values, in order of first appearance.
    public internal(set) var types: [String] = []
    public internal(set) var districts: [String] = []
    public internal(set) var grades: [String] = []
    public internal(set) var statuses: [String] = []

    public var count: Int { codes.count }

    /// Columns as read back from their file.
    public init(
        codes: [String], type: [UInt16], district: [UInt16], grade: [UInt16], status: [UInt16], exempt: [Bool], types: [String],
        districts: [String], grades: [String], statuses: [String]
    ) {
        (self.codes, self.type, self.district, self.grade, self.status, self.exempt) = (codes, type, district, grade, status, exempt)
        (self.types, self.districts, self.grades, self.statuses) = (types, districts, grades, statuses)
    }

    /// The columns of `targets`, in their order.
    public init(_ targets: [Target]) { self.init(targets, in: Array(targets.indices)) }

    /// The columns of `targets` taken in the order of `order`'s positions.
    public init(_ targets: [Target], in order: [Int]) {
        var tables = [Interner(), Interner(), Interner(), Interner()]
        codes.reserveCapacity(order.count)
        for position in order {
            let target = targets[position]
            codes.append(target.creditCode)
            type.append(tables[0].index(target.type))
            district.append(tables[1].index(target.district))
            grade.append(tables[2].index(target.riskGrade))
            status.append(tables[3].index(target.status))
            exempt.append(target.blacklisted || target.abnormal || target.dishonest || target.seriousViolation)
        }
        (types, districts, grades, statuses) = (tables[0].values, tables[1].values, tables[2].values, tables[3].values)
    }

    /// Columns built from groups of targets that share every field but the code (as a database groups them).
    ///
    /// ```swift
    /// var builder = TargetColumns.Builder()
    /// builder.append(["C1", "C2"], type: "定点医疗机构", district: "卫东区", grade: "A", status: "正常", exempt: false)
    /// let columns = builder.columns
    /// ```
    public struct Builder: Sendable {
        private var built = TargetColumns()
        private var tables = [Interner(), Interner(), Interner(), Interner()]

        public init() {}

        /// The columns of every group appended so far.
        public var columns: TargetColumns {
            var columns = built
            (columns.types, columns.districts, columns.grades, columns.statuses) = (tables[0].values, tables[1].values, tables[2].values, tables[3].values)
            return columns
        }

        public mutating func append(_ codes: [String], type: String, district: String, grade: String, status: String, exempt: Bool) {
            let indexes = [tables[0].index(type), tables[1].index(district), tables[2].index(grade), tables[3].index(status)]
            built.codes += codes
            built.type += repeatElement(indexes[0], count: codes.count)
            built.district += repeatElement(indexes[1], count: codes.count)
            built.grade += repeatElement(indexes[2], count: codes.count)
            built.status += repeatElement(indexes[3], count: codes.count)
            built.exempt += repeatElement(exempt, count: codes.count)
        }
    }

    private init() {}

    /// Builds distinct-value tables without hashing each value: the same few values repeat.
    private struct Interner {
        var values: [String] = []
        private var last: (String, UInt16)?

        mutating func index(_ value: String) -> UInt16 {
            // Byte comparison: `==` on Chinese text compares canonical equivalents, far slower, and the
            // registry's values are NFC already.
            if let (text, index) = last, text.utf8.elementsEqual(value.utf8) { return index }
            let index = values.firstIndex { $0.utf8.elementsEqual(value.utf8) }.map { UInt16($0) } ?? UInt16(values.count)
            if index == values.count { values.append(value) }
            last = (value, index)
            return index
        }
    }
}
