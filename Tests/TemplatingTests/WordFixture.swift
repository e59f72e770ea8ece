import TestSupport
import XMLCore
import ZipCore

@testable import Templating

/// Builds small but real `.docx` packages from body XML, as Word would store them.
enum WordFixture {
    static let namespaces =
        #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    /// A package whose body is `body` (WordprocessingML inside `<w:body>`), with an optional header.
    static func docx(body: String, header: String? = nil) throws -> [UInt8] {
        let writer = ZipWriter()
        var overrides =
            #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#
        if header != nil {
            overrides +=
                #"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#
        }
        try writer.add(
            "[Content_Types].xml",
            bytes: Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>\(overrides)</Types>
                """.utf8))
        try writer.add(
            "_rels/.rels",
            bytes: Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """.utf8))
        var relationships =
            #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        if header != nil {
            relationships +=
                #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#
        }
        try writer.add(
            "word/_rels/document.xml.rels",
            bytes: Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(relationships)</Relationships>
                """.utf8))
        let headerReference = header == nil ? "" : #"<w:headerReference w:type="default" r:id="rId2"/>"#
        try writer.add(
            "word/document.xml",
            bytes: Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document \(namespaces)><w:body>\(body)<w:sectPr>\(headerReference)<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>
                """.utf8))
        try writer.add(
            "word/styles.xml",
            bytes: Array(
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:styles \(namespaces)><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC"/><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>
                """.utf8))
        if let header {
            try writer.add(
                "word/header1.xml",
                bytes: Array(
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <w:hdr \(namespaces)>\(header)</w:hdr>
                    """.utf8))
        }
        return try writer.finishedBytes()
    }

    /// A plain paragraph of one run.
    static func paragraph(_ text: String) -> String {
        #"<w:p><w:r><w:t xml:space="preserve">\#(text)</w:t></w:r></w:p>"#
    }

    /// A table: one row per entry, one cell per string (each cell one paragraph).
    static func table(_ rows: [[String]], header: String = "") -> String {
        let body = rows.map { cells in
            "<w:tr>" + cells.map { "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>\(paragraph($0))</w:tc>" }.joined()
                + "</w:tr>"
        }.joined()
        return
            #"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>"#
            + header + body + "</w:tbl>"
    }

    /// The texts of a rendered document's paragraphs, as python-docx reads them (body paragraphs, then table cells).
    static func pythonDocxText(_ bytes: [UInt8]) throws -> String {
        let folder = TemporaryFolder()
        let path = try folder.write("out.docx", bytes)
        let run = try Tools.python(
            """
            import sys, docx
            d = docx.Document(sys.argv[1])
            for p in d.paragraphs: print('P:' + p.text)
            for t in d.tables:
                for r in t.rows: print('R:' + '|'.join(c.text for c in r.cells))
            for s in d.sections:
                if not s.header.is_linked_to_previous:
                    for p in s.header.paragraphs: print('H:' + p.text)
            """, [path])
        guard run.succeeded else { throw Tools.Missing(tool: "python-docx could not open the document: \(run.stderr)") }
        return run.stdout
    }

    /// The rendered `word/document.xml`.
    static func documentXML(_ bytes: [UInt8]) throws -> String {
        String(decoding: try ZipReader(bytes: bytes).contents(of: "word/document.xml"), as: UTF8.self)
    }
}
