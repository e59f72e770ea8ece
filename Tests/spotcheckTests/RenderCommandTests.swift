import Foundation
import TestSupport
import Testing

/// The standard forms through the CLI, as a clerk renders them.
@Suite struct RenderCommandTests {
    func spotcheck(_ arguments: [String], english: Bool = false, path: String? = nil) throws -> Tools.Outcome {
        let locale = english ? "en_US.UTF-8" : "zh_CN.UTF-8"
        let environment = ["LANG=\(locale)", "LC_ALL=\(locale)"] + (path.map { ["PATH=\($0)"] } ?? [])
        return try Tools.run("env", environment + [try Tools.builtProduct("spotcheck")] + arguments)
    }

    @Test func theStandardFormsAreFoundFromAnyFolderWhenTheBinaryIsOnThePath() throws {
        // As the README sets it up: the release folder on PATH, the command typed by name in another folder.
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let binary = try Tools.builtProduct("spotcheck")
        let bin = (binary as NSString).deletingLastPathComponent
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let forms = try Tools.run("env", ["LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", "PATH=\(path)", "spotcheck", "forms"], in: folder.path)
        #expect(forms.succeeded && forms.stdout.split(separator: "\n").count == 18, "\(forms.stderr)")
    }

    @Test func aClerkRendersTheFormsOfATask() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        try DrawCommandTests.makeRegistry(folder)
        let people = ["姓名,单位,部门,执法证号,证件有效期至"] + (0..<6).map { "检查员\($0),卫东区医保局,基金监管科,豫医保010\($0),2028-12-31" }
        try (people.joined(separator: "\n") + "\n").write(toFile: folder.file("人员.csv"), atomically: true, encoding: .utf8)
        let ws = folder.file("ws")
        #expect(try spotcheck(["init", ws, "--office", "卫东区医保局", "--fonds", "J045", "--prefix", "卫医保"]).succeeded)
        // A form that prints a person is refused until the office says who signs (issue 14: never "root").
        let unsigned = try spotcheck(["draw", "2024-01", "--seed", "1", "--drawn-on", "2024-02-28", "--entry-reason", "补录", "--workspace", ws])
        #expect(unsigned.status == 1 && unsigned.stderr.contains("spotcheck office --person 操作人=姓名"), "\(unsigned.stderr)")
        let office = try spotcheck(["office", "--person", "操作人=张三", "--person", "立卷人=王某", "--workspace", ws])
        #expect(office.succeeded && office.stdout.contains("署名人员：操作人 张三  立卷人 王某"), "\(office.stdout)\(office.stderr)")
        // The 备考表's 检查人 is a second person, never --operator: refused until recorded.
        let unchecked = try spotcheck(["render", "备考表", "--task", "2024-01", "--operator", "王某", "--workspace", ws])
        #expect(unchecked.status == 1 && unchecked.stderr.contains("spotcheck office --person 检查人=姓名"), "\(unchecked.stderr)")
        #expect(try spotcheck(["office", "--person", "检查人=赵某", "--classification", "内部", "--workspace", ws]).succeeded)
        let badClass = try spotcheck(["office", "--classification", "绝密", "--workspace", ws])
        #expect(badClass.status == 1 && badClass.stderr.contains("密级“绝密”无效"), "\(badClass.stderr)")
        #expect(try spotcheck(["office", "--person", "局长=李某", "--workspace", ws]).status == 1, "only the roles forms print")
        // What notices print about the office: recorded once, checked, shown.
        let badDetails = try spotcheck(["office", "--set", "传真=123", "--set", "公示期=九十", "--workspace", ws])
        #expect(badDetails.status == 1 && badDetails.stderr.contains("没有“传真”这项机关信息") && badDetails.stderr.contains("公示期应为"), "\(badDetails.stderr)")
        let details = try spotcheck([
            "office", "--set", "联系人=李某", "--set", "联系电话=0375-2345678", "--set", "联系部门=基金监管科", "--set", "复议机关=卫东区人民政府",
            "--set", "诉讼法院=卫东区人民法院", "--set", "公示期＝10", "--workspace", ws,
        ])
        #expect(details.succeeded && details.stdout.contains("机关信息：联系人 李某  联系电话 0375-2345678"), "\(details.stdout)\(details.stderr)")
        for arguments in [
            ["import", "targets", folder.file("名录库.csv")], ["import", "inspectors", folder.file("人员.csv")],
            ["plan", "import", folder.file("计划.csv")], ["draw", "2024-01", "--seed", "123", "--witness", "纪检组王某", "--drawn-on", "2024-02-28", "--entry-reason", "补录"],
            ["draw", "lock", "2024-01"], ["match", "2024-01"],
        ] {
            let outcome = try spotcheck(arguments + ["--workspace", ws])
            #expect(outcome.succeeded, "\(arguments): \(outcome.stderr)")
        }
        let list = try spotcheck(["match", "list", "--json", "--workspace", ws])
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let ids = visits.compactMap { $0["id"] as? String }
        for (index, id) in ids.enumerated() {
            let outcome = index == 0 ? ["--outcome", "限期整改", "--rectify-by", "2024-12-31"] : ["--outcome", "符合要求"]
            let done = try spotcheck(
                ["result", "record", id, "--finished", "2024-03-01", "--finding", "医保基金使用情况检查=核查结算数据", "--signed-by", "负责人"]
                    + outcome + ["--workspace", ws])
            #expect(done.succeeded, "\(done.stderr)")
        }

