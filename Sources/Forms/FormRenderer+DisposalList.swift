import Inspection
import Templating

extension FormRenderer {
    /// Prints a 销毁清册 with the standard form into `folder`.
    /// - Returns: the documents written (DOCX, and PDF when the form asks for it).
    public func render(_ list: DisposalList, into folder: String) throws -> [IssuedDocument] {
        let entries: [TemplateValue] = list.entries.map { entry in
            .object([
                "档号": .string(entry.code), "题名": .string(entry.title), "起止日期": .string(entry.dates),
                "保管期限": .string(entry.retention), "到期日期": .string(entry.due), "件数": .number(Double(entry.versions)),
            ])
        }
        let values: TemplateValue = .object([
            "清册": .object([
                "编号": .string(list.number), "日期": .string(list.day), "鉴定意见": .string(list.opinion), "鉴定人": .string(list.appraiser),
                "批准人": .string(list.approver), "监销人": .string(list.supervisor), "档案": .array(entries),
            ])
        ])
        return try render(.init(forms: [try catalog.form(named: "销毁清册")], out: folder, data: values)).written
    }
}
