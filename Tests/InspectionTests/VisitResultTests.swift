import Foundation
import Support
import Testing

@testable import Inspection

@Suite struct VisitResultTests {
    static let items = ["医保基金使用情况检查"]

    func checked(_ outcome: Outcome?) -> VisitResult {
        VisitResult(
            visit: "V1", started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-02")!, findings: [.init(item: Self.items[0], finding: "未发现问题")],
            outcome: outcome, signedBy: "院长张某")
    }

    @Test func exactlyTheFourOutcomesOf000Article20() {
        #expect(Outcome.allCases.map(\.rawValue) == ["符合要求", "限期整改", "涉嫌违反医疗保障监督管理法律法规，需进一步调查处理", "其他"])
        for outcome in Outcome.allCases where outcome != .rectify && outcome != .other {
            #expect(checked(outcome).problems(items: Self.items).isEmpty, "\(outcome)")
        }
        #expect(checked(nil).problems(items: Self.items).map(\.en) == ["the outcome must be one of the four of 000 §20"])
        var other = checked(.other)
        #expect(other.problems(items: Self.items).map(\.en) == ["the outcome 其他 needs remarks saying what it is"])
        other.remarks = "移交卫生健康部门"
        #expect(other.problems(items: Self.items).isEmpty)
    }

    @Test func rectificationNeedsADeadlineAfterTheCheck() {
        var result = checked(.rectify)
        result.findings = [.init(item: Self.items[0], finding: "串换药品 3 笔")]
        #expect(result.problems(items: Self.items).map(\.en) == ["限期整改 needs a rectification deadline (a date)"])
        result.rectifyBy = CivilDate(parsing: "2024-03-02")
        #expect(result.problems(items: Self.items).map(\.en) == ["the rectification deadline must be after the check"])
        result.rectifyBy = CivilDate(parsing: "2024-04-01")
        #expect(result.problems(items: Self.items).isEmpty)
        var compliant = checked(.compliant)
        compliant.rectifyBy = CivilDate(parsing: "2024-04-01")
        #expect(compliant.problems(items: Self.items).map(\.en) == ["only 限期整改 has a rectification deadline"])
    }

    @Test func signedOrRefusedWithAWitness() {
        // 000 §18: the record is signed or sealed by the target, or the refusal is noted with a witness.
        var result = checked(.compliant)
        result.signedBy = ""
        #expect(
            result.problems(items: Self.items).map(\.en) == ["record who signed for the target, or the refusal and its witness (000 §18)"])
        result.refusal = "负责人拒绝签字"
        #expect(result.problems(items: Self.items).map(\.en) == ["a refusal needs a witness (000 §18)"])
        result.witness = "社区干部李某"
        #expect(result.problems(items: Self.items).isEmpty)
        result.signedBy = "院长张某"
        #expect(result.problems(items: Self.items).map(\.en) == ["a record is either signed or refused, not both"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let entry = ResultEntry(visit: "V1", finished: "2024-03-02") {
            ($0.started, $0.method, $0.findings, $0.outcome, $0.nonCooperation) = ("2024-03-05", "电话", ["消防检查="], "限期整改", [6])
        }
        #expect(
            entry.resolved(items: Self.items).problems.map(\.en) == [
                "the method must be 现场 or 书面, not '电话'", "the check ends before it starts", "'消防检查' is not an item of this visit",
                "限期整改 needs at least one finding that is a problem: the notice lists them", "限期整改 needs a rectification deadline (a date)",
                "record who signed for the target, or the refusal and its witness (000 §18)",
                "non-cooperation case 6 is not one of the five of 000 §24", "non-cooperation needs its circumstances (000 §24)",
            ])
    }

    @Test func unreachableAndDeregisteredTargetsCountAsDoneWithoutAnOutcome() {
        // 002 (二十四): no check; counts as done.
        var result = VisitResult(visit: "V1", status: .unreachable, started: nil, finished: CivilDate(parsing: "2024-03-02")!, outcome: nil, remarks: "登记住所无人经营")
        #expect(result.problems(items: Self.items).isEmpty)
        result.outcome = .compliant
        #expect(result.problems(items: Self.items).map(\.en) == ["a target found 无法联系 gets no outcome (002 (二十四))"])
        result = VisitResult(visit: "V1", status: .deregistered, started: nil, finished: CivilDate(parsing: "2024-03-02")!, outcome: nil)
        #expect(result.problems(items: Self.items).map(\.en) == ["remarks must say how it was established (002 (二十四))"])
    }
}

