import ArgumentParser

@main
struct SpotCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotcheck",
        abstract: "Paperwork and records for 双随机、一公开 spot checks of medical-insurance funds.",
        version: "0.1.0"
    )
}
