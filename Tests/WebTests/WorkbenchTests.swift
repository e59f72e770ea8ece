import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import Store
import Support
import TestSupport
import Testing
@testable import Web
import Workflow
import WorkspaceFixtures

/// The workbench in process: every route, who may use it, the session and CSRF rules, and what the
/// public may see.
@Suite struct WorkbenchTests {
    /// A workspace with results published, a user per role (password `初始密码2024abc`, already changed),
    /// and a workbench with cheap password hashing.
    final class Fixture: @unchecked Sendable {
        // @unchecked: set once in init, then only read.
        let folder = TemporaryFolder("web")
        let workspace: Workspace
        let workbench: Workbench
        let router: Router<WebContext>
        let routes: Workbench.Routes
        static let password = "初始密码2024abc"

        init(taskName: String = "定点医药机构医保基金使用情况双随机抽查") throws {
            if taskName == "定点医药机构医保基金使用情况双随机抽查" {
                (workspace, _) = try FormsFixture.withResults(folder)
            } else {
                workspace = try FormsFixture.workspace(folder, taskName: taskName)
            }
            workbench = Workbench(workspace: workspace, costLog2: 10, secureCookies: true)
            for role in StaffRole.allCases {
                try workbench.accounts.add(Self.name(role), role: role, password: Self.password, mustChange: false, by: User("管理员"))
            }
            (router, routes) = workbench.router()
        }

        static func name(_ role: StaffRole) -> String { "用户\(role.rawValue)" }

        /// A session of `role`'s user: the cookie header and the CSRF token.
        func session(_ role: StaffRole) throws -> (cookie: String, csrf: String) {
            let login = try workbench.accounts.logIn(Self.name(role), password: Self.password)
            return ("spotcheck_session=\(login.token)", login.session.csrf)
        }

