import Foundation
import XMLCore
import ZipCore

/// A compiled document template: compile once, render many.
///
/// Compiling reads the office's own form (a `.docx`), finds every `{{ tag }}` — also where Word
/// split it across runs — and turns each part that holds tags into a program of literal bytes and
/// tags. Every other part of the package is kept as its stored (compressed) bytes. Rendering runs
/// the programs, deflates only the parts that changed and copies the rest as they are.
///
/// ```swift
/// let template = try Template(contentsOfFile: "templates/检查告知书.docx")
/// let bytes = try template.render(TemplateValue(json: data))
/// ```
///
/// A `Template` is an immutable `Sendable` value: render from as many threads as you like.
public struct Template: Sendable {
    enum Part: Sendable {
        case raw(ZipRawEntry)
        case bytes(String, [UInt8])
        case program(PartProgram)
        case sheet(SheetProgram)
    }

    let parts: [Part]
    /// Set for HTML templates, which are text.
    let html: TextTemplate?
    /// `[Content_Types].xml` and Word's relationship parts, kept readable for adding pictures.
    let packageParts: [String: [UInt8]]
    let filters: FilterRegistry
    /// The template's file name, for messages.
    public let name: String

    /// Compiles a template file.
    /// - Parameters:
    ///   - path: a `.docx` file.
    ///   - filters: the filters tags may use.
    /// - Throws: `TemplateError` listing **every** problem (each with part, paragraph or cell, and context).
    public init(contentsOfFile path: String, filters: FilterRegistry = .standard) throws {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(.badTemplate, TemplateText(zh: "无法读取 \(path)", en: "cannot read \(path)"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(.badTemplate, TemplateText(zh: "\(path) 不是 UTF-8 文本", en: "\(path) is not UTF-8 text"))
            }
            self.init(html: try TextTemplate(text, name: path, kind: .html, filters: filters), name: path, filters: filters)
            return
        }
        let reader: ZipReader
        do {
            reader = try ZipReader(path: path, limits: Self.readLimits)
        } catch let error as ZipError {
            throw TemplateError(
                .badTemplate, TemplateText(zh: "\(path) 不是可用的 Word 文档：\(error)", en: "\(path) is not a usable Word document: \(error)"),
                cause: error)
        }
        try self.init(reader: reader, name: path, filters: filters)
    }

    /// Compiles a template held in memory.
    public init(bytes: [UInt8], name: String = "template.docx", filters: FilterRegistry = .standard) throws {
        let reader: ZipReader
        do {
            reader = try ZipReader(bytes: bytes, name: name, limits: Self.readLimits)
        } catch let error as ZipError {
            throw TemplateError(
                .badTemplate, TemplateText(zh: "\(name) 不是可用的 Word 文档：\(error)", en: "\(name) is not a usable Word document: \(error)"),
                cause: error)
        }
        try self.init(reader: reader, name: name, filters: filters)
    }

    /// A form is small: these bounds refuse a bomb inside a `.docx` long before it costs anything.
    static let readLimits: ZipReader.Limits = {
        var limits = ZipReader.Limits()
        limits.maxEntries = 10_000
        limits.maxEntrySize = 256 << 20
        limits.maxTotalSize = 1 << 30
        limits.maxRatio = 200
        return limits
    }()

    private init(html: TextTemplate, name: String, filters: FilterRegistry) {
        self.html = html
        self.parts = []
        self.packageParts = [:]
        self.name = name
        self.filters = filters
    }

