import Foundation
import TestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func printsItsVersion() throws {
        let run = try Tools.run(try Tools.builtProduct("spotcheck"), ["--version"])
        #expect(run.succeeded)
        #expect(run.stdout == "0.1.0\n")
    }

    func spotcheck(_ arguments: [String], lang: String) throws -> Tools.Outcome {
        try Tools.run("env", ["-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=\(lang)", try Tools.builtProduct("spotcheck")] + arguments)
    }

    @Test func printsHelpInChineseAndInEnglishUnderAnEnglishLocale() throws {
        let chinese = try spotcheck(["--help"], lang: "zh_CN.UTF-8")
        #expect(chinese.succeeded)
        #expect(chinese.stdout.contains("用法：spotcheck") && chinese.stdout.contains("子命令：") && chinese.stdout.contains("显示帮助。"), "\(chinese.stdout)")
        #expect(chinese.stdout.contains("双随机、一公开") && chinese.stdout.contains("000《潮州市医疗保障"))
        #expect(!chinese.stdout.contains("USAGE") && !chinese.stdout.contains("Show help"))
        let english = try spotcheck(["--help"], lang: "en_US.UTF-8")
        #expect(english.stdout.contains("USAGE: spotcheck") && english.stdout.contains("Paperwork and records"), "\(english.stdout)")
        // Every command's help ends with an example, in Chinese by default.
        for command in [["result", "record"], ["draw", "run"], ["archive", "seal"], ["office"], ["render"]] {
            let help = try spotcheck(command + ["--help"], lang: "C.UTF-8")
            #expect(help.succeeded && help.stdout.contains("示例：") && help.stdout.contains("选项："), "\(command): \(help.stdout)")
        }
        let optionHelp = try spotcheck(["result", "record", "--help"], lang: "zh_CN.UTF-8").stdout
        #expect(optionHelp.contains("违规金额（元") && optionHelp.contains("（默认：现场）"), "\(optionHelp)")
    }

    @Test func commandLineMistakesAreSaidInChinese() throws {
        let missing = try spotcheck(["result", "record"], lang: "zh_CN.UTF-8")
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("错误：缺少参数 '<visit>'") && missing.stderr.contains("用法：spotcheck result record"), "\(missing.stderr)")
        let unknown = try spotcheck(["result", "record", "2024-01-0001", "--finished", "2024-03-01", "--colour"], lang: "zh_CN.UTF-8")
        #expect(unknown.status == 64 && unknown.stderr.contains("没有选项 '--colour'"), "\(unknown.stderr)")
        let english = try spotcheck(["result", "record"], lang: "en_US.UTF-8")
        #expect(english.stderr.hasPrefix("Error: Missing expected argument '<visit>'"), "\(english.stderr)")
    }
}

@Suite struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Issue 14, item 8: the README's set-up leaves a `spotcheck` that works from any folder — the binary and
    /// its standard forms installed together, found from the binary's place, not from the clone.
    @Test func anInstalledBinaryFindsItsFormsFromAnyFolder() throws {
        let folder = TemporaryFolder()
        let prefix = folder.file("prefix")
        let install = try Tools.run(
            "env", ["SPOTCHECK_BIN=\(try Tools.builtProduct("spotcheck"))", "bash", "\(Self.repository)/.ci/install-bin", prefix])
        #expect(install.succeeded, "\(install.stdout)\(install.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/spotcheck/templates/catalog.json"))
        #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/spotcheck/archive/retention.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(prefix)/share/spotcheck/templates/source"), "the forms' source is not installed")
        let forms = try Tools.run("env", ["-u", "SPOTCHECK_TEMPLATES", "LANG=zh_CN.UTF-8", "\(prefix)/bin/spotcheck", "forms", "--json"], in: "/")
        #expect(forms.succeeded && forms.stdout.contains("检查告知书"), "\(forms.stderr)")
        // Installing again over the first install leaves one copy, never half a folder.
        #expect(try Tools.run("env", ["SPOTCHECK_BIN=\(try Tools.builtProduct("spotcheck"))", "bash", "\(Self.repository)/.ci/install-bin", prefix]).succeeded)
        let left = try FileManager.default.contentsOfDirectory(atPath: "\(prefix)/share/spotcheck").sorted()
        #expect(left == ["archive", "templates"], "\(left)")
    }
}
