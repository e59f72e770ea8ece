import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import Store
import Support
import TestSupport
import Testing
import Web
import Workflow
import WorkspaceFixtures

/// 检查结果录入 through the workbench: a result with a photo, a refused one, a correction after
/// publication, and fifty submissions at once.
@Suite struct WorkbenchResultTests {
    typealias Fixture = WorkbenchTests.Fixture
    /// A real 1×1 JPEG (the archive checks that a .jpg is one).
    static let jpeg = [UInt8](
        Data(base64Encoded: "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=")!)

    static func body(_ fields: [(String, String)], files: [(String, String, [UInt8])] = []) -> ByteBuffer {
        let boundary = WorkbenchFlowTests.boundary
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        return ByteBuffer(bytes: body + Array("--\(boundary)--\r\n".utf8))
    }

    static func fields(_ csrf: String, visit: Visit, _ extra: [(String, String)]) -> [(String, String)] {
        [("_csrf", csrf), ("status", "已检查"), ("method", "现场"), ("finished", visit.date), ("item", "医保基金使用情况检查")] + extra
    }

    @Test func anInspectorRecordsAResultWithAPhotoAndTheHashIsKept() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let visits = try fixture.workspace.visits()
        let visit = try #require(visits.first)
        // The inspector logged in is a person of the registry on this visit's team (检查员N holds 豫医保410N).
        let name = "检查员" + String(try #require(visit.inspectors.first).dropFirst("豫医保410".count))
        try fixture.workbench.accounts.add(name, role: .inspector, password: Fixture.password, mustChange: false, by: User("管理员"))
        let login = try fixture.workbench.accounts.logIn(name, password: Fixture.password)
        let inspector = (cookie: "spotcheck_session=\(login.token)", csrf: login.session.csrf)
        let other = try #require(visits.first { !$0.inspectors.contains(visit.inspectors[0]) })
        try await fixture.test { client in
            // Not their visit: refused (000 §14), and the photo sent with it is not kept.
            try await client.execute(
                uri: "/visits/\(other.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: inspector.cookie),
                body: Self.body(Self.fields(inspector.csrf, visit: other, [("finding", "未发现问题"), ("outcome", "符合要求"), ("signedBy", "负责人")]),
                    files: [("evidence1", "image.jpg", Self.jpeg)])
            ) { response in
                #expect(response.status == .forbidden)
            }
            // 限期整改 without its deadline: refused, every problem listed, nothing kept.
            try await client.execute(
                uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: inspector.cookie),
                body: Self.body(Self.fields(inspector.csrf, visit: visit, [("finding", "串换药品 3 笔"), ("outcome", "限期整改")]),
                    files: [("evidence1", "现场照片1.jpg", Self.jpeg)])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("整改期限"))
            }
            #expect(try fixture.workspace.results(of: visit.id).isEmpty)
            #expect(try fixture.workspace.evidence(of: visit.id).isEmpty)
            try await client.execute(
                uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: inspector.cookie),
                body: Self.body(
                    Self.fields(inspector.csrf, visit: visit, [("finding", "串换药品 3 笔"), ("outcome", "限期整改"), ("rectifyBy", "2024-07-31"), ("signedBy", "院长张某")]),
                    files: [("evidence1", "C:\\相机\\现场照片1.jpg", Self.jpeg)])
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/visits/\(visit.id)", method: .get, headers: WorkbenchTests.headers(cookie: inspector.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("限期整改") && page.contains("2024-07-31") && page.contains("现场照片1.jpg"))
                #expect(page.contains(SHA256.hash(data: Self.jpeg).hex))
            }
        }
        let stored = try #require(try fixture.workspace.results(of: visit.id).last)
        #expect(stored.actor == name && stored.result.outcome == .rectify)
        #expect(try fixture.workspace.results(of: other.id).isEmpty)
        let evidence = try #require(try fixture.workspace.evidence(of: visit.id).first)
        #expect(evidence.name == "现场照片1.jpg" && evidence.sha256 == SHA256.hash(data: Self.jpeg).hex)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: fixture.workspace.layout.uploads)) ?? []).isEmpty, "no upload left behind")
        #expect(try fixture.workspace.verifyAuditTrail().isEmpty)
    }

    @Test func afterPublicationOnlyTheUnitHeadCorrectsWithAReason() async throws {
        let fixture = try Fixture()  // 2024-01 published
        let clerk = try fixture.session(.clerk)
        let head = try fixture.session(.unitHead)
        let visit = try #require(try fixture.workspace.visits().first)
        let before = try fixture.workspace.results(of: visit.id).count
        try await fixture.test { client in
            try await client.execute(
                uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: clerk.cookie),
                body: Self.body(Self.fields(clerk.csrf, visit: visit, [("finding", "未发现问题"), ("outcome", "符合要求")]))
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("已公示"))
            }
            try await client.execute(
                uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: head.cookie),
                body: Self.body(Self.fields(head.csrf, visit: visit, [("finding", "未发现问题"), ("outcome", "符合要求"), ("signedBy", "院长张某"), ("correction", "复查认定原结论有误")]))
            ) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body))")
            }
        }
        let results = try fixture.workspace.results(of: visit.id)
        #expect(results.count == before + 1)
        #expect(results.last?.correction == "复查认定原结论有误" && results.last?.unitHead == Fixture.name(.unitHead), "signed by the unit head logged in")
    }

    @Test func aFormBasedOnAnOlderVersionIsReportedNotOverwritten() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let (first, second) = (try fixture.session(.clerk), try fixture.session(.unitHead))
        let visit = try #require(try fixture.workspace.visits().first)
        try await fixture.test { client in
            for (session, expected) in [(first, HTTPResponse.Status.seeOther), (second, .conflict)] {
                try await client.execute(
                    uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: session.cookie),
                    body: Self.body(Self.fields(session.csrf, visit: visit, [("basedOn", "0"), ("finding", "未发现问题"), ("outcome", "符合要求"), ("signedBy", "负责人")]))
                ) { response in
                    #expect(response.status == expected)
                    if expected == .conflict { #expect(String(buffer: response.body).contains("在您编辑期间已被他人修改")) }
                }
            }
        }
        #expect(try fixture.workspace.results(of: visit.id).count == 1)
    }

    @Test func fiftySubmissionsAtOnceLoseNoAuditEntryAndKeepTheChain() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let sessions = try (0..<5).map { _ in try fixture.session(.clerk) }
        let visits = try fixture.workspace.visits()
        let before = try fixture.workspace.auditEntries().count
        try await fixture.test { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<50 {
                    let session = sessions[n % sessions.count]
                    let visit = visits[n % visits.count]
                    group.addTask {
                        try await client.execute(
                            uri: "/visits/\(visit.id)/result", method: .post, headers: WorkbenchFlowTests.upload(cookie: session.cookie),
                            body: Self.body(Self.fields(session.csrf, visit: visit, [("finding", "未发现问题"), ("outcome", "符合要求"), ("signedBy", "负责人"), ("remarks", "第 \(n) 次提交")]))
                        ) { $0.status }
                    }
                }
                for try await status in group { #expect(status == .seeOther) }
            }
        }
        #expect(try fixture.workspace.auditEntries().count == before + 50, "one entry per submission")
        #expect(try visits.map { try fixture.workspace.results(of: $0.id).count }.reduce(0, +) == 50)
        #expect(try fixture.workspace.verifyAuditTrail().isEmpty)
    }
}
