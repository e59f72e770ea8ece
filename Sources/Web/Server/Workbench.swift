import Foundation
import Hummingbird
import Inspection
import Store
import Support
import Workflow

/// `spotcheck serve`: the workbench of one office's workspace for its staff, and the public portal of
/// its published results and draw records — on the same services as the command line.
///
/// ```swift
/// let workbench = try Workbench(workspace: Workspace.open(at: "卫东区2024"))
/// try await workbench.run(host: "127.0.0.1", port: 8080)
/// ```
public final class Workbench: Sendable {
    public let workspace: Workspace
    public let accounts: AccountService
    /// Cookies marked Secure: the default; off only when serving plain HTTP on a loopback address.
    public let secureCookies: Bool
    let cache = PageCache()
    /// Pages' data and sessions looked up moments ago (`RecentCache`).
    let recent = RecentCache()
    let sessions = RecentCache()
    /// Disposals one at a time (the 销毁清册's number is the next of its year).
    let disposing = NSLock()
    let logins = Gate(limit: 2 * ProcessInfo.processInfo.activeProcessorCount)
    /// The office's name for every page's frame, read again only when office.json changes.
    let officeName = FileDerived<String>()
    /// The long work started from pages (documents, sealing, exports), with its progress.
    let jobs = Jobs()
    /// The folder of the standard forms (nil: where `FormCatalog.locate` looks).
    public let templates: String?
    /// The tool line of a 四性检测报告 made from the workbench.
    public let tool: String
    /// The time: the clock's (tests give another day, for a disposal due years ahead).
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - costLog2: scrypt's cost for passwords (tests use a cheaper one).
    ///   - secureCookies: whether the session cookie is sent over HTTPS only.
    ///   - templates: the folder of the standard forms.
    ///   - tool: this program and its version, for the reports it prints.
    ///   - now: the time (the clock's).
    public init(
        workspace: Workspace, costLog2: Int = 15, secureCookies: Bool = true, templates: String? = nil, tool: String = "SpotCheck",
        now: @escaping @Sendable () -> Date = { Clock.now() }
    ) {
        self.workspace = workspace
        self.now = now
        self.templates = templates
        self.tool = tool
        self.accounts = AccountService(store: workspace, costLog2: costLog2)
        self.secureCookies = secureCookies
    }

    static let sessionCookie = "spotcheck_session"
    static let loginCookie = "spotcheck_login"

    /// Every route and who may use it: public routes have no action.
    public struct Routes: Sendable {
        /// `METHOD /path` → the action a staff route needs.
        public internal(set) var actions: [String: StaffAction] = [:]
        /// `METHOD /path` of the routes anyone may use.
        public internal(set) var open: Set<String> = []
    }

    /// The router with every route, and the table of what each needs.
    public func router() -> (Router<WebContext>, Routes) {
        let router = Router(context: WebContext.self)
        router.add(middleware: SessionMiddleware(workbench: self))
        var routes = Routes()
        addPortal(to: router, routes: &routes)
        addLogin(to: router, routes: &routes)
        addDesk(to: router, routes: &routes)
        addRegistry(to: router, routes: &routes)
        addDraw(to: router, routes: &routes)
        addResults(to: router, routes: &routes)
        addTask(to: router, routes: &routes)
        addObjections(to: router, routes: &routes)
        addDocuments(to: router, routes: &routes)
        addArchive(to: router, routes: &routes)
        addDisposal(to: router, routes: &routes)
        addJobs(to: router, routes: &routes)
        addAdministration(to: router, routes: &routes)
        return (router, routes)
    }

