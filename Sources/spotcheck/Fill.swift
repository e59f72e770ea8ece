import ArgumentParser
import Foundation
import Templating

struct Fill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: .zh("用数据填写表单模板：生成一份文书，或每条记录各生成一份。", en: "Fill a form template with data: one document, or one per record."),
        discussion: .zh("""
            --data 给出的数据可以是 JSON（一个对象：生成一份；一个数组：每个元素一份）、JSON Lines（.jsonl，
            每行一个对象）、CSV（.csv，Excel 保存的 UTF-8 或 GBK）或 XLSX（.xlsx，取第一个工作表）：
            表格每行一条记录，字段名取自表头行。多条记录时，--out 是一个尚不存在（或为空）的文件夹，
            用 --name 给每个文件命名；全部生成成功后，文件才会一起出现。用 --merge 时，
            所有记录都写入 --out 这一个文件，每条记录从新的一页开始。

            示例：
              spotcheck fill templates/检查告知书.docx --data case.json --out 告知书.docx
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --out 告知书 --name "{{编号}}-{{机构名称}}.docx"
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --merge --out 告知书-打印.docx
            """, en: """
            DATA is JSON (an object: one document; an array: one per element), JSON Lines (.jsonl, one
            object per line), CSV (.csv, UTF-8 or GBK as Excel saves it) or XLSX (.xlsx, its first sheet):
            a table gives one record per row, named by its header row. For several records, --out is a folder that must not exist yet (or be empty)
            and --name names each file; every file appears only when all of them rendered. With --merge,
            every record goes into the one file --out, each starting on a new page.

            Examples:
              spotcheck fill templates/检查告知书.docx --data case.json --out 告知书.docx
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --out 告知书 --name "{{编号}}-{{机构名称}}.docx"
              spotcheck fill templates/检查告知书.docx --data cases.jsonl --merge --out 告知书-打印.docx
            """)
    )

    @Argument(help: .zh("模板文件：.docx 或 .html。", en: "The template: .docx or .html."))
    var template: String

    @Option(help: .zh("数据文件：.json、.jsonl、.csv（UTF-8 或 GBK）或 .xlsx（取第一个工作表）。",
                      en: "The data: .json, .jsonl, .csv (UTF-8 or GBK) or .xlsx (first sheet)."))
    var data: String

    @Option(help: .zh("输出文件（一条记录时）或文件夹（多条记录时）。", en: "The output file (one record) or folder (several)."))
    var out: String

    @Option(help: .zh("多条记录时的文件名模式，用标签语言书写，如 \"{{编号}}.docx\"。",
                      en: "File name pattern for several records, in the tag language, e.g. \"{{编号}}.docx\"."))
    var name: String?

    @Flag(help: .zh("把所有记录合并为一份文书，每条记录从新的一页开始（用于批量打印）。",
                    en: "Put every record into one document, each starting on a new page (for printing a batch)."))
    var merge = false

    @Option(help: .zh("同时生成几份文书（默认：与 CPU 核数相同）。", en: "How many documents to render at once (default: every core)."))
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
