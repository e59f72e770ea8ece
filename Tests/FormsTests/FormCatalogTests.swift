import Forms
import Foundation
import Templating
import TestSupport
import Testing
import WorkspaceFixtures
import ZipCore

/// The standard forms in templates/: what the catalogue says, and the layout of GB/T 9704-2012.
@Suite struct FormCatalogTests {
    @Test func theFormsAreExactlyWhatTheirSourceWrites() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let outcome = try Tools.run("python3", ["\(FormsFixture.templates)/source/build.py", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count == 19, "18 forms and the catalogue")
        for file in files {
            let committed = try Array(Data(contentsOf: URL(fileURLWithPath: "\(FormsFixture.templates)/\(file)")))
            #expect(try folder.read(file) == committed, "templates/\(file) differs from what templates/source/build.py writes")
        }
    }

    @Test func everyFormOfTheIssueIsCataloguedAndCompiles() throws {
        let catalog = try FormsFixture.catalog()
        let expected = [
            "随机抽查事项清单", "年度抽查工作计划", "部门联合抽查计划清单", "配合计划清单", "不予配合情况公示", "抽查任务公告", "随机抽取记录", "抽查结果公示",
            "检查告知书", "行政检查登记表", "检查报告", "责令限期整改通知书", "复查结果告知书", "卷宗封面", "卷内文件目录", "备考表", "销毁清册",
            "四性检测报告",
        ]
        #expect(Set(catalog.forms.map(\.name)) == Set(expected))
        // The public ones: the lists published each year, the announcement and both public notices (002 (二十二); 000 §24).
        #expect(
            Set(catalog.forms.filter(\.isPublic).map(\.name))
                == ["随机抽查事项清单", "年度抽查工作计划", "部门联合抽查计划清单", "配合计划清单", "不予配合情况公示", "抽查任务公告", "抽查结果公示"])
        for form in catalog.forms {
            let template = try Template(contentsOfFile: "\(catalog.folder)/\(form.file)", filters: FilterRegistry.standard.withFormFilters())
            #expect(!template.fields.isEmpty, "\(form.name) has fields")
            _ = try TextTemplate(form.output)
        }
        #expect(try catalog.form(named: "责令限期整改通知书").when == .rectify)
        #expect(throws: (any Error).self) { try catalog.form(named: "检查通知书") }
        do {
            _ = try catalog.form(named: "检查通知书")
        } catch let error as FormError {
            #expect(error.zh.hasPrefix("没有名为“检查通知书”的表单，是否要找“检查告知书”？"), "a clerk's typo gets the nearest name")
        }
    }

    @Test func titlesBreakBetweenWordsUpperLinesLonger() throws {
        let filters = FilterRegistry.standard.withFormFilters()
        func lines(_ name: String, _ prefix: String = "", _ suffix: String = "") throws -> [String] {
            try TextTemplate(#"{{名称 | 回行(20, "\#(prefix)", "\#(suffix)")}}"#, filters: filters)
                .render(.object(["名称": .string(name)])).components(separatedBy: "\n")
        }
        // The sample's task: 26 characters, broken inside 双随机 at 20 a line before.
        let notice = try lines("定点医药机构医保基金使用情况双随机抽查", "关于开展", "的公告")
        #expect(notice == ["关于开展定点医药机构医保基金", "使用情况双随机抽查的公告"], "\(notice)")
        #expect(try lines("2024年第一季度“双随机、一公开”医保基金专项检查", "关于开展", "的公告").allSatisfy { !$0.hasSuffix("“") && $0.count <= 20 })
        for line in try lines("2024年第一季度“双随机、一公开”医保基金专项检查", "关于开展", "的公告") {
            #expect(!line.hasSuffix("双") && !line.hasPrefix("随机") && !line.hasSuffix("2") && !line.hasPrefix("0"), "\(line)")
        }
        #expect(try lines("定点药店检查") == ["定点药店检查"])
        for line in try lines("2024年第三季度定点零售药店医保基金使用情况抽查", "关于开展", "的公告") {
            #expect(!line.hasSuffix("零") && !line.hasSuffix("季") && line.count <= 20, "\(line)")
        }
        // A name far too long for a title is cut at the width, at once (no search over every break).
        let long = String(repeating: "医保基金使用情况", count: 17)
        #expect(try lines(long).allSatisfy { $0.count <= 20 })
    }

    /// GB/T 9704-2012 5.2.1, 7.1, 7.5: A4; margins 37/35/28/26 mm; title 2号 方正小标宋简体, body 3号 仿宋_GB2312 as East Asian
    /// fonts; 22 lines; page numbers "— 1 —" in 4号 宋体, odd pages right, even pages left; table headers repeat, rows never split.
    @Test func layoutFollowsGBT9704() throws {
        let catalog = try FormsFixture.catalog()
        func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded()) }
        for form in catalog.forms {
            let zip = try ZipReader(path: "\(catalog.folder)/\(form.file)")
            let document = String(decoding: try zip.contents(of: "word/document.xml"), as: UTF8.self)
            let styles = String(decoding: try zip.contents(of: "word/styles.xml"), as: UTF8.self)
            let settings = String(decoding: try zip.contents(of: "word/settings.xml"), as: UTF8.self)
            let size = try #require(document.firstMatch(of: /<w:pgSz w:w="(\d+)" w:h="(\d+)"/), "\(form.name): page size")
            let (width, height) = (Int(size.1) ?? 0, Int(size.2) ?? 0)
            #expect(Set([width, height]) == [11906, 16838], "\(form.name): A4 (portrait or, for wide tables, landscape)")
            let margins = try #require(document.firstMatch(of: /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/))
            #expect(
                [Int(margins.1), Int(margins.2), Int(margins.3), Int(margins.4)] == [twips(37), twips(26), twips(35), twips(28)],
                "\(form.name): margins top 37, right 26, bottom 35, left 28 mm")
            // 22 lines in the type area.
            let pitch = try #require(document.firstMatch(of: /w:linePitch="(\d+)"/))
            let typeArea = (height == 16838 ? 16838 : 11906) - twips(37) - twips(35)
            if height == 16838 { #expect(typeArea / (Int(pitch.1) ?? 1) == 22, "\(form.name): 22 lines per page") }
            #expect(
                styles.contains(
                    #"w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"/><w:spacing w:val="-5"/><w:kern w:val="2"/><w:sz w:val="32"/>"#))
            let title = try #require(styles.firstMatch(of: /<w:style w:type="paragraph" w:styleId="Title">.*?<\/w:style>/))
            #expect(title.0.contains(#"w:eastAsia="方正小标宋简体""#) && title.0.contains(#"<w:sz w:val="44"/>"#), "\(form.name): 2号 小标宋 title")
            #expect(document.contains(#"<w:pStyle w:val="Title"/>"#), "\(form.name) has a title")
            #expect(settings.contains("<w:evenAndOddHeaders/>"))
            let odd = String(decoding: try zip.contents(of: "word/footer1.xml"), as: UTF8.self)
            let even = String(decoding: try zip.contents(of: "word/footer2.xml"), as: UTF8.self)
            #expect(odd.contains(#"<w:jc w:val="right"/>"#) && even.contains(#"<w:jc w:val="left"/>"#))
            #expect(odd.contains("— </w:t>") && odd.contains(" PAGE ") && odd.contains(" —</w:t>"))
            let footer = try #require(styles.firstMatch(of: /<w:style w:type="paragraph" w:styleId="Footer">.*?<\/w:style>/))
            #expect(footer.0.contains(#"w:eastAsia="宋体""#) && footer.0.contains(#"<w:sz w:val="28"/>"#), "4号 宋体 page numbers")
            let rows = document.matches(of: /<w:tr>/).count
            #expect(document.matches(of: /<w:cantSplit\/>/).count == rows, "\(form.name): no row splits across pages")
            let tables = document.matches(of: /<w:tbl>/).count
            let listTables = document.matches(
                of:
                    /<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"\/><w:vAlign w:val="center"\/><\/w:tcPr><w:p><w:pPr><w:pStyle w:val="TableHeader"/
            ).count
            if listTables > 0 {
                #expect(document.matches(of: /<w:tblHeader\/>/).count >= min(tables, 1), "\(form.name): header rows repeat")
            }
        }
    }

    @Test func anOfficesOwnFormIsComparedWithTheStandard() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let catalog = try FormsFixture.catalog()
        let notice = try catalog.form(named: "检查告知书")
        // The standard report as an office's notice: it leaves out the notice's number and team table.
        let report = try Template(contentsOfFile: "\(catalog.folder)/检查报告.docx")
        let comparison = try catalog.compare(report.fields, with: notice)
        #expect(comparison.unknown.isEmpty)
        #expect(comparison.missing.contains("文号") && comparison.missing.contains("检查.检查组[].执法证号"))
        // An office's own form, made with python-docx, using a field SpotCheck does not have.
        let path = folder.file("我局告知书.docx")
        let made = try Tools.python(
            "import docx, sys; d = docx.Document(); d.add_paragraph('{{检查.机构.名称}}：{{检查.机构.电话}}'); d.save(sys.argv[1])", [path])
        #expect(made.status == 0, "\(made.stderr)")
        let own = try Template(contentsOfFile: path)
        #expect(try catalog.compare(own.fields, with: notice).unknown == ["检查.机构.电话"])
    }
}
