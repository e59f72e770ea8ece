import ArgumentParser
import Support
import ZipCore

@main
struct SpotCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotcheck",
        abstract: .zh("医疗保障基金“双随机、一公开”抽查的文书与档案。",
                      en: "Paperwork and records for 双随机、一公开 spot checks of medical-insurance funds."),
        discussion: .zh("""
            退出状态：0 成功；1 输入有问题（模板、数据），并说明问题在哪里；64 命令行写错。
            提示和帮助默认为中文；设置 LANG=en_US.UTF-8 可改为英文。
            每个命令都有说明和示例：spotcheck help result record
            说明中的 000–004 指五份依据文件，§ 为条、(二十三) 为项：000《潮州市医疗保障“双随机、一公开”监管工作实施细则》，
            001《吉林省医疗保障基金监管事项“双随机、一公开”抽查检查工作实施细则》（吉医保发〔2021〕30号），
            002《淄博市医疗保障局桓台分局“双随机、一公开”监管工作细则》，003 平卫医保〔2024〕4号，004 丰医保发〔2024〕13号。
            """, en: """
            Exit status: 0 success; 1 a problem with the input (template, data), reported with where it is;
            64 a command-line mistake. Messages are in Chinese; set LANG=en_US.UTF-8 for English.
            Every command explains itself, with examples: spotcheck help result record
            000–004 in the texts are the five source policies (§ an article, (二十三) an item): 000 Chaozhou's rules,
            001 Jilin's (吉医保发〔2021〕30号), 002 Huantai's, 003 Weidong's (平卫医保〔2024〕4号), 004 Fengtai's (丰医保发〔2024〕13号).
            """),
        version: "0.1.0",
        subcommands: [
            Initialize.self, Office.self, Import.self, Plan.self, Draw.self, Match.self, ResultCommand.self, ObjectionCommand.self,
            Deadlines.self, Render.self, Forms.self, ArchiveCommand.self, Fill.self, TemplateCommand.self,
            Audit.self, UserCommand.self, Serve.self, Database.self,
        ]
    )

    static func main() {
        // A batch over thousands of packages would otherwise fault every buffer's pages in again.
        BufferMemory.keepFreedForReuse()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            ParserWords.exit(for: error, command: Self.self)  // the command line itself: help, --version, or a usage error (64)
        }
        do {
            try command.run()
        } catch let error as any SpotCheckError {
            // Every command's errors are reported here, once.
            Console.report(error)
            exit(withError: ExitCode(1))
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            ParserWords.exit(for: error, command: Self.self)  // ExitCode, CleanExit, ValidationError, a help request
        } catch {
            Console.report(error)
            exit(withError: ExitCode(1))
        }
    }
}
