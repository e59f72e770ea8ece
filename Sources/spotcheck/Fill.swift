import ArgumentParser
import Foundation
import Templating

struct Fill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a form template with data: one document, or one per record.",
        discussion: """
            DATA is JSON (an object: one document; an array: one per element), JSON Lines (.jsonl, one
            object per line), CSV (.csv, UTF-8 or GBK as Excel saves it) or XLSX (.xlsx, its first sheet):
            a table gives one record per row, named by its header row. For several records, --out is a folder that must not exist yet (or be empty)
            and --name names each file; every file appears only when all of them rendered. With --merge,
            every record goes into the one file --out, each starting on a new page.

            Examples:
              spotcheck fill templates/检查告知书.docx --data case.json --out 告知书.docx
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --out 告知书 --name "{{编号}}-{{机构名称}}.docx"
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --merge --out 告知书-打印.docx
            """
    )

    @Argument(help: "The template: .docx or .html.")
    var template: String

    @Option(help: "The data: .json, .jsonl, .csv (UTF-8 or GBK) or .xlsx (first sheet).")
    var data: String

    @Option(help: "The output file (one record) or folder (several).")
    var out: String

    @Option(help: "File name pattern for several records, in the tag language, e.g. \"{{编号}}.docx\".")
    var name: String?

    @Flag(help: "Put every record into one document, each starting on a new page (for printing a batch).")
    var merge = false

    @Option(help: "How many documents to render at once (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        let compiled = try Template(contentsOfFile: template, filters: try Console.filters())
        let (records, isBatch) = try TemplateValue.records(fromFile: data)
        if merge {
            let bytes = try compiled.renderMerged(records)
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
            Console.say("已将 \(records.count) 条记录合并生成 \(out)", "Wrote \(records.count) records into \(out)")
        } else if isBatch {
            guard let name else {
                throw TemplateError(
                    .badData,
                    TemplateText(
                        zh: "数据有 \(records.count) 条记录：请用 --name 给出文件名模式，如 \"{{编号}}.docx\"",
                        en: "the data has \(records.count) records: give a file name pattern with --name, e.g. \"{{编号}}.docx\""))
            }
            let progress = Console.Progress(total: records.count)
            try compiled.renderBatch(
                records, names: try TextTemplate(name, name: "--name"), intoFolder: out, jobs: jobs, progress: progress.advance)
            Console.say("已生成 \(records.count) 份文件，位于 \(out)/", "Wrote \(records.count) files in \(out)/")
        } else {
            try compiled.render(records[0], toFile: out)
            Console.say("已生成 \(out)", "Wrote \(out)")
        }
    }
}
