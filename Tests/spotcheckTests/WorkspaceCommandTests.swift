import Foundation
import TestSupport
import Testing

@Suite struct WorkspaceCommandTests {
    func spotcheck(_ arguments: [String], english: Bool = false, environment: [String] = []) throws -> Tools.Outcome {
        let locale = english ? "en_US.UTF-8" : "zh_CN.UTF-8"
        return try Tools.run(
            "env", ["LANG=\(locale)", "LC_ALL=\(locale)"] + environment + [try Tools.builtProduct("spotcheck")] + arguments)
    }

    @Test func initOfficeAndAuditVerifyEndToEnd() throws {
        let folder = TemporaryFolder()
        let workspace = folder.file("卫东区2024")
        let created = try spotcheck([
            "init", workspace, "--office", "平顶山市卫东区医疗保障局", "--fonds", "J045", "--prefix", "平卫医保", "--operator", "张三",
        ])
        #expect(created.succeeded, "\(created.stderr)")
        #expect(created.stdout == "已创建工作区 \(workspace)\n")

        let office = try spotcheck(["office"], environment: ["SPOTCHECK_WORKSPACE=\(workspace)"])
        #expect(office.stdout.contains("机关名称：平顶山市卫东区医疗保障局\n"))
        #expect(office.stdout.contains("抽查比例：A 5%  B 10%  C 15%  D 20%\n"))
        let json = try spotcheck(["office", "--workspace", workspace, "--json"])
        #expect(json.stdout.contains(#""documentPrefix" : "平卫医保""#))

        #expect(try spotcheck(["audit", "verify", "--workspace", workspace]).stdout == "审计记录完好：共 1 条\n")
        let list = try spotcheck(["audit", "list", "--workspace", workspace])
        #expect(list.stdout.contains("\t张三\tworkspace.init\toffice\t平顶山市卫东区医疗保障局\n"))

        // Someone edits the database behind the tool's back.
        let edit = try Tools.python(
            "import sys, sqlite3; c = sqlite3.connect(sys.argv[1]); c.execute('DROP TRIGGER audit_no_update'); c.execute(\"UPDATE audit SET actor = '李四'\"); c.commit()",
            [workspace + "/spotcheck.sqlite"])
        #expect(edit.succeeded, "\(edit.stderr)")
        let verify = try spotcheck(["audit", "verify", "--workspace", workspace, "--json"], english: true)
        #expect(verify.status == 1)
        #expect(
            verify.stdout
                == #"{"entries":1,"intact":false,"problems":[{"problem":"its content does not match its hash: it was edited","sequence":1}]}"#
                + "\n")
    }

    @Test func noWorkspaceIsAClearError() throws {
        let run = try spotcheck(["office", "--workspace", "/nonexistent"], english: true)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: /nonexistent is not a workspace (it holds no spotcheck.sqlite): pass --workspace"))
    }
}

@Suite struct ImportCommandTests {
    func spotcheck(_ arguments: [String]) throws -> Tools.Outcome {
        try Tools.run("env", ["LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", try Tools.builtProduct("spotcheck")] + arguments)
    }

    @Test func aGBKRegistryFromExcelImportsAndABadOneImportsNothing() throws {
        let folder = TemporaryFolder()
        let workspace = folder.file("ws")
        #expect(try spotcheck(["init", workspace, "--office", "卫东区医保局"]).succeeded)
        let good = folder.file("名录库.csv")
        let made = try Tools.python(
            "import sys; open(sys.argv[1], 'wb').write('统一社会信用代码,机构名称,机构类型,风险等级,黑名单\\r\\n914403001922038216,平顶山市第一人民医院,定点医院,A,否\\r\\n91440300708461136T,卫东区大药房,定点零售药店,C,是\\r\\n'.encode('gbk'))",
            [good])
        #expect(made.succeeded)
        let imported = try spotcheck(["import", "targets", good, "--workspace", workspace, "--operator", "张三"])
        #expect(imported.succeeded, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("已导入 2 个检查对象：新增 2，变更 0，移除 0，未变 0"))

        let bad = try folder.write("bad.csv", Array("统一社会信用代码,机构名称,机构类型,风险等级\n914403001922038217,甲,定点医院,A\n".utf8))
        let refused = try spotcheck(["import", "targets", bad, "--workspace", workspace])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(bad) 第 2 行 第 1 列：错误：统一社会信用代码：校验码错误：末位应为 6\n")
        let audit = try spotcheck(["audit", "list", "--workspace", workspace]).stdout
        #expect(audit.components(separatedBy: "registry.import").count - 1 == 1, "the refused file imported nothing")
    }

