import Foundation
import Inspection
import TestSupport
import Testing
import Workflow

@testable import Store

/// Results, evidence, publication, corrections and objections (000 §18–20; 002 (二十二)(二十三)(二十四)).
@Suite struct ResultsTests {
    static func matched(_ folder: TemporaryFolder) throws -> (Workspace, [Visit]) {
        let workspace = try MatchTests.workspace(folder)
        _ = try MatchService(store: workspace).match(task: "2024-01", by: User("张三"))
        return (workspace, try workspace.visits())
    }

    static func result(_ visit: String, _ outcome: Outcome = .compliant) -> VisitResult {
        VisitResult(
            visit: visit, started: CivilDate(parsing: "2024-03-01"), finished: CivilDate(parsing: "2024-03-01")!, findings: [.init(item: "基金使用", finding: outcome == .rectify ? "串换药品 3 笔" : "未发现问题")],
            outcome: outcome,
            rectifyBy: outcome == .rectify ? CivilDate(parsing: "2024-04-01") : nil, signedBy: "院长张某")
    }

    @Test func publishedResultsAreCorrectedOnlyWithTheUnitHeadAndTheOriginalStays() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        #expect(throws: WorkflowError.self) { try ResultService(store: workspace).publish(task: "2024-01", on: CivilDate(parsing: "2024-04-10")!, by: User("张三")) }
        for visit in visits { try ResultService(store: workspace).record(Self.result(visit.id), by: User("张三")) }
        // Before publication a result may be re-recorded freely.
        try ResultService(store: workspace).record(Self.result(visits[0].id, .rectify), by: User("张三"))
        try ResultService(store: workspace).publish(task: "2024-01", on: CivilDate(parsing: "2024-04-10")!, by: User("张三"))
        do {
            try ResultService(store: workspace).record(Self.result(visits[0].id), by: User("张三"))
            Issue.record("a published result was changed without the unit head")
        } catch let error as WorkflowError {
            #expect(error.zh.contains("不得擅自更改") && error.zh.contains("--unit-head") && error.zh.contains("002 (二十三)"))
        }
        try ResultService(store: workspace).record(Self.result(visits[0].id), correction: "整改期限系笔误，经复查符合要求", unitHead: "局长王某", by: User("李四"))
        let versions = try workspace.results(of: visits[0].id)
        #expect(versions.map(\.result.outcome) == [.compliant, .rectify, .compliant], "every version stays visible")
        #expect(versions.last?.unitHead == "局长王某" && versions.last?.correction != nil)
        let audit = try workspace.auditEntries().last
        #expect(audit?.action == .resultCorrect && audit?.before?.contains("限期整改") == true)
        #expect(try ResultService(store: workspace).publicResults(task: "2024-01").count == 4)
    }

    @Test func evidenceIsCopiedWithItsDigestAllOrNothing() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        let photo = try folder.write("现场照片1.jpg", Array("not really a jpeg".utf8))
        let missing = folder.file("不存在.mp4")
        #expect(throws: StoreError.self) { try workspace.addEvidence([photo, missing], to: visits[0].id, actor: "张三") }
        #expect(try workspace.evidence(of: visits[0].id).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.file("ws/evidence/\(visits[0].id)/现场照片1.jpg")), "nothing half-written")
        let added = try workspace.addEvidence([photo], to: visits[0].id, actor: "张三")
        let sha = try Tools.run("sha256sum", [folder.file("ws/\(added[0].path)")]).stdout.prefix(64)
        #expect(added[0].sha256 == String(sha), "the digest sha256sum computes")
        // The same file again is already there (a command rerun after it was cut off); another under its name is refused.
        #expect(try workspace.addEvidence([photo], to: visits[0].id, actor: "张三").isEmpty)
        #expect(try workspace.evidence(of: visits[0].id).count == 1)
        let other = try TemporaryFolder().write("现场照片1.jpg", Array("another photo".utf8))
        #expect(throws: StoreError.self) { try workspace.addEvidence([other], to: visits[0].id, actor: "张三") }
    }

    @Test func aFeedbackSavedFromAStaleCopyKeepsTheDecision() throws {
        // Two clerks at once: one records the decision, the other the feedback from the objection as it was.
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        let service = ObjectionService(store: workspace)
        let received = try service.receive(
            visit: visits[0].id, on: CivilDate(parsing: "2024-09-13")!, applicant: "某药店", reason: "对结果有异议", by: User("张三"))
        try service.decide(received.id, on: CivilDate(parsing: "2024-10-10")!, decision: "维持", by: User("张三"))
        var stale = received
        stale.feedbackOn = "2024-10-20"
        try workspace.saveObjection(stale, action: .objectionFeedback, actor: "李四")
        let stored = try #require(try workspace.objections().first)
        #expect(stored.decision == "维持" && stored.decidedOn == "2024-10-10" && stored.feedbackOn == "2024-10-20")
    }

    @Test func objectionDeadlinesCountWorkingDaysOnTheOfficialCalendar() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        // Received Friday 2024-09-13, before the Mid-Autumn break (15–17 Sept, make-up Saturday 14 Sept) and
        // National Day (1–7 Oct, make-up Sunday 29 Sept and Saturday 12 Oct): the 20th working day is 2024-10-17.
        let objection = try ObjectionService(store: workspace).receive(
            visit: visits[0].id, on: CivilDate(parsing: "2024-09-13")!, applicant: "某药店", reason: "对结果有异议", by: User("张三"))
        #expect(objection.reviewDue == "2024-10-17")
        let decided = try ObjectionService(store: workspace).decide(objection.id, on: CivilDate(parsing: "2024-10-10")!, decision: "维持", by: User("张三"))
        #expect(decided.feedbackDue == "2024-10-30", "15 working days from 2024-10-10, counting the make-up Saturday 10-12")
        let (deadlines, warnings) = try ResultService(store: workspace).deadlines(today: CivilDate(parsing: "2024-10-11")!)
        #expect(warnings.isEmpty)
        #expect(deadlines.contains { $0.what == .feedback && $0.due == "2024-10-30" && $0.visit == visits[0].id })
        try ObjectionService(store: workspace).recordFeedback(objection.id, on: CivilDate(parsing: "2024-10-20")!, by: User("张三"))
        #expect(try !ResultService(store: workspace).deadlines(today: CivilDate(parsing: "2024-10-21")!).deadlines.contains { $0.what == .feedback })
    }

    @Test func rectificationDeadlinesAreListedAndPublicationDisappearsOncePublished() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        for visit in visits { try ResultService(store: workspace).record(Self.result(visit.id, visit == visits[1] ? .rectify : .compliant), by: User("张三")) }
        let before = try ResultService(store: workspace).deadlines(today: CivilDate(parsing: "2024-04-02")!).deadlines
        #expect(before.map(\.what.rawValue).sorted() == ["整改期限", "结果公示", "结果公示"])
        let rectification = try #require(before.first { $0.what == .rectification })
        #expect(
            rectification.visit == visits[1].id && rectification.workingDaysLeft == -1, "2024-04-01 was a Monday: one working day overdue")
        try ResultService(store: workspace).publish(task: "2024-01", on: CivilDate(parsing: "2024-04-10")!, by: User("张三"))
        #expect(
            try ResultService(store: workspace).deadlines(today: CivilDate(parsing: "2024-04-11")!).deadlines.filter { $0.what == .publication }.map(\.task) == [
                "2024-02"
            ])
    }

    @Test func anEvidenceNameWithQuotesNewlinesAndUnitSeparatorsRoundTripsThroughTheTrail() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        let name = "现场\"照片\"\n第2张\u{1F}.jpg"
        let photo = folder.file(name)
        try Data([0xFF, 0xD8, 0xFF]).write(to: URL(fileURLWithPath: photo))
        try workspace.addEvidence([photo], to: visits[0].id, actor: "张三")
        let entry = try #require(try workspace.auditEntries().last)
        #expect(entry.action == .evidenceAdd)
        let payload = try JSONDecoder().decode(AuditPayload.EvidenceFile.self, from: Data(try #require(entry.after).utf8))
        #expect(payload.name == name && payload.size == 3)
        #expect(try workspace.verifyAuditTrail().isEmpty, "the chain holds: U+001F is escaped in the JSON, so no field holds it")
        #expect(entry.after?.unicodeScalars.contains("\u{1F}") == false)
    }

    @Test func publicationChecksEveryPublicFieldBeforeItIsRecorded() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try Self.matched(folder)
        let service = ResultService(store: workspace)
        for (index, visit) in visits.enumerated() {
            var result = Self.result(visit.id)
            if index < 2 {
                result.nonCooperation = [2]
                result.nonCooperationDetails = index == 0 ? "负责人 139-1234-5678 拒绝提供账目" : "联系人 １３９１２３４５６７８"
            }
            try service.record(result, by: User("张三"))
        }
        do {
            try service.publish(task: "2024-01", on: CivilDate(year: 2024, month: 4, day: 10)!, by: User("张三"))
            Issue.record("published")
        } catch let error as WorkflowError {
            #expect(
                error.zh.split(separator: "\n").dropFirst() == [
                    "  检查 \(visits[0].id)：“不予配合情形”含有手机号码", "  检查 \(visits[1].id)：“不予配合情形”含有手机号码",
                ])
        }
        #expect(try workspace.publications().isEmpty, "nothing was recorded")
        #expect(try !workspace.auditEntries().contains { $0.action == .resultPublish })
    }
}
