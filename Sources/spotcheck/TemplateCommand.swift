import ArgumentParser
import Foundation
import Templating

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Check a form template, or list the fields it needs.",
        subcommands: [Check.self, Fields.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem in a template at once, each with where it is.",
            discussion: "Example: spotcheck template check templates/检查告知书.docx"
        )

        @Argument(help: "The template: .docx or .html.")
        var template: String

        func run() throws {
            do {
                let compiled = try Template(contentsOfFile: template, filters: try Console.filters())
                let count = TemplateField.outline(compiled.fields).count
                Console.say("模板无误：\(template)（\(count) 个字段）", "The template is fine: \(template) (\(count) fields)")
            } catch {
                throw Console.fail(error)
            }
        }
    }

    struct Fields: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the fields a template needs, as a tree (lists end with []).",
            discussion: "Example: spotcheck template fields templates/检查告知书.docx --json"
        )

        @Argument(help: "The template: .docx or .html.")
        var template: String

        @Flag(help: "Print JSON instead of a tree.")
        var json = false

        func run() throws {
            do {
                let fields = try Template(contentsOfFile: template, filters: try Console.filters()).fields
                if json {
                    print(try Console.json(fields))
                } else {
                    TemplateField.outline(fields).forEach { print($0) }
                }
            } catch {
                throw Console.fail(error)
            }
        }
    }
}
