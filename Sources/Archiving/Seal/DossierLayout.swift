/// How a case file is laid out: the order its documents are numbered in (the forms' order in the
/// catalogue, so 卷内文件目录 lists them as issued), and the forms that describe the case file itself
/// (卷宗封面, 卷内文件目录, 备考表), which are tag files rather than payload.
public struct DossierLayout: Sendable, Hashable {
    /// Form names in the order their documents are numbered.
    public var forms: [String]
    /// Forms about the case file itself.
    public var caseForms: Set<String>

    public init(forms: [String], caseForms: Set<String>) {
        self.forms = forms
        self.caseForms = caseForms
    }
}
