import Foundation
import TestSupport
import Testing

@testable import Templating

/// HTML forms printed from a browser: the same tags, HTML escaping, line breaks as <br>.
@Suite struct HTMLTemplateTests {
    @Test func fillsAnHTMLFormWithEscaping() throws {
        let folder = TemporaryFolder()
        let path = try folder.write(
            "公示.html",
            Array(
                """
                <!DOCTYPE html>
                <html lang="zh-CN"><head><meta charset="utf-8"><title>{{标题}}</title>
                <style>@page { size: A4; margin: 37mm 26mm 35mm 28mm; }</style></head>
                <body><h1>{{标题}}</h1><table>{{#each 结果}}<tr><td>{{@index}}</td><td>{{机构名称}}</td><td title="{{结果}}">{{结果}}</td></tr>{{/each}}</table>
                <p>{{说明}}</p><p>{{日期 | 中文日期}}</p></body></html>
                """.utf8))
        let template = try Template(contentsOfFile: path)
        let data = try TemplateValue(
            json: Array(
                """
                {"标题": "2024年度抽查结果公示", "日期": "2024-07-26", "说明": "如有异议 <请> 于20个工作日内提出\\n电话见官网 & \\"公告\\"",
                 "结果": [{"机构名称": "平顶山市第一人民医院", "结果": "符合要求"}, {"机构名称": "R&D \\"药房\\"", "结果": "限期整改"}]}
                """.utf8))
        let html = String(decoding: try template.render(data), as: UTF8.self)
        #expect(html.contains(#"<tr><td>2</td><td>R&amp;D &quot;药房&quot;</td><td title="限期整改">限期整改</td></tr>"#))
        #expect(html.contains("<p>如有异议 &lt;请&gt; 于20个工作日内提出<br>电话见官网 &amp; &quot;公告&quot;</p>"))
        #expect(html.contains("<p>2024年7月26日</p>"))
        // An outside parser reads the structure back.
        let parsed = try Tools.run(
            "python3",
            [
                "-c",
                """
                import sys, html.parser
                class P(html.parser.HTMLParser):
                    rows = 0; cells = []
                    def handle_starttag(self, tag, attrs):
                        if tag == 'tr': P.rows += 1
                    def handle_data(self, data): P.cells.append(data)
                p = P(); p.feed(sys.stdin.read()); print(P.rows, 'R&D "药房"' in P.cells)
                """,
            ], input: html)
        #expect(parsed.stdout == "2 True\n", "\(parsed.stderr)")
    }
}
