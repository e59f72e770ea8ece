import Foundation
import Support
import XMLCore

/// Reads the fonts each PDF actually embeds (with poppler's `pdffonts`, an outside judge) and names every
/// one that is not a first choice of the office's font mapping (`templates/fonts/fonts.conf`): a silent
/// replacement — a fallback CJK font, DejaVu for Times New Roman — is said, per document, not discovered
/// by the clerk holding the printout.
///
/// ```swift
/// let audit = try FontAudit(fontConfiguration: "templates/fonts/fonts.conf")
/// for finding in audit.substitutions(in: pdfs) { print(finding.document, finding.font) }
/// ```
public struct FontAudit: Sendable {
    /// The first-choice family of every mapped name, normalised (`fandolfang`), and how they print.
    public let allowed: [String: String]

    /// Reads the mapping's first choices: each `<alias>`'s first `<prefer><family>` and each `<match>`'s
    /// first `<edit name="family"><string>`.
    /// - Throws: `XMLError` for a file that is not XML.
    public init(fontConfiguration path: String) throws {
        // fontconfig files start with a DOCTYPE, which the hardened parser refuses; it declares nothing used.
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FormError(zh: "无法读取字体映射 \(path)", en: "cannot read the font mapping \(path)", code: .notFound)
        }
        if let start = text.range(of: "<!DOCTYPE"), let end = text[start.upperBound...].firstIndex(of: ">") {
            text.removeSubrange(start.lowerBound...end)
        }
        let document = try XMLDocument(bytes: Array(text.utf8), source: path)
        let first = try document.nodes(matching: "/fontconfig/alias/prefer/family[1] | /fontconfig/match/edit[@name='family']/string[1]")
        var allowed: [String: String] = [:]
        for node in first { allowed[Self.normalized(node.textContent)] = node.textContent }
        self.allowed = allowed
    }

    /// A font a document embeds that the mapping does not choose.
    public struct Finding: Sendable, Hashable {
        public var document: String
        public var font: String
    }

    /// `FandolFang-Regular`, `ABCDEF+Liberation Serif Bold` → `fandolfang`, `liberationserif`: the family,
    /// without subset tag, style or spaces.
    public static func normalized(_ name: String) -> String {
        var base = Substring(name)
        if let plus = base.firstIndex(of: "+"), base.distance(from: base.startIndex, to: plus) == 6 { base = base[base.index(after: plus)...] }
        if let dash = base.firstIndex(of: "-") { base = base[..<dash] }
        var text = base.lowercased().filter { !$0.isWhitespace && $0 != "," }
        // Noto's CJK collections embed a region's face (NotoSerifCJKjp) for the family named by another (…SC).
        if let cjk = text.range(of: "cjk") { text = String(text[..<cjk.upperBound]) }
        for style in ["bold", "regular", "italic", "light", "medium"] where text.hasSuffix(style) && text.count > style.count {
            text.removeLast(style.count)
        }
        return text
    }

    /// The fonts a PDF embeds or uses, by `pdffonts`; `nil` when `pdffonts` is not installed.
    public static func fonts(in pdf: String) -> [String]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdffonts", pdf]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return process.terminationStatus == 127 ? nil : [] }
        // Two header lines, then one font per line; the name is the first column.
        return String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst(2).compactMap { line in
            line.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init)
        }
    }

    /// Every font the PDFs embed that is not a first choice of the mapping, one finding per document and
    /// font; empty when all is as mapped (or when `pdffonts` is missing: `available` says which).
    public func substitutions(in pdfs: [String]) -> (findings: [Finding], available: Bool) {
        let lists = (try? pdfs.parallelMap(chunk: 1) { Self.fonts(in: $0) }) ?? []
        guard !lists.contains(where: { $0 == nil }) else { return ([], false) }
        var findings: [Finding] = []
        for (pdf, fonts) in zip(pdfs, lists) {
            var seen = Set<String>()
            for font in fonts ?? [] where allowed[Self.normalized(font)] == nil && seen.insert(Self.normalized(font)).inserted {
                findings.append(Finding(document: pdf, font: font))
            }
        }
        return (findings, true)
    }
}
