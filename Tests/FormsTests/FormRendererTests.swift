import Forms
import Foundation
import Inspection
import Store
import Support
import Templating
import TestSupport
import Testing
import WorkspaceFixtures

/// Rendering the standard forms from a workspace, judged by LibreOffice, pdftotext and python-docx.
@Suite struct FormRendererTests {
    static let disposal: TemplateValue = .object([
        "清册": .object([
            "编号": .string("2054-01"), "日期": .string("2055-01-10"), "鉴定意见": .string("已到期，无继续保存价值"), "鉴定人": .string("档案员甲"),
            "批准人": .string("局长乙"), "监销人": .string("纪检组丙"),
            "档案": .array([
                .object([
                    "档号": .string("J045-JC·2024-D30-0001"), "题名": .string("卫东区定点机构0医疗保障基金抽查卷宗（2024年度）"),
                    "起止日期": .string("2024-03-01至2024-05-10"), "保管期限": .string("30年"), "到期日期": .string("2054-12-31"), "件数": .number(6),
                ])
            ]),
        ])
    ])

    @Test func everyFormRendersAndLibreOfficePrintsTheValues() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try FormsFixture.withResults(folder)
        let catalog = try FormsFixture.catalog()
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "李四")
        var written = try renderer.render(.init(forms: catalog.forms.filter { $0.scope == .year }, task: "2024-01", date: "2024-01-15"))
            .written
        let all = try renderer.render(.init(forms: catalog.forms.filter { $0.scope == .task || $0.scope == .visit }, task: "2024-01"))
        written += all.written
        written += try renderer.render(.init(forms: [try catalog.form(named: "销毁清册")], data: Self.disposal)).written
        written += try renderer.render(
            CheckReport(
                number: "20240820-0A1B2C", day: "2024-08-20", scope: "卫东区医保局的 2 个档案包", tool: "SpotCheck 0.1.0", checker: "赵某", full: true,
                trustedKey: "sha256:00", items: [.init(code: "GD-2-3", label: "内容数据完整性", checks: "摘要", passed: 1, failed: 1, skipped: false)],
                packages: [
                    .init(code: "J045-JC·2024-D30-0001", name: "a.zip", version: 1, files: 4, passed: true, problems: []),
                    .init(code: "J045-JC·2024-D10-0002", name: "b.zip", version: 1, files: 2, passed: false, problems: ["GD-2-3 data/x.pdf：摘要不符"]),
                ]), into: folder.file("reports"))
        #expect(Set(written.map(\.form)) == Set(catalog.forms.map(\.name)), "every form rendered at least once")
        // Only the visit that was told to rectify gets a rectification notice; the unreachable one no registration form.
        #expect(written.filter { $0.form == "责令限期整改通知书" }.map(\.visit) == [visits[0].id])
        #expect(!written.contains { $0.form == "行政检查登记表" && $0.visit == visits[1].id })
        #expect(all.skipped.contains { $0.form == "检查报告" && $0.zh.contains("000 §19") })

        let paths = written.map { renderer.absolute($0.path) }
        for (document, path) in zip(written, paths) {
            #expect(sha256Hex(try Data(contentsOf: URL(fileURLWithPath: path))) == document.sha256, "recorded digest")
        }
        let opened = try Tools.python("import docx, sys\nfor p in sys.argv[1:]: docx.Document(p)\nprint(len(sys.argv) - 1)", paths)
        #expect(
            opened.status == 0 && opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(paths.count), "\(opened.stderr)")

        let converter = try OfficeConverter(fontConfiguration: "\(catalog.folder)/fonts/fonts.conf")
        let pdfs = try converter.convert(paths, into: folder.file("pdf"))
        // PDF/A-2b, as the archive keeps them, and the free fonts fonts.conf maps the GB/T 9704 names to, embedded.
        let metadata = try Tools.run("strings", [pdfs[0]]).stdout
        #expect(metadata.contains("<pdfaid:part>2</pdfaid:part>") && metadata.contains("<pdfaid:conformance>B</pdfaid:conformance>"))
        let fonts = try Tools.run("pdffonts", [pdfs[written.firstIndex { $0.form == "检查告知书" } ?? 0]]).stdout
        #expect(
            fonts.contains("NotoSerifCJK") && fonts.contains("FandolFang-Regular") && fonts.contains("FandolHei") && !fonts.contains("GBZenKai"),
            "小标宋 → Noto Serif CJK SC Bold, 仿宋 → FandolFang, 黑体 → FandolHei: \(fonts)")
        // Every font of every form's PDF is one the mapping chooses: no silent replacement.
        let audit = try FontAudit(fontConfiguration: "\(catalog.folder)/fonts/fonts.conf")
        let (substituted, checked) = audit.substitutions(in: pdfs)
        #expect(checked && substituted.isEmpty, "\(substituted.map { "\(($0.document as NSString).lastPathComponent): \($0.font)" })")
        func text(_ form: String, _ visit: String? = nil) throws -> String {
            let index = try #require(written.firstIndex { $0.form == form && (visit == nil || $0.visit == visit) }, "\(form)")
            // Reading order, whitespace removed: a table cell's text stays together however it wraps.
            return try Tools.run("pdftotext", [pdfs[index], "-"]).stdout.filter { !$0.isWhitespace }
        }
        let notice = try text("检查告知书", visits[0].id)
        #expect(notice.contains("卫东区定点机构") && notice.contains("平卫医保检告〔2024〕1号") && notice.contains("豫医保410"))
        #expect(notice.contains("—1—"), "page number in the footer")
        let registration = try text("行政检查登记表", visits[2].id)
        #expect(registration.contains("拒绝签字") && registration.contains("社区干部李某") && registration.contains("■涉嫌违反"))
        #expect(registration.contains("拒绝提供会计资料"), "the 000 §24 case")
        let rectification = try text("责令限期整改通知书")
        #expect(rectification.contains("2024年7月31日前改正") && rectification.contains("平卫医保改〔2024〕1号"))
        let report = try text("检查报告", visits[0].id)
        #expect(report.contains("对被检查人的评价") && report.contains("限期整改"))
        let published = try text("抽查结果公示")
        #expect(published.contains(FormsFixture.code(0)) && !published.contains("建设路") && !published.contains("法人0"), "\(published.prefix(600))")
        let record = try text("随机抽取记录")
        #expect(record.contains("福彩3D2024064期123") && record.contains("纪检组王某") && record.contains("spotcheck-draw-v2"))
        #expect(try text("复查结果告知书").contains("维持原检查结果"))
        let contents = try text("卷内文件目录", visits[0].id)
        // Table cells wrap and pdftotext interleaves wrapped cells of one row, so short values there.
        #expect(contents.contains("J045-JC·2024-D30-0001") && contents.contains("平卫医保改〔2024〕1号") && contents.contains("20240510"))
        let checklist = try text("随机抽查事项清单")
        #expect(checklist.contains("监督检查事项清单") && checklist.contains("现场检查") && checklist.contains("一般"))
        // 003 annexes 2–3: the joint task this office initiates, and the one it joins (a cell's text wraps, so short values).
        let joint = try text("部门联合抽查计划清单")
        let cooperation = try text("配合计划清单")
        #expect(joint.contains("基金监管科") && !joint.contains("区卫生健康"))
        #expect(cooperation.contains("区卫生健康") && !cooperation.contains("基金监管科"))
        #expect(try text("不予配合情况公示").contains("卫东区定点机构"))
        #expect(try text("销毁清册").contains("纪检组丙"))
    }

    @Test func numbersStayAndTheSameInputGivesTheSameBytes() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try FormsFixture.withResults(folder)
        let catalog = try FormsFixture.catalog()
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "李四")
        let notice = try catalog.form(named: "检查告知书")
        let first = try renderer.render(.init(forms: [notice], task: "2024-01")).written
        let second = try renderer.render(.init(forms: [notice], task: "2024-01", targets: [visits[2].target])).written
        #expect(first.compactMap(\.number) == (1...visits.count).map { "平卫医保检告〔2024〕\($0)号" })
        #expect(second.count == 1 && second[0].number == first[2].number, "a re-render keeps the number")
        #expect(second[0].sha256 == first[2].sha256, "byte-identical")
        let merged = try renderer.render(.init(forms: [notice], task: "2024-01", merge: true)).written
        #expect(merged.count == 1 && merged[0].path.hasSuffix("2024-01-检查告知书（合并打印）.docx"))
        let opened = try Tools.python(
            "import docx, sys; d = docx.Document(sys.argv[1]); print(len(d.sections))", [renderer.absolute(merged[0].path)])
        #expect(opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(visits.count), "one section per notice")
        // The byte-identical re-render records nothing: the issue is the event, not each reprint.
        #expect(try workspace.auditEntries().filter { $0.action == .documentRender }.count == 2)
        #expect(try workspace.documents(task: "2024-01").filter { $0.form == "检查告知书" && $0.visit != nil }.count == visits.count)
    }

    @Test func aFormAVisitDoesNotNeedIsRefusedWhenAskedFor() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try FormsFixture.withResults(folder)
        let catalog = try FormsFixture.catalog()
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "李四")
        do {
            _ = try renderer.render(.init(forms: [try catalog.form(named: "责令限期整改通知书")], task: "2024-01", targets: [visits[4].id]))
            Issue.record("a rectification notice for a visit that complied")
        } catch let error as FormError {
            #expect(error.zh == "无法生成“责令限期整改通知书”：\(visits[4].id)：处理意见不是限期整改")
        }
        #expect(throws: FormError.self) { try renderer.render(.init(forms: [try catalog.form(named: "销毁清册")])) }
    }

    @Test func aPublicFormRefusesPersonalDataNamingTheField() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        // A task name a clerk typed with a contact number in it: printed in the title of the public results.
        _ = try FormsFixture.workspace(folder, taskName: "定点医药机构抽查（咨询13912345678）")
        let workspace = try Workspace.open(at: folder.file("ws"))
        let catalog = try FormsFixture.catalog()
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "李四")
        do {
            _ = try renderer.render(.init(forms: [try catalog.form(named: "抽查任务公告")], task: "2024-01"))
            Issue.record("a phone number was published")
        } catch let error as TemplateError {
            #expect(error.localized(english: false).contains("“任务.名称”含有手机号码，不得公开"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("ws/documents/2024-01")), "nothing written")
        // The internal draw record may print it.
        #expect(try renderer.render(.init(forms: [try catalog.form(named: "随机抽取记录")], task: "2024-01")).written.count == 1)
    }
}

