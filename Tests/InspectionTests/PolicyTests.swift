import Testing

@testable import Inspection

/// The workflow's rules as pure functions: no workspace, no database, no files.
@Suite struct PolicyTests {
    static func target(_ code: String, type: String = "定点零售药店", district: String = "卫东区", grade: String = "B", status: String = "正常",
                       blacklisted: Bool = false) -> Target {
        Target(
            creditCode: code, name: "机构\(code.suffix(2))", type: type, district: district, address: "", legalRepresentative: "", riskGrade: grade,
            blacklisted: blacklisted, abnormal: false, dishonest: false, seriousViolation: false, status: status)
    }

    static func task(items: [String] = ["医保基金使用情况检查"], types: [String] = [], districts: [String] = ["卫东区"]) -> PlanTask {
        PlanTask(
            id: "2024-01", year: 2024, name: "双随机抽查", items: items, targetTypes: types, districts: districts, ratios: ["B": 0.5, "C": 0.2],
            start: "2024-03-01", end: "2024-03-08", initiator: "基金监管科", cooperators: [])
    }

    @Test func drawEligibilityExcludesByStatusUpperDrawsAndTheYearlyCap() {
        let targets = [
            Self.target("A01"), Self.target("A02", status: "注销"), Self.target("A03"), Self.target("A04"),
            Self.target("A05", blacklisted: true), Self.target("A06", grade: "D"), Self.target("A07", district: "新华区"),
            Self.target("A08", type: "定点医院", grade: "C"),
        ]
        let rules = DrawEligibility(
            task: Self.task(), perYearCap: 2, keyItems: ["重点事项"], drawnThisYear: ["A04": 2, "A05": 2],
            upperDraws: [UpperDraw(creditCode: "A03", year: 2024, body: "市医保局", task: "专项"), UpperDraw(creditCode: "A01", year: 2023, body: "市医保局", task: "")])
        let (strata, excluded) = rules.strata(of: TargetColumns(targets))
        #expect(strata.count == 12, "every stratum of the plan, empty ones too: 6 types (不定向) × grades B and C")
        let filled = strata.filter { !$0.candidates.isEmpty }
        #expect(filled.map { $0.name } == ["定点医院/C", "定点零售药店/B"], "grade D is not drawn; 新华区 is outside the task")
        #expect(filled.map { $0.candidates } == [["A08"], ["A01", "A05"]], "A05 is blacklisted: exempt from the cap (002 (十))")
        #expect(excluded.map(\.rule) == [.status, .upper, .cap])
        #expect(
            excluded.map { "\($0.code) \($0.reason)" } == [
                "A02 状态：注销（002 (二十四)）", "A03 本年度已被上级 市医保局“专项” 抽取（001 §11）", "A04 本年度已被抽中 2 次，达到上限 2 次（002 (十)）",
            ])
    }

    /// A database hands the draw's columns over group by group (targets sharing every field but the code, in
    /// no particular order): the strata and exclusions are those of the same targets read row by row.
    @Test func columnsBuiltGroupByGroupDrawAsRowByRow() {
        let targets = [
            Self.target("A05", blacklisted: true), Self.target("A02", status: "注销"), Self.target("A01"), Self.target("A08", type: "定点医院", grade: "C"),
            Self.target("A03"), Self.target("A07", district: "新华区"), Self.target("A04"), Self.target("A06", grade: "D"),
        ]
        let groups = Dictionary(grouping: targets) { [$0.type, $0.district, $0.riskGrade, $0.status, $0.blacklisted ? "1" : "0"] }
        var builder = TargetColumns.Builder()
        for (key, members) in groups.sorted(by: { $0.key.joined() > $1.key.joined() }) {
            builder.append(members.map(\.creditCode).reversed(), type: key[0], district: key[1], grade: key[2], status: key[3], exempt: key[4] == "1")
        }
        #expect(builder.columns.count == targets.count && Set(builder.columns.codes) == Set(targets.map(\.creditCode)))
        let rules = DrawEligibility(
            task: Self.task(), perYearCap: 2, keyItems: [], drawnThisYear: ["A04": 2, "A05": 2],
            upperDraws: [UpperDraw(creditCode: "A03", year: 2024, body: "市医保局", task: "专项")])
        let (strata, excluded) = rules.strata(of: builder.columns)
        let (expectedStrata, expectedExcluded) = rules.strata(of: TargetColumns(targets))
        #expect(strata == expectedStrata && excluded == expectedExcluded)
        #expect(strata.flatMap(\.candidates).sorted() == ["A01", "A05", "A08"])
    }

    @Test func aKeyItemLiftsTheCap() {
        let rules = DrawEligibility(
            task: Self.task(items: ["重点事项"]), perYearCap: 2, keyItems: ["重点事项"], drawnThisYear: ["A01": 5], upperDraws: [])
        #expect(!rules.capApplies)
        #expect(rules.strata(of: TargetColumns([Self.target("A01")])).strata.flatMap(\.candidates) == ["A01"], "002 (七)")
    }

    @Test func visitsJoinOthersInTheWindowAndSpreadOverWorkingDays() throws {
        let calendar = try WorkCalendar.official()
        // 2024-03-01 (Fri) … 2024-03-08 (Fri): six working days.
        let days = try VisitSchedule.workingDays(
            from: try #require(CivilDate(parsing: "2024-03-01")), through: try #require(CivilDate(parsing: "2024-03-08")), calendar: calendar)
        #expect(days.map(\.description) == ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"])
        let (visits, merged) = VisitSchedule.plan(
            task: "2024-01", order: ["T1", "T2", "T3", "T4"], joinable: ["T2": "2024-02-0009"], days: days, needsExpert: true,
            assignments: ["T4": ["K1", "K2"]])
        #expect(merged == [.init(target: "T2", visit: "2024-02-0009")], "002 (十五): one visit, several tasks")
        #expect(visits.map(\.id) == ["2024-01-0001", "2024-01-0002", "2024-01-0003"])
        #expect(visits.map(\.date) == ["2024-03-01", "2024-03-05", "2024-03-07"])
        #expect(visits.allSatisfy(\.needsExpert) && visits[2].assigned == ["K1", "K2"])
    }

    @Test func deadlinesOnTheWorkingDayCalendar() throws {
        let calendar = try WorkCalendar.official()
        let task = Self.task()
        let visit = Visit(id: "2024-01-0001", year: 2024, target: "A01", date: "2024-03-01", tasks: ["2024-01"], inspectors: [], experts: [])
        let rectify = VisitResult(visit: visit.id, started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-01")!, outcome: .rectify, rectifyBy: CivilDate(parsing: "2024-04-01"))
        let objection = Objection(id: 1, visit: visit.id, receivedOn: "2024-04-02", applicant: "机构", reason: "异议", reviewDue: "2024-04-30")
        let today = try #require(CivilDate(parsing: "2024-04-02"))
        let (open, problems) = DeadlineRules.open(
            tasks: [task], published: [], visits: [visit], results: [visit.id: rectify], objections: [objection], today: today,
            calendar: calendar)
        #expect(problems.isEmpty)
        #expect(open.map(\.what) == [.rectification, .publication, .review], "earliest first")
        let rectification = try #require(open.first { $0.what == .rectification })
        #expect(rectification.workingDaysLeft == -1 && rectification.basis == "000 §20", "2024-04-01 was a Monday")
        #expect(try #require(open.first { $0.what == .publication }).due == "2024-04-08", "20 working days after 2024-03-08: 清明 (4–6 April) off, Sunday 7 April worked (调休)")
        let published = DeadlineRules.open(
            tasks: [task], published: ["2024-01"], visits: [visit], results: [:], objections: [], today: today, calendar: calendar)
        #expect(published.deadlines.isEmpty)
        #expect(DeadlineKind.review.workingDays == 20 && DeadlineKind.feedback.workingDays == 15, "002 (二十三)")
    }
}
