import TestSupport
import Testing
import ZipCore

@testable import XMLCore

@Suite struct XMLStreamWriterTests {
    @Test func writesEscapedXMLThatOtherParsersRead() throws {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("sheetData", attributes: [("xmlns", "urn:x"), ("note", "a\"b<c>&d\te\nf")])
        try writer.element("c", attributes: [("r", "A1")], text: #"R&D <b> "q" ]]>"#)
        try writer.element("c", attributes: [("r", "A2")], text: "")
        try writer.endElement()
        try writer.finish()
        let text = String(decoding: output, as: UTF8.self)
        #expect(
            text == """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sheetData xmlns="urn:x" note="a&quot;b&lt;c&gt;&amp;d&#9;e&#10;f"><c r="A1">R&amp;D &lt;b&gt; "q" ]]&gt;</c><c r="A2"/></sheetData>
                """)
        let reread = try XMLDocument(bytes: output)
        #expect(reread.root?.attribute("note") == "a\"b<c>&d\te\nf")
        #expect(try reread.string(of: "string(//*[@r='A1'])") == #"R&D <b> "q" ]]>"#)
    }

    /// A list of same-named elements writes what one `element` call per value writes, escapes included,
    /// and refuses what `element` refuses.
    @Test func elementListsMatchSingleElements() throws {
        let values = ["91410400MA44XXXX0X", "R&D <b>", "卫东区第一人民医院", #"say "q""#]
        var one: [UInt8] = []
        var list: [UInt8] = []
        var single = XMLStreamWriter { one += $0 }
        var batch = XMLStreamWriter { list += $0 }
        for writer in [0, 1] {
            if writer == 0 {
                try single.startElement("strata")
                for value in values { try single.element("candidate", text: value) }
                try single.endElement()
                try single.finish()
            } else {
                try batch.startElement("strata")
                try batch.elements("candidate", texts: values)
                try batch.endElement()
                try batch.finish()
            }
        }
        #expect(list == one)
        #expect(try XMLDocument(bytes: list).string(of: "string(/strata/candidate[2])") == "R&D <b>")
        var bad = XMLStreamWriter { _ in }
        #expect(throws: XMLError.self) { try bad.elements("candidate", texts: ["x"]) }
        try bad.startElement("strata")
        do { try bad.elements("candidate", texts: ["ok", "bell\u{7}"]) } catch let error as XMLError {
            #expect(error.description == "error: candidate: character U+0007 at position 5 cannot be stored in XML")
        }
        do { try bad.elements("bad name", texts: []) } catch let error as XMLError {
            #expect(error.code == .invalidName)
        }
    }

    @Test func refusesMisuseAndBadCharacters() throws {
        var writer = XMLStreamWriter { _ in }
        #expect(throws: XMLError.self) { try writer.text("outside") }
        try writer.startElement("备注")
        do { try writer.text("bell\u{7}") } catch let error as XMLError {
            #expect(error.description == "error: 备注: character U+0007 at position 5 cannot be stored in XML")
        }
        do { try writer.startElement("bad name") } catch let error as XMLError {
            #expect(error.code == .invalidName)
        }
        try writer.startElement("inner")
        do { try writer.finish() } catch let error as XMLError {
            #expect(error.description == "error: finish with elements still open: 备注 > inner")
        }
    }

    @Test func streams200000RowsIntoAZipEntryInBoundedChunks() throws {
        let folder = TemporaryFolder()
        let zip = ZipWriter()
        var largestChunk = 0
        var chunks = 0
        try zip.add("xl/worksheets/sheet1.xml") { entry in
            var writer = XMLStreamWriter(chunkSize: 64 << 10) { chunk in
                largestChunk = max(largestChunk, chunk.count)
                chunks += 1
                try entry.write(chunk)
            }
            try writer.startDocument()
            try writer.startElement("worksheet", attributes: [("xmlns", "http://schemas.openxmlformats.org/spreadsheetml/2006/main")])
            try writer.startElement("sheetData")
            for row in 1...200_000 {
                try writer.startElement("row", attributes: [("r", "\(row)")])
                try writer.element("c", attributes: [("r", "A\(row)"), ("t", "inlineStr")], text: "定点医药机构 \(row) & 分店")
                try writer.endElement()
            }
            try writer.endElement()
            try writer.endElement()
            try writer.finish()
        }
        let path = try folder.write("big.xlsx", try zip.finishedBytes())
        #expect(chunks > 100)
        #expect(largestChunk < (64 << 10) + 1024, "the writer never holds much more than one chunk")
        let python = try Tools.python(
            """
            import sys, zipfile, xml.etree.ElementTree as ET
            ns = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
            rows = [e for _, e in ET.iterparse(zipfile.ZipFile(sys.argv[1]).open('xl/worksheets/sheet1.xml')) if e.tag == ns + 'row']
            print(len(rows), rows[-1].find(ns + 'c').text)
            """, [path])
        #expect(python.stdout == "200000 定点医药机构 200000 & 分店\n", "\(python.stderr)")
    }
}
