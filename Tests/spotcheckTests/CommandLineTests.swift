import TestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func printsItsVersion() throws {
        let run = try Tools.run(try Tools.builtProduct("spotcheck"), ["--version"])
        #expect(run.succeeded)
        #expect(run.stdout == "0.1.0\n")
    }

    @Test func printsHelp() throws {
        let run = try Tools.run(try Tools.builtProduct("spotcheck"), ["--help"])
        #expect(run.succeeded)
        #expect(run.stdout.contains("USAGE: spotcheck"))
        #expect(run.stdout.contains("双随机、一公开"))
    }
}
