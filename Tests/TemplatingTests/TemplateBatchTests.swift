import Testing

@testable import Templating

@Suite struct TemplateBatchTests {
    @Test func aBatchIsStagedBesideItsFolderNeverInTheRoot() {
        // `fill --out 告知书` (a folder in the current one) once staged in `/.告知书.PID.partial`.
        #expect(Template.stagingPath(for: "告知书", process: 7) == "./.告知书.7.partial")
        #expect(Template.stagingPath(for: "out/告知书", process: 7) == "out/.告知书.7.partial")
        #expect(Template.stagingPath(for: "/srv/docs/告知书", process: 7) == "/srv/docs/.告知书.7.partial")
    }
}
