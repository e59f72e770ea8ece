import Foundation
import TestSupport
import Testing

/// Matching, results, publication and objections through the CLI, as a clerk types them.
@Suite struct MatchCommandTests {
    func spotcheck(_ arguments: [String], english: Bool = false) throws -> Tools.Outcome {
        let locale = english ? "en_US.UTF-8" : "zh_CN.UTF-8"
        return try Tools.run("env", ["LANG=\(locale)", "LC_ALL=\(locale)", try Tools.builtProduct("spotcheck")] + arguments)
    }

    @Test func matchRecordPublishAndThePublicView() throws {
        let folder = TemporaryFolder()
        try DrawCommandTests.makeRegistry(folder)
        let people = ["姓名,单位,部门,执法证号,证件有效期至,手机号码"] + (0..<6).map { "检查员\($0),卫东区医保局,基金监管科,豫医保010\($0),2028-12-31,1390000000\($0)" }
        try (people.joined(separator: "\n") + "\n").write(toFile: folder.file("人员.csv"), atomically: true, encoding: .utf8)
        let ws = folder.file("ws")
        #expect(try spotcheck(["init", ws, "--office", "卫东区医保局"]).succeeded)
        for arguments in [
            ["import", "targets", folder.file("名录库.csv")], ["import", "inspectors", folder.file("人员.csv")],
            ["plan", "import", folder.file("计划.csv")],
            ["draw", "2024-01", "--source", "双色球：3 9 14 20 27 31", "--witness", "纪检组王某", "--drawn-on", "2024-02-28", "--entry-reason", "补录", "--operator", "张三"], ["draw", "lock", "2024-01"],
        ] {
            let outcome = try spotcheck(arguments + ["--workspace", ws])
            #expect(outcome.succeeded, "\(arguments): \(outcome.stderr)")
        }
        let matched = try spotcheck(["match", "2024-01", "--workspace", ws])
        #expect(matched.succeeded, "\(matched.stderr)")
        // Names with the 执法证号 that `match substitute` takes, the leader marked; the institution by name.
        #expect(matched.stdout.contains("，组长）") && matched.stdout.contains("\t机构"), "\(matched.stdout)")
        let line = try #require(matched.stdout.split(separator: "\n").first)
        #expect(line.firstMatch(of: #/^2024-01-0001\t2024-\d\d-\d\d\t机构\d+（[0-9A-Z]{18}）\t检查员\d+（豫医保\d+，组长）、/#) != nil, "\(line)")
        let record = ws + "/draws/2024-01-match-1.xml"
        #expect(try spotcheck(["match", "verify", record]).stdout.hasPrefix("匹配记录可复现"))
        let report = try spotcheck(["match", "verify", record, "--json"])
        #expect(report.succeeded && report.stdout.contains(#""reproduces" : true"#) && report.stdout.contains(#""substitutions" : 0"#))
        #expect(try !String(contentsOfFile: record, encoding: .utf8).contains("13900000000"), "no phone numbers in the record")

        let list = try spotcheck(["match", "list", "--json", "--workspace", ws])
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let ids = visits.compactMap { $0["id"] as? String }
        #expect(ids.count == visits.count && !ids.isEmpty)

        // Every problem at once, in Chinese, nothing recorded.
        let bad = try spotcheck(["result", "record", ids[0], "--finished", "2024-03-01", "--outcome", "限期整改", "--workspace", ws])
        #expect(!bad.succeeded)
        #expect(
            bad.stderr == """
                错误：检查 \(ids[0]) 的结果有 3 处问题：
                  至少记录一项检查事项及发现的问题
                  限期整改必须给出整改期限（日期：命令行用 --rectify-by，结果登记表填“整改期限”列）
                  须记录被检查单位签字人，或拒签理由及见证人（000 §18）

                """)
        // A mistyped year: outside the task's window, refused with the window.
        let early = try spotcheck([
            "result", "record", ids[0], "--finished", "2023-03-01", "--finding", "医保基金使用情况检查=未发现问题", "--outcome", "符合要求",
            "--signed-by", "负责人", "--workspace", ws,
        ])
        #expect(early.status == 1 && early.stderr.contains("检查日期 2023-03-01 不在任务的检查期间"), "\(early.stderr)")
        // A task not in the plan is named with the plan's tasks; a task not drawn yet says what comes first.
        let unknown = try spotcheck(["render", "检查告知书", "--task", "2024-77", "--workspace", ws])
        #expect(unknown.status == 1 && unknown.stderr.contains("计划中没有任务 2024-77；计划中的任务有：2024-01"), "\(unknown.stderr)")
        // A missing photo: refused, and the result is not recorded without it.
        let missing = try spotcheck([
            "result", "record", ids[0], "--finished", "2024-03-01", "--finding", "医保基金使用情况检查=未发现问题", "--outcome", "符合要求",
            "--signed-by", "负责人", "--evidence", ws + "/现场照片.jpg", "--workspace", ws,
        ])
        #expect(!missing.succeeded)
        #expect(missing.stderr == "错误：无法读取证据文件 \(ws)/现场照片.jpg（不存在或没有读取权限）\n")
        #expect(try spotcheck(["result", "show", ids[0], "--workspace", ws]).stdout.isEmpty)
        for id in ids {
            let done = try spotcheck([
                "result", "record", id, "--finished", "2024-03-01", "--finding", "医保基金使用情况检查=未发现问题", "--outcome", "符合要求",
                "--signed-by", "负责人", "--workspace", ws,
            ])
            #expect(done.succeeded, "\(done.stderr)")
        }
        #expect(try spotcheck(["result", "publish", "2024-01", "--on", "2024-07-20", "--workspace", ws]).succeeded)
        let change = try spotcheck(
            [
                "result", "record", ids[0], "--finished", "2024-03-01", "--finding", "医保基金使用情况检查=串换药品", "--outcome", "其他", "--remarks",
                "移交",
                "--signed-by", "负责人", "--workspace", ws,
            ], english: true)
        #expect(!change.succeeded && change.stderr.contains("--unit-head") && change.stderr.contains("002 (二十三)"))
        let shown = try spotcheck(["result", "public", "2024-01", "--json", "--workspace", ws])
        #expect(shown.succeeded && shown.stdout.contains("符合要求") && !shown.stdout.contains("1390000000"))
        let objection = try spotcheck([
            "objection", "receive", ids[0], "--on", "2024-07-22", "--applicant", "机构", "--reason", "异议", "--workspace", ws,
        ])
        #expect(objection.stdout == "第 1 号异议已登记，复查应于 2024-08-19 前完成（20 个工作日，002 (二十三)）\n")
        #expect(try spotcheck(["audit", "verify", "--workspace", ws]).succeeded)
    }
}
