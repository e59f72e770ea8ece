import ArgumentParser
import Foundation
import Store
import Web

/// `spotcheck serve`: the workbench and the public portal of a workspace, in the browser.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("在浏览器中使用：工作人员的工作台和公众的公开信息页（含在浏览器中核验抽取）。",
                      en: "The workbench for staff and the public portal (with in-browser draw verification), in the browser."),
        discussion: .zh("""
            用户用 spotcheck user add 添加。在本机地址（127.0.0.1）上以 HTTP 提供服务；对外提供服务时请置于 HTTPS
            反向代理之后，会话 Cookie 仅经 HTTPS 发送（监听非本机地址，或使用 --secure-cookies 时）。按 Ctrl-C 停止。
            示例：
              spotcheck serve --workspace 卫东区2024
              spotcheck serve --workspace 卫东区2024 --listen 0.0.0.0:8443 --secure-cookies
            """, en: """
            Add users with spotcheck user add. Serves HTTP on a loopback address; to serve others, put it behind an
            HTTPS reverse proxy: the session cookie is then sent over HTTPS only (when listening on another address,
            or with --secure-cookies). Ctrl-C stops it.
            Examples:
              spotcheck serve --workspace 卫东区2024
              spotcheck serve --workspace 卫东区2024 --listen 0.0.0.0:8443 --secure-cookies
            """)
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var templates: TemplateOptions

    @Option(help: .zh("监听的地址和端口。", en: "The address and port to listen on."))
    var listen = "127.0.0.1:8080"

    @Flag(help: .zh("会话 Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后时）。", en: "Send the session cookie over HTTPS only (behind an HTTPS proxy)."))
    var secureCookies = false

    func run() throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw CommandProblem(zh: "--listen 应为 地址:端口，如 127.0.0.1:8080", en: "--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080")
        }
        let host = listen[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        let workspace = try options.open()
        let users = try workspace.accounts().filter { !$0.disabled }.count
        let workbench = Workbench(
            workspace: workspace, secureCookies: secureCookies || !loopback, templates: templates.templates, tool: CheckReportPrinter.tool)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await workbench.run(host: host, port: port) { bound in
                    Console.say(
                        "工作台：http://\(listen.hasPrefix("[") ? "[\(host)]" : host):\(bound)/ （\(users) 个用户；按 Ctrl-C 停止）",
                        "Workbench: http://\(host):\(bound)/ (\(users) users; Ctrl-C stops it)")
                    if users == 0 {
                        Console.say("还没有用户：spotcheck user add 姓名 --role 管理员", "No users yet: spotcheck user add NAME --role 管理员")
                    }
                }
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// How the server ended, handed from its task to the command.
    final class Outcome: @unchecked Sendable {
        // Written once by the server's task before it signals; read after the wait.
        var error: (any Error)?
    }
}
