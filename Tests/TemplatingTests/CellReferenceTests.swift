import Testing

@testable import Templating

@Suite struct CellReferenceTests {
    /// Rows 5–6 are a section repeated 3 times (so 5–10); rows below move down by 4.
    let layout = RowLayout(
        rows: [5, 6], sections: [SheetSection(kind: .each(ValuePath(components: ["x"])), first: 0, last: 1, site: 0)], counts: [3])

    func move(_ formula: String) -> String {
        CellReference.rewriteFormula(formula) { layout.outside($0, $1) }
    }

    @Test func referencesMoveAndRangesOverTheSectionGrow() {
        #expect(move("SUM(C5:C6)") == "SUM(C5:C10)")
        #expect(move("C7+$C$8*2") == "C11+$C$12*2")
        #expect(move("A1+B4") == "A1+B4")
        #expect(move("SUM($D$5:D7)") == "SUM($D$5:D11)")
    }

    @Test func functionNamesStringsAndOtherSheetsStayAsTheyAre() {
        #expect(move("LOG10(C7)") == "LOG10(C11)")
        #expect(move("\"C7\"&C7") == "\"C7\"&C11")
        #expect(move("'其他表'!C7+Sheet2!C7+C7") == "'其他表'!C7+Sheet2!C7+C11")
        #expect(move("ATAN2(A7,B7)") == "ATAN2(A11,B11)")
    }

    @Test func rangesInAttributes() {
        #expect(CellReference.rewriteRanges("A5:C6 E7") { layout.outside($0, $1) } == "A5:C10 E11")
    }

    @Test func excelSerials() throws {
        #expect(SheetProgram.excelSerial(try #require(ChineseFormat.Day(parsing: "2024-03-01"))) == 45352)
        #expect(SheetProgram.excelSerial(try #require(ChineseFormat.Day(parsing: "1900-03-01"))) == 61)
    }
}
