import Foundation
import Inspection
import TestSupport
import Support
import Testing
import Workflow

@testable import Store

/// The unit head's review of results before publication, where the office wants it: draft → submitted →
/// approved, or returned with a reason; a new version starts again; nobody approves their own result.
@Suite struct ResultReviewTests {
    static func reviewing(_ folder: TemporaryFolder) throws -> (Workspace, [Visit], ResultService) {
        let (workspace, visits) = try ResultsTests.matched(folder)
        var settings = try workspace.settings()
        settings.resultReview = true
        try workspace.saveSettings(settings, actor: "张三")
        let service = ResultService(store: workspace)
        for visit in visits { try service.record(ResultsTests.result(visit.id), by: User("检查员甲")) }
        return (workspace, visits, service)
    }

    static func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch let error as any SpotCheckError {
            return error.localized(english: false)
        } catch {
            return "\(error)"
        }
    }

    @Test func aTaskIsPublishedOnlyOnceEveryResultIsApproved() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, service) = try Self.reviewing(folder)
        let day = CivilDate(parsing: "2024-04-10")!
        var message = Self.refusal { try service.publish(task: "2024-01", on: day, by: User("局长王某")) }
        #expect(message.contains("尚未审核通过") && message.contains("检查 \(visits[0].id)：草稿"), "\(message)")
        #expect(try workspace.reviewStates().values.allSatisfy { $0 == .draft })

        for visit in visits { try service.submit(visit: visit.id, by: User("检查员甲")) }
        // Whoever recorded a version does not review it; a return needs its reason.
        message = Self.refusal { try service.review(visit: visits[0].id, approve: true, note: "", by: User("检查员甲")) }
        #expect(message.contains("须由另一位负责人审核"), "\(message)")
        message = Self.refusal { try service.review(visit: visits[0].id, approve: false, note: " ", by: User("局长王某")) }
        #expect(message.contains("退回须写明理由"), "\(message)")
        try service.review(visit: visits[0].id, approve: false, note: "检查发现写得不具体", by: User("局长王某"))
        #expect(try workspace.reviewStates()[visits[0].id] == .returned)
        // A returned version is not approved without being submitted again; a new version is a draft.
        message = Self.refusal { try service.review(visit: visits[0].id, approve: true, note: "", by: User("局长王某")) }
        #expect(message.contains("已退回") && message.contains("不能审核通过"), "\(message)")
        try service.record(ResultsTests.result(visits[0].id, .rectify), by: User("检查员甲"))
        #expect(try workspace.reviewStates()[visits[0].id] == .draft)
        try service.submit(visit: visits[0].id, by: User("检查员甲"))
        message = Self.refusal { try service.submit(visit: visits[0].id, by: User("检查员甲")) }
        #expect(message.contains("待审核") && message.contains("不能提交审核"), "submitted twice: \(message)")
        for visit in visits { try service.review(visit: visit.id, approve: true, note: "", by: User("局长王某")) }
        #expect(try workspace.reviewStates().values.allSatisfy { $0 == .approved })
        try service.publish(task: "2024-01", on: day, by: User("局长王某"))

        // Every step is in the trail under its person, and the history of the visit is kept.
        let entries = try workspace.auditEntries().filter { $0.action == .resultSubmit || $0.action == .resultReview }
        #expect(entries.count == visits.count * 2 + 2, "a submission and an approval each, one return and its resubmission")
        #expect(entries.filter { $0.action == .resultReview }.allSatisfy { $0.actor == "局长王某" })
        #expect(try workspace.reviews(visit: visits[0].id).map(\.action) == [.submit, .return, .submit, .approve])
        #expect(try workspace.verifyAuditTrail().isEmpty)
    }

    @Test func anApprovalOfAVersionAlreadyReplacedIsRefused() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, service) = try Self.reviewing(folder)
        try service.submit(visit: visits[1].id, by: User("检查员甲"))
        let submitted = try #require(try workspace.results(of: visits[1].id).last)
        try service.record(ResultsTests.result(visits[1].id, .rectify), by: User("检查员甲"))
        // The unit head's page showed the submitted version; the store refuses it inside its transaction.
        let message = Self.refusal {
            try workspace.saveReview(
                ResultReview(visit: visits[1].id, version: submitted.version, action: .approve, actor: "局长王某", at: "2024-04-01T00:00:00Z"))
        }
        #expect(message.contains("已有第 \(submitted.version + 1) 版"), "\(message)")
        #expect(try workspace.reviewStates()[visits[1].id] == .draft)
    }

    @Test func aVersionRecordedAfterTheApprovalsWereReadIsNotPublished() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits, service) = try Self.reviewing(folder)
        for visit in visits {
            try service.submit(visit: visit.id, version: 1, by: User("检查员甲"))
            try service.review(visit: visit.id, version: 1, approve: true, note: "", by: User("局长王某"))
        }
        let approved = Dictionary(uniqueKeysWithValues: visits.map { ($0.id, 1) })
        // Between the check and the publication's transaction, a clerk records a new version.
        try service.record(ResultsTests.result(visits[0].id, .rectify), by: User("检查员甲"))
        let message = Self.refusal { try workspace.savePublication(task: "2024-01", on: CivilDate(parsing: "2024-04-10")!, actor: "局长王某", approved: approved) }
        #expect(message.contains("刚有变动") && message.contains(visits[0].id), "\(message)")
        #expect(try workspace.publications()["2024-01"] == nil)
        // A unit head who read version 1 does not approve version 2 unseen.
        try service.submit(visit: visits[0].id, version: 2, by: User("检查员甲"))
        let stale = Self.refusal { try service.review(visit: visits[0].id, version: 1, approve: true, note: "", by: User("局长王某")) }
        #expect(stale.contains("你看到的是第 1 版"), "\(stale)")
    }

    @Test func withoutReviewResultsArePublishedAsRecorded() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        let (workspace, visits) = try ResultsTests.matched(folder)
        for visit in visits { try ResultService(store: workspace).record(ResultsTests.result(visit.id), by: User("张三")) }
        try ResultService(store: workspace).publish(task: "2024-01", on: CivilDate(parsing: "2024-04-10")!, by: User("张三"))
        #expect(try workspace.publications()["2024-01"] == "2024-04-10")
    }
}
