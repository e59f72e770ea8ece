import Foundation
import Hummingbird
import Inspection
import Store
import Workflow

/// The public portal (一公开): no login, nothing personal — the plan's tasks, each draw's record and
/// registry snapshot, the published results, and a page that verifies a draw in the visitor's browser.
extension Workbench {
    func addPortal(to router: Router<WebContext>, routes: inout Routes) {
        open(router, &routes, .get, "/") { _, context in
            try await self.publicPage(context, "portal") { words in
                (words("公开信息", "Public information"), Pages.portal(try self.publicOverview(), words))
            }
        }
        open(router, &routes, .get, "/public/tasks/{task}") { _, context in
            let id = try Self.parameter(context, "task")
            return try await self.publicPage(context, "task \(id)") { words in
                let detail = try self.publicTask(id)
                return (detail.task.name, Pages.publicTask(detail, words))
            }
        }
        open(router, &routes, .get, "/public/files/{name}") { _, context in
            let name = try Self.parameter(context, "name")
            guard let path = self.publicFile(name) else { throw WebError.notFound(name) }
            var headers = HTTPFields()
            headers[.contentType] = name.hasSuffix(".csv") ? "text/csv; charset=utf-8" : "application/xml; charset=utf-8"
            // RFC 6266: an ASCII name as it is, any other also percent-encoded (RFC 8187).
            let plain = name.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" }
            headers[.contentDisposition] =
                plain ? "attachment; filename=\"\(name)\"" : "attachment; filename=\"download\(name.hasSuffix(".csv") ? ".csv" : ".xml")\"; filename*=UTF-8''\(HTML.percentEncoded(name))"
            return Response(status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
        }
        open(router, &routes, .get, "/public/verify") { request, context in
            let words = Words(english: context.english)
            let record = request.uri.queryParameters["record"].map(String.init).flatMap { self.publicFile($0) == nil ? nil : $0 }
            return self.page(context, title: words("核验随机抽取", "Verify a random draw"), body: Pages.verify(record: record, words))
        }
        // For a reverse proxy's health check, and the framework's own ceiling in bench/serve.
        open(router, &routes, .get, "/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        open(router, &routes, .get, "/static/{file}") { _, context in
            let name = try Self.parameter(context, "file")
            guard let (bytes, type) = Assets.file(name) else { throw WebError.notFound(name) }
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// The tasks of the plan as the public sees them.
    struct PublicOverview: Sendable {
        struct Task: Sendable {
            var task: PlanTask
            var draws: Int
            var locked: Bool
            var publishedOn: String?
        }
        var tasks: [Task]
        var snapshots: [String]
        var nonCooperation: [PublicView.NonCooperationLine]
    }

    func publicOverview() throws -> PublicOverview {
        let publications = try workspace.publications()
        let tasks = try workspace.tasks().map { task in
            PublicOverview.Task(
                task: task, draws: try workspace.drawCount(task: task.id), locked: try workspace.isLocked(task: task.id),
                publishedOn: publications[task.id])
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: workspace.layout.draws)) ?? []
        let snapshots = files.filter { $0.hasPrefix("targets-") && $0.hasSuffix(".csv") }.sorted()
        // A line that cannot be published (personal data in a correction made by hand) hides the list, not the page.
        let nonCooperation = (try? ResultService(store: workspace).publicNonCooperation()) ?? []
        return PublicOverview(tasks: tasks, snapshots: snapshots, nonCooperation: nonCooperation)
    }

    /// One task as the public sees it: its draw attempts and match versions, and its results once published.
    struct PublicTask: Sendable {
        var task: PlanTask
        var draws: [String]
        var locked: Bool
        var matches: [String]
        var publishedOn: String?
        var results: [PublicView.ResultLine]
    }

    func publicTask(_ id: String) throws -> PublicTask {
        guard let task = try workspace.tasks().first(where: { $0.id == id }) else { throw WebError.notFound(id) }
        let publishedOn = try workspace.publications()[id]
        let draws = (0..<(try workspace.drawCount(task: id))).map { WorkspaceLayout.relativeDraw(task: id, number: $0 + 1) }
        let matches = (0..<(try workspace.matchCount(task: id))).map { WorkspaceLayout.relativeMatch(task: id, number: $0 + 1) }
        return PublicTask(
            task: task, draws: draws.map { String($0.dropFirst("draws/".count)) }, locked: try workspace.isLocked(task: id),
            matches: matches.map { String($0.dropFirst("draws/".count)) }, publishedOn: publishedOn,
            results: publishedOn == nil ? [] : try ResultService(store: workspace).publicResults(task: id))
    }

    /// A public page: for a visitor (no one logged in) the whole answer is kept, as bytes, until the
    /// workspace changes — what every visitor of a task's results gets is the same; for staff, whose
    /// frame names them, it is built each time.
    func publicPage(
        _ context: WebContext, _ key: String, _ make: @escaping @Sendable (Words) throws -> (title: String, body: HTML)
    ) async throws -> Response {
        let words = Words(english: context.english)
        guard context.staff == nil else {
            let (title, body) = try await blocking { try make(words) }
            return page(context, title: title, body: body)
        }
        let bytes = try await recently("public \(words.english) \(key)") { () -> ByteBuffer in
            let (title, body) = try make(words)
            let office = self.officeName.value(of: self.workspace.layout.settings) { (try? self.workspace.settings().office) ?? "" }
            return ByteBuffer(string: Pages.frame(title: title, office: office, staff: nil, words: words, body: body).text)
        }
        return Response(status: .ok, headers: Self.htmlHeaders, body: .init(byteBuffer: bytes))
    }

    /// The path of a published file of `draws/` — a draw or match record, or a registry snapshot —
    /// named plainly (no folder, no `..`, no hidden file, no control or format character; task ids may be
    /// Chinese), and a regular file, not a link; nil otherwise.
    func publicFile(_ name: String) -> String? {
        guard name.utf8.count <= 255, !name.hasPrefix("."), !name.contains("/"), !name.contains("\\"), !name.contains(".."),
            !name.unicodeScalars.contains(where: { [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }),
            name.hasSuffix(".xml") || name.hasSuffix(".csv")
        else { return nil }
        let path = "\(workspace.layout.draws)/\(name)"
        return Self.isRegularFile(path) ? path : nil
    }
}
