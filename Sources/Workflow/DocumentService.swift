import Forms
import Foundation
import Inspection
import Store
import Support
import Templating

/// A task's documents for the command line and the workbench alike: every form filled from the case
/// data, their PDF/A-2b renditions through LibreOffice, and one print file of a visit form.
///
/// ```swift
/// let documents = try DocumentService(workspace: workspace, templates: "templates")
/// let outcome = try documents.render(task: "2024-01", actor: "张三", pdf: true)
/// ```
public struct DocumentService: Sendable {
    /// Something the person should know that did not stop the work (a PDF kept as issued, a font replaced).
    public struct Note: Sendable, Hashable {
        public var zh: String
        public var en: String

        public init(zh: String, en: String) { (self.zh, self.en) = (zh, en) }
    }

    /// What a render wrote, what it had no need to write, and what to tell the person.
    public struct Outcome: Sendable {
        public var written: [IssuedDocument] = []
        /// `未生成 检查报告（2024-01-0002）：未发现问题` — one per form, subject and reason.
        public var skipped: [Note] = []
        public var notes: [Note] = []
    }

    public let workspace: Workspace
    public let catalog: FormCatalog
    public let filters: FilterRegistry

    public init(workspace: Workspace, catalog: FormCatalog) throws {
        self.workspace = workspace
        self.catalog = catalog
        self.filters = try Self.filters()
    }

    /// The standard forms found in `templates` (or where `FormCatalog.locate` looks).
    public init(workspace: Workspace, templates: String?) throws {
        guard let folder = FormCatalog.locate(explicit: templates) else {
            throw WorkflowError(
                zh: "找不到标准表单（templates/catalog.json）：请用 --templates 指定，或设置 SPOTCHECK_TEMPLATES",
                en: "the standard forms (templates/catalog.json) were not found: pass --templates or set SPOTCHECK_TEMPLATES")
        }
        try self.init(workspace: workspace, catalog: try FormCatalog(folder: folder))
    }

    /// The filters every form is filled with: the official working-day calendar and the forms' own.
    public static func filters() throws -> FilterRegistry {
        .withWorkingDays(try WorkCalendar.official()).withFormFilters()
    }

    /// The font mapping the PDFs are made with.
    public var fontMapping: String { "\(catalog.folder)/fonts/fonts.conf" }

    /// The forms a task needs: the task's and each visit's — not the case files' own (卷宗封面, 卷内文件目录,
    /// 备考表), which are printed when the case file is sealed, with the archivist as 立卷人.
    public var taskForms: [FormCatalog.Form] { catalog.forms.filter { ($0.scope == .task || $0.scope == .visit) && !$0.isArchival } }

    /// The visit forms, which can be printed as one file.
    public var visitForms: [FormCatalog.Form] { catalog.forms.filter { $0.scope == .visit && !$0.isArchival } }

    /// Every form of a task, and with `pdf` their PDF/A-2b copies.
    /// - Parameter progress: called with (done, total) as documents are filled and then converted.
    public func render(
        task: String, actor: String, reason: String? = nil, pdf: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Outcome {
        guard try workspace.tasks().contains(where: { $0.id == task }) else { throw try WorkflowError.unknownTask(task, in: workspace) }
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, filters: filters, actor: actor)
        let request = FormRenderer.Request(forms: taskForms, task: task, reason: reason)
        let filling = try renderer.count(request)
        let counter = Counter()
        // Filling counts as one share of the work; each PDF as one more once their number is known.
        let issuedBefore = pdf ? try issuedByKey() : [:]
        let report = try renderer.render(request) { progress?(counter.advance(), filling) }
        var outcome = Outcome(written: report.written, skipped: Self.grouped(report.skipped))
        if pdf {
            let total = filling + report.written.count
            let (made, notes) = try Self.pdfs(
                of: report.written, issuedBefore: issuedBefore, renderer: renderer, mapping: fontMapping, workspace: workspace, actor: actor
            ) { converted in progress?(counter.advance(by: converted), total) }
            outcome.written += made
            outcome.notes += notes
        }
        return outcome
    }

