import Foundation
import TestSupport
import Testing

/// The whole pipeline through the CLI on a sample workspace made by samples/make_sample.py: init →
/// import → plan → draw → verify → lock → match → results → every form → seal → verify → export.
@Suite struct PipelineTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .path

    func spotcheck(_ arguments: [String]) throws -> Tools.Outcome {
        try Tools.run("env", ["LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", try Tools.builtProduct("spotcheck")] + arguments)
    }

    /// The documents read as the clerk who stamps them reads them, by poppler's tools: no page holding only
    /// a signature block, only the allowed fonts and all embedded, no login name, dates in order, the
    /// notices of a merged print numbered each from 1 (Tests/checker/doccheck.py); what the notices say.
    static func readAsAClerk(_ ws: String, visit: String) throws {
        let merged = try Tools.run(
            "env", ["LANG=zh_CN.UTF-8", try Tools.builtProduct("spotcheck"), "render", "检查告知书", "--task", "2024-01", "--merge", "--pdf", "--workspace", ws])
        #expect(merged.succeeded, "\(merged.stderr)")
        let check = try Tools.run("python3", ["\(repository)/Tests/checker/doccheck.py", "\(ws)/documents"])
        #expect(check.succeeded && check.stdout.hasPrefix("文书自检："), "\(check.stdout)\(check.stderr)")
        // The text without spaces and line ends: a phrase may wrap anywhere.
        func text(_ name: String) throws -> String {
            try Tools.run("pdftotext", ["\(ws)/documents/2024-01/\(name)", "-"]).stdout.filter { !$0.isWhitespace }
        }
        let rectification = try text("\(visit)-责令限期整改通知书.pdf")
        #expect(rectification.contains("12,345.60元（大写：壹万贰仟叁佰肆拾伍元陆角整）"), "\(rectification)")
        #expect(rectification.contains("平顶山市卫东区人民政府申请行政复议") && rectification.contains("0375-2345678"))
        #expect(!rectification.contains("未发现问题"), "only the problems found are listed")
        let notice = try text("\(visit)-检查告知书.pdf")
        #expect(notice.contains("联系人：李某") && notice.contains("请准备的材料") && notice.contains("5个工作日内"))
        let publication = try text("2024-01-抽查结果公示.pdf")
        #expect(publication.contains("公示期：2024年7月20日至2024年8月2日") && !publication.contains("0375-2345678"), "\(publication)")
    }

    @Test func aSampleBureauFromImportToAuditExport() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let samples = folder.file("samples")
        #expect(try Tools.run("python3", ["\(Self.repository)/samples/make_sample.py", "80", samples]).succeeded)
        let ws = folder.file("卫东区2024")
        func run(_ arguments: [String], workspace: Bool = true) throws -> Tools.Outcome {
            let outcome = try spotcheck(arguments + (workspace ? ["--workspace", ws, "--operator", "测试"] : []))
            #expect(outcome.succeeded, "\(arguments.prefix(2)): \(outcome.stderr)")
            return outcome
        }
        _ = try run(["init", ws, "--office", "平顶山市卫东区医疗保障局", "--district", "卫东区", "--fonds", "J045", "--prefix", "平卫医保"], workspace: false)
        _ = try run(["office", "--person", "检查人=赵某"])
        _ = try run(["import", "targets", "\(samples)/名录库.csv"])
        _ = try run(["import", "inspectors", "\(samples)/执法人员.csv"])
        _ = try run(["import", "items", "\(samples)/事项清单.csv"])
        _ = try run(["plan", "import", "\(samples)/计划.csv"])
        _ = try run(["draw", "2024-01", "--seed", "福彩3D 2024064 期 123", "--witness", "纪检组王某", "--drawn-on", "2024-02-28", "--entry-reason", "补录"])
        #expect(try run(["draw", "verify", "\(ws)/draws/2024-01-1.xml"], workspace: false).stdout.contains("可复现"))
        _ = try run(["draw", "lock", "2024-01"])
        _ = try run(["match", "2024-01"])
        let list = try run(["match", "list", "--json"])
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let ids = visits.compactMap { $0["id"] as? String }
        let dates = visits.compactMap { $0["date"] as? String }
        #expect(ids.count >= 5)
        for (index, (id, day)) in zip(ids, dates).enumerated() {
            let common = ["--started", day, "--finished", day, "--finding", "医保基金使用情况检查=核查结算数据"]
            switch index % 4 {
            case 0:
                _ = try run(
                    ["result", "record", id] + common + [
                        "--outcome", "限期整改", "--rectify-by", "2024-12-31", "--signed-by", "院长", "--violation-amount", "12,345.6",
                        "--recovery-amount", "12345.60",
                    ])
            case 1: _ = try run(["result", "record", id, "--status", "无法联系", "--finished", day, "--remarks", "无人经营"])
            case 2:
                _ = try run(
                    ["result", "record", id] + common + ["--outcome", "其他", "--remarks", "移交", "--refused", "拒签", "--witness", "社区干部"])
            default: _ = try run(["result", "record", id] + common + ["--outcome", "符合要求", "--signed-by", "负责人"])
            }
        }
        _ = try run(["result", "publish", "2024-01", "--on", "2024-07-20"])
        // A notice that prints the office's telephone or the appeal body is refused until they are recorded.
        let blank = try spotcheck(["render", "--all", "--task", "2024-01", "--workspace", ws, "--operator", "测试"])
        #expect(blank.status == 1 && blank.stderr.contains("spotcheck office --set 联系人=…"), "\(blank.stderr)")
        _ = try run([
            "office", "--set", "联系人=李某", "--set", "联系电话=0375-2345678", "--set", "联系部门=基金监管科", "--set", "复议机关=平顶山市卫东区人民政府",
            "--set", "诉讼法院=平顶山市卫东区人民法院", "--set", "公示期=10",
        ])
        let undrawn = try spotcheck(["render", "检查告知书", "--task", "2024-09", "--workspace", ws])
        #expect(undrawn.status == 1 && undrawn.stderr.contains("任务 2024-09 还没有检查对象：先抽取、锁定并匹配检查组"), "\(undrawn.stderr)")
        let rendered = try run(["render", "--all", "--task", "2024-01", "--pdf", "--json"])
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(rendered.stdout.utf8)) as? [[String: Any]])
        for document in documents {
            let path = try #require(document["path"] as? String)
            #expect(FileManager.default.fileExists(atPath: "\(ws)/\(path)"), "\(path)")
        }
        #expect(documents.contains { $0["form"] as? String == "抽查结果公示" })
        try Self.readAsAClerk(ws, visit: ids[0])

        _ = try run(["archive", "keygen"])
        let sealed = try run(["archive", "seal", "--task", "2024-01", "--sm3", "--date", "2024-08-20", "--json"])
        let packages = try #require(try JSONSerialization.jsonObject(with: Data(sealed.stdout.utf8)) as? [[String: Any]])
        #expect(packages.count == ids.count, "one dossier per inspected target, the unreachable ones included (002 (二十四))")
        let paths = packages.compactMap { $0["path"] as? String }.map { "\(ws)/\($0)" }
        _ = try run(["archive", "verify"] + paths)
        try Self.readAsAnArchivist(paths[0], sealedOn: "2024-08-20")
        // The published BagIt profile, checked by bagit-profile (PyPI), not by us.
        let profile = try Tools.run("python3", ["\(Self.repository)/Tests/checker/profilecheck.py", "\(Self.repository)/archive/bagit-profile.json"] + paths)
        #expect(profile.succeeded && profile.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("OK ") }, "\(profile.stdout)\(profile.stderr)")
        // A reprint of unchanged data changes nothing: the PDFs as issued are kept, no dossier gets a version 2.
        let reprint = try run(["render", "--all", "--task", "2024-01", "--pdf"])
        #expect(reprint.stderr.contains("份文件与已签发的相同：保留已签发的 PDF，不重新转换"), "\(reprint.stderr)")
        // Printed into another folder, a document as issued comes with its PDF as issued.
        _ = try run(["render", "抽查任务公告", "--task", "2024-01", "--pdf", "--out", folder.file("副本")])
        let copy = FileManager.default.contents(atPath: folder.file("副本/2024-01-抽查任务公告.pdf"))
        #expect(copy != nil && copy == FileManager.default.contents(atPath: "\(ws)/documents/2024-01/2024-01-抽查任务公告.pdf"))
        let resealed = try run(["archive", "seal", "--task", "2024-01", "--sm3", "--date", "2024-08-21", "--json"])
        let again = try #require(try JSONSerialization.jsonObject(with: Data(resealed.stdout.utf8)) as? [[String: Any]])
        #expect(again.count == ids.count && again.allSatisfy { $0["written"] as? Bool == false }, "\(resealed.stdout.prefix(300))")
        // A corrected result re-issues its report only with a reason, as a new version beside the first, which
        // stays as it was issued (issue 14 item 6); the reason is in the audit trail.
        let report = "\(ws)/documents/2024-01/\(ids[0])-检查报告.docx"
        let firstIssue = FileManager.default.contents(atPath: report)
        _ = try run([
            "result", "record", ids[0], "--started", dates[0], "--finished", dates[0], "--finding", "医保基金使用情况检查=核查结算数据，串换药品 3 笔",
            "--outcome", "限期整改", "--rectify-by", "2024-12-31", "--signed-by", "院长", "--violation-amount", "12,345.6", "--recovery-amount",
            "12345.60", "--correction", "检查情况漏记", "--unit-head", "局长",
        ])
        let unreasoned = try spotcheck(["render", "检查报告", "--task", "2024-01", "--target", ids[0], "--workspace", ws, "--operator", "测试"])
        #expect(unreasoned.status == 1 && unreasoned.stderr.contains("已签发，内容有变") && unreasoned.stderr.contains("--reason 理由"), "\(unreasoned.stderr)")
        _ = try run(["render", "检查报告", "--task", "2024-01", "--target", ids[0], "--reason", "结果更正：检查情况漏记"])
        #expect(firstIssue != nil && FileManager.default.contents(atPath: report) == firstIssue, "the first issue is kept as it was")
        #expect(FileManager.default.fileExists(atPath: "\(ws)/documents/2024-01/\(ids[0])-检查报告（第2版）.docx"))
        #expect(try run(["audit", "list", "--json"]).stdout.contains("结果更正：检查情况漏记"))
        // Printing again reprints the second version under its own name; neither issue is written over.
        let secondIssue = FileManager.default.contents(atPath: "\(ws)/documents/2024-01/\(ids[0])-检查报告（第2版）.docx")
        let reprinted = try run(["render", "检查报告", "--task", "2024-01", "--target", ids[0], "--json"])
        #expect(reprinted.stdout.contains("检查报告（第2版）.docx") && !reprinted.stdout.contains("第3版"), "\(reprinted.stdout)")
        #expect(FileManager.default.contents(atPath: report) == firstIssue)
        #expect(FileManager.default.contents(atPath: "\(ws)/documents/2024-01/\(ids[0])-检查报告（第2版）.docx") == secondIssue)
        _ = try run(["archive", "export", "--full", "--out", folder.file("审计导出")])
        // The 四性检测报告 goes with the export, as DOCX and PDF; pdftotext reads what a records auditor reads.
        let exported = try FileManager.default.contentsOfDirectory(atPath: folder.file("审计导出"))
        let reportPDF = try #require(exported.first { $0.hasSuffix("四性检测报告.pdf") }, "\(exported)")
        #expect(exported.contains(reportPDF.replacingOccurrences(of: ".pdf", with: ".docx")))
        let reportText = try Tools.run("pdftotext", [folder.file("审计导出/\(reportPDF)"), "-"]).stdout.filter { !$0.isWhitespace }
        for expected in [
            "电子档案四性检测报告", "GD-1-1", "GD-4-2", "通过\(packages.count + 1)个，不通过0个。四性检测合格", "检测人：测试", "SpotCheck",
            "与单位公钥（指纹sha256:",
        ] {
            #expect(reportText.contains(expected), "the report says \(expected): \(reportText.prefix(600))")
        }
        // A damaged package: the export still completes, says so in the index and the report, and fails.
        let damaged = folder.file("损坏.zip")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: paths[0])))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let failing = try spotcheck(["archive", "export", damaged, "--full", "--out", folder.file("坏导出"), "--workspace", ws, "--operator", "赵某"])
        #expect(failing.status == 1 && failing.stdout.contains("1 个未通过检测"), "\(failing.stdout)\(failing.stderr)")
        let badReport = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.file("坏导出")).first { $0.hasSuffix("四性检测报告.pdf") })
        let badText = try Tools.run("pdftotext", [folder.file("坏导出/\(badReport)"), "-"]).stdout.filter { !$0.isWhitespace }
        #expect(badText.contains("不通过1个") && badText.contains("应从副本修复"), "\(badText.prefix(800))")
        let index = try String(contentsOfFile: folder.file("审计导出/index.csv"), encoding: .utf8)
        for package in packages {
            let code = try #require(package["code"] as? String)
            #expect(index.contains(code), "the export index lists \(code)")
        }
        #expect(try spotcheck(["audit", "verify", "--workspace", ws]).succeeded)
        // The sample's draw and match records pass the checker written from docs/DRAW.md alone.
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("checker/drawcheck.py").path
        let outside = try Tools.run("python3", [checker, "\(ws)/draws"])
        #expect(outside.succeeded && outside.stdout.contains("OK 2024-01-1.xml") && outside.stdout.contains("OK 2024-01-match-1.xml"), "\(outside.stdout)")
    }

    /// The catalogue of a sealed package as an archivist reads it, with outside tools: 卷内文件目录.csv one
    /// row per 件 (its DOCX and PDF in the row), 页数 = pdfinfo's Pages, the 备考表's PDF and text agreeing on
    /// the sealing day and the people, dossier.xml valid by xmllint with every PDF font embedded.
    static func readAsAnArchivist(_ package: String, sealedOn day: String) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        #expect(try Tools.run("unzip", ["-q", package, "-d", folder.path]).succeeded)
        let root = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first.map { folder.file($0) })
        let rows = try Tools.python(
            """
            import csv, sys
            rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
            numbers = [r['件号'] for r in rows]
            assert len(numbers) == len(set(numbers)), numbers
            for r in rows: print(r['件号'], r['格式'], r['页数'], r['路径'].split('；')[-1], sep='\t')
            """, ["\(root)/卷内文件目录.csv"])
        #expect(rows.succeeded, "\(rows.stderr)")
        let lines = rows.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.contains { $0[1] == "DOCX；PDF" }, "a 件 in two renditions is one row: \(rows.stdout)")
        for line in lines where line[1] == "DOCX；PDF" {
            let info = try Tools.run("pdfinfo", ["\(root)/\(line[3])"]).stdout
            let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last.map(String.init)
            #expect(pages == line[2], "页数 of \(line[3]): pdfinfo says \(pages ?? "?"), the catalogue \(line[2])")
        }
        let text = try String(contentsOfFile: "\(root)/备考表.txt", encoding: .utf8)
        #expect(text.contains("立卷时间：\(day)") && text.contains("检查人：赵某"), "\(text)")
        let printed = try Tools.run("pdftotext", ["\(root)/备考表.pdf", "-"]).stdout.filter { !$0.isWhitespace }
        let parts = day.split(separator: "-").compactMap { Int($0) }
        #expect(printed.contains("\(parts[0])年\(parts[1])月\(parts[2])日") && printed.contains("赵某"), "\(printed)")
        let schema = try Tools.run("xmllint", ["--noout", "--schema", "\(repository)/archive/dossier.xsd", "\(root)/dossier.xml"])
        #expect(schema.succeeded, "\(schema.stderr)")
        let dossier = try String(contentsOfFile: "\(root)/dossier.xml", encoding: .utf8)
        #expect(dossier.contains("嵌入=\"true\"") && !dossier.contains("嵌入=\"false\"") && dossier.contains("<页数>"))
    }
}
