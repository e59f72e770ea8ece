import Foundation
import Inspection
import Testing

/// The layering of docs/ARCHITECTURE.md, held against Package.swift and against every source file, and
/// the house rules a reader of the upper half relies on.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path
    /// Modules of the operating system and the toolchain, which any module may import.
    static let system: Set<String> = ["Foundation", "Glibc", "Darwin", "Dispatch"]

    /// Edges the design forbids, whatever the table says.
    static let forbidden: [(String, String)] =
        [("Archiving", "Forms"), ("Archiving", "Templating"), ("Archiving", "Workflow"), ("Forms", "Archiving"), ("Forms", "Workflow")]
        + ["Templating", "Store", "Forms", "Archiving", "Workflow", "GRDB", "ArgumentParser"].map { ("Inspection", $0) }
        + ["Workflow", "Forms", "Archiving", "ArgumentParser"].map { ("Store", $0) }
        + [("spotcheck", "GRDB"), ("Workflow", "GRDB"), ("Forms", "GRDB"), ("Archiving", "GRDB"), ("Support", "Inspection")]

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(root)/\(relative)", encoding: .utf8)
    }

    /// The table of docs/ARCHITECTURE.md: module → the modules it may import.
    static func table() throws -> [String: Set<String>] {
        var table: [String: Set<String>] = [:]
        for line in try read("docs/ARCHITECTURE.md").split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0] != "module", !cells[0].hasPrefix("---") else { continue }
            table[cells[0]] = Set(cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return table
    }

    /// Package.swift's `.target` and `.executableTarget` entries under Sources: name → dependencies.
    static func packageTargets() throws -> [String: Set<String>] {
        let text = try read("Package.swift")
        var targets: [String: Set<String>] = [:]
        var searchFrom = text.startIndex
        while let start = text.range(of: #"\.(target|executableTarget)\("#, options: .regularExpression, range: searchFrom..<text.endIndex) {
            var depth = 0
            var end = start.upperBound
            for index in text.indices[text.index(before: start.upperBound)...] {
                if text[index] == "(" { depth += 1 }
                if text[index] == ")" { depth -= 1 }
                if depth == 0 {
                    end = index
                    break
                }
            }
            let block = String(text[start.lowerBound..<end])
            searchFrom = end
            guard !block.contains("path:"),
                let name = block.firstMatch(of: #/name: "([^"]+)"/#)?.1
            else { continue }
            var dependencies: Set<String> = []
            if let list = block.firstMatch(of: #/dependencies: \[([^\]]*)\]/#)?.1 {
                var rest = String(list)
                for product in rest.matches(of: #/\.product\(name: "([^"]+)", package: "[^"]+"\)/#) { dependencies.insert(String(product.1)) }
                rest = rest.replacing(#/\.product\([^)]*\)/#, with: "")
                for module in rest.matches(of: #/"([^"]+)"/#) { dependencies.insert(String(module.1)) }
            }
            targets[String(name)] = dependencies
        }
        return targets
    }

    /// Every Swift file under Sources/, as (module, path relative to the root, text).
    static func sources() throws -> [(module: String, path: String, text: String)] {
        let manager = FileManager.default
        var files: [(String, String, String)] = []
        for module in try manager.contentsOfDirectory(atPath: "\(root)/Sources").sorted() {
            guard let walker = manager.enumerator(atPath: "\(root)/Sources/\(module)") else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let path = "Sources/\(module)/\(file)"
                files.append((module, path, try read(path)))
            }
        }
        return files
    }

    @Test func theTableThePackageAndTheImportsAgree() throws {
        let table = try Self.table()
        let targets = try Self.packageTargets()
        #expect(!table.isEmpty && !targets.isEmpty)
        #expect(Set(table.keys) == Set(targets.keys), "the table lists exactly the package's source targets")
        for (module, dependencies) in targets {
            #expect(dependencies == table[module], "Package.swift's dependencies of \(module) are the table's")
        }
        var problems: [String] = []
        for file in try Self.sources() {
            let allowed = (table[file.module] ?? []).union(Self.system)
            for line in file.text.split(separator: "\n") {
                // Every form of import: attributes (@testable, @preconcurrency), access levels, and single declarations.
                guard
                    let match = line.firstMatch(
                        of: #/^\s*(?:@\w+\s+)*(?:(?:public|internal|package|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(\w+)/#)
                else { continue }
                let imported = String(match.1)
                if !allowed.contains(imported) { problems.append("\(file.path) imports \(imported)") }
            }
        }
        #expect(problems == [], "every import is one the table allows")
    }

    @Test func theTableAllowsNoForbiddenEdge() throws {
        let table = try Self.table()
        for (from, to) in Self.forbidden {
            #expect(table[from]?.contains(to) != true, "\(from) must not import \(to)")
        }
    }

    @Test func noVocabularyLabelIsComparedAsAStringOutsideTheDomain() throws {
        let labels =
            VisitStatus.allCases.map(\.rawValue) + Outcome.allCases.map(\.rawValue) + CheckMethod.allCases.map(\.rawValue)
            + DocumentCondition.allCases.map(\.rawValue) + DeadlineKind.allCases.map(\.rawValue) + TeamRole.allCases.map(\.rawValue)
        var problems: [String] = []
        for file in try Self.sources() where file.module != "Inspection" {
            for (number, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for label in labels
                where line.contains("== \"\(label)\"") || line.contains("!= \"\(label)\"") || line.contains("case \"\(label)\"") {
                    problems.append("\(file.path):\(number + 1): \(label)")
                }
            }
        }
        #expect(problems == [])
    }

    @Test func noAuditPayloadIsJSONPutTogetherByHand() throws {
        var problems: [String] = []
        for file in try Self.sources() {
            for (number, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.firstMatch(of: #/(before|after):\s*#?"\{/#) != nil {
                problems.append("\(file.path):\(number + 1)")
            }
        }
        #expect(problems == [])
    }

    @Test func unsafePointersStayInTheCWrappers() throws {
        var problems: [String] = []
        for file in try Self.sources() where !["XMLCore", "ZipCore", "CLibXML2", "CZlibSystem"].contains(file.module) {
            for (number, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                // `PostgresQuery(unsafeSQL:)` is about SQL text, not memory: held to its one file below.
                let pointers = code.replacing(#/PostgresQuery\(unsafeSQL:/#, with: "")
                if pointers.firstMatch(of: #/\b[Uu]nsafe\w*|\bunsafeBitCast\b|\bassumingMemoryBound\b/#) != nil {
                    problems.append("\(file.path):\(number + 1)")
                }
            }
        }
        #expect(problems == [])
    }

    /// SQL text run as it is (no bound values) only in the one function that says why.
    @Test func unboundSQLStaysInItsOneFile() throws {
        let files = try Self.sources().filter { $0.text.contains("unsafeSQL") }.map(\.path)
        #expect(files == ["Sources/Province/ProvinceSQL.swift"])
    }

    /// Functions and initialisers longer than 80 lines, unless the comment above says why ("Long on purpose").
    @Test func noFunctionOver80LinesWithoutAReason() throws {
        var problems: [String] = []
        for file in try Self.sources() {
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() {
                guard
                    let match = line.firstMatch(
                        of: #/^(\s*)(?:@\w+\s+)*(?:(?:public|private|fileprivate|internal|static|mutating|override|final|nonisolated)\s+)*(?:func|init)\b/#)
                else { continue }
                let indent = String(match.1)
                // The body opens within the signature's few lines; a requirement in a protocol has none.
                let signature = lines[index..<min(lines.count, index + 6)]
                guard let open = signature.firstIndex(where: { $0.contains("{") }),
                    !lines[index..<open].dropFirst().contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty })
                else { continue }
                if open == index, line.filter({ $0 == "{" }).count == line.filter({ $0 == "}" }).count { continue }
                guard let close = lines[(open + 1)...].firstIndex(where: { $0 == indent + "}" }) else { continue }
                let length = close - index + 1
                guard length > 80 else { continue }
                var comment = index - 1
                var reason = false
                while comment >= 0, lines[comment].trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    if lines[comment].contains("Long on purpose") { reason = true }
                    comment -= 1
                }
                if !reason { problems.append("\(file.path):\(index + 1): \(length) lines") }
            }
        }
        #expect(problems == [])
    }
}