    /// One print file of a visit form for every visit of the task that needs it, each on new pages, as
    /// a PDF in `documents/TASK/打印/` (a print file, not a document of record: nothing is registered).
    /// - Returns: the PDF's path in the workspace.
    public func printFile(task: String, form name: String, actor: String) throws -> String {
        guard try workspace.tasks().contains(where: { $0.id == task }) else { throw try WorkflowError.unknownTask(task, in: workspace) }
        guard let form = visitForms.first(where: { $0.name == name }) else {
            throw WorkflowError(
                zh: "没有可合并打印的表单“\(name)”；可合并打印的有：\(visitForms.map(\.name).joined(separator: "、"))",
                en: "no visit form named \(name) to print; the visit forms are: \(visitForms.map(\.name).joined(separator: ", "))", code: .notFound)
        }
        let folder = "\(workspace.layout.root)/documents/\(task)/打印"
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, filters: filters, actor: actor)
        let report = try renderer.render(FormRenderer.Request(forms: [form], task: task, out: folder, merge: true))
        guard let document = report.written.first else {
            let why = report.skipped.first.map { "：\($0.zh)" } ?? ""
            let whyEnglish = report.skipped.first.map { ": \($0.en)" } ?? ""
            throw WorkflowError(zh: "任务 \(task) 没有需要\(name)的检查\(why)", en: "no visit of task \(task) needs a \(name)\(whyEnglish)", code: .notFound)
        }
        let converter = try OfficeConverter(fontConfiguration: fontMapping)
        let docx = renderer.absolute(document.path)
        let pdfs = try converter.convert([docx], into: folder)
        return renderer.relative(pdfs[0])
    }

    /// The register's documents by form, year, task, visit and format.
    func issuedByKey() throws -> [String: IssuedDocument] {
        Dictionary(try workspace.documents().map { (Self.key($0), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A document's place in the register: form, year, task, visit, format.
    public static func key(_ document: IssuedDocument, format: String? = nil) -> String {
        FormRenderer.key(document.form, document.year, document.task, document.visit) + "|\(format ?? document.format)"
    }

    /// One line per form and reason: "检查报告（3 户：2024-01-0002、…）：未发现问题…".
    public static func grouped(_ skipped: [FormRenderer.Skipped]) -> [Note] {
        var groups: [(FormRenderer.Skipped, [String])] = []
        for skip in skipped {
            if let index = groups.firstIndex(where: { $0.0.form == skip.form && $0.0.zh == skip.zh }) {
                groups[index].1.append(skip.subject)
            } else {
                groups.append((skip, [skip.subject]))
            }
        }
        return groups.map { skip, subjects in
            let list = subjects.prefix(3)
            let more = subjects.count > 3 ? "…" : ""
            return Note(
                zh: "\(skip.form)（\(subjects.count) 户：\(list.joined(separator: "、"))\(more)）：\(skip.zh)",
                en: "\(skip.form) for \(subjects.count) (\(list.joined(separator: ", "))\(more)): \(skip.en)")
        }
    }

    /// PDF/A-2b renditions of the DOCX files just written, recorded in the register: a DOCX that came out
    /// as issued keeps the PDF issued with it; the rest go through LibreOffice, and their fonts are checked.
    /// - Parameters:
    ///   - willConvert: called with the number of documents LibreOffice is about to convert (none kept as issued).
    ///   - converted: called with the number of documents each LibreOffice batch converted.
    /// - Returns: the PDFs made (and copies of those kept), and what to tell the person.
    public static func pdfs(
        of written: [IssuedDocument], issuedBefore: [String: IssuedDocument], renderer: FormRenderer, mapping: String, workspace: Workspace,
        actor: String, willConvert: ((Int) -> Void)? = nil, converted: (@Sendable (Int) -> Void)? = nil
    ) throws -> (made: [IssuedDocument], notes: [Note]) {
        // A reprint of unchanged data is not a new document (issue 14 item 6): LibreOffice stamps every PDF
        // with the time, so converting again would make an archived case file look changed.
        var reused = Set<String>()
        var copied: [IssuedDocument] = []
        var notes: [Note] = []
        for document in written where document.format == "docx" && issuedBefore[Self.key(document)]?.sha256 == document.sha256 {
            guard let issued = issuedBefore[Self.key(document, format: "pdf")],
                (try? sha256Hex(ofFile: renderer.absolute(issued.path))) == issued.sha256
            else { continue }
            reused.insert(document.path)
            // Printed into another folder (--out): a copy of the PDF as issued goes beside the DOCX there too
            // (a copy, not recorded: the issued PDF stays the one of record).
            let beside = (renderer.absolute(document.path) as NSString).deletingPathExtension + ".pdf"
            if beside != renderer.absolute(issued.path) {
                try AtomicFile.write(Array(try Data(contentsOf: URL(fileURLWithPath: renderer.absolute(issued.path)))), to: beside)
                var copy = issued
                copy.path = renderer.relative(beside)
                copied.append(copy)
            }
        }
        if !reused.isEmpty {
            notes.append(
                Note(
                    zh: "\(reused.count) 份文件与已签发的相同：保留已签发的 PDF，不重新转换",
                    en: "\(reused.count) documents are as issued: their PDFs are kept, not made again"))
        }
        let toConvert = written.filter { !reused.contains($0.path) }
        guard !toConvert.isEmpty else { return (copied, notes) }
        let converter = try OfficeConverter(fontConfiguration: mapping)
        willConvert?(toConvert.count)
        var pdfs: [IssuedDocument] = []
        // One soffice process per output folder (normally one).
        let folders = Dictionary(grouping: toConvert) { URL(fileURLWithPath: renderer.absolute($0.path)).deletingLastPathComponent().path }
        for (folder, documents) in folders.sorted(by: { $0.key < $1.key }) {
            let paths = try converter.convert(documents.map { renderer.absolute($0.path) }, into: folder, progress: converted)
            for (document, path) in zip(documents, paths) {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                var copy = document
                copy.path = renderer.relative(path)
                copy.sha256 = sha256Hex(bytes)
                copy.size = bytes.count
                pdfs.append(copy)
            }
        }
        try workspace.recordDocuments(pdfs, actor: actor)
        notes += try fontNotes(pdfs.map { renderer.absolute($0.path) }, mapping: mapping)
        return (copied + pdfs, notes)
    }

    /// Names every font a PDF embeds that the office's mapping does not choose (a silent replacement is
    /// the first thing a clerk notices on paper), grouped by font.
    public static func fontNotes(_ pdfs: [String], mapping: String) throws -> [Note] {
        guard FileManager.default.fileExists(atPath: mapping) else { return [] }
        let (findings, available) = try FontAudit(fontConfiguration: mapping).substitutions(in: pdfs)
        guard available else {
            return [
                Note(
                    zh: "未安装 pdffonts（poppler-utils）：未核对 PDF 实际嵌入的字体",
                    en: "pdffonts (poppler-utils) is not installed: the fonts the PDFs embed were not checked")
            ]
        }
        return Dictionary(grouping: findings, by: { FontAudit.normalized($0.font) }).sorted(by: { $0.key < $1.key }).map { _, documents in
            let name = documents[0].font.split(separator: "+").last.map(String.init) ?? documents[0].font
            let example = (documents[0].document as NSString).lastPathComponent
            return Note(
                zh: "字体被替换：\(documents.count) 份 PDF 嵌入了 \(name)，不是 \(mapping) 映射的字体（如 \(example)）；请安装映射的字体或正版字体（见 docs/FORMS.md）",
                en: "font substituted: \(documents.count) PDF(s) embed \(name), which \(mapping) does not map to (e.g. \(example)); install the mapped font or the licensed one (docs/FORMS.md)")
        }
    }
}

/// A count shared by the threads that report progress.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds `count` and returns the new total.
    func advance(by count: Int = 1) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += count
        return value
    }
}