@Suite struct PublicViewTests {
    @Test func personalDataIsRecognised() {
        #expect(PublicView.personalData(in: "联系电话 13912345678") == "手机号码")
        #expect(PublicView.personalData(in: "身份证 11010519491231002X") == "身份证号码", "GB 11643 check character X")
        #expect(PublicView.personalData(in: "身份证 110105194912310021") == nil, "a wrong check character is not an ID number")
        #expect(PublicView.personalData(in: "住卫东区建设路 12 号 3 单元") == "地址")
        #expect(PublicView.personalData(in: "91410400MA44XXXX0X 符合要求 2024-03-02") == nil, "credit codes and dates are public")
        #expect(PublicView.personalData(in: "拒绝提供会计资料 2 次") == nil)
    }

    @Test func personalDataIsFoundHoweverItIsWritten() {
        for written in [
            "139-1234-5678", "139 1234 5678", "１３９１２３４５６７８", "电话：+86 139 1234 5678", "139－1234－5678", "139.1234.5678",
            "2024-03-02 13912345678",
        ] {
            #expect(PublicView.personalData(in: written) == "手机号码", "\(written)")
        }
        #expect(PublicView.personalData(in: "身份证 110105 19491231 002X") == "身份证号码")
        #expect(PublicView.personalData(in: "身份证 １１０１０５１９４９１２３１００２Ｘ") == "身份证号码")
        #expect(PublicView.personalData(in: "2024-03-02 至 2024-04-01，共 3 笔，金额 1,234.56 元") == nil, "dates and amounts are public")
    }

    @Test func publicResultsNeverCarryPhoneIDOrAddress() throws {
        // 002 (二十二); 000 §24: what 公示 shows. The target's address and the inspectors' phones exist in
        // the data but never reach the view.
        let target = Target(
            creditCode: "91410400MA44XXXX0X", name: "解放路88号大药房", type: "定点零售药店", district: "卫东区", address: "卫东区解放路 88 号",
            legalRepresentative: "张某", riskGrade: "B", blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false,
            status: "正常")
        let task = PlanTask(
            id: "2024-01", year: 2024, name: "双随机抽查", items: ["医保基金使用情况检查"], targetTypes: [], districts: [], ratios: [:],
            start: "2024-03-01",
            end: "2024-06-30", initiator: "基金监管科", cooperators: [])
        var result = VisitResult(
            visit: "V1", started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-02")!, findings: [.init(item: "医保基金使用情况检查", finding: "院长电话 13912345678")],
            outcome: .rectify, rectifyBy: CivilDate(parsing: "2024-04-01"), signedBy: "张某", nonCooperation: [2], nonCooperationDetails: "拒绝提供进销存账目")
        let lines = try PublicView.results(
            task: task, office: "卫东区医疗保障局", visits: [("V1", target.creditCode, ["2024-01"])], targets: [target.creditCode: target],
            results: ["V1": result])
        #expect(lines.count == 1 && lines[0].outcome == "限期整改" && lines[0].targetName == "解放路88号大药房")
        let text = "\(lines)"
        #expect(!text.contains("13912345678") && !text.contains("卫东区解放路 88 号") && !text.contains("张某"))
        let nonCooperation = try PublicView.nonCooperation(
            visits: [("V1", target.creditCode)], targets: [target.creditCode: target], results: ["V1": result])
        #expect(nonCooperation.first?.circumstances == ["\(VisitResult.nonCooperationCases[2] ?? "")；拒绝提供进销存账目"])
        #expect(nonCooperation.first?.count == 1 && nonCooperation.first?.dates == ["2024-03-02"])
        result.nonCooperationDetails = "负责人 13912345678 拒绝提供账目"
        #expect(throws: PublicView.Violation(field: "不予配合情形", kind: "手机号码")) {
            try PublicView.nonCooperation(
                visits: [("V1", target.creditCode)], targets: [target.creditCode: target], results: ["V1": result])
        }
    }
}

