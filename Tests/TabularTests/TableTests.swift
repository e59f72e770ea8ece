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
    /// - Parameter sharedStrings: the `<si>` items of a shared-strings part, if the sheet has one.
    func workbook(
        rows: String, in folder: TemporaryFolder, name: String = "hostile.xlsx", styles: String? = nil, sharedStrings: String? = nil
    ) throws -> String {
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
                if sys.argv[2] != '-': z.writestr('xl/styles.xml', f'<styleSheet xmlns="{main}">' + sys.argv[2] + '</styleSheet>')
                if sys.argv[3] != '-': z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{main}">' + sys.argv[3] + '</sst>')
            """, [path, styles ?? "-", sharedStrings ?? "-"], input: rows)
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

    /// Row numbers, cell types and shared-string indices read from the parser's bytes read as their text
    /// did: odd ones (a sign, a space, 20 digits, a cell with two values) fall back to the text's reading.
    @Test func oddNumbersInCellsAndRowsReadAsTheirText() throws {
        let folder = TemporaryFolder()
        let shared = { (reference: String, value: String) in #"<c r="\#(reference)" t="s"><v>\#(value)</v></c>"# }
        let rows = #"<row r="1">"# + cell("A1", "a") + cell("B1", "b") + cell("C1", "c") + cell("D1", "d") + cell("E1", "e") + "</row>"
            + #"<row r="05">"# + shared("A5", "+1") + shared("B5", " 1") + shared("C5", "-1") + shared("D5", "99999999999999999999")
            + #"<c r="E5" t="s"><v>1</v><v>0</v></c></row>"#
            + #"<row r="+7">"# + #"<c r="A7" t="b"><v>1</v></c><c r="B7" t="str"><v>=1</v></c><c r="C7" t="e"><v>#N/A</v></c>"#
            + #"<c r="D7" t="n"><v>007</v></c><c r="E7" t="x"><v>3</v></c></row>"#
        let path = try workbook(rows: rows, in: folder, name: "odd.xlsx", sharedStrings: "<si><t>零</t></si><si><t>一</t></si>")
        let table = try Table(contentsOfFile: path)
        #expect(table.lines == [5, 7])
        #expect(table.rows == [["一", "", "", "", "零"], ["TRUE", "=1", "#N/A", "007", "3"]])
    }

    /// A stray cell beyond the header on every row is one problem per row, counted; only the first 200 are
    /// kept as messages (a hostile sheet of a million such rows must not hold a million of them).
    @Test func strayCellsOnEveryRowAreCountedWithTheFirst200Kept() throws {
        let folder = TemporaryFolder()
        let rows = #"<row r="1">"# + cell("A1", "名称") + "</row>"
            + (2...5_001).map { #"<row r="\#($0)">"# + cell("A\($0)", "机构") + cell("C\($0)", "多余") + "</row>" }.joined()
        let path = try workbook(rows: rows, in: folder, name: "stray.xlsx")
        do {
            _ = try Table(contentsOfFile: path)
            Issue.record("read")
        } catch let error as TabularError {
            let lines = error.chinese.split(separator: "\n")
            #expect(lines.first == "\(path)：错误：共 5000 个问题：")
            #expect(lines.count == 202)
            #expect(lines[1] == "  \(path) 第 2 行 第 3 列：错误：第 3 列起有 1 个单元格有内容，但表头只有 1 列")
            #expect(lines.last == "  ……另有 4800 个问题未列出，请先改正以上问题")
        }
    }

    /// The shared strings are read on another thread while the sheet is, and the sheet inflated a few chunks
    /// ahead of its parser: a sheet naming strings listed in any order (here the last first, across many
    /// batches) reads as when they were read first; an index the workbook lacks is an empty cell.
    @Test func sharedStringsInAnyOrderAndSheetsInflatedAheadReadTheSame() throws {
        let folder = TemporaryFolder()
        let path = folder.file("reversed.xlsx")
        let made = try Tools.python(
            """
            import sys, zipfile
            main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
            rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
            n = 20000
            texts = ['名称', '编号'] + [f'机构{i}' for i in range(n)]
            order = list(reversed(range(len(texts))))          # listed last first
            position = {index: slot for slot, index in enumerate(order)}
            sst = ''.join(f'<si><t>{texts[i]}</t></si>' for i in order)
            rows = f'<row r="1"><c r="A1" t="s"><v>{position[0]}</v></c><c r="B1" t="s"><v>{position[1]}</v></c></row>'
            rows += ''.join(f'<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>{position[i + 2]}</v></c><c r="B{i + 2}"><v>{i}</v></c></row>' for i in range(n))
            rows += f'<row r="{n + 2}"><c r="A{n + 2}" t="s"><v>{len(texts)}</v></c><c r="B{n + 2}"><v>-1</v></c></row>'
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('xl/workbook.xml', f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
                z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                           '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr('xl/sharedStrings.xml', f'<sst xmlns="{main}">{sst}</sst>')
                z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>')
            """, [path])
        #expect(made.succeeded, "\(made.stderr)")
        let table = try Table(contentsOfFile: path)
        #expect(table.header == ["名称", "编号"])
        #expect(table.rows.count == 20_001)
        #expect(table.rows.prefix(20_000).enumerated().allSatisfy { $0.element == ["机构\($0.offset)", "\($0.offset)"] })
        #expect(table.rows.last == ["", "-1"])
    }

    /// Read side by side, the parts still report as read one after the other: a damaged shared-strings part
    /// before the sheet's own problems, and a sheet whose bytes fail their CRC as a damaged file — without
    /// hanging the thread that inflates it.
    @Test(.timeLimit(.minutes(1))) func aDamagedPartIsReportedAsBeforeWhenPartsAreReadSideBySide() throws {
        let folder = TemporaryFolder()
        func make(_ name: String, sst: String, corruptSheet: Bool, early: Bool = false, sharedCells: Bool = false) throws -> String {
            let path = folder.file(name)
            let made = try Tools.python(
                """
                import sys, zipfile
                main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
                rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
                early, shared = sys.argv[4] == 'early', sys.argv[5] == 'shared'
                def cell(r):
                    return f'<c r="A{r}" t="s"><v>{r}</v></c>' if shared else f'<c r="A{r}" t="inlineStr"><is><t>行{r} ' + 'x' * 200 + '</t></is></c>'
                rows = ''.join(f'<row r="{r}">{cell(r)}</row>' for r in range(1, 11 if early else 5001))
                rows += '<row r="3"><c r="A3"><v>1</v></c></row>'   # out of order: the sheet's own error
                if early:   # then megabytes more, so the inflating thread is blocked on a full queue when the parser stops
                    rows += ''.join(f'<row r="{r}">{cell(r)}</row>' for r in range(11, 30001))
                with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                    z.writestr('xl/workbook.xml', f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
                    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                               '<Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>')
                    z.writestr('xl/sharedStrings.xml', sys.argv[2])
                    z.writestr('xl/worksheets/sheet1.xml', f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>')
                if sys.argv[3] == 'corrupt':
                    data = bytearray(open(sys.argv[1], 'rb').read())
                    with zipfile.ZipFile(sys.argv[1]) as z:
                        info = z.getinfo('xl/worksheets/sheet1.xml')
                    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
                    data[start + info.compress_size // 2] ^= 0x5A
                    open(sys.argv[1], 'wb').write(bytes(data))
                """, [path, sst, corruptSheet ? "corrupt" : "intact", early ? "early" : "late", sharedCells ? "shared" : "inline"])
            #expect(made.succeeded, "\(made.stderr)")
            return path
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let badStrings = try make("strings.xlsx", sst: "<sst xmlns=\"\(main)\"><si><t>名称</t></si><si><t>未闭合", corruptSheet: false)
        do {
            _ = try Table(contentsOfFile: badStrings)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.zh.hasPrefix("XLSX 文件内容有误："), "\(error.zh)")
            #expect(error.description.contains("sharedStrings.xml"), "\(error.description)")
        }
        let goodStrings = "<sst xmlns=\"\(main)\"><si><t>名称</t></si></sst>"
        let outOfOrder = try make("order.xlsx", sst: goodStrings, corruptSheet: false)
        #expect(throws: TabularError.self) { try Table(contentsOfFile: outOfOrder) }
        do { _ = try Table(contentsOfFile: outOfOrder) } catch let error as TabularError {
            #expect(error.zh == "行号没有按顺序递增（前一行为第 5000 行）", "\(error.zh)")
        }
        // The parser stops at row 3 of 30,000 while the thread inflating the sheet waits on a full queue.
        let early = try make("early.xlsx", sst: goodStrings, corruptSheet: false, early: true)
        do {
            _ = try Table(contentsOfFile: early)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.zh == "行号没有按顺序递增（前一行为第 10 行）", "\(error.zh)")
        }
        // The sheet waits for a string of a shared-strings part that then fails: the part's error, at once.
        let waiting = try make(
            "waiting.xlsx", sst: "<sst xmlns=\"\(main)\"><si><t>名称</t></si><si><t>未闭合", corruptSheet: false, sharedCells: true)
        do {
            _ = try Table(contentsOfFile: waiting)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.description.contains("sharedStrings.xml"), "\(error.description)")
        }
        let corrupt = try make("corrupt.xlsx", sst: goodStrings, corruptSheet: true)
        do {
            _ = try Table(contentsOfFile: corrupt)
            Issue.record("read")
        } catch let error as TabularError {
            #expect(error.zh.hasPrefix("不是可用的 XLSX 文件：") || error.zh.hasPrefix("XLSX 文件内容有误："), "\(error.zh)")
        }
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
