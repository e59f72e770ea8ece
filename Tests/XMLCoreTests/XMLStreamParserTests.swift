import Testing

@testable import XMLCore

/// The streaming reader: the same events however the bytes are cut into chunks, and the hostile inputs
/// the tree parser refuses, refused here too, with where.
@Suite struct XMLStreamParserTests {
    /// Every event as text, feeding `text` in chunks of `size` bytes.
    func events(_ text: String, chunk size: Int, elements: [String] = ["row", "c", "v"], limits: XMLParseLimits = .standard,
                maxText: Int = 1 << 20) throws -> [String] {
        let bytes = Array(text.utf8)
        let parser = XMLStreamParser(elements: elements, source: "sheet.xml", limits: limits, maxText: maxText)
        var seen: [String] = []
        let take = { (event: XMLStreamParser.Event) in
            switch event {
            case .start(let index, let attributes): seen.append("<\(elements[index]) r=\(attributes["r"] ?? "-")")
            case .end(let index, let text): seen.append("\(elements[index])> \(text.string)")
            }
        }
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            try parser.feed(bytes[start..<end], to: take)
            start = end
        }
        try parser.finish(to: take)
        return seen
    }

    func failure(_ text: String, chunk: Int = 7, limits: XMLParseLimits = .standard, maxText: Int = 1 << 20) -> XMLError? {
        do {
            _ = try events(text, chunk: chunk, limits: limits, maxText: maxText)
            Issue.record("parsed without error")
        } catch let error as XMLError {
            return error
        } catch {
            Issue.record("not an XMLError: \(error)")
        }
        return nil
    }

    @Test func givesTheSameEventsForAnyChunking() throws {
        let sheet = """
            <?xml version="1.0" encoding="UTF-8"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>卫东区&amp;药店</t></is></c><c r="B1"><v>42</v></c></row>\
            <row r="2"><c r="A2"><v><![CDATA[<x>]]></v></c></row></sheetData></worksheet>
            """
        let whole = try events(sheet, chunk: 1 << 20)
        #expect(whole == ["<row r=1", "<c r=A1", "c> 卫东区&药店", "<c r=B1", "<v r=-", "v> 42", "c> ", "row> ", "<row r=2", "<c r=A2", "<v r=-", "v> <x>", "c> ", "row> "])
        for size in [1, 2, 3, 5, 64] {
            #expect(try events(sheet, chunk: size) == whole, "chunks of \(size)")
        }
    }

    @Test func refusesADoctypeBeforeAnyEntityIsRead() {
        let error = failure(#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#)
        #expect(error?.code == .doctypeForbidden)
        #expect(error?.description.contains("root:") == false)
    }

    @Test func refusesDeepNestingTooLargeInputAndLongText() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        #expect(failure(deep, chunk: 4096)?.code == .tooDeep)
        #expect(failure("<row>" + String(repeating: "x", count: 100) + "</row>", limits: XMLParseLimits(maxBytes: 50))?.code == .tooLarge)
        let long = failure("<r><v>" + String(repeating: "x", count: 300) + "</v></r>", maxText: 256)
        #expect(long?.code == .tooLarge)
        #expect(long?.message == "a text is longer than the limit of 256 bytes")
    }

    @Test func saysWhereMalformedInputBreaksAndThatEmptyInputIsEmpty() {
        let broken = failure("<row>\n<c></row>")
        #expect(broken?.code == .malformed)
        #expect(broken?.location?.source == "sheet.xml")
        #expect(broken?.location?.line == 2)
        #expect(failure("")?.description == "sheet.xml:1:1: error: the XML is empty")
        #expect(failure("<row>")?.code == .malformed, "cut short")
    }

    /// Numbers are read from the parser's bytes without a string: digits only, at most 18 of them.
    @Test func readsDecimalsFromAttributesAndTextWithoutStrings() throws {
        let parser = XMLStreamParser(elements: ["c", "v"], starts: ["c"])
        var seen: [String] = []
        let xml = #"<r><c r="B7" s="0012"><v>0042</v><v>-1</v><v>123456789012345678</v><v>1234567890123456789</v><v></v><v> 5</v></c></r>"#
        try parser.feed(ArraySlice(Array(xml.utf8))) { event in
            switch event {
            case .start(_, let attributes):
                seen.append("s=\(attributes.decimal("s").map(String.init) ?? "nil") r=\(attributes.decimal("r").map(String.init) ?? "nil")")
                seen.append("r bytes \(attributes.bytes("r").map { Array($0) } ?? []), t \(attributes.bytes("t")?.count ?? -1)")
            case .end(let index, let text) where index == 1:
                seen.append("\(text.decimal.map(String.init) ?? "nil") '\(text.string)' \(text.isEmpty)")
            case .end: break
            }
        }
        try parser.finish { _ in }
        #expect(seen == [
            "s=12 r=nil", "r bytes [66, 55], t -1",
            "42 '0042' false", "nil '-1' false", "123456789012345678 '123456789012345678' false",
            "nil '1234567890123456789' false", "nil '' true", "nil ' 5' false",
        ])
    }

    @Test func aHandlerErrorStopsTheParse() {
        struct Stop: Error {}
        let parser = XMLStreamParser(elements: ["v"])
        var count = 0
        #expect(throws: Stop.self) {
            try parser.feed(ArraySlice(Array("<r><v>1</v><v>2</v><v>3</v></r>".utf8))) { event in
                if case .end = event {
                    count += 1
                    if count == 2 { throw Stop() }
                }
            }
        }
        #expect(count == 2)
        #expect(throws: (any Error).self) { try parser.finish { _ in } }
    }
}