        let forms = try spotcheck(["forms"])
        #expect(
            forms.succeeded && forms.stdout.split(separator: "\n").count == 18, "the catalogue beside the binary's clone: \(forms.stderr)")
        let notices = try spotcheck(["render", "检查告知书", "--task", "2024-01", "--workspace", ws])
        #expect(notices.succeeded, "\(notices.stderr)")
        #expect(notices.stdout.contains("documents/2024-01/\(ids[0])-检查告知书.docx\t卫医保检告〔2024〕1号"))
        #expect(FileManager.default.fileExists(atPath: "\(ws)/documents/2024-01/\(ids[0])-检查告知书.docx"))

        let refused = try spotcheck(["render", "责令限期整改通知书", "--task", "2024-01", "--target", ids[1], "--workspace", ws])
        #expect(!refused.succeeded && refused.stderr == "错误：无法生成“责令限期整改通知书”：\(ids[1])：处理意见不是限期整改\n")
        let all = try spotcheck(["render", "--all", "--task", "2024-01", "--workspace", ws])
        #expect(all.succeeded, "\(all.stderr)")
        #expect(all.stderr.contains("无需生成：责令限期整改通知书（\(ids.count - 1) 户"))
        let values = try spotcheck(["render", "检查告知书", "--task", "2024-01", "--target", ids[0], "--values", "--workspace", ws])
        #expect(values.succeeded && values.stdout.contains("\"文号\" : \"卫医保检告〔2024〕1号\""), "the number it was given")
        let remarks = try spotcheck(["render", "备考表", "--task", "2024-01", "--target", ids[0], "--values", "--workspace", ws])
        #expect(remarks.succeeded && remarks.stdout.contains("\"立卷人\" : \"王某\""), "the office's 立卷人, not a login: \(remarks.stderr)")

        let check = try spotcheck(["template", "check", try Self.template("检查报告.docx"), "--form", "检查告知书"])
        #expect(check.succeeded && check.stderr.contains("提示：标准“检查告知书”印有 {{文号}}，此模板没有"))
        let disposal = try spotcheck(["render", "销毁清册", "--workspace", ws], english: true)
        #expect(!disposal.succeeded && disposal.stderr.hasPrefix("error: '销毁清册' comes from a disposal: give the list with --data"))
        let noOffice = try spotcheck(["render", "检查告知书", "--task", "2024-01", "--pdf", "--workspace", ws], path: "/nonexistent")
        #expect(!noOffice.succeeded && noOffice.stderr.contains("sudo apt-get install libreoffice-writer-nogui"))
        // The archivist seals and verifies the case files.
        #expect(try spotcheck(["archive", "keygen", "--workspace", ws]).stdout.hasPrefix("已生成单位签名密钥"))
        let again = try spotcheck(["archive", "keygen", "--workspace", ws])
        #expect(!again.succeeded && again.stderr.contains("--replace"))
        let sealed = try spotcheck(["archive", "seal", "--task", "2024-01", "--date", "2024-08-20", "--json", "--workspace", ws])
        #expect(sealed.succeeded, "\(sealed.stderr)")
        let packages = try #require(try JSONSerialization.jsonObject(with: Data(sealed.stdout.utf8)) as? [[String: Any]])
        #expect(packages.count == ids.count)
        let paths = packages.compactMap { $0["path"] as? String }.map { "\(ws)/\($0)" }
        let verified = try spotcheck(["archive", "verify", "--workspace", ws] + paths)
        let verdicts = verified.stdout.split(separator: "\n")
        #expect(verified.succeeded && verdicts.dropLast().allSatisfy { $0.hasPrefix("通过") }, "\(verified.stdout)")
        #expect(verdicts.last == "四性检测：共 \(ids.count) 个档案包、\(packages.compactMap { $0["files"] as? Int }.reduce(0, +)) 个文件；通过 \(ids.count) 个，不通过 0 个")
        // The folder instead of the list: the same packages, the same report.
        let packageFolder = ((paths[0] as NSString).deletingLastPathComponent)
        let byFolder = try spotcheck(["archive", "verify", "--workspace", ws, packageFolder + "/"])
        #expect(
            byFolder.succeeded && Set(byFolder.stdout.split(separator: "\n")) == Set(verified.stdout.split(separator: "\n")),
            "\(byFolder.stdout)\n\(byFolder.stderr)")
        // Old case files, every folder of a parent sealed at once (each with its metadata.json), and verified.
        for number in 7...8 {
            _ = try folder.write("旧卷宗/\(number)/说明.txt", Array("2023 年抽查卷宗 \(number)".utf8))
            _ = try folder.write(
                "旧卷宗/\(number)/metadata.json",
                Array(
                    #"{"档号": "J045-JC·2023-D30-000\#(number)", "题名": "抽查卷宗", "责任者": "卫东区医保局", "起始日期": "2023-03-01", "终止日期": "2023-05-10", "保管期限": "30年"}"#
                        .utf8))
        }
        let each = try spotcheck([
            "archive", "seal", "--each", folder.file("旧卷宗"), "--out", folder.file("旧档案包"), "--date", "2024-09-01", "--workspace", ws,
        ])
        #expect(each.succeeded && each.stdout.hasPrefix("已封存 2 个档案包"), "\(each.stdout)\(each.stderr)")
        let old = try spotcheck(["archive", "verify", folder.file("旧档案包"), "--workspace", ws])
        #expect(old.succeeded && old.stdout.contains("7.zip") && old.stdout.contains("8.zip"), "\(old.stdout)\(old.stderr)")
        let empty = try spotcheck(["archive", "verify", folder.path])
        #expect(!empty.succeeded && empty.stderr == "错误：文件夹 \(folder.path) 中没有档案包（.zip）\n", "\(empty.stderr)")
        // A truncated copy: exit status 1, the problem named.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: folder.file("截断.zip")))
        let broken = try spotcheck(["archive", "verify", folder.file("截断.zip"), "--json"])
        #expect(broken.status == 1 && broken.stdout.contains("\"code\" : \"GD-4-2\""), "\(broken.stdout)")
        #expect(try spotcheck(["archive", "list", "--workspace", ws]).stdout.split(separator: "\n").count == ids.count)
        #expect(try spotcheck(["audit", "verify", "--workspace", ws]).succeeded)
    }

    static func template(_ name: String) throws -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/\(name)").path
    }
}