extension Result where Failure == ResultEntry.Problems {
    /// The problems' texts, empty on success.
    var problems: [LocalizedText] {
        if case .failure(let problems) = self { return problems.list }
        return []
    }
}

@Suite struct ResultEntryTests {
    @Test func shortFormsAndFullWidthEqualsAreAccepted() throws {
        let entry = ResultEntry(visit: "V1", finished: "2024-03-02") {
            ($0.method, $0.findings, $0.outcome, $0.signedBy) = ("书面检查", ["医保基金使用情况检查＝串换药品 3 笔"], "涉嫌违法", "院长张某")
        }
        let result = try entry.resolved(items: VisitResultTests.items).get()
        #expect(result.outcome == .investigate && result.method == .written && result.started?.description == "2024-03-02")
        #expect(result.findings == [.init(item: "医保基金使用情况检查", finding: "串换药品 3 笔")])
        #expect(Outcome(label: "整改") == .rectify && Outcome(label: "符合") == .compliant && Outcome(label: "基本符合") == nil)
    }

    @Test func aWrongLabelIsNamedOnceWithTheLabelsAccepted() {
        let entry = ResultEntry(visit: "V1", finished: "2024-03-02") {
            ($0.status, $0.findings, $0.outcome) = ("已完成", ["医保基金使用情况检查"], "基本符合")
        }
        #expect(
            entry.resolved(items: VisitResultTests.items).problems.map(\.zh) == [
                "状态应为 已检查、无法联系、已注销 之一，实为 “已完成”",
                "处理意见应为 000 §20 的四种之一（符合要求、限期整改、涉嫌违反医疗保障监督管理法律法规，需进一步调查处理、其他；可简写为 符合、整改、涉嫌违法），实为 “基本符合”",
                "检查发现应写作 事项=发现的问题（如 医保基金使用情况检查=未发现问题），实为 “医保基金使用情况检查”",
                "至少记录一项检查事项及发现的问题",
                "须记录被检查单位签字人，或拒签理由及见证人（000 §18）",
            ])
    }

    @Test func resultsStoredByEarlierVersionsStillRead() throws {
        // Stop 12 stored dates as typed (three digit runs made a day) and any --method for a target not checked.
        let json = #"{"findings":[],"finished":"2024－03－02","method":"书面检查","nonCooperation":[],"nonCooperationDetails":"","outcome":"","rectifyBy":"","refusal":"","remarks":"登记住所无人经营","signedBy":"","started":"2024年3月2号","status":"无法联系","visit":"V1","witness":""}"#
        let decoded = try JSONDecoder().decode(VisitResult.self, from: Data(json.utf8))
        #expect(decoded.finished.description == "2024-03-02" && decoded.started?.description == "2024-03-02")
        #expect(decoded.method == .written)
        let odd = json.replacingOccurrences(of: #""method":"书面检查""#, with: #""method":"电话""#)
        #expect(try JSONDecoder().decode(VisitResult.self, from: Data(odd.utf8)).method == .onSite)
        #expect(CivilDate(parsing: "2024－03－02") == nil, "new input goes through the one reading")
    }

    @Test func storedJSONKeepsItsShape() throws {
        // Results recorded before the vocabulary was typed read and write the same bytes.
        let json = #"{"findings":[],"finished":"2024-03-02","method":"现场","nonCooperation":[],"nonCooperationDetails":"","outcome":"","rectifyBy":"","refusal":"","remarks":"登记住所无人经营","signedBy":"","started":"","status":"无法联系","visit":"V1","witness":""}"#
        let decoded = try JSONDecoder().decode(VisitResult.self, from: Data(json.utf8))
        #expect(decoded.status == .unreachable && decoded.outcome == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == json)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(VisitResult.self, from: Data(json.replacingOccurrences(of: #""outcome":"""#, with: #""outcome":"基本符合""#).utf8))
        }
    }
}

