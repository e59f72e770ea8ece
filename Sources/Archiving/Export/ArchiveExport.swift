import Crypto
import Foundation
import Inspection
import Store
import Support
import XMLCore
import ZipCore

/// Bulk export for records audits: the selected packages, an index (CSV and XLSX: 档号, 题名, target,
/// dates, outcome, period, seal value, the package's SHA-256) and a verification report.
///
/// To a folder, packages are copied one by one (streamed, each through a temporary name), and a package
/// already there with the same SHA-256 is not copied again, so an interrupted export resumes. To a
/// `.zip`, everything is streamed into one stored zip that appears only when complete.
///
/// ```swift
/// let rows = try ArchiveExport(verifier: verifier).export(packages, to: "审计导出.zip", filter: .init(year: 2024))
/// ```
public struct ArchiveExport: Sendable {
    /// Which packages to export.
    public struct Filter: Sendable {
        public var year: Int?
        public var outcome: String?
        public var className: String?
        public init(year: Int? = nil, outcome: String? = nil, className: String? = nil) {
            self.year = year
            self.outcome = outcome
            self.className = className
        }
    }

    /// One line of the index.
    public struct Row: Sendable, Codable, Hashable {
        public var code: String
        public var version: Int
        public var title: String
        public var target: String
        public var creditCode: String
        public var start: String
        public var end: String
        public var outcome: String
        public var retention: String
        public var retentionClass: String
        public var due: String
        public var sealValue: String
        public var package: String
        public var sha256: String
        public var size: Int
        /// Files in the package's payload, as its verification counted them.
        public var files: Int = 0
        public var verified: Bool
        public var problems: [PackageVerifier.Problem]
    }

    let verifier: PackageVerifier
    /// Whether the report checks every digest (a full verify) or structure, counts and sizes (`--fast`);
    /// the package's own SHA-256 in the index is computed either way.
    let full: Bool

    public init(verifier: PackageVerifier, full: Bool = true) {
        self.verifier = verifier
        self.full = full
    }

    static let header = [
        "档号", "版本", "题名", "检查对象", "统一社会信用代码", "起始日期", "终止日期", "处理意见", "保管期限", "保管类别", "到期日期", "封印值", "档案包", "档案包SHA-256", "大小", "检测结果",
    ]

    /// Exports the packages that pass the filter.
    /// - Parameters:
    ///   - publicKey: the office's public key file, copied into the export for the auditor.
    ///   - progress: called after each package.
    /// - Returns: the index rows, in package order.
    ///   - additional: more files for the export made from its rows (the printed 四性检测报告).
    public func export(
        _ packages: [String], to out: String, filter: Filter = Filter(), publicKey: String? = nil, progress: (() -> Void)? = nil,
        additional: (([Row]) throws -> [(String, [UInt8])])? = nil
    ) throws -> [Row] {
        var selected: [(String, Row)] = []
        for path in packages {
            let row = describe(path)
            guard Self.matches(row, filter) else {
                progress?()
                continue
            }
            selected.append((path, row))
        }
        // The auditor reads the index in the archive's order: by year and 件号, numbers as numbers.
        selected.sort { Self.archivalOrder($0.1, $1.1) }
        let manager = FileManager.default
        // Verification and digests on every core; the copying after streams one package at a time.
        let exporter = self
        let checked = try selected.parallelMap(chunk: 1) { (path, row) -> Row in
            var row = row
            try exporter.verifyAndDigest(path, into: &row)
            return row
        }
        var rows: [Row] = []
        if out.hasSuffix(".zip") {
            var options = ZipWriter.Options()
            options.compression = .store
            let writer = try ZipWriter(path: out, options: options)
            for ((path, _), row) in zip(selected, checked) {
                try writer.add("packages/\(row.package)", contentsOfFile: path, compression: .store)
                rows.append(row)
                progress?()
            }
            for (name, bytes) in try Self.extras(rows, publicKey: publicKey, full: full) + (additional?(rows) ?? []) {
                try writer.add(name, bytes: bytes)
            }
            try writer.finish()
            return rows
        }
        try manager.createDirectory(atPath: "\(out)/packages", withIntermediateDirectories: true)
        for ((path, _), row) in zip(selected, checked) {
            let target = "\(out)/packages/\(row.package)"
            // Resume: a package already copied (same digest) is not copied again.
            if !(manager.fileExists(atPath: target) && (try? sha256Hex(ofFile: target)) == row.sha256) {
                try? manager.removeItem(atPath: target + ".partial")
                try manager.copyItem(atPath: path, toPath: target + ".partial")
                guard try sha256Hex(ofFile: target + ".partial") == row.sha256 else {
                    throw ArchiveError(zh: "复制 \(row.package) 后复核不符", en: "the copy of \(row.package) does not match")
                }
                try? manager.removeItem(atPath: target)
                try manager.moveItem(atPath: target + ".partial", toPath: target)
            }
            rows.append(row)
            progress?()
        }
        for (name, bytes) in try Self.extras(rows, publicKey: publicKey, full: full) + (additional?(rows) ?? []) {
            try AtomicFile.write(bytes, to: "\(out)/\(name)")
        }
        return rows
    }

