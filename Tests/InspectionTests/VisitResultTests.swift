import Testing

@testable import Inspection

@Suite struct VisitResultTests {
    static let items = ["医保基金使用情况检查"]

    func checked(_ outcome: String) -> VisitResult {
        VisitResult(
            visit: "V1", started: "2024-03-01", finished: "2024-03-02", findings: [.init(item: Self.items[0], finding: "未发现问题")],
            outcome: outcome, signedBy: "院长张某")
    }

    @Test func exactlyTheFourOutcomesOf000Article20() {
        for outcome in VisitResult.outcomes where outcome != "限期整改" && outcome != "其他" {
            #expect(checked(outcome).problems(items: Self.items).isEmpty, "\(outcome)")
        }
        #expect(checked("基本符合").problems(items: Self.items).map(\.en) == ["the outcome must be one of the four of 000 §20"])
        var other = checked("其他")
        #expect(other.problems(items: Self.items).map(\.en) == ["the outcome 其他 needs remarks saying what it is"])
        other.remarks = "移交卫生健康部门"
        #expect(other.problems(items: Self.items).isEmpty)
    }

    @Test func rectificationNeedsADeadlineAfterTheCheck() {
        var result = checked("限期整改")
        #expect(result.problems(items: Self.items).map(\.en) == ["限期整改 needs a rectification deadline (a date)"])
        result.rectifyBy = "2024-03-02"
        #expect(result.problems(items: Self.items).map(\.en) == ["the rectification deadline must be after the check"])
        result.rectifyBy = "2024-04-01"
        #expect(result.problems(items: Self.items).isEmpty)
        var compliant = checked("符合要求")
        compliant.rectifyBy = "2024-04-01"
        #expect(compliant.problems(items: Self.items).map(\.en) == ["only 限期整改 has a rectification deadline"])
    }

    @Test func signedOrRefusedWithAWitness() {
        // 000 §18: the record is signed or sealed by the target, or the refusal is noted with a witness.
        var result = checked("符合要求")
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
        let result = VisitResult(
            visit: "V1", started: "2024-03-05", finished: "2024-03-02", method: "电话", findings: [.init(item: "消防检查", finding: "")],
            outcome: "限期整改", nonCooperation: [6])
        #expect(
            result.problems(items: Self.items).map(\.en) == [
                "the check ends before it starts", "the method must be 现场 or 书面", "'消防检查' is not an item of this visit",
                "限期整改 needs a rectification deadline (a date)",
                "record who signed for the target, or the refusal and its witness (000 §18)",
                "non-cooperation case 6 is not one of the five of 000 §24", "non-cooperation needs its circumstances (000 §24)",
            ])
    }

    @Test func unreachableAndDeregisteredTargetsCountAsDoneWithoutAnOutcome() {
        // 002 (二十四): no check; counts as done.
        var result = VisitResult(visit: "V1", status: "无法联系", started: "", finished: "2024-03-02", outcome: "", remarks: "登记住所无人经营")
        #expect(result.problems(items: Self.items).isEmpty && result.isDone)
        result.outcome = "符合要求"
        #expect(result.problems(items: Self.items).map(\.en) == ["a target found 无法联系 gets no outcome (002 (二十四))"])
        result = VisitResult(visit: "V1", status: "已注销", started: "", finished: "2024-03-02", outcome: "")
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
            visit: "V1", started: "2024-03-01", finished: "2024-03-02", findings: [.init(item: "医保基金使用情况检查", finding: "院长电话 13912345678")],
            outcome: "限期整改", rectifyBy: "2024-04-01", signedBy: "张某", nonCooperation: [2], nonCooperationDetails: "拒绝提供进销存账目")
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
