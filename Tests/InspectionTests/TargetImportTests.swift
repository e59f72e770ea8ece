import Tabular
import Testing

@testable import Inspection

@Suite struct TargetImportTests {
    /// Valid codes made with the GB 32100-2015 check character.
    static func code(_ serial: Int) -> String {
        let prefix =
            "91410400MA"
            + String(
                String(serial, radix: 31).uppercased().map { character -> Character in
                    let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTU")
                    return CreditCode.alphabet[digits.firstIndex(of: character) ?? 0]
                }
            ).leftPadded(to: 7)
        return prefix + String(CreditCode.checkCharacter(for: prefix) ?? "0")
    }

    @Test func creditCodeCheckCharacters() {
        // Codes of well-known companies, as published in their business licences.
        #expect(CreditCode.problem(in: "914403001922038216") == nil)
        #expect(CreditCode.problem(in: "91440300708461136T") == nil)
        #expect(CreditCode.problem(in: "91330100799655058B") == nil)
        #expect(CreditCode.problem(in: "914403001922038217")?.en == "the check character is wrong: the last character should be 6")
        #expect(
            CreditCode.problem(in: "9144030O1922038216")?.en == "holds 'O', which the code does not use (no I, O, Z, S, V or lower case)")
        #expect(CreditCode.problem(in: "913501")?.en == "must be 18 characters, not 6")
    }

    @Test func aFileWith50ErrorsReportsAll50WithRowAndColumn() throws {
        var lines = ["统一社会信用代码,机构名称,机构类型,风险等级,黑名单"]
        for index in 1...25 {
            // Two errors a row: a wrong check character and an unknown grade.
            var code = Self.code(index)
            code = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
            lines.append("\(code),机构\(index),定点医院,E,否")
        }
        let table = try Table(csv: Array(lines.joined(separator: "\n").utf8), source: "名录库.csv")
        do {
            _ = try TargetImport.read(table)
            Issue.record("imported")
        } catch let error as TabularError {
            let problems = error.en.split(separator: "\n").dropFirst()
            #expect(error.en.hasPrefix("50 problems:"))
            #expect(problems.count == 50)
            #expect(problems.first?.hasPrefix("  名录库.csv:2:1: error: 统一社会信用代码: the check character is wrong") == true)
            #expect(problems.dropFirst().first == "  名录库.csv:2:4: error: 风险等级: must be A, B, C or D, not 'E'")
        }
    }

    @Test func everyKindOfProblemIsNamed() throws {
        let csv = """
            统一社会信用代码,机构名称,机构类型,风险等级,黑名单,状态,电话
            \(Self.code(1)),甲医院,定点医院,A,是,正常,1
            \(Self.code(1)),甲医院分院,诊所,B,也许,关闭,2
            ,,,,,,
            """
        do {
            _ = try TargetImport.read(try Table(csv: Array(csv.utf8), source: "t.csv"))
            Issue.record("imported")
        } catch let error as TabularError {
            #expect(
                error.en == """
                    5 problems:
                      t.csv:1: error: unknown columns: 电话
                      t.csv:3:1: error: 统一社会信用代码: repeats row 2
                      t.csv:3:3: error: 机构类型: must be one of 定点医院, 定点基层医疗机构, 定点零售药店, 用人单位, 参保个人, 其他, not '诊所'
                      t.csv:3:5: error: 黑名单: must be 是 or 否, not '也许'
                      t.csv:3:6: error: 状态: must be one of 正常, 注销, 无法联系, 迁出, not '关闭'
                    """)
        }
    }

    @Test func aValidFileGivesTargets() throws {
        let csv = "统一社会信用代码,机构名称,机构类型,风险等级,严重违法\n\(Self.code(7)),乙药店,定点零售药店,c,是\n"
        let targets = try TargetImport.read(try Table(csv: Array(csv.utf8), source: "t.csv"))
        #expect(
            targets == [
                Target(
                    creditCode: Self.code(7), name: "乙药店", type: "定点零售药店", district: "", address: "", legalRepresentative: "",
                    riskGrade: "C", blacklisted: false, abnormal: false, dishonest: false, seriousViolation: true, status: "正常")
            ])
    }

    @Test func controlCharactersNoDocumentCanPrintAreRefusedWithTheirCell() throws {
        // NUL and U+000B in a name would make every later form of the task fail to render.
        let csv = "统一社会信用代码,机构名称,机构类型,风险等级\n\(Self.code(7)),乙\u{0}药店,定点零售药店,C\n\(Self.code(8)),丙\u{B}药店,定点零售药店,C\n"
        do {
            _ = try TargetImport.read(try Table(csv: Array(csv.utf8), source: "t.csv"))
            Issue.record("imported")
        } catch let error as TabularError {
            #expect(
                error.en.split(separator: "\n").dropFirst() == [
                    "  t.csv:2:2: error: holds the control character U+0000, which no document can print: remove it and import again",
                    "  t.csv:3:2: error: holds the control character U+000B, which no document can print: remove it and import again",
                ])
            #expect(error.chinese.contains("t.csv 第 2 行 第 2 列：错误：含有不可打印的控制字符 U+0000，请删去后再导入"))
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

@Suite struct InspectorAndItemImportTests {
    @Test func inspectorsWithEveryKindOfProblem() throws {
        let csv = """
            姓名,性别,手机号码,单位,部门,职务,执法证号,证件有效期至,专家,回避对象
            王明,男,13800138000,卫东区医保局,基金监管科,科长,豫A-0001,2026-12-31,否,914403001922038216
            李华,女,1380013800,卫东区医保局,基金监管科,,豫A-0002,明年,否,914403001922038217
            张伟,男,,,稽核科,,,,否,
            赵医生,男,13900139000,市第一人民医院,药剂科,主任药师,,,是,
            王明二,男,,卫东区医保局,基金监管科,,豫A-0001,2025-06-30,否,
            """
        do {
            _ = try InspectorImport.read(try Table(csv: Array(csv.utf8), source: "人员.csv"))
            Issue.record("imported")
        } catch let error as TabularError {
            #expect(
                error.en == """
                    6 problems:
                      人员.csv:3:3: error: 手机号码: must be an 11-digit mobile number
                      人员.csv:3:8: error: 证件有效期至: must be a date such as 2026-12-31, not '明年'
                      人员.csv:3:10: error: 回避对象: 914403001922038217 the check character is wrong: the last character should be 6
                      人员.csv:4:4: error: 单位: is empty
                      人员.csv:4:7: error: 执法证号: an enforcement officer needs a certificate number (mark non-enforcement experts 专家 = 是)
                      人员.csv:6:7: error: 执法证号: repeats row 2
                    """)
        }
        let good = try InspectorImport.read(
            try Table(
                csv: Array(
                    csv.split(separator: "\n").enumerated().filter { [0, 1, 4].contains($0.offset) }.map(\.element).joined(separator: "\n")
                        .utf8), source: "ok.csv"))
        #expect(good.map(\.name) == ["王明", "赵医生"])
        #expect(good[0].conflicts == ["914403001922038216"] && good[0].certificateValidUntil == "2026-12-31")
        #expect(good[1].isExpert && good[1].key == "专家:赵医生" && !good[1].key.contains("139"), "no phone number in a key match records publish")
    }

    @Test func checklistColumnsOf003Annex1() throws {
        let csv = """
            事项名称,抽查依据,抽查主体,抽查内容,事项类别,检查对象,抽查比例,抽查频次,检查方式,备注
            定点医药机构医疗保障基金使用情况检查,《医疗保障基金使用监督管理条例》,区医疗保障局,药品进销存,一般,定点医药机构,5%,1次/年,现场检查,
            欺诈骗保专项检查,《医疗保障基金使用监督管理条例》,区医疗保障局,,专项,定点医院,,,,
            """
        do {
            _ = try CheckItemImport.read(try Table(csv: Array(csv.utf8), source: "清单.csv"))
            Issue.record("imported")
        } catch let error as TabularError {
            #expect(error.description == "清单.csv:3:5: error: 事项类别: must be one of 一般, 重点, not '专项'")
        }
    }
}

@Suite struct ColumnIndexTests {
    /// Columns are found by canonical equivalence, as `==` finds them, though compared as bytes: a header
    /// written decomposed (or with a CJK compatibility ideograph) names the same column.
    @Test func findsAColumnWrittenInAnotherCanonicalForm() {
        let index = ColumnIndex(["名称", "Cafe\u{301}", "\u{F900}"])
        #expect(index["Café"] == 1)
        #expect(index["\u{8C48}"] == 2)
        #expect(index["名称"] == 0)
        #expect(index["名"] == nil)
        #expect(index["Cafe"] == nil)
    }
}
