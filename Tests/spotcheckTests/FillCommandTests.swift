import Foundation
import TestSupport
import Testing

/// The CLI end to end, on a template made by python-docx as an office would make one.
@Suite struct FillCommandTests {
    static func makeTemplate(in folder: TemporaryFolder, _ paragraphs: [String], table: [String]? = nil) throws -> String {
        let path = folder.file("form.docx")
        let script = """
            import sys, json, docx
            d = docx.Document()
            for text in json.loads(sys.argv[2]): d.add_paragraph(text)
            cells = json.loads(sys.argv[3])
            if cells:
                t = d.add_table(rows=2, cols=len(cells))
                for c, title in zip(t.rows[0].cells, ['序号', '事项', '结果'][:len(cells)]): c.text = title
                for c, text in zip(t.rows[1].cells, cells): c.text = text
            d.save(sys.argv[1])
            """
        let encode = { (value: [String]) in String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self) }
        let run = try Tools.python(script, [path, try encode(paragraphs), try encode(table ?? [])])
        #expect(run.succeeded, "\(run.stderr)")
        return path
    }

    func spotcheck(_ arguments: [String], english: Bool = false) throws -> Tools.Outcome {
        let binary = try Tools.builtProduct("spotcheck")
        let locale = english ? "en_US.UTF-8" : "zh_CN.UTF-8"
        return try Tools.run("env", ["LANG=\(locale)", "LC_ALL=\(locale)", binary] + arguments)
    }

    @Test func fillsOneDocument() throws {
        let folder = TemporaryFolder()
        let template = try Self.makeTemplate(in: folder, ["{{机构名称}}：", "金额：{{金额 | 大写金额}}", "公示截止：{{结束 | 工作日后(20) | 中文日期}}"])
        try folder.write("case.json", Array(#"{"机构名称": "平顶山市第一人民医院", "金额": 100.05, "结束": "2024-09-20"}"#.utf8))
        let run = try spotcheck(["fill", template, "--data", folder.file("case.json"), "--out", folder.file("out.docx")])
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout == "已生成 \(folder.file("out.docx"))\n")
        let text = try Tools.python(
            "import sys, docx; print('|'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))", [folder.file("out.docx")])
        #expect(text.stdout == "平顶山市第一人民医院：|金额：壹佰元零伍分|公示截止：2024年10月23日\n")
    }

    @Test func fillsABatchNamedByPatternOnBothCores() throws {
        let folder = TemporaryFolder()
        let template = try Self.makeTemplate(in: folder, ["{{机构名称}}"], table: ["{{#each 事项}}{{@index}}", "{{名称}}", "{{结果}}{{/each}}"])
        let lines = (1...40).map {
            #"{"编号": "2024-\#(String(format: "%03d", $0))", "机构名称": "机构\#($0)", "事项": [{"名称": "事项A", "结果": "符合要求"}]}"#
        }
        try folder.write("cases.jsonl", Array(lines.joined(separator: "\n").utf8))
        let run = try spotcheck(
            ["fill", template, "--data", folder.file("cases.jsonl"), "--out", folder.file("out"), "--name", "{{编号}}-{{机构名称}}.docx"],
            english: true)
        #expect(run.succeeded, "\(run.stderr)")
        #expect(run.stdout == "Wrote 40 files in \(folder.file("out"))/\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.file("out")).sorted()
        #expect(files.count == 40)
        #expect(files.first == "2024-001-机构1.docx")
        let table = try Tools.python(
            "import sys, docx; t = docx.Document(sys.argv[1]).tables[0]; print([[c.text for c in r.cells] for r in t.rows])",
            [folder.file("out/2024-007-机构7.docx")])
        #expect(table.stdout == "[['序号', '事项', '结果'], ['1', '事项A', '符合要求']]\n")
    }

    @Test func fillsFromACSVThatExcelSavedInGBK() throws {
        let folder = TemporaryFolder()
        let template = try Self.makeTemplate(in: folder, ["{{机构名称}}（{{代码}}）", "组长：{{检查组.组长}}"])
        let csv = folder.file("cases.csv")
        let made = try Tools.python(
            "import sys; open(sys.argv[1], 'wb').write('编号,机构名称,代码,检查组.组长\\r\\n1,\"平顶山市第一人民医院\",9141,王明\\r\\n2,卫东区药店,9142,李华\\r\\n'.encode('gbk'))",
            [csv])
        #expect(made.succeeded, "\(made.stderr)")
        let run = try spotcheck(["fill", template, "--data", csv, "--merge", "--out", folder.file("all.docx")])
        #expect(run.succeeded, "\(run.stderr)")
        let text = try Tools.python(
            "import sys, docx; print('|'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))", [folder.file("all.docx")])
        #expect(text.stdout == "平顶山市第一人民医院（9141）|组长：王明||卫东区药店（9142）|组长：李华\n", "the empty paragraph carries the section break")
    }

    @Test func aBatchWithProblemsWritesNothingAndListsEveryOne() throws {
        let folder = TemporaryFolder()
        let template = try Self.makeTemplate(in: folder, ["{{机构名称}} {{日期 | 中文日期}}"])
        try folder.write(
            "cases.jsonl",
            Array(
                """
                {"编号": "1", "机构名称": "甲", "日期": "2024-03-01"}
                {"编号": "2", "日期": "2024-03-01"}
                {"编号": "3", "机构名称": "丙", "日期": "下周"}

                {"编号": "4", "机构名称": "丁", "日期": "2024-03-01"
                """.utf8))
        let broken = try spotcheck([
            "fill", template, "--data", folder.file("cases.jsonl"), "--out", folder.file("out"), "--name", "{{编号}}.docx",
        ])
        #expect(broken.status == 1)
        #expect(broken.stderr == "错误：\(folder.file("cases.jsonl")):5:44：JSON 有误：应为逗号或 }\n")

        try folder.write(
            "cases.jsonl",
            Array(
                #"{"编号": "1", "机构名称": "甲", "日期": "2024-03-01"}\#n{"编号": "2", "日期": "2024-03-01"}\#n{"编号": "3", "机构名称": "丙", "日期": "下周"}"#
                    .utf8))
        let run = try spotcheck(
            ["fill", template, "--data", folder.file("cases.jsonl"), "--out", folder.file("out"), "--name", "{{编号}}.docx"], english: true)
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                2 problems:
                  error: record 2 (2.docx): word/document.xml, paragraph 1 ("{{机构名称}} {{日期 | 中文日期}}"): error: the data has no value for '机构名称'
                  error: record 3 (3.docx): word/document.xml, paragraph 1 ("{{机构名称}} {{日期 | 中文日期}}"): error: 日期: 中文日期 failed: '下周' is not a date (expected e.g. 2024-03-01)

                """)
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["cases.jsonl", "form.docx"])

        let duplicate = try spotcheck(
            ["fill", template, "--data", folder.file("cases.jsonl"), "--out", folder.file("out"), "--name", "same.docx"], english: true)
        #expect(
            duplicate.stderr
                == "2 problems:\n  error: records 1 and 2 are both named 'same.docx'\n  error: records 1 and 3 are both named 'same.docx'\n"
        )
    }

    @Test func templateCheckReportsEveryProblemAndFieldsPrintsTheTree() throws {
        let folder = TemporaryFolder()
        let bad = try Self.makeTemplate(in: folder, ["{{ 机构名称 | 大写金 }}", "{{#each 事项}}", "{{名称}}"])
        let check = try spotcheck(["template", "check", bad])
        #expect(check.status == 1)
        #expect(
            check.stderr == """
                共 2 个问题：
                  word/document.xml 第 2 段（“{{#each 事项}}”）：错误：{{#each}} 没有结束标签 {{/each}}
                  word/document.xml 第 1 段（“{{ 机构名称 | 大写金 }}”）：错误：未知的过滤器 “大写金”，是否想用 “大写金额”？

                """)

        try FileManager.default.removeItem(atPath: bad)
        let good = try Self.makeTemplate(in: folder, ["{{机构名称}} {{检查组.组长.姓名}}", "{{#each 事项}}", "{{名称}} {{机构名称}}", "{{/each}}"])
        #expect(try spotcheck(["template", "check", good]).stdout == "模板无误：\(good)（6 个字段）\n")
        #expect(try spotcheck(["template", "fields", good]).stdout == "机构名称\n检查组\n  组长\n    姓名\n事项[]\n  名称\n")
        let json = try spotcheck(["template", "fields", good, "--json"]).stdout
        #expect(json.contains(#""isList" : true"#))
        #expect(json.contains(#""name" : "姓名""#))
    }

    @Test func helpShowsExamplesAndErrorsNeverShowATrace() throws {
        let help = try spotcheck(["fill", "--help"])
        #expect(help.stdout.contains("spotcheck fill templates/检查告知书.docx --data case.json --out 告知书.docx"))
        let missing = try spotcheck(["fill", "/nonexistent.docx", "--data", "/nonexistent.json", "--out", "/tmp/x.docx"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("错误：/nonexistent.docx 不是可用的 Word 文档"))
    }
}
