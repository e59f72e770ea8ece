import ArgumentParser
import Support
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
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)  // the command line itself: help, --version, or a usage error (64)
        }
        do {
            try command.run()
        } catch let error as any SpotCheckError {
            // Every command's errors are reported here, once.
            Console.report(error)
            exit(withError: ExitCode(1))
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            exit(withError: error)  // ExitCode, CleanExit, ValidationError, a help request
        } catch {
            Console.report(error)
            exit(withError: ExitCode(1))
        }
    }
}