    // MARK: - Parts

    /// The index row of a package, from its dossier.xml and bag-info.txt (left blank where they cannot be
    /// read: the package is still exported, and its verification says why).
    func describe(_ path: String) -> Row {
        let name = (path as NSString).lastPathComponent
        var row = Row(
            code: "", version: 0, title: "", target: "", creditCode: "", start: "", end: "", outcome: "", retention: "", retentionClass: "",
            due: "", sealValue: "", package: name, sha256: "", size: 0, verified: false, problems: [])
        guard let reader = try? ZipReader(path: path) else { return row }
        func entry(_ suffix: String) -> [UInt8]? {
            guard let found = reader.entries.first(where: { $0.path.split(separator: "/").dropFirst().joined(separator: "/") == suffix })
            else { return nil }
            return try? reader.contents(of: found)
        }
        if let xml = entry("dossier.xml"), let document = try? XMLDocument(bytes: xml, source: "dossier.xml") {
            let ns = ["d": DossierMetadata.namespace]
            func text(_ path: String) -> String { (try? document.string(of: "string(\(path))", namespaces: ns)) ?? "" }
            row.code = text("/d:案卷/d:档号")
            row.version = Int(text("/d:案卷/d:版本")) ?? 0
            row.title = text("/d:案卷/d:题名")
            row.target = text("/d:案卷/d:检查对象/d:名称")
            row.creditCode = text("/d:案卷/d:检查对象/d:统一社会信用代码")
            row.start = text("/d:案卷/d:日期/d:起始日期")
            row.end = text("/d:案卷/d:日期/d:终止日期")
            row.outcome = text("/d:案卷/d:检查/d:处理意见")
            row.retention = text("/d:案卷/d:保管期限")
            row.due = text("/d:案卷/d:到期日期")
        }
        row.retentionClass = entry("bag-info.txt").map(BagPackage.parseBagInfo)?["Retention-Class"] ?? ""
        return row
    }

    static func matches(_ row: Row, _ filter: Filter) -> Bool {
        if let year = filter.year, !row.code.contains("·\(year)-"), !row.end.hasPrefix(String(year)) { return false }
        if let outcome = filter.outcome, row.outcome != outcome { return false }
        if let className = filter.className, row.retentionClass != className { return false }
        return true
    }

