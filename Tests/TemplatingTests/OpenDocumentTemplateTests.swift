import Foundation
import TestSupport
import Testing
import ZipCore

@testable import Templating

/// ODT templates, made the way an office makes them: LibreOffice saving a form as .odt.
@Suite struct OpenDocumentTemplateTests {
    @Test func fillsAnOdtThatLibreOfficeSavedAndLibreOfficeReadsItBack() throws {
        let body = """
            <w:p><w:r><w:t xml:space="preserve">被检查单位：</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{{ 机</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>构名称 }}</w:t></w:r></w:p>
            """ + WordFixture.paragraph("{{#each 问题}}") + WordFixture.paragraph("{{@index}}. {{this}}") + WordFixture.paragraph("{{/each}}")
            + WordFixture.table([["{{#each 检查组}}{{姓名}}", "{{执法证号}}{{/each}}"]])
            + WordFixture.paragraph("备注：{{备注}}")
        let folder = TemporaryFolder()
        try folder.write("form.docx", try WordFixture.docx(body: body))
        let profile = "-env:UserInstallation=file://\(folder.path)/profile"
        let toOdt = try Tools.run(
            "soffice", ["--headless", profile, "--convert-to", "odt", "--outdir", folder.path, folder.file("form.docx")])
        #expect(toOdt.succeeded, "\(toOdt.stderr)")

        let template = try Template(contentsOfFile: folder.file("form.odt"))
        let data = try TemplateValue(
            json: Array(
                """
                {"机构名称": "平顶山市第一人民医院", "问题": ["超标准收费", "串换药品"],
                 "检查组": [{"姓名": "王明", "执法证号": "豫A-0001"}, {"姓名": "李华", "执法证号": "豫A-0002"}],
                 "备注": "R&D <x>  两个空格\\n第二行"}
                """.utf8))
        try template.render(data, toFile: folder.file("filled.odt"))

        let package = try Tools.python(
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); i = z.infolist()[0]; assert z.testzip() is None; print(i.filename, i.compress_type)",
            [folder.file("filled.odt")])
        #expect(package.stdout == "mimetype 0\n", "ODF wants mimetype first and stored: \(package.stderr)")

        let toPdf = try Tools.run(
            "soffice", ["--headless", profile, "--convert-to", "pdf", "--outdir", folder.path, folder.file("filled.odt")])
        #expect(toPdf.succeeded, "\(toPdf.stderr)")
        let text = try Tools.run("pdftotext", [folder.file("filled.pdf"), "-"]).stdout
        let compact = text.filter { !$0.isWhitespace }
        for expected in ["被检查单位：平顶山市第一人民医院", "1.超标准收费", "2.串换药品", "王明", "豫A-0002", "备注：R&D<x>两个空格", "第二行"] {
            #expect(compact.contains(expected), "\(expected) in \(text)")
        }
        #expect(!text.contains("{{") && !text.contains("#each"))
        let content = String(decoding: try ZipReader(path: folder.file("filled.odt")).contents(of: "content.xml"), as: UTF8.self)
        #expect(content.contains("R&amp;D &lt;x&gt; <text:s/>两个空格<text:line-break/>第二行"), "ODF keeps the second space only as text:s")
    }
}
