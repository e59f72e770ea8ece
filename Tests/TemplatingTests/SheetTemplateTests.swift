import Foundation
import TestSupport
import Testing
import ZipCore

@testable import Templating

/// XLSX templates made by openpyxl (shared strings, styles, merged cells, formulas), judged by
/// openpyxl and by LibreOffice recalculating the formulas.
@Suite struct SheetTemplateTests {
    static func makeWorkbook(_ path: String) throws {
        let script = """
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = '清单'
            ws['A1'] = '{{机构名称}} 检查清单'
            ws.merge_cells('A1:D1')
            ws['A2'] = '检查日期'; ws['B2'] = '{{日期}}'; ws['B2'].number_format = 'yyyy-mm-dd'
            ws['A3'] = '序号'; ws['B3'] = '事项'; ws['C3'] = '金额'; ws['D3'] = '小计'
            ws['A4'] = '{{#each 事项}}{{@index}}'; ws['B4'] = '{{名称}} & <{{依据 | default("无")}}>'; ws['C4'] = '{{金额}}'
            ws['D4'] = '=C4*2'
            ws.merge_cells('E4:F4'); ws['E4'] = '{{备注}}{{/each}}'
            ws['A5'] = '合计'; ws['C5'] = '=SUM(C4:C4)'; ws['D5'] = '=C5+$C$4*0'
            ws['A6'] = '{{#if 需整改}}请于{{期限 | 中文日期}}前整改{{else}}无需整改{{/if}}'
            ws['A7'] = '备注：{{说明}}'
            ws.merge_cells('A7:D7')
            wb.save(sys.argv[1])
            """
        let run = try Tools.python(script, [path])
        #expect(run.succeeded, "\(run.stderr)")
    }

    static let data = """
        {"机构名称": "平顶山市第一人民医院", "日期": "2024-03-01", "需整改": true, "期限": "2024-04-15", "说明": "R&D <x>",
         "事项": [{"名称": "药品进销存", "依据": "条例第十五条", "金额": 100.5, "备注": "甲"},
                  {"名称": "医疗服务价格", "金额": 200, "备注": "乙"},
                  {"名称": "挂床住院", "依据": "条例第二十条", "金额": 300.25, "备注": "丙"}]}
        """

    @Test func rowSectionsShiftRowsFormulasAndMergedCells() throws {
        let folder = TemporaryFolder()
        try Self.makeWorkbook(folder.file("清单.xlsx"))
        let template = try Template(contentsOfFile: folder.file("清单.xlsx"))
        try template.render(try TemplateValue(json: Array(Self.data.utf8)), toFile: folder.file("out.xlsx"))

        let read = try Tools.python(
            """
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
                print('|'.join('' if c.value is None else repr(c.value) for c in row))
            print(sorted(str(r) for r in ws.merged_cells.ranges))
            print(ws.dimensions, ws['B2'].number_format, type(ws['B2'].value).__name__)
            """, [folder.file("out.xlsx")])
        #expect(read.succeeded, "\(read.stderr)")
        #expect(
            read.stdout == """
                '平顶山市第一人民医院 检查清单'|||||
                '检查日期'|datetime.datetime(2024, 3, 1, 0, 0)||||
                '序号'|'事项'|'金额'|'小计'||
                1|'药品进销存 & <条例第十五条>'|100.5|'=C4*2'|'甲'|
                2|'医疗服务价格 & <无>'|200|'=C5*2'|'乙'|
                3|'挂床住院 & <条例第二十条>'|300.25|'=C6*2'|'丙'|
                '合计'||'=SUM(C4:C6)'|'=C7+$C$4*0'||
                '请于2024年4月15日前整改'|||||
                '备注：R&D <x>'|||||
                ['A1:D1', 'A9:D9', 'E4:F4', 'E5:F5', 'E6:F6']
                A1:F9 yyyy-mm-dd datetime

                """)

        let sheet = String(decoding: try ZipReader(path: folder.file("out.xlsx")).contents(of: "xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(sheet.contains(#"<dimension ref="A1:F9"/>"#), "the dimension covers the moved rows")
        #expect(!sheet.contains("{{"))

        // LibreOffice recalculates on opening (the template asks for it); the CSV shows the results.
        let convert = try Tools.run(
            "soffice",
            [
                "--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", folder.path, folder.file("out.xlsx"),
            ])
        #expect(convert.succeeded, "\(convert.stderr)")
        let csv = try String(contentsOfFile: folder.file("out.csv"), encoding: .utf8)
        #expect(csv.contains("3,挂床住院 & <条例第二十条>,300.25,600.5,丙"), "\(csv)")
        #expect(csv.contains("合计,,600.75,600.75"), "\(csv)")
    }

    @Test func anEmptyListRemovesTheRowsAndMovesTheRestUp() throws {
        let folder = TemporaryFolder()
        try Self.makeWorkbook(folder.file("t.xlsx"))
        let template = try Template(contentsOfFile: folder.file("t.xlsx"))
        let bytes = try template.render(
            try TemplateValue(json: Array(#"{"机构名称": "甲", "日期": "2024-03-01", "需整改": false, "说明": "", "事项": []}"#.utf8)))
        let path = try folder.write("empty.xlsx", bytes)
        let read = try Tools.python(
            "import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).active; print(ws['A4'].value, ws['C4'].value, ws['A5'].value, sorted(str(r) for r in ws.merged_cells.ranges))",
            [path])
        #expect(read.stdout == "合计 =SUM(C4:C3) 无需整改 ['A1:D1', 'A6:D6']\n", "\(read.stderr)")
    }

    @Test func sheetErrorsNameTheCell() throws {
        let folder = TemporaryFolder()
        let run = try Tools.python(
            """
            import sys, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active
            ws['B2'] = '{{ 金额 | 大写金 }}'; ws['A3'] = '{{#each 行}}'; ws['C9'] = '{{ 未闭合'
            wb.save(sys.argv[1])
            """, [folder.file("bad.xlsx")])
        #expect(run.succeeded, "\(run.stderr)")
        do {
            _ = try Template(contentsOfFile: folder.file("bad.xlsx"))
            Issue.record("compiled")
        } catch let error as TemplateError {
            #expect(
                error.description == """
                    3 problems:
                      xl/worksheets/sheet1.xml, cell C9 ("{{ 未闭合"): error: {{ is never closed
                      xl/worksheets/sheet1.xml, cell A3 ("{{#each 行}}"): error: {{#each}} is never closed
                      xl/worksheets/sheet1.xml, cell B2 ("{{ 金额 | 大写金 }}"): error: unknown filter '大写金'; did you mean '大写金额'?
                    """)
        }
    }
}
