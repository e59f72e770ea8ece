import Store
import Templating

extension FormCatalog {
    /// How an office's own template of a form compares with the standard one.
    public struct Comparison: Sendable, Hashable {
        /// Fields the office's template uses that SpotCheck does not provide for this kind of form: it
        /// would fail to render.
        public var unknown: [String]
        /// Fields the standard form prints that the office's template does not: allowed, but worth a look.
        public var missing: [String]
    }

    /// Compares an office's template (its fields) with the standard form. A field is provided when a
    /// standard form of the same scope uses it, or every form gets it (机关, 年度, 成文日期, 文号).
    /// - Throws: `TemplateError` when a standard template does not compile.
    public func compare(_ fields: [TemplateField], with form: Form, filters: FilterRegistry = .standard) throws -> Comparison {
        var provided: Set<String> = ["机关", "机关.名称", "机关.区域", "机关.全宗号", "机关.机关代字", "年度", "成文日期", "文号"]
        provided.formUnion(OfficeSettings.detailNames.map { "机关.\($0.name)" })
        var standard: [String] = []
        for other in forms where other.scope == form.scope {
            let paths = Self.paths(try Template(contentsOfFile: "\(folder)/\(other.file)", filters: filters.withFormFilters()).fields)
            provided.formUnion(paths)
            if other.name == form.name { standard = paths }
        }
        let own = Self.paths(fields)
        let ownSet = Set(own)
        // A parent object counts as used when one of its fields is.
        return Comparison(
            unknown: own.filter { !provided.contains($0) },
            missing: standard.filter { path in !ownSet.contains(path) && !own.contains { $0.hasPrefix(path + ".") } })
    }

    /// Dotted paths of a field tree, lists marked `[]`, leaves only: `检查.事项[].名称`.
    static func paths(_ fields: [TemplateField], prefix: String = "") -> [String] {
        fields.flatMap { field -> [String] in
            let path = prefix + field.name + (field.isList ? "[]" : "")
            return field.children.isEmpty ? [path] : paths(field.children, prefix: path + ".")
        }
    }
}
