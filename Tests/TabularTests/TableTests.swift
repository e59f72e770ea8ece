import TestSupport
import Testing

@testable import Tabular

@Suite struct TableTests {
    static let text =
        "统一社会信用代码,机构名称,地址\r\n91410400MA00000001,\"平顶山市第一人民医院\",\"新华区建设路1号，\"\"东院\"\"\"\r\n91410400MA00000002,卫东区药店,\"两行\n地址\"\r\n"

    @Test(arguments: ["utf-8", "utf-8-sig", "gbk"])
    func readsWhatExcelSavesInEachEncoding(encoding: String) throws {
        let folder = TemporaryFolder()
        let path = folder.file("targets.csv")
        let python = try Tools.python(
            "import sys; open(sys.argv[1], 'wb').write(sys.argv[2].encode(sys.argv[3]))", [path, Self.text, encoding])
        #expect(python.succeeded, "\(python.stderr)")
        let table = try Table(contentsOfFile: path)
        #expect(table.encoding == ["utf-8": .utf8, "utf-8-sig": .utf8BOM, "gbk": .gb18030][encoding])
        #expect(table.header == ["统一社会信用代码", "机构名称", "地址"])
        #expect(
            table.rows == [
                ["91410400MA00000001", "平顶山市第一人民医院", "新华区建设路1号，\"东院\""],
                ["91410400MA00000002", "卫东区药店", "两行\n地址"],
            ])
        #expect(table.lines == [2, 3])
    }

    @Test func reportsEveryBadRowAndHeaderAtOnce() {
        let bytes = Array("名称,名称,,代码\na,b,c,d\na,b\na,b,c,d,e\n".utf8)
        do {
            _ = try Table(csv: bytes, source: "x.csv")
            Issue.record("read")
        } catch let error as TabularError {
            #expect(
                error.description == """
                    x.csv: error: 4 problems:
                      x.csv:1:2: error: the column name '名称' repeats column 1
                      x.csv:1:3: error: an empty column name
                      x.csv:3: error: 2 fields, but the header has 4 columns
                      x.csv:4: error: 5 fields, but the header has 4 columns
                    """)
            #expect(error.chinese.contains("x.csv 第 3 行：错误：有 2 个字段，表头有 4 列"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anUnclosedQuoteSaysWhereItOpened() {
        do {
            _ = try Table(csv: Array("a,b\n1,\"open\n2,3\n".utf8), source: "q.csv")
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.description == "q.csv:2:2: error: a quoted field is never closed")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030AreRefused() throws {
        // 0x80 is not a valid GB18030 lead byte.
        #expect(throws: TabularError.self) { try TextDecoding.decode([0x61, 0x80, 0x62], source: "bad.csv") }
        // The offset of the first bad byte is named: 卫 in GBK, then a lead byte with a bad second byte.
        do {
            _ = try TextDecoding.decode([0xCE, 0xC0, 0x61, 0x81, 0x20], source: "bad.csv")
            Issue.record("decoded")
        } catch let error as TabularError {
            #expect(error.chinese == "bad.csv：错误：第 3 字节处的内容既不是 UTF-8 也不是 GBK/GB18030")
        } catch {
            Issue.record("\(error)")
        }
        // Four-byte sequences (characters outside the BMP) decode.
        #expect(try TextDecoding.decode([0x95, 0x32, 0x82, 0x36], source: "ext.csv").0 == "𠀀")
    }

    @Test func readsTheFirstSheetOfAnXLSXAsExcelShowsIt() throws {
        let folder = TemporaryFolder()
        let path = folder.file("targets.xlsx")
        let made = try Tools.python(
            """
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(['统一社会信用代码', '机构名称', '评级', '登记日期', '黑名单', '床位'])
            ws.append(['91410400MA00000001', '平顶山市第一人民医院', 'A', datetime.date(2024, 3, 1), False, 500])
            ws.append(['91410400MA00000002', '卫东区药店', 'C'])
            ws['D2'].number_format = 'yyyy"年"m"月"d"日"'
            ws.append([]); ws.append(['x', 'y', 'z', None, None, None, '多余'])
            wb.save(sys.argv[1])
            """, [path])
        #expect(made.succeeded, "\(made.stderr)")
        do {
            _ = try Table(contentsOfFile: path)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.description == "\(path):5:7: error: values in 1 cell(s) from column 7 on, but the header has 6 columns")
        }
        let fixed = try Tools.python(
            "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active; ws.delete_rows(4, 2); wb.save(sys.argv[1])",
            [path])
        #expect(fixed.succeeded)
        let table = try Table(contentsOfFile: path)
        #expect(table.encoding == nil)
        #expect(table.header == ["统一社会信用代码", "机构名称", "评级", "登记日期", "黑名单", "床位"])
        #expect(
            table.rows == [
                ["91410400MA00000001", "平顶山市第一人民医院", "A", "2024-03-01", "FALSE", "500"],
                ["91410400MA00000002", "卫东区药店", "C", "", "", ""],
            ])
        #expect(table.lines == [2, 3])
    }

    /// A workbook made by hand around a sheet's rows (hostile files are not made by Excel).
    func workbook(rows: String, in folder: TemporaryFolder, name: String = "hostile.xlsx", styles: String? = nil) throws -> String {
        let path = folder.file(name)
        let made = try Tools.python(
            """
            import sys, zipfile
            main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
            rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('xl/workbook.xml', f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                           '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="{main}"><sheetData>' + sys.stdin.read() + '</sheetData></worksheet>')
                if len(sys.argv) > 2: z.writestr('xl/styles.xml', f'<styleSheet xmlns="{main}">' + sys.argv[2] + '</styleSheet>')
            """, [path] + (styles.map { [$0] } ?? []), input: rows)
        #expect(made.succeeded, "\(made.stderr)")
        return path
    }

    func cell(_ reference: String, _ text: String) -> String { #"<c r="\#(reference)" t="inlineStr"><is><t>\#(text)</t></is></c>"# }

    /// Issue 18 item 6: one row reaching column XFD used to cost 1.4 GB and 190 MB of messages. A row is now
    /// cut to the header's width; what lies beyond is one problem of that row.
    @Test func aRowReachingColumnXFDIsOneProblemAndKeepsNothingBeyondTheHeader() throws {
        let folder = TemporaryFolder()
        var rows = #"<row r="1">"# + cell("A1", "名称") + cell("B1", "类型") + "</row>"
        for row in 2...2_000 {
            rows += #"<row r="\#(row)">"# + cell("A\(row)", "机构\(row)") + cell("B\(row)", "药店")
            // Formatted empty cells out to the last column, as a careless sheet has them.
            rows += #"<c r="XFC\#(row)" s="0"/>"#
            if row == 1_500 { rows += cell("XFD\(row)", "=HYPERLINK(1)") }
            rows += "</row>"
        }
        let path = try workbook(rows: rows, in: folder)
        do {
            _ = try Table(contentsOfFile: path)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.chinese == "\(path) 第 1500 行 第 16384 列：错误：第 16384 列起有 1 个单元格有内容，但表头只有 2 列")
        }
        let fixed = try workbook(rows: rows.replacingOccurrences(of: cell("XFD1500", "=HYPERLINK(1)"), with: ""), in: folder, name: "fixed.xlsx")
        let table = try Table(contentsOfFile: fixed)
        #expect(table.header == ["名称", "类型"])
        #expect(table.rows.count == 1_999)
        #expect(table.rows.allSatisfy { $0.count == 2 })
        #expect(table.rows[0] == ["机构2", "药店"])
    }

    /// A date-formatted cell holding what no date is (nan, inf, 1e300) is kept as written, not a crash; a
    /// cell without a reference after one cut off past the header is not pulled back into the header's columns.
    @Test func oddDatesStayAsWrittenAndCellsWithoutReferencesKeepTheirColumn() throws {
        let folder = TemporaryFolder()
        let styles = #"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>"#
        var rows = #"<row r="1">"# + cell("A1", "日期") + "</row>"
        for (row, value) in ["nan", "inf", "1e300", "-5", "45352"].enumerated() {
            rows += #"<row r="\#(row + 2)"><c r="A\#(row + 2)" s="1"><v>\#(value)</v></c></row>"#
        }
        let dates = try Table(contentsOfFile: try workbook(rows: rows, in: folder, name: "dates.xlsx", styles: styles))
        #expect(dates.rows.map { $0[0] } == ["nan", "inf", "1e300", "-5", "2024-03-01"])

        let shifted = #"<row r="1">"# + cell("A1", "甲") + cell("B1", "乙") + cell("C1", "丙") + "</row>"
            + #"<row r="2">"# + cell("A2", "1") + cell("B2", "2") + #"<c r="E2" s="0"/><c><v>9</v></c></row>"#
        do {
            _ = try Table(contentsOfFile: try workbook(rows: shifted, in: folder, name: "shifted.xlsx"))
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.row == 2 && error.column == 6, "\(error.chinese)")
        }
    }

    @Test func refusesCellsAndRowsBeyondExcelsLimits() throws {
        let folder = TemporaryFolder()
        let wide = try workbook(rows: #"<row r="1">"# + cell("XFE1", "x") + "</row>", in: folder, name: "wide.xlsx")
        #expect(throws: TabularError.self) { try Table(contentsOfFile: wide) }
        do { _ = try Table(contentsOfFile: wide) } catch let error as TabularError {
            #expect(error.zh == "XLSX 文件内容有误：" || error.zh == "单元格 “XFE1” 超出 Excel 的列范围 A–XFD")
        }
        let tall = try workbook(rows: #"<row r="1">"# + cell("A1", "名称") + #"</row><row r="1048577">"# + cell("A1048577", "x") + "</row>", in: folder, name: "tall.xlsx")
        do {
            _ = try Table(contentsOfFile: tall)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.chinese == "\(tall) 第 1048577 行：错误：超过 Excel 的最大行数 1048576")
        }
        let backwards = try workbook(rows: #"<row r="5">"# + cell("A5", "名称") + #"</row><row r="3">"# + cell("A3", "x") + "</row>", in: folder, name: "back.xlsx")
        #expect(throws: TabularError.self) { try Table(contentsOfFile: backwards) }
    }

    /// A file wrong on every row is told in a screenful: the first 200 problems and a count of the rest.
    @Test func listsTheFirst200ProblemsAndCountsTheRest() throws {
        var text = "名称,类型\n"
        for row in 1...1_000 { text += "机构\(row),药店,多余\n" }
        do {
            _ = try Table(csv: Array(text.utf8), source: "bad.csv")
            Issue.record("read")
        } catch let error as TabularError {
            let lines = error.chinese.split(separator: "\n")
            #expect(lines.first == "bad.csv：错误：共 1000 个问题：")
            #expect(lines.count == 202)
            #expect(lines[1] == "  bad.csv 第 2 行：错误：有 3 个字段，表头有 2 列")
            #expect(lines.last == "  ……另有 800 个问题未列出，请先改正以上问题")
            #expect(error.description.hasSuffix("… and 800 more, not listed: correct the ones above first"))
        }
    }

    @Test func excelSerialsRoundTrip() {
        #expect(SpreadsheetDates.serial(year: 2024, month: 3, day: 1) == 45352)
        #expect(SpreadsheetDates.date(fromSerial: 45352.75) == "2024-03-01")
        #expect(SpreadsheetDates.date(fromSerial: 61) == "1900-03-01")
    }
}

/// What a clerk typed around a value is not part of it — ASCII and CJK white space alike — and the
/// fast path for ordinary cells (Chinese text included) must not skip real white space.
@Suite struct TrimmingTests {
    @Test func trimsEveryKindOfWhiteSpaceAndKeepsTheRest() {
        let cases: [(String, String)] = [
            ("卫东区第一人民医院", "卫东区第一人民医院"), ("91410400MA44XXXX0X", "91410400MA44XXXX0X"), (" A ", "A"), ("\t是\r\n", "是"),
            ("\u{3000}第1号\u{3000}", "第1号"), ("\u{A0}名称\u{A0}", "名称"), ("名称\u{2003}", "名称"), ("\u{1680}x", "x"), ("\u{85}y\u{2029}", "y"),
            ("中 间", "中 间"), ("é", "é"), ("   ", ""), ("", ""), ("区\u{3000}", "区"),
        ]
        for (cell, expected) in cases {
            #expect(cell.trimmed == expected, "\(cell.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