/// The font check reads pdffonts' names against the mapping's first choices.
@Suite struct FontAuditTests {
    @Test func namesAreComparedByFamily() throws {
        let folder = TemporaryFolder()
        let mapping = try folder.write(
            "fonts.conf",
            Array(
                """
                <?xml version="1.0"?>
                <fontconfig>
                  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test>
                    <edit name="family" mode="assign"><string>Noto Serif CJK SC</string><string>FandolSong</string></edit></match>
                  <alias><family>仿宋_GB2312</family><prefer><family>FandolFang</family><family>AR PL KaitiM GB</family></prefer></alias>
                  <alias><family>Times New Roman</family><prefer><family>Liberation Serif</family></prefer></alias>
                </fontconfig>
                """.utf8))
        let audit = try FontAudit(fontConfiguration: mapping)
        #expect(Set(audit.allowed.values) == ["Noto Serif CJK SC", "FandolFang", "Liberation Serif"], "first choices only, not fallbacks")
        for embedded in ["BAAAAA+NotoSerifCJKjp-Bold-VKana", "FandolFang-Regular", "CAAAAA+LiberationSerif", "LiberationSerif-Italic"] {
            #expect(audit.allowed[FontAudit.normalized(embedded)] != nil, "\(embedded)")
        }
        for substitute in ["EAAAAA+GBZenKai-Medium", "DejaVuSerif", "FandolSong-Regular", "NotoSansCJKjp-Regular"] {
            #expect(audit.allowed[FontAudit.normalized(substitute)] == nil, "\(substitute)")
        }
    }
}

