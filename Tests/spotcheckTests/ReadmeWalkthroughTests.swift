import Foundation
import TestSupport
import Testing

/// Issue 14: the README's walkthrough for the clerk, the archivist and the auditor, run as written — in a
/// folder outside the repository, with `spotcheck` from the PATH — ends with documents a clerk can send
/// (its last clerk step, Tests/checker/doccheck.py, says so) and a verified archive.
@Suite struct ReadmeWalkthroughTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The ```sh blocks of the sections whose heading starts with one of `headings`, in order.
    static func blocks(of readme: String, under headings: [String]) -> String {
        var script: [String] = []
        var section = ""
        var inside = false
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            if line.hasPrefix("```") {
                inside = line == "```sh" && headings.contains { section.hasPrefix($0) }
                continue
            }
            if inside { script.append(line) }
        }
        return script.joined(separator: "\n")
    }

    @Test func theWalkthroughRunsAsWrittenFromAnotherFolder() throws {
        let readme = try String(contentsOfFile: "\(Self.repository)/README.md", encoding: .utf8)
        var script = Self.blocks(of: readme, under: ["办事员", "档案员", "纪检"])
        #expect(script.contains("repo=~/spotcheck"), "the walkthrough names the clone once, as repo=…")
        script = script.replacingOccurrences(of: "repo=~/spotcheck", with: "repo='\(Self.repository)'")
        let home = TemporaryFolder()
        let bin = URL(fileURLWithPath: try Tools.builtProduct("spotcheck")).deletingLastPathComponent().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let run = try Tools.run(
            "env", ["-u", "SPOTCHECK_TEMPLATES", "-u", "SPOTCHECK_WORKSPACE", "HOME=\(home.path)", "PATH=\(bin):\(path)", "LANG=C.UTF-8", "bash", "-euo", "pipefail", "-c", script],
            in: home.path)
        #expect(run.succeeded, "\(run.stdout.suffix(2000))\(run.stderr.suffix(3000))")
        #expect(run.stdout.contains("文书自检：") && run.stdout.contains("无只有签字栏的页面"), "\(run.stdout.suffix(1500))")
        #expect(run.stdout.contains("四性检测：") && run.stdout.contains("不通过 0 个"), "\(run.stdout.suffix(1500))")
        #expect(run.stdout.contains("审计记录完好"), "\(run.stdout.suffix(800))")
        let documents = "\(home.path)/医保抽查/卫东区2024/documents/2024-01"
        #expect(FileManager.default.fileExists(atPath: "\(documents)/2024-01-0001-责令限期整改通知书.pdf"))
    }
}
