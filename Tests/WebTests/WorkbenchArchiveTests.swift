import Archiving
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
import ZipCore
import WorkspaceFixtures

/// 文书 and 档案 in the workbench: the long steps run as jobs whose page shows their progress and then
/// their outcome; downloads are limited to the task's own files.
@Suite struct WorkbenchArchiveTests {
    typealias Fixture = WorkbenchTests.Fixture

    @Sendable static func post(_ session: (cookie: String, csrf: String), _ fields: [(String, String)] = []) -> (HTTPFields, ByteBuffer) {
        (WorkbenchTests.headers(cookie: session.cookie, form: true), WorkbenchTests.form([("_csrf", session.csrf)] + fields))
    }

    /// Starts a job with a POST and follows its page until it has finished; the finished page.
    static func run(
        _ client: any TestClientProtocol, _ uri: String, _ session: (cookie: String, csrf: String), _ fields: [(String, String)] = []
    ) async throws -> String {
        let (headers, body) = post(session, fields)
        let job = try await client.execute(uri: uri, method: .post, headers: headers, body: body) { response -> String in
            #expect(response.status == .seeOther)
            return try #require(response.headers[.location])
        }
        #expect(job.hasPrefix("/jobs/"), "\(uri) leads to its job's page")
        for _ in 0..<1200 {
            let page = try await client.execute(uri: job, method: .get, headers: WorkbenchTests.headers(cookie: session.cookie)) { response in
                String(buffer: response.body)
            }
            if !page.contains("data-state=\"running\"") { return page }
            #expect(page.contains("http-equiv=\"refresh\"") && page.contains("<progress"), "a running job's page shows its progress and reloads")
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the job of \(uri) did not finish in two minutes")
        return ""
    }

    static func prepareArchive(_ workspace: Workspace) throws {
        var settings = try workspace.settings()
        settings.people["检查人"] = "赵某"
        try workspace.saveSettings(settings, actor: "张三")
        _ = try OfficeKey.generate(in: workspace, actor: "档案员")
    }

    @Test func theClerkGeneratesTheTasksDocumentsAsAJobAndDownloadsOnlyTheTasksOwn() async throws {
        let fixture = try Fixture()
        let clerk = try fixture.session(.clerk)
        let witness = try fixture.session(.witness)
        let workspace = fixture.workspace
        try await fixture.test { client in
            let page = try await Self.run(client, "/tasks/2024-01/documents/render", clerk, [("pdf", "0")])
            #expect(page.contains("data-state=\"finished\"") && page.contains("已生成"), "\(page)")
            let documents = try workspace.documents().filter { $0.task == "2024-01" }
            #expect(documents.contains { $0.form == "检查告知书" } && documents.allSatisfy { $0.format == "docx" })
            #expect(!documents.contains { $0.form == "备考表" || $0.form == "卷宗封面" }, "the case files' own forms are printed at sealing, by the archivist")
            #expect(try workspace.auditEntries().filter { $0.action == .documentRender }.allSatisfy { $0.actor == Fixture.name(.clerk) })
            let notice = try #require(documents.first { $0.form == "检查告知书" })
            // The witness reads the list and downloads a document of the task.
            try await client.execute(uri: "/tasks/2024-01/documents", method: .get, headers: WorkbenchTests.headers(cookie: witness.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("检查告知书") && !page.contains("id=\"render\""), "a witness reads but does not generate")
            }
            try await client.execute(
                uri: "/tasks/2024-01/documents/file?path=\(HTMLEscapeFree.encode(notice.path))", method: .get,
                headers: WorkbenchTests.headers(cookie: witness.cookie)
            ) { response in
                #expect(response.status == .ok && response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
                #expect(sha256Hex(Array(buffer: response.body)) == notice.sha256)
            }
            // Nothing but the task's recorded documents and its print files: not the settings, not a link, not another task's.
            let folder = workspace.layout.root + "/documents/2024-01/打印"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: folder + "/link.pdf", withDestinationPath: workspace.layout.settings)
            for path in ["office.json", "../office.json", "documents/2024-01/../../office.json", "documents/2024-01/打印/link.pdf", "/etc/passwd", notice.path + "\u{0}"] {
                try await client.execute(
                    uri: "/tasks/2024-01/documents/file?path=\(HTMLEscapeFree.encode(path))", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)
                ) { response in
                    #expect(response.status == .notFound, "\(path)")
                }
            }
            try await client.execute(
                uri: "/tasks/2024-09/documents/file?path=\(HTMLEscapeFree.encode(notice.path))", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)
            ) { response in
                #expect(response.status == .notFound, "a document of 2024-01 is not one of 2024-09")
            }
        }
    }

    @Test func theArchivistSealsChecksExportsAndHoldsThroughJobs() async throws {
        let fixture = try Fixture()
        try Self.prepareArchive(fixture.workspace)
        let archivist = try fixture.session(.archivist)
        let clerk = try fixture.session(.clerk)
        let workspace = fixture.workspace
        let visits = try workspace.visits().filter { $0.tasks.contains("2024-01") }
        try await fixture.test { client in
            var page = try await Self.run(client, "/tasks/2024-01/archive/seal", archivist)
            #expect(page.contains("没有可归档的文书或证据"), "nothing to file before the documents are generated: \(page)")
            page = try await Self.run(client, "/tasks/2024-01/documents/render", clerk, [("pdf", "0")])
            page = try await Self.run(client, "/tasks/2024-01/archive/seal", archivist)
            #expect(page.contains("封存 \(visits.count) 个档案包"), "\(page)")
            #expect(try workspace.dossiers().filter { $0.task == "2024-01" }.count == visits.count)
            #expect(try workspace.dossiers().allSatisfy { $0.actor == Fixture.name(.archivist) }, "the archivist logged in is the 立卷人")
            // Sealing again changes nothing.
            page = try await Self.run(client, "/tasks/2024-01/archive/seal", archivist)
            #expect(page.contains("封存 0 个档案包，\(visits.count) 个无变化"), "\(page)")

            page = try await Self.run(client, "/tasks/2024-01/archive/check", archivist)
            #expect(page.contains("共 \(visits.count + 1) 个档案包：通过 \(visits.count + 1) 个，不通过 0 个"), "\(page)")
            let report = try #require(page.firstMatch(of: #/href="(/archive/reports/[^"]+\.docx)"/#)).1
            try await client.execute(uri: String(report), method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                #expect(response.status == .ok && Array(buffer: response.body).starts(with: [0x50, 0x4B, 0x03, 0x04]), "the report is a DOCX anyone on the staff may read")
            }

            page = try await Self.run(client, "/tasks/2024-01/archive/export", archivist)
            let export = String(try #require(page.firstMatch(of: #/href="(/exports/[^"]+\.zip)"/#)).1)
            try await client.execute(uri: export, method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                #expect(response.status == .forbidden, "the export is the archivist's")
            }
            try await client.execute(uri: export, method: .get, headers: WorkbenchTests.headers(cookie: archivist.cookie)) { response in
                let bytes = Array(buffer: response.body)
                #expect(response.status == .ok && response.headers[.contentType] == "application/zip")
                let names = try ZipReader(bytes: bytes, name: "export.zip").entries.map(\.path)
                #expect(names.contains("index.xlsx") && names.filter { $0.hasSuffix(".zip") }.count == visits.count + 1, "\(names)")
            }
            for name in ["..%2Foffice.json", ".hidden.zip", "x.zip"] {
                try await client.execute(uri: "/exports/\(name)", method: .get, headers: WorkbenchTests.headers(cookie: archivist.cookie)) { response in
                    #expect(response.status == .notFound, "\(name)")
                }
            }

            let code = try #require(try workspace.dossiers().first?.code)
            var (headers, body) = Self.post(archivist, [("code", code), ("reason", "行政复议期间"), ("authority", "市医疗保障局")])
            try await client.execute(uri: "/tasks/2024-01/archive/hold", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            let hold = try #require(try workspace.holds(activeOnly: true).first)
            #expect(hold.code == code && hold.placedBy == Fixture.name(.archivist))
            try await client.execute(uri: "/tasks/2024-01/archive", method: .get, headers: WorkbenchTests.headers(cookie: archivist.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("保全中") && page.contains("行政复议期间"))
            }
            (headers, body) = Self.post(archivist, [("hold", String(hold.id))])
            try await client.execute(uri: "/tasks/2024-09/archive/release", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .notFound, "a hold is released from its own task's page")
            }
            try await client.execute(uri: "/tasks/2024-01/archive/release", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try workspace.holds(activeOnly: true).isEmpty)
        }
    }

    @Test func aJobThatFailsSaysWhyOnItsPage() async throws {
        let fixture = try Fixture()
        let archivist = try fixture.session(.archivist)
        try await fixture.test { client in
            // No office key yet: the page says how to make one.
            let page = try await Self.run(client, "/tasks/2024-01/archive/seal", archivist)
            #expect(page.contains("data-state=\"failed\"") && page.contains("keygen"), "\(page)")
        }
    }
}