    private init(reader: ZipReader, name: String, filters: FilterRegistry) throws {
        self.name = name
        self.html = nil
        self.filters = filters
        if reader["xl/workbook.xml"] != nil {
            self.parts = try Self.compileWorkbook(reader, name: name, filters: filters)
            self.packageParts = [:]
            return
        }
        var packageParts: [String: [UInt8]] = [:]
        for entry in reader.entries
        where entry.path == "[Content_Types].xml" || (entry.path.hasPrefix("word/_rels/") && entry.path.hasSuffix(".rels")) {
            do { packageParts[entry.path] = try reader.contents(of: entry) } catch let error as ZipError {
                throw TemplateError(
                    .badTemplate, TemplateText(zh: "\(name) 已损坏：\(error)", en: "\(name) is damaged: \(error)"), cause: error)
            }
        }
        self.packageParts = packageParts
        let dialect: Dialect
        if reader["word/document.xml"] != nil {
            dialect = .wordprocessing
        } else if reader["content.xml"] != nil, let type = try? reader.contents(of: "mimetype"),
            String(decoding: type, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument.text")
        {
            dialect = .openDocument
        } else {
            throw TemplateError(
                .badTemplate,
                TemplateText(
                    zh: "\(name) 既不是 Word 文档（缺 word/document.xml）也不是 ODF 文本（缺 content.xml 或 mimetype）",
                    en: "\(name) is neither a Word document (no word/document.xml) nor an ODF text (no content.xml or mimetype)"))
        }
        var parts: [Part] = []
        var problems: [TemplateError] = []
        do {
            for entry in reader.entries {
                if entry.path == "mimetype" && entry.method != .stored {
                    // ODF 1.2 §3.3 wants it stored; a package that compressed it is repaired, not refused.
                    parts.append(.bytes(entry.path, try reader.contents(of: entry)))
                } else if dialect.escaping == .wordprocessing
                    ? Self.isStoryPart(entry.path) : ["content.xml", "styles.xml"].contains(entry.path)
                {
                    var compiler = try PartCompiler(name: entry.path, bytes: try reader.contents(of: entry), dialect: dialect)
                    let program = try compiler.compile()
                    problems += compiler.problems
                    parts.append(
                        program.nodes.contains(where: { if case .literal = $0 { false } else { true } })
                            ? .program(program) : .raw(try reader.rawEntry(entry)))
                } else {
                    parts.append(.raw(try reader.rawEntry(entry)))
                }
            }
        } catch let error as ZipError {
            throw TemplateError(.badTemplate, TemplateText(zh: "\(name) 已损坏：\(error)", en: "\(name) is damaged: \(error)"), cause: error)
        }
        // Unknown filters are found here, once, rather than at every render.
        problems += Self.unknownFilters(in: parts, filters: filters)
        if let error = TemplateError.gathering(problems) { throw error }
        self.parts = parts
    }

    /// Word's story parts: the body, headers, footers, footnotes and endnotes.
    static func isStoryPart(_ path: String) -> Bool {
        guard path.hasPrefix("word/"), path.hasSuffix(".xml"), !path.dropFirst(5).contains("/") else { return false }
        let base = path.dropFirst(5).dropLast(4)
        return base == "document" || base == "footnotes" || base == "endnotes"
            || (base.hasPrefix("header") && base.dropFirst(6).allSatisfy(\.isNumber))
            || (base.hasPrefix("footer") && base.dropFirst(6).allSatisfy(\.isNumber))
    }

    static func unknownFilters(in parts: [Part], filters: FilterRegistry) -> [TemplateError] {
        var problems: [TemplateError] = []
        func check(_ expression: Expression, _ program: PartProgram, _ site: Int) {
            for call in expression.filters where filters.filter(named: call.name) == nil {
                let hint = filters.suggestion(for: call.name)
                problems.append(
                    TemplateError(
                        .unknownFilter,
                        TemplateText(
                            zh: "未知的过滤器 “\(call.name)”" + (hint.map { "，是否想用 “\($0)”？" } ?? ""),
                            en: "unknown filter '\(call.name)'" + (hint.map { "; did you mean '\($0)'?" } ?? "")), at: program.sites[site]))
            }
        }
        func check(_ condition: Condition, _ program: PartProgram, _ site: Int) {
            switch condition {
            case .truthy(let e), .empty(let e), .equal(let e, _), .notEqual(let e, _): check(e, program, site)
            case .not(let inner): check(inner, program, site)
            }
        }
        func walk(_ nodes: [ProgramNode], _ program: PartProgram) {
            for node in nodes {
                switch node {
                case .literal: break
                case .value(let expression, let site): check(expression, program, site)
                case .image: break
                case .each(_, let body, _): walk(body, program)
                case .conditional(let condition, let then, let otherwise, let site):
                    check(condition, program, site)
                    walk(then, program)
                    walk(otherwise, program)
                }
            }
        }
        for part in parts {
            switch part {
            case .program(let program): walk(program.nodes, program)
            case .sheet(let sheet): walk(sheet.outline.nodes, sheet.outline)
            default: break
            }
        }
        return problems
    }

    // MARK: - Rendering

    /// Fills the template with `data` and returns the document's bytes (byte-identical for equal data).
    /// - Throws: `TemplateError` listing every missing or unprintable value, with where it is used.
    public func render(_ data: TemplateValue) throws -> [UInt8] {
        if let html { return Array(try html.render(data).utf8) }
        var options = ZipWriter.Options()
        options.parallelism = 1
        let writer = ZipWriter(options: options)
        try write(data, into: writer)
        return try writer.finishedBytes()
    }

    /// Fills the template and writes the document to `path` atomically.
    /// - Parameters:
    ///   - synchronize: wait until the file is on disk; a batch may pass false and sync once at the end.
    public func render(_ data: TemplateValue, toFile path: String, synchronize: Bool = true) throws {
        if html != nil {
            let bytes = try render(data)
            let temporary = path + ".tmp"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
                throw TemplateError(.badData, TemplateText(zh: "无法写入 \(path)", en: "cannot write \(path)"))
            }
            if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            return
        }
        var options = ZipWriter.Options()
        options.parallelism = 1
        options.synchronizes = synchronize
        let writer = try ZipWriter(path: path, options: options)
        try write(data, into: writer)
        try writer.finish()
    }

