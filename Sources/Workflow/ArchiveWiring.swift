import Archiving
import Forms
import Inspection
import Store
import XMLCore

// The workflow layer joins what the layers below keep apart: the archive knows nothing of forms, so
// the catalogue's order and the 销毁清册 form reach it from here.

extension FormCatalog {
    /// The layout of a case file from the catalogue: documents numbered in the forms' order; the
    /// archival forms (卷宗封面, 卷内文件目录, 备考表) kept as tag files.
    public var dossierLayout: DossierLayout {
        DossierLayout(forms: forms.map(\.name), caseForms: Set(forms.filter(\.isArchival).map(\.name)))
    }
}

extension DossierSealer {
    /// A sealer laid out by the office's catalogue.
    public init(workspace: any CaseStore, catalog: FormCatalog, policy: RetentionPolicy, schema: XMLSchema, key: OfficeKey, actor: String) {
        self.init(workspace: workspace, layout: catalog.dossierLayout, policy: policy, schema: schema, key: key, actor: actor)
    }
}

extension ArchiveRetention {
    /// Appraisal and disposal whose 销毁清册 is printed with the catalogue's form.
    public init(workspace: any CaseStore, catalog: FormCatalog, actor: String) {
        let renderer = FormRenderer(workspace: workspace, catalog: catalog, actor: actor)
        self.init(workspace: workspace, actor: actor) { list, folder in try renderer.render(list, into: folder) }
    }
}