/// The unit head's review of results in the browser, where the office wants it.
@Suite struct WorkbenchReviewTests {
    typealias Fixture = WorkbenchTests.Fixture

    @Test func aClerkSubmitsAndTheUnitHeadApprovesOrReturnsFromTheVisitPage() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let workspace = fixture.workspace
        var settings = try workspace.settings()
        settings.resultReview = true
        try workspace.saveSettings(settings, actor: "张三")
        let visits = try workspace.visits().filter { $0.tasks.contains("2024-01") }
        for visit in visits {
            try ResultService(store: workspace).record(
                VisitResult(
                    visit: visit.id, started: CivilDate(parsing: visit.date), finished: CivilDate(parsing: visit.date)!,
                    findings: [.init(item: "医保基金使用情况检查", finding: "未发现问题")], outcome: .compliant, signedBy: "负责人"),
                by: User(Fixture.name(.clerk)))
        }
        let clerk = try fixture.session(.clerk)
        let head = try fixture.session(.unitHead)
        let (first, second) = (visits[0].id, visits[1].id)
        try await fixture.test { client in
            for visit in [first, second] {
                let (headers, body) = WorkbenchArchiveTests.post(clerk, [("version", "1")])
                try await client.execute(uri: "/visits/\(visit)/submit", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .seeOther)
                }
            }
            try await client.execute(uri: "/desk", method: .get, headers: WorkbenchTests.headers(cookie: head.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("检查 \(first) 的结果待审核") && page.contains("检查 \(second) 的结果待审核"), "the unit head's desk lists them")
            }
            try await client.execute(uri: "/visits/\(first)", method: .get, headers: WorkbenchTests.headers(cookie: head.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("data-state=\"submitted\"") && page.contains("id=\"approve\"") && page.contains("id=\"return\""), "the unit head sees the two decisions")
            }
            // A form without a decision, or for a version no longer current, decides nothing.
            var (headers, body) = WorkbenchArchiveTests.post(head, [("version", "1"), ("note", "看过了")])
            try await client.execute(uri: "/visits/\(first)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest, "no decision")
            }
            (headers, body) = WorkbenchArchiveTests.post(head, [("decision", "approve"), ("version", "2")])
            try await client.execute(uri: "/visits/\(first)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("你看到的是第 2 版"))
            }
            (headers, body) = WorkbenchArchiveTests.post(head, [("decision", "approve"), ("version", "1")])
            try await client.execute(uri: "/visits/\(first)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            (headers, body) = WorkbenchArchiveTests.post(head, [("decision", "return"), ("note", ""), ("version", "1")])
            try await client.execute(uri: "/visits/\(second)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("退回须写明理由"))
            }
            (headers, body) = WorkbenchArchiveTests.post(head, [("decision", "return"), ("note", "检查发现不具体"), ("version", "1")])
            try await client.execute(uri: "/visits/\(second)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/desk", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                #expect(String(buffer: response.body).contains("检查 \(second) 的结果被退回，待修改"), "the clerk's desk lists the returned one")
            }
            // The clerk may not decide; an inspector not on the visit may not submit it.
            (headers, body) = WorkbenchArchiveTests.post(clerk, [("decision", "approve"), ("version", "1")])
            try await client.execute(uri: "/visits/\(second)/review", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden)
            }
            let inspector = try fixture.session(.inspector)
            (headers, body) = WorkbenchArchiveTests.post(inspector, [("version", "1")])
            try await client.execute(uri: "/visits/\(visits[2].id)/submit", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden, "an inspector submits only their own visits (000 §14)")
            }
            (headers, body) = WorkbenchArchiveTests.post(head, [("on", "2024-04-20")])
            try await client.execute(uri: "/tasks/2024-01/publish", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("尚未审核通过"))
            }
        }
        let states = try workspace.reviewStates()
        #expect(states[first] == .approved && states[second] == .returned)
        #expect(try workspace.reviews(visit: second).last?.actor == Fixture.name(.unitHead))
    }
}