    @Test func inspectorsAndItemsImportFromXLSX() throws {
        let folder = TemporaryFolder()
        let workspace = folder.file("ws")
        #expect(try spotcheck(["init", workspace, "--office", "卫东区医保局"]).succeeded)
        let made = try Tools.python(
            """
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(['姓名', '单位', '部门', '执法证号', '证件有效期至', '专家'])
            ws.append(['王明', '卫东区医保局', '基金监管科', '豫A-0001', datetime.date(2026, 12, 31), '否'])
            ws.append(['赵医生', '市第一人民医院', '药剂科', None, None, '是'])
            ws['E2'].number_format = 'yyyy-mm-dd'
            wb.save(sys.argv[1])
            wb = openpyxl.Workbook(); ws = wb.active
            ws.append(['事项名称', '抽查依据', '抽查主体', '事项类别', '检查对象'])
            ws.append(['医保基金使用情况检查', '《医疗保障基金使用监督管理条例》', '区医疗保障局', '一般', '定点医药机构'])
            wb.save(sys.argv[2])
            """, [folder.file("人员.xlsx"), folder.file("清单.xlsx")])
        #expect(made.succeeded, "\(made.stderr)")
        let inspectors = try spotcheck(["import", "inspectors", folder.file("人员.xlsx"), "--workspace", workspace])
        #expect(inspectors.stdout.hasPrefix("已导入 2 个检查人员：新增 2"), "\(inspectors.stderr)")
        let items = try spotcheck(["import", "items", folder.file("清单.xlsx"), "--workspace", workspace])
        #expect(items.stdout.hasPrefix("已导入 1 个抽查事项：新增 1"), "\(items.stderr)")
        #expect(try spotcheck(["audit", "verify", "--workspace", workspace]).stdout == "审计记录完好：共 3 条\n")
    }

    @Test func oneDateRuleForEveryCommand() throws {
        let folder = TemporaryFolder()
        let workspace = folder.file("ws")
        #expect(try spotcheck(["init", workspace, "--office", "卫东区医疗保障局", "--fonds", "J045", "--prefix", "平卫医保"]).succeeded)
        let message = { (option: String) in "\(option) 应为日期（2024-03-01、2024/3/1、2024.3.1、2024年3月1日 或 20240301），实为 “2024-02-30”" }
        // The same impossible day, refused alike with the same words by render, deadlines and result record.
        let render = try spotcheck(["render", "随机抽查事项清单", "--year", "2024", "--date", "2024-02-30", "--workspace", workspace])
        #expect(render.status == 1 && render.stderr.contains(message("--date")), "\(render.stderr)")
        let deadlines = try spotcheck(["deadlines", "--today", "2024-02-30", "--workspace", workspace])
        #expect(deadlines.status == 1 && deadlines.stderr.contains(message("--today")), "\(deadlines.stderr)")
        let publish = try spotcheck(["result", "publish", "2024-01", "--on", "2024-02-30", "--workspace", workspace])
        #expect(publish.status == 1 && publish.stderr.contains(message("--on")), "\(publish.stderr)")
        // Every accepted form is read alike.
        for form in ["2024-07-15", "2024/7/15", "2024年7月15日", "20240715"] {
            let listed = try spotcheck(["deadlines", "--today", form, "--workspace", workspace, "--json"])
            #expect(listed.status == 0, "\(form): \(listed.stderr)")
        }
    }

    @Test func aWrongWorkspaceIsNamed() throws {
        let office = try spotcheck(["office", "--workspace", "/nonexistent/卫东区2024"])
        #expect(office.status == 1)
        #expect(office.stderr.hasPrefix("错误：/nonexistent/卫东区2024 不是工作区（其中没有 spotcheck.sqlite）"), "\(office.stderr)")
    }

    @Test func renderSaysWhichOfFormAndAllIsMissing() throws {
        let neither = try spotcheck(["render", "--task", "2024-01"])
        #expect(neither.status == 64 && neither.stderr.contains("请给出表单名称（spotcheck forms 列出全部），或用 --all 生成任务的全部表单"), "\(neither.stderr)")
        let both = try spotcheck(["render", "检查告知书", "--all", "--task", "2024-01"])
        #expect(both.status == 64 && both.stderr.contains("表单名称与 --all 只能给出其一"), "\(both.stderr)")
    }

    @Test func aSecondCommandWaitsForTheFirstOnesWrite() throws {
        let folder = TemporaryFolder()
        let ws = folder.file("ws")
        #expect(try spotcheck(["init", ws, "--office", "卫东区医疗保障局", "--fonds", "J045", "--prefix", "平卫医保"]).succeeded)
        // Another writer holds the database for two seconds (as a long import would).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(2); c.execute('COMMIT')",
            ws + "/spotcheck.sqlite",
        ]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        _ = ready.fileHandleForReading.availableData  // "held": the lock is taken
        let start = Date()
        let keygen = try spotcheck(["archive", "keygen", "--workspace", ws, "--operator", "张三"])
        holder.waitUntilExit()
        #expect(keygen.succeeded, "waited its turn instead of 'database is locked': \(keygen.stderr)")
        #expect(Date().timeIntervalSince(start) > 1, "it did wait")
        #expect(try spotcheck(["audit", "verify", "--workspace", ws]).succeeded)
    }
}
