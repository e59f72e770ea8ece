import ZipCore

extension Template {
    /// Fills the template once per record into **one** document, for printing a batch in one go.
    ///
    /// Each record becomes its own section: the body's section properties (page size, margins,
    /// headers and footers, page numbering) are repeated as a next-page section break after every
    /// record but the last, so each record starts on a new page and there is no trailing blank page.
    ///
    /// Headers, footers and notes are shared by all records, so they may not hold tags.
    /// - Throws: `TemplateError` listing every problem of every record (each named by its number),
    ///   or `.badStructure` when a header, footer or note part holds tags.
    public func renderMerged(_ records: [TemplateValue]) throws -> [UInt8] {
        let isWord = parts.contains { part in
            switch part {
            case .raw(let raw): raw.entry.path == "word/document.xml"
            case .program(let program): program.name == "word/document.xml"
            case .bytes, .sheet: false
            }
        }
        guard html == nil, isWord else {
            throw TemplateError(
                .badStructure, TemplateText(zh: "只有 Word 模板能合并为一个文件", en: "only Word templates can be merged into one file"))
        }
        var problems: [TemplateError] = []
        for case .program(let program) in parts where program.name != "word/document.xml" {
            problems.append(
                TemplateError(
                    .badStructure,
                    TemplateText(
                        zh: "\(program.name) 含有标签：合并打印时页眉、页脚和注释由所有记录共用，不能含标签",
                        en:
                            "\(program.name) holds tags: when records are merged, headers, footers and notes are shared and cannot hold tags"
                    )))
        }
        if let error = TemplateError.gathering(problems) { throw error }
        let writer = ZipWriter(options: Self.singleCore)
        for part in parts {
            switch part {
            case .raw(let raw):
                try writer.add(raw: raw)
            case .bytes(let name, let content):
                try writer.add(name, bytes: content)
            case .sheet:
                break
            case .program(let program):
                try writer.add(program.name, bytes: try mergedBody(program, records))
            }
        }
        return try writer.finishedBytes()
    }

    private func mergedBody(_ program: PartProgram, _ records: [TemplateValue]) throws -> [UInt8] {
        var problems: [TemplateError] = []
        var bodies: [[UInt8]] = []
        for (index, record) in records.enumerated() {
            var renderer = Renderer(program: program, data: record, filters: filters)
            renderer.run()
            problems += renderer.problems.map { problem in
                var numbered = problem
                numbered.text = TemplateText(zh: "第 \(index + 1) 条记录：\(problem.text.zh)", en: "record \(index + 1): \(problem.text.en)")
                return numbered
            }
            if !renderer.images.isEmpty {
                problems.append(
                    TemplateError(.badStructure, TemplateText(zh: "合并打印暂不支持图片", en: "pictures are not supported in merged print yet")))
            }
            bodies.append(renderer.output)
        }
        if let error = TemplateError.gathering(problems) { throw error }
        guard let first = bodies.first else { return [] }
        guard let open = Self.range(of: "<w:body>", in: first), let close = Self.lastRange(of: "</w:body>", in: first),
            let section = Self.lastRange(of: "<w:sectPr", in: first), section.lowerBound > open.upperBound,
            section.lowerBound < close.lowerBound
        else {
            throw TemplateError(
                .badStructure,
                TemplateText(
                    zh: "word/document.xml 中找不到正文的节属性 (w:sectPr)", en: "word/document.xml has no body section properties (w:sectPr)"))
        }
        let sectionProperties = Array(first[section.lowerBound..<close.lowerBound])
        var merged = Array(first[..<open.upperBound])
        for (index, body) in bodies.enumerated() {
            guard let bodyOpen = Self.range(of: "<w:body>", in: body), let bodySection = Self.lastRange(of: "<w:sectPr", in: body) else {
                continue
            }
            merged += body[bodyOpen.upperBound..<bodySection.lowerBound]
            if index < bodies.count - 1 {
                // A section break carried by an empty paragraph: the next record starts on a new page.
                merged += Array("<w:p><w:pPr>".utf8) + sectionProperties + Array("</w:pPr></w:p>".utf8)
            }
        }
        merged += first[section.lowerBound...]
        return merged
    }

    static let singleCore: ZipWriter.Options = {
        var options = ZipWriter.Options()
        options.parallelism = 1
        return options
    }()

    private static func range(of text: String, in bytes: [UInt8]) -> Range<Int>? {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return nil }
        for start in 0...(bytes.count - needle.count)
        where bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }

    private static func lastRange(of text: String, in bytes: [UInt8]) -> Range<Int>? {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return nil }
        for start in stride(from: bytes.count - needle.count, through: 0, by: -1)
        where bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }
}