    func verifyAndDigest(_ path: String, into row: inout Row) throws {
        let report = verifier.verify(path, fast: !full)
        row.verified = report.passed
        row.problems = report.problems
        row.files = report.files
        row.sealValue = report.sealValue ?? ""
        row.sha256 = try sha256Hex(ofFile: path)
        row.size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// Archival order: 全宗, 门类 and 年度, then the 件号 as a number, the retention code and the version;
    /// anything else (a task's draw-record package, an unreadable 档号) by natural order of its name.
    static func archivalOrder(_ a: Row, _ b: Row) -> Bool {
        archivalOrder((a.code, a.version, a.package), (b.code, b.version, b.package))
    }

    /// The same order for any package: its 档号, version and file name.
    public static func archivalOrder(_ a: (code: String, version: Int, package: String), _ b: (code: String, version: Int, package: String))
        -> Bool
    {
        func key(_ row: (code: String, version: Int, package: String)) -> (String, Int, String, Int) {
            let parts = row.code.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            if parts.count >= 4, let number = Int(parts[parts.count - 1]), parts[parts.count - 1].allSatisfy(\.isASCII),
                parts[parts.count - 3].contains("·")
            {
                return (parts.dropLast(2).joined(separator: "-"), number, parts[parts.count - 2], row.version)
            }
            return (row.code.isEmpty ? "\u{10FFFF}" + row.package : row.code, Int.max, "", row.version)
        }
        let (left, right) = (key(a), key(b))
        if left.0 != right.0 { return naturalOrder(left.0, right.0) }
        if left.1 != right.1 { return left.1 < right.1 }
        if left.2 != right.2 { return naturalOrder(left.2, right.2) }
        if left.3 != right.3 { return left.3 < right.3 }
        return a.package < b.package
    }

    /// `D10` before `D9` would be wrong: runs of ASCII digits compare as numbers.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func runs(_ text: String) -> [(String, Int?)] {
            var result: [(String, Int?)] = []
            var current = ""
            var digits = false
            for character in text {
                let isDigit = character.isASCII && character.isNumber
                if !current.isEmpty && isDigit != digits {
                    result.append((current, digits ? Int(current) : nil))
                    current = ""
                }
                digits = isDigit
                current.append(character)
            }
            if !current.isEmpty { result.append((current, digits ? Int(current) : nil)) }
            return result
        }
        for (x, y) in zip(runs(a), runs(b)) {
            if let m = x.1, let n = y.1 {
                if m != n { return m < n }
            } else if x.0 != y.0 {
                return x.0 < y.0
            }
        }
        return a.count != b.count ? a.count < b.count : a < b
    }

    /// The year of a row: the 档号's `·2024-`, else its end date's.
    static func year(of row: Row) -> String {
        if let dot = row.code.firstIndex(of: "·") {
            let digits = row.code[row.code.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            if digits.count == 4 { return String(digits) }
        }
        return String(row.end.prefix(4))
    }

    /// What the index says of a package: a full check 通过 or 不通过; `--fast` (structure, counts and sizes)
    /// never says 通过, only 结构完好 or 不通过.
    static func verdict(_ row: Row, full: Bool) -> String {
        row.verified ? (full ? "通过" : "结构完好（未校验摘要）") : "不通过"
    }

    /// The index (CSV with a BOM for Excel, and XLSX with a summary sheet), the verification report,
    /// the public key.
    static func extras(_ rows: [Row], publicKey: String?, full: Bool) throws -> [(String, [UInt8])] {
        let lines = rows.map { row in
            [
                row.code, String(row.version), row.title, row.target, row.creditCode, row.start, row.end, row.outcome, row.retention,
                row.retentionClass, row.due, row.sealValue, row.package, row.sha256, String(row.size), verdict(row, full: full),
            ]
        }
        let csv = ([header] + lines).map(CSV.line).joined()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var extras: [(String, [UInt8])] = [
            ("index.csv", [0xEF, 0xBB, 0xBF] + Array(csv.utf8)), ("index.xlsx", try workbook(rows, full: full)),
            ("verification.json", Array(try encoder.encode(rows)) + [0x0A]),
        ]
        if let publicKey, let key = FileManager.default.contents(atPath: publicKey) { extras.append(("office-ed25519.pub", Array(key))) }
        return extras
    }

    /// index.xlsx: 档案清单 (typed: 版本 and 大小 numbers, dates as dates) and 汇总 (counts by year,
    /// class, period and verdict).
    static func workbook(_ rows: [Row], full: Bool) throws -> [UInt8] {
        let list = rows.map { row -> [IndexWorkbook.Cell] in
            [
                .text(row.code), .number(row.version), .text(row.title), .text(row.target), .text(row.creditCode), .day(row.start),
                .day(row.end), .text(row.outcome), .text(row.retention), .text(row.retentionClass),
                row.due.isEmpty && row.retention == "永久" ? .text("永久") : .day(row.due), .text(row.sealValue), .text(row.package),
                .text(row.sha256), .number(row.size), .text(verdict(row, full: full)),
            ]
        }
        var summary: [[IndexWorkbook.Cell]] = []
        func count(_ label: String, _ value: (Row) -> String) {
            var counts: [String: Int] = [:]
            for row in rows { counts[value(row), default: 0] += 1 }
            for key in counts.keys.sorted(by: naturalOrder) { summary.append([.text(label), .text(key.isEmpty ? "（空）" : key), .number(counts[key] ?? 0)]) }
        }
        count("年度", year(of:))
        count("保管类别", \.retentionClass)
        count("保管期限", \.retention)
        count("检测结果") { verdict($0, full: full) }
        summary.append([.text("合计"), .text("档案包"), .number(rows.count)])
        summary.append([.text("合计"), .text("字节"), .number(rows.reduce(0) { $0 + $1.size })])
        return try IndexWorkbook.bytes([
            .init(name: "档案清单", header: header, rows: list), .init(name: "汇总", header: ["统计项", "值", "档案包数"], rows: summary),
        ])
    }
}
