import Foundation
import Inspection
import Store

/// The standard forms: `templates/catalog.json` names each form, the template file, what it is about
/// (a year, a task, a visit, a disposal), whether it is published, its 发文字号 series and output name.
///
/// ```swift
/// let catalog = try FormCatalog(folder: "templates")
/// let notice = try catalog.form(named: "检查告知书")   // notice.scope == .visit
/// ```
public struct FormCatalog: Sendable {
    /// What one document of a form is about.
    public enum Scope: String, Codable, Sendable {
        /// The year's checklist, plans and lists: one document per year.
        case year
        /// One document per task (the announcement, the draw record, the published results).
        case task
        /// One document per visit, that is per inspected target.
        case visit
        /// One document per disposal of expired dossiers; filled from `--data`.
        case disposal
        /// One document per check of the archive (四性检测报告); filled by the archive's verification.
        case report
    }

    /// One form of the catalogue.
    public struct Form: Codable, Sendable, Hashable {
        public var name: String
        /// The template's file name in the templates folder.
        public var file: String
        public var scope: Scope
        /// Published to the public: checked for personal data before it is written.
        public var isPublic: Bool
        /// The series after the office's 机关代字 (`检告` → `平卫医保检告〔2024〕3号`), or nil for forms without a number.
        public var numbered: String?
        /// When a visit needs the form: `已检查`, `发现问题`, `限期整改`, `异议已复查`, or nil for every visit.
        public var when: DocumentCondition?
        /// The data the form needs: `事项`, `计划`, `抽取`, `结果`, `异议`, `档案`, `销毁`.
        public var needs: [String]
        /// The output file name, in the tag language: `{{检查.编号}}-检查告知书.docx`.
        public var output: String
        public var description: String

        enum CodingKeys: String, CodingKey {
            case name, file, scope, isPublic = "public", numbered, when, needs, output, description
        }

        /// Whether the form belongs to the archival forms of a case file, rendered after the others.
        public var isArchival: Bool { needs.contains("档案") }
    }

    /// The folder of the standard forms.
    public let folder: String
    /// The forms in the catalogue's order, which is the order `--all` renders and 卷内文件目录 lists them.
    public let forms: [Form]

    static let fileName = "catalog.json"

    /// Reads `catalog.json` in `folder`.
    /// - Throws: `FormError` when it is missing, not valid, or names a template that is not there.
    public init(folder: String) throws {
        let path = "\(folder)/\(Self.fileName)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormError(zh: "找不到表单目录 \(path)", en: "the form catalogue \(path) is missing")
        }
        struct File: Decodable { var forms: [Form] }
        let forms: [Form]
        do {
            forms = try JSONDecoder().decode(File.self, from: data).forms
        } catch {
            throw FormError(zh: "\(path) 内容有误：\(error)", en: "\(path) is not valid: \(error)")
        }
        let missing = forms.filter { !FileManager.default.fileExists(atPath: "\(folder)/\($0.file)") }.map(\.file)
        if !missing.isEmpty {
            throw FormError(
                zh: "\(path) 列出的模板不存在：\(missing.joined(separator: "、"))",
                en: "\(path) lists templates that are missing: \(missing.joined(separator: ", "))")
        }
        self.folder = folder
        self.forms = forms
    }

    /// The form called `name` (its catalogue name, or its file name).
    /// - Throws: `FormError` listing the forms there are.
    public func form(named name: String) throws -> Form {
        let wanted = name.hasSuffix(".docx") ? String(name.dropLast(5)) : name
        if let form = forms.first(where: { $0.name == wanted || $0.file == name }) { return form }
        let names = forms.map(\.name).joined(separator: "、")
        // The nearest name by edit distance, for a clerk's typo (检查通知书 → 检查告知书).
        let nearest = forms.map { ($0.name, Self.distance(Array(wanted), Array($0.name))) }.min { $0.1 < $1.1 }
        if let (suggestion, distance) = nearest, distance <= max(1, wanted.count / 3) {
            throw FormError(
                zh: "没有名为“\(name)”的表单，是否要找“\(suggestion)”？可用的有：\(names)",
                en: "there is no form called '\(name)'; did you mean '\(suggestion)'? The forms are: \(names)")
        }
        throw FormError(zh: "没有名为“\(name)”的表单；可用的有：\(names)", en: "there is no form called '\(name)'; the forms are: \(names)")
    }

    /// The Levenshtein distance between two names, character by character.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() { current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))) }
            previous = current
        }
        return previous[b.count]
    }

    /// The template file of a form: the office's own copy in the workspace's `templates/` folder when it
    /// has one, else the standard one.
    public func templatePath(of form: Form, workspace: (any CaseStore)?) -> String {
        if let workspace {
            let own = "\(workspace.layout.templates)/\(form.file)"
            if FileManager.default.fileExists(atPath: own) { return own }
        }
        return "\(folder)/\(form.file)"
    }

    /// Where the standard forms are: `explicit` (`--templates`), `SPOTCHECK_TEMPLATES`, then a
    /// `templates/` folder holding `catalog.json` beside the executable or in a folder above it (a
    /// clone's `.build/release/spotcheck` finds the clone's), then `../share/spotcheck/templates`, then
    /// the installed copy (`.ci/install-bin` puts it in /usr/local/share/spotcheck), so that a binary
    /// copied anywhere on a machine where SpotCheck was installed still finds its forms.
    public static func locate(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "",
        installed: [String] = installedFolders
    ) -> String? {
        for candidate in [explicit, environment["SPOTCHECK_TEMPLATES"]].compactMap({ $0 }) where !candidate.isEmpty {
            return candidate
        }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in ["templates", "share/spotcheck/templates"] {
                let path = folder.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: "\(path)/\(fileName)") { return path }
            }
            folder = folder.deletingLastPathComponent()
        }
        return installed.first { FileManager.default.fileExists(atPath: "\($0)/\(fileName)") }
    }

    /// Where `.ci/install-bin` installs the standard forms (its default prefix first).
    public static let installedFolders = ["/usr/local/share/spotcheck/templates", "/usr/share/spotcheck/templates"]
}

extension FormCatalog {
    /// The 保管期限表: the workspace's own `retention.json`, else `archive/retention.json` beside the
    /// templates folder (or `$SPOTCHECK_ARCHIVE`).
    public func retentionPath(workspace: (any CaseStore)?) -> String {
        if let workspace, FileManager.default.fileExists(atPath: workspace.layout.retentionTable) {
            return workspace.layout.retentionTable
        }
        return "\(archiveFolder)/retention.json"
    }

    /// The archive's data folder: `$SPOTCHECK_ARCHIVE`, else `archive/` beside the templates folder.
    public var archiveFolder: String {
        ProcessInfo.processInfo.environment["SPOTCHECK_ARCHIVE"]
            ?? URL(fileURLWithPath: folder).deletingLastPathComponent().appendingPathComponent("archive").path
    }
}
