import Foundation
import TestSupport
import Testing

/// The draw end to end through the CLI: plan, registry, draw, verify, tamper, lock (002 (十三)(十四)).
@Suite struct DrawCommandTests {
    func spotcheck(_ arguments: [String], english: Bool = false) throws -> Tools.Outcome {
        let locale = english ? "en_US.UTF-8" : "zh_CN.UTF-8"
        return try Tools.run("env", ["LANG=\(locale)", "LC_ALL=\(locale)", try Tools.builtProduct("spotcheck")] + arguments)
    }

    /// 60 hospitals and pharmacies with valid credit codes, grades A–D; one deregistered, one blacklisted.
    static func makeRegistry(_ folder: TemporaryFolder) throws {
        let script = """
            import sys
            A = '0123456789ABCDEFGHJKLMNPQRTUWXY'; W = [1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28]
            def code(n):
                p = '91410400MA' + str(n).zfill(7)
                return p + A[(31 - sum(A.index(c) * w for c, w in zip(p, W)) % 31) % 31]
            rows = ['统一社会信用代码,机构名称,机构类型,风险等级,黑名单,状态']
            for n in range(60):
                kind = '定点医院' if n % 3 == 0 else '定点零售药店'
                rows.append(f"{code(n)},机构{n},{kind},{'ABCD'[n % 4]},{'是' if n == 7 else '否'},{'注销' if n == 5 else '正常'}")
            open(sys.argv[1], 'w').write('\\n'.join(rows) + '\\n')
            open(sys.argv[2], 'w').write('任务编号,年度,任务名称,抽查事项,开始日期,结束日期,发起部门,检查对象类型,抽查比例\\n'
                '2024-01,2024,定点医药机构双随机检查,医保基金使用情况检查,2024-03-01,2024-06-30,基金监管科,定点医院、定点零售药店,A:50%、B:50%、C:50%、D:50%\\n'
                '2024-02,2024,第二轮检查,医保基金使用情况检查,2024-07-01,2024-09-30,基金监管科,定点医院,A:100%、B:100%、C:100%、D:100%\\n')
            """
        #expect(try Tools.python(script, [folder.file("名录库.csv"), folder.file("计划.csv")]).succeeded)
    }

