import ArgumentParser
import Forms
import Foundation
import Templating

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: .zh("检查表单模板，或列出模板需要的字段。", en: "Check a form template, or list the fields it needs."),
        subcommands: [Check.self, Fields.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("一次列出模板中的全部问题，并指明每个问题的位置。", en: "Report every problem in a template at once, each with where it is."),
            discussion: .zh("""
                用 --form 时，该模板是本单位自制的标准表单替换件（以相同文件名放入工作区的 templates/ 文件夹）：
                检查时还会列出模板用到而 SpotCheck 不提供的字段（错误），以及标准表单有而模板没有用到的字段（提示）。

                示例：
                  spotcheck template check templates/检查告知书.docx
                  spotcheck template check 我局告知书.docx --form 检查告知书
                """, en: """
                With --form, the template is an office's own version of a standard form (dropped into the
                workspace's templates/ folder under the same file name): the check also lists the fields it uses
                that SpotCheck does not provide (an error) and the standard form's fields it leaves out (a note).

                Examples:
                  spotcheck template check templates/检查告知书.docx
                  spotcheck template check 我局告知书.docx --form 检查告知书
                """)
        )

        @Argument(help: .zh("模板文件：.docx 或 .html。", en: "The template: .docx or .html."))
        var template: String

        @Option(help: .zh("此模板替换的标准表单（见 spotcheck forms）。", en: "The standard form this template replaces (see spotcheck forms)."))
        var form: String?

        @OptionGroup var templates: TemplateOptions

        func run() throws {
            let filters = try Console.filters()
            let compiled = try Template(contentsOfFile: template, filters: filters)
            let count = TemplateField.outline(compiled.fields).count
            if let form {
                let catalog = try templates.catalog()
                let standard = try catalog.form(named: form)
                let comparison = try catalog.compare(compiled.fields, with: standard, filters: filters)
                for path in comparison.missing {
                    Console.warn(
                        Console.english
                            ? "note: the standard \(standard.name) prints {{\(path)}}, this template does not"
                            : "提示：标准“\(standard.name)”印有 {{\(path)}}，此模板没有")
                }
                if !comparison.unknown.isEmpty {
                    throw TemplateError(
                        .missingValue,
                        TemplateText(
                            zh: "此模板用到 SpotCheck 不为“\(standard.name)”提供的字段："
                                + comparison.unknown.map { "{{\($0)}}" }.joined(separator: "、"),
                            en: "this template uses fields SpotCheck does not provide for \(standard.name): "
                                + comparison.unknown.map { "{{\($0)}}" }.joined(separator: ", ")))
                }
            }
            Console.say("模板无误：\(template)（\(count) 个字段）", "The template is fine: \(template) (\(count) fields)")
        }
    }

    struct Fields: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("以树形列出模板需要的字段（列表字段以 [] 结尾）。", en: "Print the fields a template needs, as a tree (lists end with [])."),
            discussion: .zh("示例：spotcheck template fields templates/检查告知书.docx --json",
                            en: "Example: spotcheck template fields templates/检查告知书.docx --json")
        )

        @Argument(help: .zh("模板文件：.docx 或 .html。", en: "The template: .docx or .html."))
        var template: String

        @Flag(help: .zh("输出 JSON，而不是树形。", en: "Print JSON instead of a tree."))
        var json = false

        func run() throws {
            let fields = try Template(contentsOfFile: template, filters: try Console.filters()).fields
            if json {
                print(try Console.json(fields))
            } else {
                TemplateField.outline(fields).forEach { print($0) }
            }
        }
    }
}
