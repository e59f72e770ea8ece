import Archiving
import Foundation
import Inspection
import Tabular
import Templating
import TestSupport
import Testing
import XMLCore
import ZipCore

/// The fuzzers' corpus (bench/fuzz/corpus: the seeds and every input a fuzzer kept or crashed on) replayed
/// through the same readers as the harnesses in bench/fuzz/Sources, without the sanitizers: whatever a
/// fuzzer once found stays fixed. Each input may be refused with an error; none may crash or hang.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bench/fuzz/corpus").path

    static func inputs(_ harness: String) -> [(String, [UInt8])] {
        let folder = "\(corpus)/\(harness)"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.compactMap { name in FileManager.default.contents(atPath: "\(folder)/\(name)").map { (name, Array($0)) } }
    }

    @Test(arguments: ["csv", "xlsx", "xml", "zip", "template", "package", "drawrecord"])
    func everyInputIsReadOrRefusedWithoutACrash(harness: String) throws {
        let inputs = Self.inputs(harness)
        #expect(!inputs.isEmpty, "bench/fuzz/corpus/\(harness) holds no seed")
        let schema = try XMLSchema(document: XMLDocument(contentsOfFile: "\(Self.corpus)/../../../archive/dossier.xsd"))
        let folder = TemporaryFolder()
        for (name, bytes) in inputs {
            switch harness {
            case "csv":
                if let table = try? Table(csv: bytes, source: name) { #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(name)") }
            case "xlsx":
                if let table = try? Table(xlsx: bytes, source: name) { #expect(table.rows.allSatisfy { $0.count == table.header.count }, "\(name)") }
            case "xml":
                let limits = XMLParseLimits(maxBytes: 1 << 20, maxDepth: 64)
                if let document = try? XMLDocument(bytes: bytes, source: name, limits: limits) { _ = document.serialized() }
                let parser = XMLStreamParser(elements: ["row", "c", "v", "t"], starts: ["row", "c"], limits: limits, maxText: 4096)
                _ = try? parser.feed(bytes[...]) { _ in }
                _ = try? parser.finish { _ in }
            case "zip":
                var limits = ZipReader.Limits()
                (limits.maxEntrySize, limits.maxTotalSize, limits.maxInMemory) = (1 << 22, 1 << 24, 1 << 22)
                if let reader = try? ZipReader(bytes: bytes, name: name, limits: limits) {
                    _ = try? reader.testAll()
                    for entry in reader.entries.prefix(64) { _ = try? reader.contents(of: entry) }
                }
            case "template": _ = try? Template(bytes: bytes, name: name)
            case "package":
                let path = try folder.write("\(name).zip", bytes)
                _ = PackageVerifier(schema: schema, trustedKeys: []).verify(path)
            default: _ = try? DrawRecord(xml: bytes, source: name)
            }
        }
    }
}