@Suite struct DocumentConditionTests {
    @Test func theFormsAResultRequires() {
        let rectify = VisitResult(visit: "V1", started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-01")!, outcome: .rectify)
        let compliant = VisitResult(visit: "V1", started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-01")!, outcome: .compliant)
        let unreachable = VisitResult(visit: "V1", status: .unreachable, started: nil, finished: CivilDate(parsing: "2024-03-01")!, outcome: nil)
        #expect(DocumentCondition.rectify.unmet(by: rectify, objectionDecided: false) == nil)
        #expect(DocumentCondition.rectify.unmet(by: compliant, objectionDecided: false)?.zh == "处理意见不是限期整改")
        #expect(DocumentCondition.problemsFound.unmet(by: compliant, objectionDecided: false) != nil)
        #expect(DocumentCondition.checked.unmet(by: unreachable, objectionDecided: false)?.zh == "检查对象无法联系，未实施现场检查")
        #expect(DocumentCondition.objectionReviewed.unmet(by: rectify, objectionDecided: true) == nil)
        #expect(DocumentCondition.requiredDocuments(status: .checked, outcome: .rectify).map(\.form) == ["责令限期整改通知书", "行政检查登记表"])
        #expect(DocumentCondition.requiredDocuments(status: .unreachable, outcome: nil).isEmpty)
    }
}

@Suite struct AmountTests {
    @Test func amountsAreReadAsAClerkWritesThemAndKeptExact() {
        #expect(Money(parsing: "12345.6")?.description == "12345.60")
        #expect(Money(parsing: "12,345.60元")?.fen == 1_234_560)
        #expect(Money(parsing: "１２３．４５")?.description == "123.45")
        #expect(Money(parsing: "0.1")?.fen == 10)
        #expect(Money(parsing: "12345.60 元")?.fen == 1_234_560 && Money(parsing: "¥12,345.60")?.fen == 1_234_560)
        for bad in ["", "-3", "+5", "-0", "1.234", "abc", "1e5", "12.", "1000000000000"] { #expect(Money(parsing: bad) == nil, "\(bad)") }
    }

    @Test func aResultCarriesItsAmountsAndTheirRules() throws {
        func entry(_ violation: String, _ recovery: String, outcome: String = "整改") -> ResultEntry {
            ResultEntry(visit: "V1", finished: "2024-03-01") {
                $0.findings = ["医保基金使用情况检查=串换药品 3 笔"]
                $0.outcome = outcome
                $0.rectifyBy = outcome == "整改" ? "2024-04-01" : ""
                $0.signedBy = "院长张某"
                $0.violationAmount = violation
                $0.recoveryAmount = recovery
            }
        }
        let items = ["医保基金使用情况检查"]
        let good = try entry("12,345.6", "12345.60").resolved(items: items).get()
        #expect(good.violationAmount == Money(fen: 1_234_560) && good.recoveryAmount == Money(fen: 1_234_560))
        let json = String(decoding: try JSONEncoder().encode(good), as: UTF8.self)
        #expect(json.contains(#""violationAmount":"12345.60""#))
        guard case .failure(let wrong) = entry("十二元", "20", outcome: "符合").resolved(items: items) else {
            Issue.record("an amount in words and a return on a compliant result must be refused")
            return
        }
        #expect(wrong.list.map(\.zh).contains { $0.hasPrefix("违规金额 “十二元” 不是金额") })
        #expect(wrong.list.map(\.zh).contains("处理意见为 符合要求 时不应有追回金额"))
        guard case .failure(let more) = entry("10", "20").resolved(items: items) else {
            Issue.record("returning more than was misused must be refused")
            return
        }
        #expect(more.list.map(\.zh) == ["追回金额 20.00 元大于违规金额 10.00 元"])
    }

    @Test func aRectificationNeedsAProblemFound() throws {
        let entry = ResultEntry(visit: "V1", finished: "2024-03-01") {
            $0.findings = ["医保基金使用情况检查=未发现问题"]
            $0.outcome = "整改"
            $0.rectifyBy = "2024-04-01"
            $0.signedBy = "院长张某"
        }
        guard case .failure(let problems) = entry.resolved(items: ["医保基金使用情况检查"]) else {
            Issue.record("限期整改 with nothing found must be refused: the notice would list no problem")
            return
        }
        #expect(problems.list.map(\.zh).contains { $0.hasPrefix("限期整改须至少记录一项发现的问题") })
    }

    @Test func onlyFindingsThatAreProblemsCount() {
        #expect(VisitResult.Finding(item: "A", finding: "串换药品 3 笔").isProblem)
        for nothing in ["未发现问题", " 无 ", "", "正常"] { #expect(!VisitResult.Finding(item: "A", finding: nothing).isProblem) }
    }
}