/// 到期鉴定与销毁 in the browser: years later, the archivist disposes of a case file whose term has run
/// out; one on hold is refused with its reason.
@Suite struct WorkbenchDisposalTests {
    typealias Fixture = WorkbenchTests.Fixture

    @Test func aCaseFileDueIsDisposedOfWithItsListAndOneOnHoldIsNot() async throws {
        let fixture = try Fixture()
        try WorkbenchArchiveTests.prepareArchive(fixture.workspace)
        let workspace = fixture.workspace
        let documents = try DocumentService(workspace: workspace, templates: nil)
        _ = try documents.render(task: "2024-01", actor: "张三", pdf: false)
        let archive = try CaseArchiveService(documents: documents, tool: "test")
        let sealed = try archive.seal(task: "2024-01", day: "2024-08-20", archivist: "王某").packages
        // (Case files kept 10 years are due in 2035; those of a suspected violation are kept longer.)
        let due = sealed.filter { ($0.due ?? "9999") <= "2036-06-01" }
        try #require(due.count >= 2)
        let (kept, disposed) = (due[0], due[1])
        try workspace.placeHold(code: kept.code, reason: "行政复议期间", authority: "市医疗保障局", actor: "王某")
        // Twelve years on: the 10-year files are due.
        let later = ISO8601DateFormatter().date(from: "2036-06-01T02:00:00Z")!
        let workbench = Workbench(workspace: workspace, costLog2: 10, now: { later })
        let (router, _) = workbench.router()
        let archivist = try fixture.session(.archivist)
        let clerk = try fixture.session(.clerk)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/archive/disposal", method: .get, headers: WorkbenchTests.headers(cookie: archivist.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(disposed.code) && page.contains("name=\"code\" value=\"\(disposed.code)\""), "a due file can be ticked")
                #expect(page.contains("保全中：行政复议期间") && !page.contains("name=\"code\" value=\"\(kept.code)\""), "one on hold cannot")
            }
            let fields = [("appraiser", "赵某"), ("approver", "局长钱某"), ("supervisor", "孙某"), ("opinion", "无继续保存价值")]
            var (headers, body) = WorkbenchArchiveTests.post(clerk, [("code", disposed.code)] + fields)
            try await client.execute(uri: "/archive/disposal", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden, "a clerk does not dispose")
            }
            (headers, body) = WorkbenchArchiveTests.post(archivist, [("code", disposed.code), ("code", kept.code)] + fields)
            try await client.execute(uri: "/archive/disposal", method: .post, headers: headers, body: body) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .badRequest && page.contains(kept.code) && page.contains("保全"), "\(page)")
            }
            #expect(FileManager.default.fileExists(atPath: workspace.absolutePath(disposed.path)), "nothing is disposed of when one is refused")
            (headers, body) = WorkbenchArchiveTests.post(archivist, [("code", disposed.code)] + fields)
            let list = try await client.execute(uri: "/archive/disposal", method: .post, headers: headers, body: body) { response -> String in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && page.contains("已销毁 1 卷"), "\(page)")
                return String(try #require(page.firstMatch(of: #/href="(/archive/disposals/[^"]+\.docx)"/#)).1)
            }
            try await client.execute(uri: list, method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                #expect(response.status == .ok && Array(buffer: response.body).starts(with: [0x50, 0x4B, 0x03, 0x04]), "the 销毁清册 is a DOCX")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.absolutePath(disposed.path)), "the package is removed")
        #expect(try workspace.dossiers().first { $0.code == disposed.code }?.disposedAt == "2036-06-01")
        #expect(try workspace.auditEntries().last { $0.action == .archiveDispose }?.actor == Fixture.name(.archivist))
        #expect(FileManager.default.fileExists(atPath: workspace.absolutePath(kept.path)))
    }
}

