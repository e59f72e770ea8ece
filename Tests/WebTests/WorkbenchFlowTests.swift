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

/// The clerk's flows through the workbench: a registry uploaded (with errors, then good) and the draw
/// ceremony (draw, witness sign-off, lock).
@Suite struct WorkbenchFlowTests {
    typealias Fixture = WorkbenchTests.Fixture

    static let boundary = "----SpotCheckTestBoundary7MA4YWxkTrZu0gW"

    /// A multipart body: fields, then one file.
    static func multipart(_ fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?) -> ByteBuffer {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func upload(cookie: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.cookie] = cookie
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return headers
    }

    static let header = "统一社会信用代码,机构名称,机构类型,风险等级,所属区域,地址,法定代表人,黑名单,经营异常,失信,严重违法,状态\r\n"

    @Test func aRegistryWithErrorsIsShownRowByRowAndAGoodOneIsImportedOnConfirmation() async throws {
        let fixture = try Fixture()
        let clerk = try fixture.session(.clerk)
        let before = try fixture.workspace.targets()
        let uploads = fixture.workspace.layout.uploads
        // Row 2: a wrong check character; row 3: grade E and an unknown type.
        let bad = Array((Self.header + "91410403MA00000010,某医院,定点医院,A,卫东区,,,否,否,否,否,正常\r\n"
            + "\(FormsFixture.code(7)),某药店,药店,E,卫东区,,,否,否,否,否,正常\r\n").utf8)
        try await fixture.test { client in
            try await client.execute(
                uri: "/registry/targets/check", method: .post, headers: Self.upload(cookie: clerk.cookie),
                body: Self.multipart([("_csrf", clerk.csrf)], file: ("file", "../../名录库.csv", bad))
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .unprocessableContent)
                #expect(page.contains("有 3 个问题，没有导入任何内容"), "\(page)")
                // Row, column letter and column name of each problem.
                #expect(page.contains("<td>2</td><td>A</td><td>统一社会信用代码</td>"))
                #expect(page.contains("<td>3</td><td>C</td><td>机构类型</td>") && page.contains("<td>3</td><td>D</td><td>风险等级</td>"))
                #expect(page.contains("“名录库.csv”") && !page.contains("../"), "the browser's path is not kept")
            }
            #expect(try fixture.workspace.targets() == before)
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: uploads)) ?? []).isEmpty, "a refused upload is not kept")

            let good = Array((Self.header + before.map { t in
                "\(t.creditCode),\(t.name),\(t.type),\(t.riskGrade),\(t.district),\(t.address),\(t.legalRepresentative),否,否,否,否,正常\r\n"
            }.joined() + "\(FormsFixture.code(7)),卫东区新药店,定点零售药店,C,卫东区,,,否,否,否,否,正常\r\n").utf8)
            let staged = try await client.execute(
                uri: "/registry/targets/check", method: .post, headers: Self.upload(cookie: clerk.cookie),
                body: Self.multipart([("_csrf", clerk.csrf)], file: ("file", "名录库.csv", good))
            ) { response -> String in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("将新增 1 条、变更 0 条、移除 0 条，6 条不变"), "\(page)")
                let match = try #require(page.firstMatch(of: #/name="upload" value="(upload-[0-9A-F-]+)"/#))
                return String(match.1)
            }
            #expect(try fixture.workspace.targets() == before, "nothing is imported before the confirmation")
            var headers = HTTPFields()
            headers[.cookie] = clerk.cookie
            headers[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(
                uri: "/registry/targets/confirm", method: .post, headers: headers,
                body: ByteBuffer(string: "_csrf=\(clerk.csrf)&upload=\(staged)&name=%E5%90%8D%E5%BD%95%E5%BA%93.csv")
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("新增 1，变更 0，移除 0，未变 6"))
            }
            // The same upload cannot be confirmed twice, and a name that is not ours is refused.
            for name in [staged, "../spotcheck.sqlite", "upload-../../office.json"] {
                try await client.execute(
                    uri: "/registry/targets/confirm", method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(clerk.csrf)&upload=\(name)&name=x.csv")
                ) { response in
                    #expect(response.status == .notFound, "\(name)")
                }
            }
        }
        #expect(try fixture.workspace.targets().count == before.count + 1)
        let entry = try #require(try fixture.workspace.auditEntries().last { $0.action == .registryImport })
        #expect(entry.actor == Fixture.name(.clerk), "the logged-in clerk, not a typed name")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: uploads)) ?? []).isEmpty)
    }

    @Test func anUploadWithoutTheTokenOrByAWitnessLeavesNothing() async throws {
        let fixture = try Fixture()
        let clerk = try fixture.session(.clerk)
        let witness = try fixture.session(.witness)
        try await fixture.test { client in
            try await client.execute(
                uri: "/registry/targets/check", method: .post, headers: Self.upload(cookie: clerk.cookie),
                body: Self.multipart([("_csrf", "forged")], file: ("file", "名录库.csv", Array(Self.header.utf8)))
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/registry/targets/check", method: .post, headers: Self.upload(cookie: witness.cookie),
                body: Self.multipart([("_csrf", witness.csrf)], file: ("file", "名录库.csv", Array(Self.header.utf8)))
            ) { response in
                #expect(response.status == .forbidden)
            }
            // A body that ends before its closing delimiter.
            var cut = Self.multipart([("_csrf", clerk.csrf)], file: ("file", "名录库.csv", Array(Self.header.utf8)))
            cut.moveWriterIndex(to: cut.writerIndex - 12)
            try await client.execute(uri: "/registry/targets/check", method: .post, headers: Self.upload(cookie: clerk.cookie), body: cut) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: fixture.workspace.layout.uploads)) ?? []).isEmpty)
    }

    @Test func theDrawCeremonyDrawsTheWitnessSignsAndTheUnitHeadLocks() async throws {
        let fixture = try Fixture()
        let clerk = try fixture.session(.clerk)
        let witness = try fixture.session(.witness)
        let head = try fixture.session(.unitHead)
        @Sendable func form(_ session: (cookie: String, csrf: String), _ fields: [(String, String)]) -> (HTTPFields, ByteBuffer) {
            (WorkbenchTests.headers(cookie: session.cookie, form: true), WorkbenchTests.form([("_csrf", session.csrf)] + fields))
        }
        try await fixture.test { client in
            // 2024-09's window opened long ago: a draw today is refused, one entered as past with its day is not.
            var (headers, body) = form(clerk, [("sources", "双色球2024098期：3 9 14 20 27 31\n排列五24230期：1 0 7 7 2"), ("witnesses", "纪检组王某")])
            try await client.execute(uri: "/tasks/2024-09/draw", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("2024-09"))
            }
            (headers, body) = form(clerk, [
                ("sources", "双色球2024098期：3 9 14 20 27 31\n排列五24230期：1 0 7 7 2"), ("witnesses", "纪检组王某、律师李某"),
                ("drawnOn", "2024-08-30"), ("entryReason", "补录8月30日的公开摇号"),
            ])
            try await client.execute(uri: "/tasks/2024-09/draw", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/tasks/2024-09/draw", method: .get, headers: WorkbenchTests.headers(cookie: witness.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("第 1 次抽取") && page.contains("3.9.14.20.27.31./0.1.2.7.7./") && page.contains("纪检组王某、律师李某"))
                #expect(page.contains("我在场见证") && !page.contains("id=\"lock\"") && !page.contains("id=\"draw\""), "the witness signs; only a clerk draws")
            }
            (headers, body) = form(witness, [("attempt", "1")])
            try await client.execute(uri: "/tasks/2024-09/draw/witness", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/tasks/2024-09/draw/witness", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .conflict, "once")
            }
            (headers, body) = form(head, [])
            try await client.execute(uri: "/tasks/2024-09/draw/lock", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/tasks/2024-09/draw", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("抽取结果已锁定") && page.contains(Fixture.name(.witness) + " · ") && !page.contains("id=\"draw\""))
            }
        }
        #expect(try fixture.workspace.isLocked(task: "2024-09"))
        let actions = try fixture.workspace.auditEntries().suffix(3).map { "\($0.actor) \($0.actionName)" }
        #expect(actions == ["\(Fixture.name(.clerk)) draw.run", "\(Fixture.name(.witness)) draw.witness", "\(Fixture.name(.unitHead)) draw.lock"])
        #expect(try fixture.workspace.verifyAuditTrail().isEmpty)
    }

    @Test func theTaskPageMatchesSubstitutesWithTheUnitHeadAndPublishes() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let clerk = try fixture.session(.clerk)
        let head = try fixture.session(.unitHead)
        _ = try DrawService(store: fixture.workspace).draw(task: "2024-09", seed: "福彩3D 2024200 期 321", witnesses: ["纪检组王某"], by: User("张三"))
        try DrawService(store: fixture.workspace).lock(task: "2024-09", by: User("张三"))
        let visit = try #require(try fixture.workspace.visits().first { $0.tasks.contains("2024-01") })
        @Sendable func post(_ session: (cookie: String, csrf: String), _ fields: [(String, String)]) -> (HTTPFields, ByteBuffer) {
            (WorkbenchTests.headers(cookie: session.cookie, form: true), WorkbenchTests.form([("_csrf", session.csrf)] + fields))
        }
        try await fixture.test { client in
            var (headers, body) = post(clerk, [])
            try await client.execute(uri: "/tasks/2024-09/match", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            (headers, body) = post(head, [("member", "\(visit.id)|\(visit.inspectors[1])"), ("reason", "因病不能到岗")])
            try await client.execute(uri: "/tasks/2024-01/substitute", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            (headers, body) = post(head, [("on", "2024-04-20")])
            try await client.execute(uri: "/tasks/2024-01/publish", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest, "no results yet")
                #expect(String(buffer: response.body).contains("还没有结果"))
            }
            try await client.execute(uri: "/tasks/2024-01", method: .get, headers: WorkbenchTests.headers(cookie: head.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("已匹配（第 2 版记录）") && page.contains("id=\"substitute\"") && page.contains("id=\"publish\""))
            }
        }
        #expect(try fixture.workspace.visits().contains { $0.tasks.contains("2024-09") }, "2024-09 matched from the page")
        #expect(try fixture.workspace.matchCount(task: "2024-01") == 2)
        let substituted = try #require(try fixture.workspace.visits().first { $0.id == visit.id })
        #expect(!substituted.inspectors.contains(visit.inspectors[1]) && substituted.inspectors.count == visit.inspectors.count)
        let entry = try #require(try fixture.workspace.auditEntries().last { $0.action == .matchSubstitute })
        #expect(entry.actor == Fixture.name(.unitHead))
        #expect(try fixture.workspace.publications()["2024-01"] == nil)
    }

    @Test func anObjectionIsReceivedDecidedAndAnsweredWithinItsDeadlines() async throws {
        let fixture = try Fixture()  // 2024-01 published on 2024-04-20
        let clerk = try fixture.session(.clerk)
        let head = try fixture.session(.unitHead)
        let visit = try #require(try fixture.workspace.visits().dropFirst().first)
        let before = try fixture.workspace.objections().count
        @Sendable func post(_ session: (cookie: String, csrf: String), _ fields: [(String, String)]) -> (HTTPFields, ByteBuffer) {
            (WorkbenchTests.headers(cookie: session.cookie, form: true), WorkbenchTests.form([("_csrf", session.csrf)] + fields))
        }
        try await fixture.test { client in
            var (headers, body) = post(clerk, [("visit", visit.id), ("on", "2024-04-23"), ("applicant", "卫东区定点机构1"), ("reason", "对检查结论有异议")])
            try await client.execute(uri: "/objections", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body))")
            }
            let id = try #require(try fixture.workspace.objections().last?.id)
            (headers, body) = post(head, [("on", "2024-05-08"), ("decision", "维持原检查结果")])
            try await client.execute(uri: "/objections/\(id)/decide", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            (headers, body) = post(clerk, [("on", "2024-05-10")])
            try await client.execute(uri: "/objections/\(id)/feedback", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/objections", method: .get, headers: WorkbenchTests.headers(cookie: clerk.cookie)) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("对检查结论有异议") && page.contains("2024-05-08：维持原检查结果") && page.contains("2024-05-10"))
            }
        }
        let objection = try #require(try fixture.workspace.objections().last)
        #expect(try fixture.workspace.objections().count == before + 1)
        #expect(objection.decision == "维持原检查结果" && objection.feedbackOn == "2024-05-10" && !objection.reviewDue.isEmpty)
        let actors = try fixture.workspace.auditEntries().suffix(3).map(\.actor)
        #expect(actors == [Fixture.name(.clerk), Fixture.name(.unitHead), Fixture.name(.clerk)])
    }
}
