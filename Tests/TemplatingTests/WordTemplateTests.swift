import Foundation
import TestSupport
import Testing
import XMLCore
import ZipCore

@testable import Templating

@Suite struct WordTemplateTests {
    func data(_ json: String) throws -> TemplateValue { try TemplateValue(json: Array(json.utf8)) }

    func templateError(_ body: () throws -> Void) -> TemplateError? {
        do { try body() } catch let error as TemplateError { return error } catch { Issue.record("not a TemplateError: \(error)") }
        return nil
    }

    // MARK: - The peers' top complaints

    @Test func tagSplitAcrossRunsWithProofErrAndBookmarkKeepsTheFirstCharactersFormatting() throws {
        // As Word saves "{{ 机构名称 }}" typed in two goes, spell-checked, with a bookmark inside.
        let body = """
            <w:p><w:r><w:t xml:space="preserve">被检查单位：</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{{ 机</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="单位"/><w:r><w:rPr><w:i/></w:rPr><w:t>构名</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/><w:r><w:t>称 }}</w:t></w:r><w:r><w:t>（盖章）</w:t></w:r></w:p>
            """
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let output = try template.render(try data(#"{"机构名称": "平顶山市第一人民医院"}"#))
        #expect(try WordFixture.pythonDocxText(output).contains("P:被检查单位：平顶山市第一人民医院（盖章）"))
        let xml = try WordFixture.documentXML(output)
        #expect(xml.contains(#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">平顶山市第一人民医院</w:t></w:r>"#))
        #expect(xml.contains(#"<w:bookmarkStart w:id="0" w:name="单位"/>"#), "bookmarks stay where they were")
        #expect(!xml.contains("{{") && !xml.contains("构名"))
    }

    @Test func rowLoopInATableWithMergedHeaderCells() throws {
        let header = """
            <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>\(WordFixture.paragraph("检查事项"))</w:tc><w:tc>\(WordFixture.paragraph("结果"))</w:tc></w:tr>
            """
        let body =
            WordFixture.table([["{{#each 事项}}{{@index}}", "{{名称}}", "{{结果 | default(\"—\")}}{{/each}}"]], header: header)
            + WordFixture.paragraph("共 {{事项 | join}} 项")
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let output = try template.render(
            try data(
                """
                {"事项": [{"名称": "药品进销存", "结果": "符合要求"}, {"名称": "医疗服务价格", "结果": "限期整改"}, {"名称": "挂床住院"}]}
                """))
        let text = try WordFixture.pythonDocxText(output)
        #expect(text.contains("R:检查事项|检查事项|结果\nR:1|药品进销存|符合要求\nR:2|医疗服务价格|限期整改\nR:3|挂床住院|—\n"), "\(text)")
    }

    @Test func ampersandsAnglesQuotesAndNewlinesInValues() throws {
        let template = try Template(bytes: try WordFixture.docx(body: WordFixture.paragraph("问题：{{问题}}")))
        let output = try template.render(try data(#"{"问题": "R&D <script> \"引号\" 'x'\n第二行\t制表"}"#))
        let text = try WordFixture.pythonDocxText(output)
        #expect(text.contains("P:问题：R&D <script> \"引号\" 'x'\n第二行\t制表"), "\(text)")
        let xml = try WordFixture.documentXML(output)
        #expect(xml.contains(#"R&amp;D &lt;script&gt; "引号" 'x'</w:t><w:br/><w:t xml:space="preserve">第二行</w:t><w:tab/>"#))
        _ = try XMLDocument(bytes: Array(xml.utf8))
    }

    @Test func characterXMLCannotHoldIsAnErrorNamingTheField() throws {
        let template = try Template(bytes: try WordFixture.docx(body: WordFixture.paragraph("{{备注}}")))
        let error = templateError { _ = try template.render(try data(#"{"备注": "bell\u0007"}"#)) }
        #expect(error?.code == .badValue)
        #expect(error?.description == #"word/document.xml, paragraph 1 ("{{备注}}"): error: '备注' holds U+7, which XML cannot store"#)
    }

    @Test func paragraphSectionsLeaveNoBlankParagraphs() throws {
        let body =
            WordFixture.paragraph("存在问题：") + WordFixture.paragraph("{{#each 问题}}")
            + WordFixture.paragraph("{{@index}}. {{this}}") + WordFixture.paragraph("{{/each}}")
            + WordFixture.paragraph("{{#if 需整改}}") + WordFixture.paragraph("请于{{期限 | 中文日期}}前整改。")
            + WordFixture.paragraph("{{else}}") + WordFixture.paragraph("无需整改。") + WordFixture.paragraph("{{/if}}")
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let rectify = try WordFixture.pythonDocxText(
            template.render(try data(#"{"问题": ["超标准收费", "串换药品"], "需整改": true, "期限": "2024-04-15"}"#)))
        #expect(rectify == "P:存在问题：\nP:1. 超标准收费\nP:2. 串换药品\nP:请于2024年4月15日前整改。\n")
        let fine = try WordFixture.pythonDocxText(template.render(try data(#"{"问题": [], "需整改": false}"#)))
        #expect(fine == "P:存在问题：\nP:无需整改。\n")
    }

    @Test func paragraphSectionsInsideOneTableCellRepeatParagraphsNotTheRow() throws {
        // A 登记表's 检查情况 cell: one paragraph per finding; the row itself stays single.
        let cell =
            WordFixture.paragraph("{{#each 事项}}") + WordFixture.paragraph("{{@index}}. {{名称}}：{{发现}}")
            + WordFixture.paragraph("{{/each}}")
        let body =
            "<w:tbl><w:tr><w:tc>\(WordFixture.paragraph("检查情况"))</w:tc><w:tc>\(cell)</w:tc></w:tr></w:tbl>"
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let bytes = try template.render(
            try data(#"{"事项": [{"名称": "基金使用", "发现": "串换药品"}, {"名称": "进销存", "发现": "未发现问题"}]}"#))
        #expect(try WordFixture.pythonDocxText(bytes) == "R:检查情况|1. 基金使用：串换药品\n2. 进销存：未发现问题\n")
        #expect(try WordFixture.documentXML(bytes).components(separatedBy: "<w:tr>").count == 2, "one row")
    }

    @Test func inlineConditionsAndCheckboxes() throws {
        let body = WordFixture.paragraph("{{结果 | 勾选(\"符合要求\")}}符合要求 {{结果 | 勾选(“限期整改”)}}限期整改{{#if 结果 == \"限期整改\"}}（期限{{天数}}日）{{/if}}")
        let template = try Template(bytes: try WordFixture.docx(body: body))
        #expect(
            try WordFixture.pythonDocxText(template.render(try data(#"{"结果": "限期整改", "天数": 30}"#)))
                == "P:□符合要求 ■限期整改（期限30日）\n")
        #expect(try WordFixture.pythonDocxText(template.render(try data(#"{"结果": "符合要求"}"#))) == "P:■符合要求 □限期整改\n")
    }

    @Test func headersAreFilledToo() throws {
        let template = try Template(bytes: try WordFixture.docx(body: WordFixture.paragraph("正文"), header: WordFixture.paragraph("{{文号}}")))
        let text = try WordFixture.pythonDocxText(template.render(try data(#"{"文号": "平卫医保〔2024〕4号"}"#)))
        #expect(text.contains("H:平卫医保〔2024〕4号"))
    }

    @Test func aThousandRowTable() throws {
        let body = WordFixture.table([["{{#each 机构}}{{@index}}", "{{名称}}", "{{代码}}{{/each}}"]])
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let rows = (1...1000).map { #"{"名称": "定点药店\#($0)", "代码": "91410400MA\#(String(format: "%08d", $0))"}"# }.joined(separator: ",")
        let input = try data(#"{"机构": [\#(rows)]}"#)
        let output = try template.render(input)
        let text = try WordFixture.pythonDocxText(output)
        #expect(text.split(separator: "\n").count == 1000)
        #expect(text.hasSuffix("R:1000|定点药店1000|91410400MA00001000\n"))
        #expect(try template.render(input) == output, "the same data gives the same bytes")
    }

    // MARK: - Errors

    @Test func everyProblemInATemplateIsReportedWithItsLocation() throws {
        let body =
            WordFixture.paragraph("单位：{{ 机构名称 | 大写金 }}")
            + WordFixture.paragraph("{{#each 事项}}")
            + WordFixture.paragraph("{{名称}}{{/if}}")
            + WordFixture.table([["{{ 金额 | number(2) }}", "{{ 未闭合 "]])
            + WordFixture.paragraph("多余 }} 括号")
        let error = templateError { _ = try Template(bytes: try WordFixture.docx(body: body), name: "notice.docx") }
        #expect(error?.code == .several)
        #expect(error?.problems.count == 4)
        #expect(
            error?.description == """
                4 problems:
                  word/document.xml, table 1, row 1, cell 2 ("{{ 未闭合 "): error: {{ is never closed (a tag must stay within one paragraph)
                  word/document.xml, paragraph 6 ("多余 }} 括号"): error: a }} with no {{ before it
                  word/document.xml, paragraph 3 ("{{名称}}{{/if}}"): error: {{#each}} (at word/document.xml, paragraph 2 ("{{#each 事项}}")) is closed by {{/if}}
                  word/document.xml, paragraph 1 ("单位：{{ 机构名称 | 大写金 }}"): error: unknown filter '大写金'; did you mean '大写金额'?
                """)
        #expect(error?.localized(english: false).contains("word/document.xml 表格 1 第 1 行 第 2 格（“{{ 未闭合 ”）：错误：{{ 没有闭合（一个标签必须在同一段落内）") == true)
    }

    @Test func everyMissingValueIsReportedAtOnce() throws {
        let body = WordFixture.paragraph("{{机构名称}}，{{检查组.组长.姓名}}") + WordFixture.table([["{{#each 事项}}{{名称}}", "{{金额 | 大写金额}}{{/each}}"]])
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let error = templateError { _ = try template.render(try data(#"{"检查组": {}, "事项": [{"名称": "a", "金额": "x"}, {"名称": "b"}]}"#)) }
        #expect(
            error?.problems.map(\.text.en) == [
                "the data has no value for '机构名称'",
                "the data has no value for '检查组.组长.姓名'",
                "金额: 大写金额 failed: 'x' is not a number",
                "the data has no value for '金额'",
            ])
    }

    // MARK: - Hostile templates

    func hostile(_ documentXML: String) throws -> [UInt8] {
        let writer = ZipWriter()
        try writer.add("[Content_Types].xml", bytes: Array("<Types/>".utf8))
        try writer.add("word/document.xml", bytes: Array(documentXML.utf8))
        return try writer.finishedBytes()
    }

    @Test func refusesAnExternalEntityAndADoctype() throws {
        let xxe = try hostile(
            #"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document \#(WordFixture.namespaces)><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#
        )
        let error = templateError { _ = try Template(bytes: xxe, name: "evil.docx") }
        #expect(error?.code == .badTemplate)
        #expect(
            error?.description
                == "error: word/document.xml is not usable XML: word/document.xml:1:34: error: a DOCTYPE is not allowed (external entities and entity expansion are refused)"
        )
    }

    @Test func refusesAZipSlipEntryAndAZipBomb() throws {
        let folder = TemporaryFolder()
        let slip = folder.file("slip.docx")
        let python = try Tools.python(
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], 'w')
            z.writestr('word/document.xml', '<w:document/>')
            z.writestr(zipfile.ZipInfo('../../evil.sh'), 'rm -rf /')
            z.close()
            """, [slip])
        #expect(python.succeeded)
        let slipError = templateError { _ = try Template(contentsOfFile: slip) }
        #expect(
            slipError?.description
                == "error: \(slip) is not a usable Word document: \(slip): entry '../../evil.sh': error: path escapes the archive with '..'"
        )

        let bomb = folder.file("bomb.docx")
        let made = try Tools.python(
            """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)
            z.writestr('word/document.xml', '<w:document/>')
            z.writestr('word/media/image1.png', b'\\0' * (300 << 20))
            z.close()
            """, [bomb])
        #expect(made.succeeded)
        let bombError = templateError { _ = try Template(contentsOfFile: bomb) }
        #expect(bombError?.code == .badTemplate)
        #expect(
            bombError?.description.contains(
                "entry 'word/media/image1.png': error: the entry declares 314572800 bytes uncompressed, more than the limit of 268435456 (a zip bomb?)"
            ) == true)
    }

    // MARK: - Outside judges

    @Test func libreOfficeConvertsTheFilledNoticeAndShowsTheValues() throws {
        let body =
            WordFixture.paragraph("检查告知书") + WordFixture.paragraph("{{机构名称}}：")
            + WordFixture.paragraph("根据{{依据}}，我局定于{{日期 | 中文日期}}对你单位开展检查。")
            + WordFixture.table([["{{#each 检查组}}{{姓名}}", "{{执法证号}}{{/each}}"]])
            + WordFixture.paragraph("罚没金额：{{金额 | 大写金额}}")
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let output = try template.render(
            try data(
                """
                {"机构名称": "平顶山市第一人民医院", "依据": "《医疗保障基金使用监督管理条例》第二十七条", "日期": "2024-03-01",
                 "检查组": [{"姓名": "王明", "执法证号": "豫A-0001"}, {"姓名": "李华", "执法证号": "豫A-0002"}], "金额": 12345.67}
                """))
        let folder = TemporaryFolder()
        try folder.write("notice.docx", output)
        let convert = try Tools.run(
            "soffice",
            [
                "--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path,
                folder.file("notice.docx"),
            ])
        #expect(convert.succeeded, "\(convert.stderr)")
        // Line and cell wrapping may break a value anywhere: compare without white space.
        let text = try Tools.run("pdftotext", [folder.file("notice.pdf"), "-"]).stdout.filter { !$0.isWhitespace }
        for expected in ["平顶山市第一人民医院：", "我局定于2024年3月1日对你单位开展检查", "王明", "豫A-0002", "壹万贰仟叁佰肆拾伍元陆角柒分"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
    }
}

@Suite struct MergedPrintTests {
    @Test func oneRecordPerPageWithoutATrailingBlankPage() throws {
        let body =
            WordFixture.paragraph("责令限期整改通知书") + WordFixture.paragraph("{{机构名称}}：")
            + WordFixture.table([["{{#each 问题}}{{@index}}", "{{this}}{{/each}}"]])
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let records = try (1...3).map { try TemplateValue(json: Array(#"{"机构名称": "机构\#($0)", "问题": ["问题\#($0)A", "问题\#($0)B"]}"#.utf8)) }
        let merged = try template.renderMerged(records)
        let folder = TemporaryFolder()
        try folder.write("merged.docx", merged)
        let sections = try Tools.python(
            "import sys, docx; d = docx.Document(sys.argv[1]); print(len(d.sections), len(d.tables), d.sections[1].page_width)",
            [folder.file("merged.docx")])
        #expect(sections.stdout == "3 3 7560310\n", "\(sections.stderr)")
        let convert = try Tools.run(
            "soffice",
            [
                "--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path,
                folder.file("merged.docx"),
            ])
        #expect(convert.succeeded, "\(convert.stderr)")
        let info = try Tools.run("pdfinfo", [folder.file("merged.pdf")]).stdout
        #expect(info.split(separator: "\n").contains { $0.hasPrefix("Pages:") && $0.hasSuffix(" 3") }, "\(info)")
        for page in 1...3 {
            let text = try Tools.run("pdftotext", ["-f", "\(page)", "-l", "\(page)", folder.file("merged.pdf"), "-"]).stdout.filter {
                !$0.isWhitespace
            }
            #expect(text.contains("机构\(page)：") && text.contains("问题\(page)B"), "page \(page): \(text)")
        }
    }

    @Test func mergeRefusesTagsInHeadersAndNamesTheRecordOfEachMissingValue() throws {
        let withHeader = try Template(
            bytes: try WordFixture.docx(body: WordFixture.paragraph("x"), header: WordFixture.paragraph("{{文号}}")))
        do {
            _ = try withHeader.renderMerged([.object([:])])
            Issue.record("merged")
        } catch let error as TemplateError {
            #expect(error.code == .badStructure)
        }
        let template = try Template(bytes: try WordFixture.docx(body: WordFixture.paragraph("{{机构名称}}")))
        do {
            _ = try template.renderMerged([.object(["机构名称": .string("甲")]), .object([:])])
            Issue.record("merged")
        } catch let error as TemplateError {
            #expect(error.text.en == "record 2: the data has no value for '机构名称'")
        }
    }
}

@Suite struct VerticalMergeTests {
    @Test func equalCellsInARepeatedColumnAreMerged() throws {
        let body = WordFixture.table([["{{#each 事项}}{{类别 | 合并}}", "{{名称}}{{/each}}"]])
        let template = try Template(bytes: try WordFixture.docx(body: body))
        let data = try TemplateValue(
            json: Array(
                """
                {"事项": [{"类别": "药品", "名称": "进销存"}, {"类别": "药品", "名称": "串换"}, {"类别": "诊疗", "名称": "挂床"},
                          {"类别": "诊疗", "名称": "分解住院"}, {"类别": "诊疗", "名称": "过度检查"}, {"类别": "耗材", "名称": "超标准收费"}]}
                """.utf8))
        let output = try template.render(data)
        let xml = try WordFixture.documentXML(output)
        #expect(xml.components(separatedBy: #"<w:vMerge w:val="restart"/>"#).count - 1 == 2)
        #expect(xml.components(separatedBy: "<w:vMerge/>").count - 1 == 3)
        #expect(!xml.contains("spotcheck"))
        // python-docx sees the merge: a merged cell reads the same text in each row it spans.
        #expect(
            try WordFixture.pythonDocxText(output) == """
                R:药品|进销存
                R:药品|串换
                R:诊疗|挂床
                R:诊疗|分解住院
                R:诊疗|过度检查
                R:耗材|超标准收费

                """)
        let folder = TemporaryFolder()
        try folder.write("merged.docx", output)
        let convert = try Tools.run(
            "soffice",
            [
                "--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path,
                folder.file("merged.docx"),
            ])
        #expect(convert.succeeded)
        let text = try Tools.run("pdftotext", [folder.file("merged.pdf"), "-"]).stdout
        #expect(text.components(separatedBy: "诊疗").count - 1 == 1, "the merged category prints once: \(text)")
    }
}

@Suite struct WordImageTests {
    /// A w×h PNG, solid colour, written with Python's zlib.
    static func png(_ path: String, width: Int, height: Int) throws {
        let script = """
            import sys, zlib, struct
            w, h = int(sys.argv[2]), int(sys.argv[3])
            raw = b''.join(b'\\x00' + b'\\xc0\\x20\\x20' * w for _ in range(h))
            chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
            png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
            open(sys.argv[1], 'wb').write(png)
            """
        #expect(try Tools.python(script, [path, String(width), String(height)]).succeeded)
    }

    @Test func picturesFromAPathAndADataURIInTheBodyAndTheHeader() throws {
        let folder = TemporaryFolder()
        try Self.png(folder.file("seal.png"), width: 400, height: 200)
        let inline = "data:image/png;base64," + Data(try folder.read("seal.png")).base64EncodedString()
        let template = try Template(
            bytes: try WordFixture.docx(
                body: WordFixture.paragraph("现场照片：{{@照片 | 尺寸(40, 40)}}"), header: WordFixture.paragraph("{{@标志}}")))
        let data = TemplateValue.object(["照片": .string(folder.file("seal.png")), "标志": .string(inline)])
        let output = try template.render(data)
        let path = try folder.write("photo.docx", output)

        let zip = try ZipReader(path: path)
        #expect(
            Array(zip.entries.map(\.path).suffix(3)) == [
                "word/_rels/header1.xml.rels", "word/media/spotcheck-document-1.png", "word/media/spotcheck-header1-1.png",
            ])
        #expect(
            String(decoding: try zip.contents(of: "[Content_Types].xml"), as: UTF8.self).contains(
                #"<Default Extension="png" ContentType="image/png"/>"#))
        let shapes = try Tools.python(
            "import sys, docx; d = docx.Document(sys.argv[1]); s = d.inline_shapes[0]; print(len(d.inline_shapes), s.width.mm, s.height.mm)",
            [path])
        #expect(shapes.stdout == "1 40.0 20.0\n", "fitted into 40 × 40 mm keeping 2:1: \(shapes.stderr)")

        let convert = try Tools.run(
            "soffice",
            ["--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path, path])
        #expect(convert.succeeded)
        let images = try Tools.run("pdfimages", ["-list", folder.file("photo.pdf")]).stdout
        #expect(images.split(separator: "\n").count - 2 == 2, "two pictures in the PDF: \(images)")
    }

    @Test func aMissingOrUnreadablePictureIsAnError() throws {
        let template = try Template(bytes: try WordFixture.docx(body: WordFixture.paragraph("{{@照片}}")))
        do {
            _ = try template.render(.object(["照片": .string("/nonexistent/photo.jpg")]))
            Issue.record("rendered")
        } catch let error as TemplateError {
            #expect(error.text.en == "照片: cannot read the image /nonexistent/photo.jpg (missing, or over 20 MiB)")
        }
        #expect(
            WordImage.dimensions([0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]).map { "\($0.0) \($0.1)x\($0.2)" }
                == "jpeg 640x480")
    }
}
