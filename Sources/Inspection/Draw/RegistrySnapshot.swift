import Support
import Tabular

/// The public part of the target registry a draw was made from (公开的名录库快照): for every target its
/// credit code, name, type, grade, district, status and the four flags that exempt it from the per-year
/// cap — no address, no legal representative, nothing personal. It is published beside each draw record,
/// whose registry hash is the SHA-256 of this file's bytes, so that anyone can check that the candidates
/// are the registry minus the listed exclusions, stratum by stratum (docs/DRAW.md, *The registry snapshot*).
///
/// The file: UTF-8 without BOM, a header line, then one line per target in byte order of credit code;
/// fields as `CSV.field` writes them (quoted when they hold a comma, quote or line break; a field a
/// spreadsheet would take for a formula behind an apostrophe), lines ending in CRLF; flags `是`/`否`.
///
/// ```swift
/// let bytes = RegistrySnapshot.bytes(of: targets)
/// let hash = sha256Hex(bytes)          // the registry hash a draw binds
/// ```
public enum RegistrySnapshot {
    public static let header = ["统一社会信用代码", "机构名称", "机构类型", "风险等级", "所属区域", "状态", "黑名单", "经营异常", "失信", "严重违法"]

    /// One target as the snapshot shows it.
    public struct Row: Sendable, Hashable {
        public var code: String
        public var name: String
        public var type: String
        public var grade: String
        public var district: String
        public var status: String
        /// 黑名单, 经营异常, 失信, 严重违法.
        public var flags: [Bool]
        /// Exempt from the per-year cap (002 (十)).
        public var exempt: Bool { flags.contains(true) }
    }

    /// The published file's name for a snapshot: `targets-HASH.csv`.
    public static func fileName(hash: String) -> String { "targets-\(hash).csv" }

    /// The snapshot of `targets` (any order; written in byte order of credit code).
    public static func bytes(of targets: [Target]) -> [UInt8] { bytes(of: targets, in: Array(targets.indices)) }

    /// The snapshot of `targets` taken in the order of `order`'s positions (any order; written in byte order
    /// of credit code, which an order by key already is for valid codes).
    public static func bytes(of targets: [Target], in order: [Int]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 + order.count * 110)
        append(header, to: &output)
        let inOrder = zip(order, order.dropFirst()).allSatisfy { !RandomDraw.byteOrder(targets[$1].creditCode, targets[$0].creditCode) }
        let sorted = inOrder ? order : order.sorted { RandomDraw.byteOrder(targets[$0].creditCode, targets[$1].creditCode) }
        for position in sorted {
            let target = targets[position]
            append(
                [
                    target.creditCode, target.name, target.type, target.riskGrade, target.district, target.status,
                    flag(target.blacklisted), flag(target.abnormal), flag(target.dishonest), flag(target.seriousViolation),
                ], to: &output)
        }
        return output
    }

    /// Reads a published snapshot.
    /// - Throws: `TabularError` for a file that is not one (another header, a wrong field count, a flag
    ///   other than 是/否), every problem at once.
    public static func rows(_ bytes: [UInt8], source: String) throws -> [Row] {
        let table = try Table(csv: bytes, source: source)
        guard table.header == header else {
            throw TabularError(
                source: source, row: 1, zh: "不是名录库快照：表头应为 \(header.joined(separator: ","))",
                en: "not a registry snapshot: the header must be \(header.joined(separator: ","))")
        }
        var problems: [TabularError] = []
        var rows: [Row] = []
        rows.reserveCapacity(table.rows.count)
        for (fields, line) in zip(table.rows, table.lines) {
            let flags = fields[6...9].map { $0 == "是" }
            if fields[6...9].contains(where: { $0 != "是" && $0 != "否" }) {
                problems.append(TabularError(source: source, row: line, zh: "标志列应为 是 或 否", en: "a flag column must be 是 or 否"))
            }
            rows.append(
                Row(
                    code: fields[0], name: fields[1], type: fields[2], grade: fields[3], district: fields[4], status: fields[5],
                    flags: Array(flags)))
        }
        if let problem = TabularError.combining(problems, source: source) { throw problem }
        return rows
    }

    private static func flag(_ value: Bool) -> String { value ? "是" : "否" }

    /// One line, `CSV.line`'s bytes: codes, grades and flags never need quoting, so only text is looked at.
    private static func append(_ fields: [String], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            func plain(_ bytes: some Collection<UInt8>) -> Bool {
                !(bytes.first.map { "=+-@\t\r".utf8.contains($0) } ?? false)
                    && !bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            }
            // Scanned where the bytes lie (ten fields of a million targets per import).
            if utf8.withContiguousStorageIfAvailable(plain) ?? plain(utf8) {
                output.append(contentsOf: utf8)
            } else {
                output.append(contentsOf: CSV.field(field).utf8)
            }
        }
        output.append(contentsOf: [0x0D, 0x0A])
    }
}