    private func write(_ data: TemplateValue, into writer: ZipWriter) throws {
        var problems: [TemplateError] = []
        var rendered: [[UInt8]?] = []
        var pictures: [(part: String, images: [WordImage])] = []
        for part in parts {
            switch part {
            case .program(let program):
                var renderer = Renderer(program: program, data: data, filters: filters)
                renderer.run()
                problems += renderer.problems
                if !renderer.images.isEmpty { pictures.append((program.name, renderer.images)) }
                rendered.append(program.mergesVertically ? try VerticalMerge.apply(renderer.output, part: program.name) : renderer.output)
            case .sheet(let sheet):
                rendered.append(sheet.render(data, filters: filters, problems: &problems))
            default:
                rendered.append(nil)
            }
        }
        if let error = TemplateError.gathering(problems) { throw error }
        let (replaced, added) = try pictures.isEmpty ? ([:], []) : placing(pictures)
        for (part, bytes) in zip(parts, rendered) {
            switch part {
            case .raw(let raw) where replaced[raw.entry.path] != nil: try writer.add(raw.entry.path, bytes: replaced[raw.entry.path] ?? [])
            case .raw(let raw): try writer.add(raw: raw)
            case .bytes(let name, let content): try writer.add(name, bytes: content)
            case .program(let program): try writer.add(program.name, bytes: bytes ?? [])
            case .sheet(let sheet): try writer.add(sheet.name, bytes: bytes ?? [])
            }
        }
        for (name, bytes, compression) in added { try writer.add(name, bytes: bytes, compression: compression) }
    }

    /// The package changes pictures need: their media parts, a relationship for each from the part
    /// that shows it, and content types for PNG and JPEG.
    private func placing(_ pictures: [(part: String, images: [WordImage])]) throws
        -> (replaced: [String: [UInt8]], added: [(String, [UInt8], ZipCompression?)])
    {
        var replaced: [String: [UInt8]] = [:]
        var added: [(String, [UInt8], ZipCompression?)] = []
        let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
        for (part, images) in pictures {
            let folder = part.split(separator: "/").dropLast().joined(separator: "/")
            let file = part.split(separator: "/").last.map(String.init) ?? part
            let relsPath = "\(folder)/_rels/\(file).rels"
            let rels =
                try packageParts[relsPath].map { try XMLDocument(bytes: $0, source: relsPath) }
                ?? XMLDocument(rootName: "Relationships", namespace: relationshipsNamespace)
            guard let root = rels.root else { continue }
            let stem = file.replacingOccurrences(of: ".xml", with: "")
            for (index, image) in images.enumerated() {
                let media = "media/spotcheck-\(stem)-\(index + 1).\(image.fileExtension)"
                let relationship = try root.appendElement("Relationship")
                try relationship.setAttribute("Id", to: "rIdSpotcheckImage\(index + 1)")
                try relationship.setAttribute("Type", to: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image")
                try relationship.setAttribute("Target", to: media)
                // Already compressed: stored as it is.
                added.append(("\(folder)/\(media)", image.bytes, .store))
            }
            if packageParts[relsPath] != nil {
                replaced[relsPath] = rels.serialized()
            } else {
                added.insert((relsPath, rels.serialized(), nil), at: 0)
            }
        }
        if let types = packageParts["[Content_Types].xml"] {
            let document = try XMLDocument(bytes: types, source: "[Content_Types].xml")
            let namespaces = ["t": "http://schemas.openxmlformats.org/package/2006/content-types"]
            let kinds = Set(pictures.flatMap { $0.images.map(\.fileExtension) })
            for kind in kinds.sorted() {
                let present = try document.string(
                    of: "count(/t:Types/t:Default[translate(@Extension, 'PNGJPEG', 'pngjpeg')='\(kind)'])", namespaces: namespaces)
                guard present == "0", let root = document.root else { continue }
                let entry = try root.appendElement("Default")
                try entry.setAttribute("Extension", to: kind)
                try entry.setAttribute("ContentType", to: "image/\(kind)")
                if let first = root.childElements.first, first != entry { first.insertBefore(entry) }
            }
            replaced["[Content_Types].xml"] = document.serialized()
        }
        return (replaced, added)
    }
}