/// A document's date is fixed when it is first issued (issue 14 item 1): printing a notice again after
/// the result changed prints the same date, unless a date is given.
@Suite struct IssueDateTests {
    @Test func aReprintKeepsTheFirstIssueDate() throws {
        let folder = TemporaryFolder()
        let (workspace, visits) = try FormsFixture.withResults(folder)
        let catalog = try FormsFixture.catalog()
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: "张三")
        let notice = try catalog.form(named: "检查告知书")
        let request = FormRenderer.Request(forms: [notice], task: "2024-01", targets: [visits[4].id])
        let first = try renderer.render(request).written
        let dated = try #require(first.first?.dated)
        // The check is recorded again, ten days later: the notice sent before it keeps its date.
        let previous = try #require(try workspace.results(of: visits[4].id).last)
        var result = previous.result
        result.finished = result.finished.adding(days: 10)
        result.started = result.finished
        try workspace.saveResult(
            StoredResult(version: previous.version + 1, result: result, recordedAt: "2024-03-20T08:00:00Z", actor: "张三", correction: nil, unitHead: nil), previous: previous)
        let again = try renderer.render(request).written
        #expect(again.first?.dated == dated, "\(dated) → \(again.first?.dated ?? "")")
        #expect(again.first?.path == first.first?.path, "the same notice, not a new version")
        // An explicit date is still the clerk's to give — on a notice already issued, as a new version with a reason.
        let redated = FormRenderer.Request(forms: [notice], task: "2024-01", targets: [visits[4].id], date: "2024-02-20")
        #expect(throws: FormError.self) { try renderer.render(redated) }
        var reasoned = redated
        reasoned.reason = "补正成文日期"
        let given = try renderer.render(reasoned).written
        #expect(given.first?.dated == "2024-02-20" && given.first?.path.hasSuffix("检查告知书（第2版）.docx") == true, "\(given)")
        #expect(FileManager.default.fileExists(atPath: workspace.absolutePath(try #require(first.first?.path))), "the first issue stays")
    }
}