    @Test func drawVerifyTamperLockAndTheCap() throws {
        let folder = TemporaryFolder()
        try Self.makeRegistry(folder)
        let ws = folder.file("ws")
        #expect(try spotcheck(["init", ws, "--office", "卫东区医保局"]).succeeded)
        // The per-year cap is a setting: 1 where 001 §11 applies.
        let settings = try String(contentsOfFile: ws + "/office.json", encoding: .utf8).replacingOccurrences(
            of: #""perYearCap" : 2"#, with: #""perYearCap" : 1"#)
        try settings.write(toFile: ws + "/office.json", atomically: true, encoding: .utf8)
        #expect(try spotcheck(["import", "targets", folder.file("名录库.csv"), "--workspace", ws]).succeeded)
        let plan = try spotcheck(["plan", "import", folder.file("计划.csv"), "--workspace", ws])
        #expect(plan.stdout.hasPrefix("已导入 2 个抽查任务"), "\(plan.stderr)")

        let drawn = try spotcheck(["draw", "2024-01", "--seed", "福彩3D 2024064 123", "--witness", "纪检组王某", "--drawn-on", "2024-02-28", "--entry-reason", "补录", "--operator", "张三", "--workspace", ws])
        #expect(drawn.succeeded, "\(drawn.stderr)")
        #expect(drawn.stdout.contains("定点医院/A：共 5 家，抽中 3 家："), "\(drawn.stdout)")
        #expect(drawn.stdout.firstMatch(of: #/抽中 3 家：[^（]+（[0-9A-Z]{18}）、/#) != nil, "institutions by name: \(drawn.stdout)")
        let record = ws + "/draws/2024-01-1.xml"
        let xml = try String(contentsOfFile: record, encoding: .utf8)
        #expect(xml.contains(#"<target code=""#) && xml.contains("状态：注销"))
        let lint = try Tools.run("xmllint", ["--noout", record])
        #expect(lint.succeeded, "\(lint.stderr)")

        #expect(try spotcheck(["draw", "verify", record]).stdout.hasPrefix("抽取记录可复现"))

        // Change the seed in the record: verify names the strata whose result no longer follows.
        let tampered = folder.file("tampered.xml")
        try xml.replacingOccurrences(of: "福彩3D 2024064 123", with: "福彩3D 2024064 124").write(
            toFile: tampered, atomically: true, encoding: .utf8)
        let bad = try spotcheck(["draw", "verify", tampered], english: true)
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: stratum 定点医院/A: the record says "), "\(bad.stderr)")

        // The same as JSON, for an auditor's tools: the outcome, the counts, every difference in both languages.
        let good = try spotcheck(["draw", "verify", record, "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(good.succeeded && report["reproduces"] as? Bool == true && (report["differences"] as? [Any])?.isEmpty == true)
        let counts = try #require(report["counts"] as? [String: Int])
        let text = try spotcheck(["draw", "verify", record]).stdout
        #expect(text.contains("\(try #require(counts["strata"])) 个分层共 \(try #require(counts["drawn"])) 家"), "\(text) \(counts)")
        let badJSON = try spotcheck(["draw", "verify", tampered, "--json"])
        let badReport = try #require(try JSONSerialization.jsonObject(with: Data(badJSON.stdout.utf8)) as? [String: Any])
        #expect(badJSON.status == 1 && badReport["reproduces"] as? Bool == false)
        let first = try #require((badReport["differences"] as? [[String: String]])?.first)
        #expect(first["en"]?.hasPrefix("stratum 定点医院/A: the record says ") == true && first["zh"]?.isEmpty == false)

        // Lock (002 (十四)); a locked task is not drawn again; the cap then excludes its targets elsewhere.
        #expect(try spotcheck(["draw", "lock", "2024-01", "--workspace", ws]).succeeded)
        let again = try spotcheck(["draw", "2024-01", "--seed", "x", "--operator", "张三", "--workspace", ws])
        #expect(again.status == 1 && again.stderr.contains("已锁定"))
        let second = try spotcheck(["draw", "2024-02", "--seed", "第二轮", "--drawn-on", "2024-06-28", "--entry-reason", "补录", "--operator", "张三", "--workspace", ws])
        #expect(second.succeeded, "\(second.stderr)")
        let secondXML = try String(contentsOfFile: ws + "/draws/2024-02-1.xml", encoding: .utf8)
        #expect(secondXML.contains("本年度已被抽中 1 次，达到上限 1 次（002 (十)）"))
        #expect(try spotcheck(["audit", "verify", "--workspace", ws]).stdout == "审计记录完好：共 6 条\n")
    }

    /// 002 (二十二) 4: publication within 20 working days after the task ends, on the official calendar.
    @Test func deadlinesCountWorkingDays() throws {
        let folder = TemporaryFolder()
        try Self.makeRegistry(folder)
        let ws = folder.file("ws")
        #expect(try spotcheck(["init", ws, "--office", "卫东区医保局"]).succeeded)
        #expect(try spotcheck(["plan", "import", folder.file("计划.csv"), "--workspace", ws]).succeeded)
        // Task 2024-01 ends 2024-06-30 (a Sunday): 20 working days later is 2024-07-26.
        let list = try spotcheck(["deadlines", "--workspace", ws, "--today", "2024-07-29"]).stdout
        #expect(list.hasPrefix("2024-01\t-\t结果公示\t2024-07-26\t已逾期 1 个工作日\t002 (二十二) 4\n"), "\(list)")
        // Task 2024-02 ends 2024-09-30: Oct 1–7 are off and Saturday Oct 12 is a make-up working day, so
        // Oct 8–11 (4), Oct 12 (5), Oct 14–Nov 1 (20): due 2024-11-01.
        #expect(list.contains("2024-02\t-\t结果公示\t2024-11-01\t还剩 65 个工作日\t"))
    }
}