    /// Serves until the process is stopped (SIGINT, SIGTERM).
    public func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        sweepUploads()
        let (router, _) = router()
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "SpotCheck"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) })
        try await app.runService()
    }

    // MARK: - Route helpers

    /// A route anyone may use.
    func open(
        _ router: Router<WebContext>, _ routes: inout Routes, _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, WebContext) async throws -> Response
    ) {
        routes.open.insert("\(method.rawValue) \(path)")
        router.on(RouterPath(path), method: method) { request, context in
            try await self.answering(context) { try await handler(request, context) }
        }
    }

    /// A route for logged-in staff whose role may do `action`; a POST must carry the session's CSRF token.
    /// With `upload`, a POST is a multipart form whose files (at most `upload` bytes in all) are written to
    /// the workspace's uploads folder — only once the person and their role are known.
    func staff(
        _ router: Router<WebContext>, _ routes: inout Routes, _ method: HTTPRequest.Method, _ path: String, _ action: StaffAction,
        upload: Int? = nil, _ handler: @escaping @Sendable (Request, WebContext, Staff, FormFields) async throws -> Response
    ) {
        routes.actions["\(method.rawValue) \(path)"] = action
        router.on(RouterPath(path), method: method) { request, context in
            try await self.answering(context) {
                let words = Words(english: context.english)
                guard let staff = context.staff else {
                    if method == .get {
                        let query = request.uri.query.map { "?" + $0 } ?? ""
                        return Self.redirect(to: "/login?next=" + HTML.percentEncoded(request.uri.path + query))
                    }
                    return self.page(context, status: .unauthorized, title: words("请先登录", "Please log in"), body: Pages.notice(
                        words("请先登录", "Please log in"), words("登录已过期或尚未登录。", "Your session has ended or you are not logged in."), words))
                }
                if staff.account.mustChangePassword, path != "/account/password", path != "/logout" {
                    return Self.redirect(to: "/account/password")
                }
                guard staff.account.role.may(action) else {
                    return self.page(context, status: .forbidden, title: words("无权操作", "Not allowed"), body: Pages.notice(
                        words("无权操作", "Not allowed"),
                        words("“\(staff.account.role.label)”不能进行此项操作。", "A \(staff.account.role.english) may not do this."), words))
                }
                var fields = FormFields()
                // Whatever the handler did not move away (to keep it, or to record it) is removed: a refused or
                // failed upload leaves nothing in the workspace.
                defer { for file in fields.files.values { try? FileManager.default.removeItem(atPath: file.path) } }
                if method == .post {
                    fields = try await self.readForm(request, upload: upload)
                    guard Self.sameOrigin(request), let token = fields["_csrf"], Self.constantTimeEqual(token, staff.session.csrf) else {
                        return self.page(context, status: .forbidden, title: words("请求无效", "Invalid request"), body: Pages.notice(
                            words("请求无效", "Invalid request"),
                            words("表单已过期或不是从本系统提交的，请返回重新操作。", "The form has expired or did not come from this site; go back and try again."), words))
                    }
                }
                return try await handler(request, context, staff, fields)
            }
        }
    }

    /// A POST's fields: URL-encoded, or with `upload` a multipart form with files.
    func readForm(_ request: Request, upload: Int?) async throws -> FormFields {
        guard let upload else { return try await FormFields.read(request) }
        let folder = workspace.layout.uploads
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let multipart = try await Multipart.read(request, into: folder, limit: upload)
        var fields = multipart.fields
        fields.files = multipart.files
        return fields
    }

    /// Runs a handler; an error of ours becomes a page that says what is wrong, in the page's language.
    func answering(_ context: WebContext, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as any SpotCheckError {
            let words = Words(english: context.english)
            let status: HTTPResponse.Status =
                switch error.errorCode.split(separator: ".").last {
                case "notFound": .notFound
                case "conflict": .conflict
                case "tooLarge": .contentTooLarge
                default: .badRequest
                }
            return page(context, status: status, title: words("无法完成", "Could not be done"), body: Pages.problem(error, words))
        }
    }

    /// The whole page: the frame (office, navigation, who is logged in) around `body`.
    func page(_ context: WebContext, status: HTTPResponse.Status = .ok, title: String, body: HTML) -> Response {
        let office = officeName.value(of: workspace.layout.settings) { (try? workspace.settings().office) ?? "" }
        let html = Pages.frame(title: title, office: office, staff: context.staff, words: Words(english: context.english), body: body)
        return Self.html(html, status: status)
    }

    /// A path parameter as the person named it: percent-decoded (links percent-encode every segment), and
    /// refused when it holds a slash, a control character or is not valid UTF-8.
    static func parameter(_ context: WebContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty, !decoded.contains("/"), !decoded.contains("\\"),
            !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw WebError(zh: "地址有误：\(raw)", en: "a malformed address: \(raw)", code: .notFound) }
        return decoded
    }

    /// Whether `path` is a regular file itself — not a link, whatever it points to.
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    static let htmlHeaders: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]

    static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: htmlHeaders, body: .init(byteBuffer: ByteBuffer(string: html.text)))
    }

    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// A request whose Origin (sent by browsers with every POST) is not this server's is refused.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Workbench {
    /// A page's data from the cache while the workspace is unchanged (`PageCache`).
    func cached<Value: Sendable>(_ key: String, _ make: () throws -> Value) throws -> Value {
        try cache.value(key, version: try workspace.version(), make: make)
    }

    /// The stamp of the workspace's audit head: it changes with every change the workspace makes.
    var headStamp: [Int] { RecentCache.stamp(of: workspace.layout.auditHead) }

    /// A page's data as `cached` gives it, taken without leaving the server's thread when it was
    /// looked up moments ago and the workspace is unchanged (`RecentCache`).
    func recently<Value: Sendable>(_ key: String, _ make: @escaping @Sendable () throws -> Value) async throws -> Value {
        let stamp = headStamp
        if let value: Value = recent.value(key, stamp: stamp) { return value }
        let value = try await blocking { try self.cached(key, make) }
        recent.keep(key, stamp: stamp, value: value)
        return value
    }
}

/// Runs blocking work (the database, files) off the server's threads.
@discardableResult
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
