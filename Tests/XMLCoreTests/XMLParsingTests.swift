import TestSupport
import Testing

@testable import XMLCore

/// Hostile and malformed inputs: each is refused with an error that says what and where.
@Suite struct XMLParsingTests {
    func xmlError(_ text: String, source: String? = "part.xml", limits: XMLParseLimits = .standard) -> XMLError? {
        do {
            _ = try XMLDocument(bytes: Array(text.utf8), source: source, limits: limits)
            Issue.record("parsed without error")
        } catch let error as XMLError {
            return error
        } catch {
            Issue.record("not an XMLError: \(error)")
        }
        return nil
    }

    @Test func refusesAnExternalEntityToEtcPasswd() {
        let error = xmlError(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r>&xxe;</r>
            """)
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.description == "part.xml:2:13: error: a DOCTYPE is not allowed (external entities and entity expansion are refused)")
        #expect(error?.description.contains("root:") == false)
    }

    @Test func refusesBillionLaughsBeforeExpandingAnything() {
        var text = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">"#
        for level in 1...9 {
            text += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">"
        }
        text += "]><lolz>&lol9;</lolz>"
        let error = xmlError(text)
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.location == XMLLocation(source: "part.xml", line: 1, column: 37))
    }

    @Test func refusesAnyDoctype() {
        let error = xmlError("<!DOCTYPE html>\n<html/>", source: "word/document.xml")
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.location?.description == "word/document.xml:1:15")
    }

    @Test func refusesAnUndeclaredEntity() {
        let error = xmlError("<r>&nbsp;</r>")
        #expect(error?.code == .malformed)
        #expect(error?.description == "part.xml:1:10: error: malformed XML: Entity 'nbsp' not defined")
    }

    @Test func refuses100000DeepNesting() {
        let depth = 100_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        let error = xmlError(text)
        #expect(error?.code == .tooDeep)
        #expect(error?.description == "part.xml:1:771: error: elements nest deeper than the limit of 256")
    }

    @Test func depthLimitIsConfigurable() throws {
        let text = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
        #expect(xmlError(text, limits: XMLParseLimits(maxDepth: 9))?.code == .tooDeep)
        _ = try XMLDocument(bytes: Array(text.utf8), limits: XMLParseLimits(maxDepth: 10))
    }

    @Test func refusesInputOverTheSizeLimit() {
        let error = xmlError("<r>" + String(repeating: "x", count: 2000) + "</r>", limits: XMLParseLimits(maxBytes: 1000))
        #expect(error?.code == .tooLarge)
        #expect(error?.description == "part.xml: error: the XML is 2007 bytes, more than the limit of 1000")
    }

    @Test(arguments: [
        (
            "<w:document xmlns:w=\"urn:w\">\n  <w:body>\n    <w:p>\n  </w:body>\n</w:document>",
            "part.xml:4:12: error: malformed XML: Opening and ending tag mismatch: p line 3 and body"
        ),
        ("<a>\n<b attr=unquoted/></a>", "part.xml:2:9: error: malformed XML: AttValue: \" or ' expected"),
        ("<a>R&D</a>", "part.xml:1:7: error: malformed XML: EntityRef: expecting ';'"),
        ("<a>ok</a>\n<b/>", "part.xml:2:1: error: malformed XML: Extra content at the end of the document"),
        ("", "part.xml:1:1: error: the XML is empty"),
    ])
    func malformedXMLSaysLineAndColumn(text: String, expected: String) {
        #expect(xmlError(text)?.description == expected)
    }

    @Test func parsesAFileAndNamesItInErrors() throws {
        let folder = TemporaryFolder()
        let good = try folder.write("good.xml", Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>医保</r>".utf8))
        #expect(try XMLDocument(contentsOfFile: good).root?.textContent == "医保")
        let bad = try folder.write("bad.xml", Array("<r>\n</x>".utf8))
        do {
            _ = try XMLDocument(contentsOfFile: bad)
            Issue.record("parsed")
        } catch let error as XMLError {
            #expect(error.location?.source == bad)
            #expect(error.location?.line == 2)
        }
        do {
            _ = try XMLDocument(contentsOfFile: folder.file("missing.xml"))
        } catch let error as XMLError {
            #expect(error.code == .io)
            #expect(
                error.description
                    == "\(folder.file("missing.xml")): error: cannot read \(folder.file("missing.xml")): No such file or directory")
        }
    }

    @Test func nothingIsPrintedToStandardError() throws {
        // libxml2 prints errors by default; the parser keeps them. A separate process shows it.
        let run = try Tools.run(try Tools.builtProduct("spotcheck"), ["--version"])
        #expect(run.stderr.isEmpty)
    }
}
