import TestSupport
import Testing

@testable import XMLCore

let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/// A paragraph as Word leaves it: a tag split across runs, a proofing mark between them.
let wordDocument = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:document xmlns:w="\(wordNamespace)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p w:rsidR="00A1"><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">机构名称：{{ 机</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>构名称 }}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>
    """

@Suite struct XMLEditingTests {
    let namespaces = ["w": wordNamespace]

    @Test func untouchedDocumentsSerialiseAsTheyCame() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8))
        #expect(String(decoding: doc.serialized(), as: UTF8.self) == wordDocument + "\n")
    }

    @Test func namespacedXPathFindsWordNodes() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8))
        let texts = try doc.nodes(matching: "//w:body/w:p//w:t", namespaces: namespaces)
        #expect(texts.map(\.textContent) == ["机构名称：{{ 机", "构名称 }}"])
        #expect(texts.first?.qualifiedName == "w:t")
        #expect(texts.first?.namespaceURI == wordNamespace)
        #expect(texts.first?.attribute("space", namespace: "http://www.w3.org/XML/1998/namespace") == "preserve")
        #expect(try doc.string(of: "count(//w:tr)", namespaces: namespaces) == "1")
        #expect(try doc.string(of: "string(//w:pgSz/@w:w)", namespaces: namespaces) == "11906")
        let paragraph = try #require(doc.nodes(matching: "//w:body/w:p", namespaces: namespaces).first)
        #expect(try doc.nodes(matching: "w:r", namespaces: namespaces, from: paragraph).count == 2)
    }

    @Test func invalidXPathIsAnErrorNamingTheExpression() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8), source: "word/document.xml")
        #expect(throws: XMLError.self) { try doc.nodes(matching: "//w:p[", namespaces: namespaces) }
        do { _ = try doc.nodes(matching: "//x:p") } catch let error as XMLError {
            #expect(error.code == .invalidXPath)
            #expect(error.description == "word/document.xml: error: XPath //x:p: undefined namespace prefix at character 6")
        }
    }

    /// A document keeps one XPath context: bindings, context node and a failed query must not leak
    /// into the next query, which answers as a freshly parsed document would.
    @Test func queriesOnOneDocumentDoNotLeakIntoEachOther() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8), source: "word/document.xml")
        func fresh(_ expression: String, _ bindings: [String: String], inParagraph: Bool = false) throws -> String {
            let other = try XMLDocument(bytes: Array(wordDocument.utf8))
            let context = inParagraph ? try other.nodes(matching: "//w:body/w:p", namespaces: namespaces).first : nil
            return try other.string(of: expression, namespaces: bindings, from: context)
        }
        let paragraph = try #require(doc.nodes(matching: "//w:body/w:p", namespaces: namespaces).first)
        #expect(try doc.nodes(matching: "w:r", namespaces: namespaces, from: paragraph).count == 2)
        // No context node given: as a fresh document, not the paragraph of the query before.
        #expect(try doc.string(of: "count(w:r)", namespaces: namespaces) == (try fresh("count(w:r)", namespaces)))
        #expect(try doc.string(of: "count(w:document)", namespaces: namespaces) == (try fresh("count(w:document)", namespaces)))
        // Another prefix for the same namespace; the old one is unbound.
        #expect(try doc.string(of: "count(//word:t)", namespaces: ["word": wordNamespace]) == "3")
        #expect(throws: XMLError.self) { try doc.string(of: "count(//w:t)", namespaces: ["word": wordNamespace]) }
        #expect(throws: XMLError.self) { try doc.nodes(matching: "//w:p[", namespaces: namespaces) }
        // After the errors, queries work as on a fresh document.
        #expect(try doc.string(of: "count(//w:t)", namespaces: namespaces) == "3")
        #expect(try doc.string(of: "string(w:r[2]/w:t)", namespaces: namespaces, from: paragraph) == "构名称 }}")
        #expect(try doc.string(of: "string(w:r[2]/w:t)", namespaces: namespaces) == (try fresh("string(w:r[2]/w:t)", namespaces)))
        #expect(try doc.string(of: "count(//*[local-name()='t'])") == "3")
        #expect(try fresh("string(w:r[2]/w:t)", namespaces, inParagraph: true) == "构名称 }}")
    }

    @Test func setTextEscapesMarkupCharacters() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8))
        let texts = try doc.nodes(matching: "//w:t", namespaces: namespaces)
        let hostile = #"R&D <script>"x"</script> & 'quoted' ]]> &amp;"#
        try texts[0].setText(hostile)
        try texts[1].setText("")
        try texts[0].setAttribute("id", to: "a\"b<c>&d\te")
        let bytes = doc.serialized()
        // libxml2 reads it back to the same data, and so does an outside parser.
        let reread = try XMLDocument(bytes: bytes)
        let first = try #require(reread.nodes(matching: "//w:t", namespaces: namespaces).first)
        #expect(first.textContent == hostile)
        #expect(first.attribute("id") == "a\"b<c>&d\te")
        let folder = TemporaryFolder()
        let path = try folder.write("edited.xml", bytes)
        let python = try Tools.python(
            "import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); t = d.getElementsByTagName('w:t')[0]; print(t.firstChild.data); print(t.getAttribute('id'))",
            [path])
        #expect(python.stdout == hostile + "\na\"b<c>&d\te\n", "\(python.stderr)")
    }

    @Test func setTextRefusesCharactersXMLCannotHold() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8))
        let text = try #require(doc.nodes(matching: "//w:t", namespaces: namespaces).first)
        do {
            try text.setText("备注\u{1}x")
            Issue.record("accepted U+0001")
        } catch let error as XMLError {
            #expect(error.code == .invalidCharacter)
            #expect(error.description == "error: w:t: character U+0001 at position 3 cannot be stored in XML")
        }
        #expect(text.textContent == "机构名称：{{ 机", "the node is unchanged after a refused edit")
    }

    @Test func rowsCanBeRepeatedAndRemoved() throws {
        let doc = try XMLDocument(bytes: Array(wordDocument.utf8))
        let row = try #require(doc.nodes(matching: "//w:tr", namespaces: namespaces).first)
        var last = row
        for name in ["甲医院", "乙药店"] {
            last = last.duplicateAfter()
            try #require(doc.nodes(matching: ".//w:t", namespaces: namespaces, from: last).first).setText(name)
        }
        row.detach()
        #expect(try doc.nodes(matching: "//w:tr//w:t", namespaces: namespaces).map(\.textContent) == ["甲医院", "乙药店"])
        // A detached node stays usable: put it back at the end.
        last.insertAfter(row)
        #expect(try doc.nodes(matching: "//w:tr", namespaces: namespaces).count == 3)
        let cell = try #require(doc.nodes(matching: "//w:tc", namespaces: namespaces).first)
        let paragraph = try cell.appendElement("w:p")
        try paragraph.appendElement("w:r").appendElement("w:t").setText("新增")
        #expect(paragraph.namespaceURI == wordNamespace)
        #expect(String(decoding: paragraph.serialized(), as: UTF8.self) == "<w:p><w:r><w:t>新增</w:t></w:r></w:p>")
        #expect(throws: XMLError.self) { try cell.appendElement("x:p") }
    }

    @Test func newDocumentsSerialiseWithADeclaration() throws {
        let doc = try XMLDocument(rootName: "dossier", namespace: "urn:spotcheck:dossier")
        try doc.root?.appendElement("title").setText("卷宗 <1>")
        #expect(
            String(decoding: doc.serialized(), as: UTF8.self) == """
                <?xml version="1.0" encoding="UTF-8"?>
                <dossier xmlns="urn:spotcheck:dossier"><title>卷宗 &lt;1&gt;</title></dossier>

                """)
        #expect(throws: XMLError.self) { try XMLDocument(rootName: "1bad") }
    }

    @Test func textInsertedBesideTextMergesWithoutInvalidatingTheNode() throws {
        let doc = try XMLDocument(bytes: Array("<p>middle<b/></p>".utf8))
        let middle = try #require(doc.root?.children.first)
        let before = try doc.makeText("<前>")
        middle.insertBefore(before)
        middle.insertAfter(try doc.makeText("&后"))
        #expect(before.textContent == "<前>", "the merged node stays valid")
        let bold = try #require(doc.root?.childElements.first)
        bold.insertBefore(try doc.makeText("!"))
        let marker = try doc.makeProcessingInstruction(target: "mark", content: "1")
        bold.insertAfter(marker)
        #expect(String(decoding: doc.root?.serialized() ?? [], as: UTF8.self) == "<p>&lt;前&gt;middle&amp;后!<b/><?mark 1?></p>")
        #expect(throws: XMLError.self) { try doc.makeProcessingInstruction(target: "mark", content: "a ?> b") }
    }
}
