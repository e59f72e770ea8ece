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
    public func export(
        _ packages: [String], to out: String, filter: Filter = Filter(), publicKey: String? = nil, progress: (() -> Void)? = nil
    ) throws -> [Row] {
        var selected: [(String, Row)] = []
        for path in packages.sorted() {
            let row = describe(path)
            guard Self.matches(row, filter) else {
                progress?()
                continue
            }
            selected.append((path, row))
        }
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
            for (name, bytes) in try Self.extras(rows, publicKey: publicKey) { try writer.add(name, bytes: bytes) }
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
        for (name, bytes) in try Self.extras(rows, publicKey: publicKey) {
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
        row.sealValue = report.sealValue ?? ""
        row.sha256 = try sha256Hex(ofFile: path)
        row.size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// The index (CSV with a BOM for Excel, and XLSX), the verification report, the public key.
    static func extras(_ rows: [Row], publicKey: String?) throws -> [(String, [UInt8])] {
        let lines = rows.map { row in
            [
                row.code, String(row.version), row.title, row.target, row.creditCode, row.start, row.end, row.outcome, row.retention,
                row.retentionClass, row.due, row.sealValue, row.package, row.sha256, String(row.size), row.verified ? "通过" : "不通过",
            ]
        }
        let csv = ([header] + lines).map(CSV.line).joined()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var extras: [(String, [UInt8])] = [
            ("index.csv", [0xEF, 0xBB, 0xBF] + Array(csv.utf8)), ("index.xlsx", try IndexWorkbook.bytes(header: header, rows: lines)),
            ("verification.json", Array(try encoder.encode(rows)) + [0x0A]),
        ]
        if let publicKey, let key = FileManager.default.contents(atPath: publicKey) { extras.append(("office-ed25519.pub", Array(key))) }
        return extras
    }
}

/// A one-sheet XLSX of text cells (inline strings), for the export index.
enum IndexWorkbook {
    static func bytes(header: [String], rows: [[String]]) throws -> [UInt8] {
        let zip = ZipWriter()
        func add(_ name: String, _ text: String) throws { try zip.add(name, bytes: Array(text.utf8)) }
        try add(
            "[Content_Types].xml",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
        )
        try add(
            "_rels/.rels",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        )
        try add(
            "xl/workbook.xml",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="档案清单" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        )
        try add(
            "xl/_rels/workbook.xml.rels",
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        )
        var sheet: [UInt8] = []
        var writer = XMLStreamWriter { sheet += $0 }
        try writer.startDocument()
        try writer.startElement("worksheet", attributes: [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")])
        try writer.startElement("sheetData")
        for (index, cells) in ([header] + rows).enumerated() {
            try writer.startElement("row", attributes: [("r", String(index + 1))])
            for (column, value) in cells.enumerated() {
                try writer.startElement("c", attributes: [("r", "\(columnName(column))\(index + 1)"), ("t", "inlineStr")])
                try writer.startElement("is")
                try writer.element("t", text: value)
                try writer.endElement()
                try writer.endElement()
            }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.endElement()
        try writer.finish()
        try zip.add("xl/worksheets/sheet1.xml", bytes: sheet)
        return try zip.finishedBytes()
    }

    static func columnName(_ index: Int) -> String {
        var name = ""
        var n = index + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