/// Sessions checked moments ago are not read again while the workspace is unchanged; an ended one is
/// refused at once all the same.
@Suite struct WorkbenchSessionCacheTests {
    typealias Fixture = WorkbenchTests.Fixture

    @Test func aLogoutOrADisabledAccountIsRefusedOnTheNextRequest() async throws {
        let fixture = try Fixture()
        let clerk = try fixture.session(.clerk)
        let head = try fixture.session(.unitHead)
        try await fixture.test { client in
            for session in [clerk, head] {
                try await client.execute(uri: "/desk", method: .get, headers: WorkbenchTests.headers(cookie: session.cookie)) { response in
                    #expect(response.status == .ok, "looked up, and kept")
                }
            }
            let (headers, body) = WorkbenchArchiveTests.post(clerk)
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: body) { _ in }
            try await client.execute(uri: "/desk", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                #expect(response.status == .seeOther && response.headers[.location]?.hasPrefix("/login") == true, "logged out: refused at once")
            }
            // Another process (the command line) disables the unit head: the workspace changed, so the session is read again.
            try fixture.workbench.accounts.setDisabled(Fixture.name(.unitHead), true, by: User("管理员"))
            try await client.execute(uri: "/desk", method: .get, headers: WorkbenchTests.headers(cookie: head.cookie)) { response in
                #expect(response.status == .seeOther, "disabled: refused at once")
            }
        }
    }
}