        func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            try await Application(router: router).test(.router, body)
        }
    }

    static func headers(cookie: String? = nil, form: Bool = false, extra: [(HTTPField.Name, String)] = []) -> HTTPFields {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        if form { headers[.contentType] = "application/x-www-form-urlencoded" }
        for (name, value) in extra { headers[name] = value }
        return headers
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\(HTMLEscapeFree.encode($0.0))=\(HTMLEscapeFree.encode($0.1))" }.joined(separator: "&"))
    }

    /// Every route of the router with its parameters filled in.
    static func concrete(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "x" : String($0) }.joined(separator: "/").replacingOccurrences(of: "//", with: "/")
            .withLeadingSlash
    }

    // MARK: - Who may use what

    @Test func everyRouteIsEitherOpenOrNamesWhoMayUseIt() throws {
        let fixture = try Fixture()
        let all = Set(fixture.router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(all.count > 10)
        #expect(all == fixture.routes.open.union(fixture.routes.actions.keys), "the table of the workbench is the router's routes")
        #expect(fixture.routes.open.isDisjoint(with: fixture.routes.actions.keys))
        // What is open is the portal, its files and the login: nothing else.
        for route in fixture.routes.open {
            let path = String(route.split(separator: " ")[1])
            #expect(path == "/" || path == "/login" || path == "/healthz" || path.hasPrefix("/public/") || path.hasPrefix("/static/"), "\(route) is open")
        }
    }

    @Test func everyNonPublicRouteRefusesAnAnonymousRequest() async throws {
        let fixture = try Fixture()
        let routes = fixture.router.routes.filter { !fixture.routes.open.contains("\($0.method.rawValue) \($0.path.description)") }
            .map { (method: $0.method, path: $0.path.description) }
        #expect(!routes.isEmpty)
        try await fixture.test { client in
            for route in routes {
                let uri = Self.concrete(route.path)
                try await client.execute(uri: uri, method: route.method, headers: Self.headers(form: true), body: Self.form([("_csrf", "x")])) { response in
                    if route.method == .get {
                        #expect(response.status == .seeOther, "\(route)")
                        #expect(response.headers[.location]?.hasPrefix("/login?next=") == true, "\(route)")
                    } else {
                        #expect(response.status == .unauthorized, "\(route)")
                    }
                }
                // A cookie that names no session is no better.
                try await client.execute(
                    uri: uri, method: route.method, headers: Self.headers(cookie: "spotcheck_session=" + String(repeating: "A", count: 43), form: true),
                    body: Self.form([("_csrf", "x")])
                ) { response in
                    #expect(response.status == (route.method == .get ? .seeOther : .unauthorized), "\(route) with a forged cookie")
                }
            }
        }
    }

    @Test func eachRoleMayDoExactlyWhatTheMatrixAllows() async throws {
        let fixture = try Fixture()
        let routes = fixture.routes.actions.sorted { $0.key < $1.key }
        var sessions: [StaffRole: (cookie: String, csrf: String)] = [:]
        for role in StaffRole.allCases { sessions[role] = try fixture.session(role) }
        let frozen = sessions
        try await fixture.test { client in
            for role in StaffRole.allCases {
                for (route, action) in routes where route != "POST /logout" {
                    let parts = route.split(separator: " ")
                    let method = HTTPRequest.Method(rawValue: String(parts[0]))!
                    let session = frozen[role]!
                    try await client.execute(
                        uri: Self.concrete(String(parts[1])), method: method, headers: Self.headers(cookie: session.cookie, form: true),
                        body: Self.form([("_csrf", session.csrf)])
                    ) { response in
                        if role.may(action) {
                            #expect(response.status != .forbidden && response.status != .unauthorized, "\(role.rawValue) may \(route)")
                        } else {
                            #expect(response.status == .forbidden, "\(role.rawValue) may not \(route)")
                        }
                    }
                }
            }
        }
    }

    // MARK: - Sessions and forms

    @Test func aFormWithoutTheSessionsTokenIsRefused() async throws {
        let fixture = try Fixture()
        let admin = try fixture.session(.admin)
        try await fixture.test { client in
            let add: [(String, String)] = [("name", "李四"), ("role", "办事员"), ("password", "李四的密码2024x")]
            for (csrf, origin) in [(nil, nil), ("wrong" + admin.csrf.dropFirst(5), nil), (admin.csrf, "http://evil.example")] as [(String?, String?)] {
                let fields = add + (csrf.map { [("_csrf", $0)] } ?? [])
                let extra: [(HTTPField.Name, String)] = origin.map { [(.origin, $0)] } ?? []
                try await client.execute(
                    uri: "/admin/users", method: .post, headers: Self.headers(cookie: admin.cookie, form: true, extra: extra), body: Self.form(fields)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("请求无效"))
                }
            }
            #expect(try fixture.workspace.account(named: "李四") == nil)
            try await client.execute(
                uri: "/admin/users", method: .post, headers: Self.headers(cookie: admin.cookie, form: true), body: Self.form(add + [("_csrf", admin.csrf)])
            ) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try fixture.workspace.account(named: "李四")?.role == .clerk)
            // The audit entry names the administrator logged in, and holds no password hash.
            let entry = try #require(try fixture.workspace.auditEntries().last)
            #expect(entry.actor == Fixture.name(.admin) && entry.actionName == "account.add" && entry.entityID == "李四")
            #expect(!(entry.after ?? "").contains("scrypt"))
        }
    }

    @Test func loggingInSetsAStrictCookieAndAnInitialPasswordMustBeChanged() async throws {
        let fixture = try Fixture()
        try fixture.workbench.accounts.add("王五", role: .inspector, password: "王五初始密码2024", by: User("管理员"))
        try await fixture.test { client in
            let token = try await client.execute(uri: "/login", method: .get) { response -> String in
                #expect(response.status == .ok)
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("spotcheck_login=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"))
                return String(cookie.dropFirst("spotcheck_login=".count).prefix { $0 != ";" })
            }
            let session = try await client.execute(
                uri: "/login", method: .post, headers: Self.headers(cookie: "spotcheck_login=\(token)", form: true),
                body: Self.form([("_csrf", token), ("name", "王五"), ("password", "王五初始密码2024")])
            ) { response -> String in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/account/password")
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("spotcheck_session=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"))
                return String(cookie.dropFirst("spotcheck_session=".count).prefix { $0 != ";" })
            }
            // Until the password is changed, every page leads to the form.
            try await client.execute(uri: "/desk", method: .get, headers: Self.headers(cookie: "spotcheck_session=\(session)")) { response in
                #expect(response.status == .seeOther && response.headers[.location] == "/account/password")
            }
            let csrf = try #require(try fixture.workbench.accounts.session(token: session)?.0.csrf)
            try await client.execute(
                uri: "/account/password", method: .post, headers: Self.headers(cookie: "spotcheck_session=\(session)", form: true),
                body: Self.form([("_csrf", csrf), ("old", "王五初始密码2024"), ("new", "王五自己的密码9"), ("again", "王五自己的密码9")])
            ) { response in
                #expect(response.status == .badRequest, "9 characters are too few")
            }
            // The change ends every session of the account; this browser is given a new one.
            let renewed = try await client.execute(
                uri: "/account/password", method: .post, headers: Self.headers(cookie: "spotcheck_session=\(session)", form: true),
                body: Self.form([("_csrf", csrf), ("old", "王五初始密码2024"), ("new", "王五自己的密码2025"), ("again", "王五自己的密码2025")])
            ) { response -> String in
                #expect(response.status == .seeOther && response.headers[.location] == "/desk")
                let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("spotcheck_session=") })
                return String(cookie.dropFirst("spotcheck_session=".count).prefix { $0 != ";" })
            }
            #expect(try fixture.workbench.accounts.session(token: session) == nil)
            try await client.execute(uri: "/desk", method: .get, headers: Self.headers(cookie: "spotcheck_session=\(renewed)")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("工作台"))
            }
            let newCSRF = try #require(try fixture.workbench.accounts.session(token: renewed)?.0.csrf)
            // Logging out ends the session on the server, not only in the browser.
            try await client.execute(
                uri: "/logout", method: .post, headers: Self.headers(cookie: "spotcheck_session=\(renewed)", form: true), body: Self.form([("_csrf", newCSRF)])
            ) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try fixture.workbench.accounts.session(token: renewed) == nil)
        }
    }

    @Test func tenWrongPasswordsLockTheNameAndTheRightOneIsThenRefused() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            for name in [Fixture.name(.clerk), "没有这个人"] {
                for attempt in 1...10 {
                    try await client.execute(
                        uri: "/login", method: .post, headers: Self.headers(cookie: "spotcheck_login=t", form: true),
                        body: Self.form([("_csrf", "t"), ("name", name), ("password", "错误的密码\(attempt)")])
                    ) { response in
                        #expect(response.status == .unauthorized)
                    }
                }
                try await client.execute(
                    uri: "/login", method: .post, headers: Self.headers(cookie: "spotcheck_login=t", form: true),
                    body: Self.form([("_csrf", "t"), ("name", name), ("password", Fixture.password)])
                ) { response in
                    #expect(response.status == .unauthorized)
                    // The same words for a person who exists and one who does not.
                    #expect(String(buffer: response.body).contains("登录失败次数过多"), "\(name)")
                }
            }
        }
        // An administrator's reset lifts the lock.
        try fixture.workbench.accounts.reset(Fixture.name(.clerk), password: "新的初始密码2024", by: User("管理员"))
        #expect(throws: Never.self) { try fixture.workbench.accounts.logIn(Fixture.name(.clerk), password: "新的初始密码2024") }
    }

    @Test func aSessionEndsWhenIdleWhenOldAndWhenItsAccountIsDisabled() throws {
        let fixture = try Fixture()
        let accounts = fixture.workbench.accounts
        let start = Date(timeIntervalSince1970: 1_733_000_000)
        let login = try accounts.logIn(Fixture.name(.clerk), password: Fixture.password, at: start)
        #expect(try accounts.session(token: login.token, at: start.addingTimeInterval(29 * 60)) != nil)
        #expect(try accounts.session(token: login.token, at: start.addingTimeInterval(58 * 60)) != nil, "kept alive by the request at 29 min")
        #expect(try accounts.session(token: login.token, at: start.addingTimeInterval(89 * 60)) == nil, "31 min idle")
        let second = try accounts.logIn(Fixture.name(.clerk), password: Fixture.password, at: start)
        var time = start
        while time < start.addingTimeInterval(AccountService.sessionLifetime - 60) {
            time = time.addingTimeInterval(20 * 60)
            _ = try accounts.session(token: second.token, at: time)
        }
        #expect(try accounts.session(token: second.token, at: start.addingTimeInterval(AccountService.sessionLifetime + 1)) == nil, "12 h")
        let third = try accounts.logIn(Fixture.name(.clerk), password: Fixture.password)
        try accounts.setDisabled(Fixture.name(.clerk), true, by: User("管理员"))
        #expect(try accounts.session(token: third.token) == nil)
        #expect(throws: WorkflowError.self) { try accounts.logIn(Fixture.name(.clerk), password: Fixture.password) }
    }

    // MARK: - What the public sees

    @Test func thePublicPagesShowThePublishedResultsAndNothingPersonal() async throws {
        let fixture = try Fixture()
        let visits = try fixture.workspace.visits()
        try await fixture.test { client in
            var pages: [String] = []
            for uri in ["/", "/public/tasks/2024-01", "/public/verify?record=2024-01-1.xml"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                    pages.append(String(buffer: response.body))
                }
            }
            #expect(pages[1].contains("公示日期") && pages[1].contains("限期整改"))
            for visit in visits { #expect(pages[1].contains(visit.target)) }
            for page in pages {
                #expect(!page.contains("建设路"), "no address")
                #expect(!page.contains("1390000000"), "no phone number")
                #expect(!page.contains("法人0") && !page.contains("法人1"), "no legal representative")
            }
            // The draw's files are downloadable as they are on disk.
            let record = try Data(contentsOf: URL(fileURLWithPath: "\(fixture.workspace.root)/draws/2024-01-1.xml"))
            try await client.execute(uri: "/public/files/2024-01-1.xml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(buffer: response.body) == record)
            }
        }
    }

    @Test func downloadsCannotLeaveThePublishedFolder() async throws {
        let fixture = try Fixture()
        let draws = "\(fixture.workspace.root)/draws"
        try FileManager.default.createSymbolicLink(atPath: "\(draws)/link.xml", withDestinationPath: "\(fixture.workspace.root)/office.json")
        try Data("secret".utf8).write(to: URL(fileURLWithPath: "\(draws)/.hidden.xml"))
        try await fixture.test { client in
            for uri in [
                "/public/files/..%2Fspotcheck.sqlite", "/public/files/..%2F..%2Fetc%2Fpasswd", "/public/files/link.xml", "/public/files/.hidden.xml",
                "/public/files/%2E%2E%2Foffice.json", "/public/files/spotcheck.sqlite", "/public/files/2024-01-1.xml%00.csv",
                "/static/..%2F..%2FPackage.swift", "/public/files/%E2%80%AE1-10-4202.xml",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("secret"))
                }
            }
        }
    }

    @Test func aNameWithMarkupIsShownAsText() async throws {
        let fixture = try Fixture(taskName: "<script>alert(1)</script>")
        try fixture.workbench.accounts.add("<img src=x onerror=alert(1)>", role: .clerk, password: Fixture.password, by: User("管理员"))
        let admin = try fixture.session(.admin)
        try await fixture.test { client in
            for (uri, cookie) in [("/", nil), ("/public/tasks/2024-01", nil), ("/admin/users", admin.cookie), ("/desk", admin.cookie)] as [(String, String?)] {
                try await client.execute(uri: uri, method: .get, headers: Self.headers(cookie: cookie)) { response in
                    let page = String(buffer: response.body)
                    #expect(response.status == .ok, "\(uri)")
                    #expect(!page.contains("<script>alert") && !page.contains("<img src=x"), "\(uri)")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            }
        }
    }

    @Test func aBodyLargerThanAFormIsRefused() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            let big = ByteBuffer(string: "_csrf=t&name=" + String(repeating: "a", count: Limits.form + 1))
            try await client.execute(uri: "/login", method: .post, headers: Self.headers(cookie: "spotcheck_login=t", form: true), body: big) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    @Test func anAdministratorManagesAPersonWithAChineseName() async throws {
        let fixture = try Fixture()
        let admin = try fixture.session(.admin)
        try fixture.workbench.accounts.add("张三", role: .clerk, password: Fixture.password, mustChange: false, by: User("管理员"))
        let zhang = try fixture.workbench.accounts.logIn("张三", password: Fixture.password)
        try await fixture.test { client in
            // As the page links it: percent-encoded.
            try await client.execute(
                uri: "/admin/users/\(HTML.percentEncoded("张三"))/disable", method: .post, headers: Self.headers(cookie: admin.cookie, form: true),
                body: Self.form([("_csrf", admin.csrf)])
            ) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body))")
            }
            try await client.execute(
                uri: "/admin/users/\(HTML.percentEncoded("用户管理员"))/role", method: .post, headers: Self.headers(cookie: admin.cookie, form: true),
                body: Self.form([("_csrf", admin.csrf), ("role", "办事员")])
            ) { response in
                #expect(response.status == .badRequest, "not one's own role")
            }
        }
        #expect(try fixture.workspace.account(named: "张三")?.disabled == true)
        #expect(try fixture.workbench.accounts.session(token: zhang.token) == nil, "their session ended")
        #expect(try fixture.workspace.account(named: "用户管理员")?.role == .admin)
    }

    @Test func aResultNotYetPublishedIsNotOnThePortal() async throws {
        let fixture = try Fixture(taskName: "定点医药机构检查")
        let visit = try #require(try fixture.workspace.visits().first)
        let day = try #require(CivilDate(parsing: visit.date))
        try ResultService(store: fixture.workspace).record(
            VisitResult(
                visit: visit.id, started: day, finished: day, findings: [.init(item: "医保基金使用情况检查", finding: "拒绝提供账目")], outcome: .investigate,
                refusal: "拒绝签字", witness: "社区干部李某", nonCooperation: [2], nonCooperationDetails: "负责人拒签，电话13812345678"),
            by: User("张三"))
        let name = try #require(try fixture.workspace.targets(codes: [visit.target])[visit.target]?.name)
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(!page.contains(name) && !page.contains("13812345678"), "an unpublished result is not public")
            }
        }
    }

    @Test func changingOnesPasswordEndsEveryOtherSession() async throws {
        let fixture = try Fixture()
        let first = try fixture.workbench.accounts.logIn(Fixture.name(.clerk), password: Fixture.password)
        let second = try fixture.session(.clerk)
        try await fixture.test { client in
            try await client.execute(
                uri: "/account/password", method: .post, headers: Self.headers(cookie: second.cookie, form: true),
                body: Self.form([("_csrf", second.csrf), ("old", Fixture.password), ("new", "新的密码2025abc"), ("again", "新的密码2025abc")])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("spotcheck_session=") }, "this browser gets a new session")
            }
        }
        #expect(try fixture.workbench.accounts.session(token: first.token) == nil)
    }

    @Test func parallelGuessesAreEachCountedAndANameNoAccountCanHaveStoresNothing() async throws {
        let fixture = try Fixture()
        let accounts = fixture.workbench.accounts
        await withTaskGroup(of: Void.self) { group in
            for attempt in 0..<10 {
                group.addTask { _ = try? accounts.logIn(Fixture.name(.witness), password: "错误的密码\(attempt)") }
            }
        }
        #expect(throws: WorkflowError.self) { try accounts.logIn(Fixture.name(.witness), password: Fixture.password) }
        #expect(throws: WorkflowError.self) { try accounts.logIn(String(repeating: "长", count: 5000), password: "x") }
        let rows = try await fixture.workspace.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_throttle") }
        #expect(rows == 1, "only the real name's attempts are kept")
    }

    @Test func timesAreShownInBeijing() {
        #expect(Pages.beijing("2026-12-02T01:03:48Z") == "2026-12-02 09:03")
        #expect(Pages.beijing("2024-12-31T16:30:00Z") == "2025-01-01 00:30", "past midnight in Beijing is the next day")
        #expect(Pages.beijing("2024-02-28T23:59:59.123Z") == "2024-02-29 07:59")
        #expect(Pages.beijing("2024-02-28") == "2024-02-28", "a date alone stays")
    }

    @Test func anEnglishBrowserGetsEnglish() async throws {
        let fixture = try Fixture()
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get, headers: Self.headers(extra: [(.acceptLanguage, "en-GB,en;q=0.9,zh-CN;q=0.5")])) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Public information") && page.contains("lang=\"en\""))
            }
            try await client.execute(uri: "/", method: .get, headers: Self.headers(extra: [(.acceptLanguage, "zh-CN,zh;q=0.9,en;q=0.8")])) { response in
                #expect(String(buffer: response.body).contains("公开信息"))
            }
        }
    }
}

/// Percent-encoding for test forms.
enum HTMLEscapeFree {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.subtracting(CharacterSet(charactersIn: "+&="))) ?? text
    }
}

extension String {
    fileprivate var withLeadingSlash: String { hasPrefix("/") ? self : "/" + self }
}
