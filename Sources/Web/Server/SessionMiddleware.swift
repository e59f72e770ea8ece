import Foundation
import HTTPTypes
import Hummingbird
import Store
import Workflow

/// Before every route: who is logged in (the session cookie) and which language the browser prefers.
/// After it: the headers every answer carries (no framing by other sites, no sniffing, scripts only
/// from this server).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let workbench: Workbench

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.english = Words.prefersEnglish(request.headers[.acceptLanguage])
        if let token = request.cookies[Workbench.sessionCookie]?.value {
            // A session checked moments ago, with the workspace unchanged since, is not read again (`RecentCache`).
            let stamp = workbench.headStamp
            if let staff: Staff = workbench.sessions.value(token, stamp: stamp),
                Date().timeIntervalSince(staff.session.lastSeen) <= AccountService.idleTimeout
            {
                context.staff = staff
            } else {
                let accounts = workbench.accounts
                // A logout while this lookup runs clears the cache: what was read before it is not kept.
                let generation = workbench.sessions.generation
                if let (session, account) = try await blocking({ try accounts.session(token: token) }) {
                    let staff = Staff(session: session, account: account)
                    context.staff = staff
                    workbench.sessions.keep(token, stamp: stamp, value: staff, since: generation)
                }
            }
        }
        // Whatever this server changes (a logout, a password, an account) is seen by the next request: the
        // kept sessions are forgotten before such a request is handled and again after it.
        let changes = request.method != .get && request.method != .head
        if changes { workbench.sessions.clear() }
        defer { if changes { workbench.sessions.clear() } }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            // The framework's own refusals (a body over the limit) carry the same headers as every page.
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "\(error.status.code) \(error.status.reasonPhrase)\n")))
        }
        response.headers[.xFrameOptions] = "SAMEORIGIN"
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    /// For the IE-compatible modes offices use, which ignore CSP's frame-ancestors.
    static let xFrameOptions = Self("X-Frame-Options")!
}
