import ArgumentParser
import ZipCore

@main
struct SpotCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotcheck",
        abstract: "Paperwork and records for 双随机、一公开 spot checks of medical-insurance funds.",
        discussion: """
            Exit status: 0 success; 1 a problem with the input (template, data), reported with where it is;
            64 a command-line mistake. Messages are in Chinese; set LANG=en_US.UTF-8 for English.
            """,
        version: "0.1.0",
        subcommands: [
            Initialize.self, Office.self, Import.self, Plan.self, Draw.self, Match.self, ResultCommand.self, ObjectionCommand.self,
            Deadlines.self, Render.self, Forms.self, ArchiveCommand.self, Fill.self, TemplateCommand.self,
            Audit.self,
        ]
    )

    static func main() {
        // A batch over thousands of packages would otherwise fault every buffer's pages in again.
        BufferMemory.keepFreedForReuse()
        main(nil)
    }
}
