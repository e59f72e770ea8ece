import Foundation
import Inspection
import Support
import XMLCore

/// The metadata of one case file, written as `dossier.xml` (namespace `urn:spotcheck:dossier:1`,
/// schema `archive/dossier.xsd`), with DA/T 46/48 element names.
public struct DossierMetadata: Sendable {
    /// One file of the case file, numbered (件号) as the 卷内文件目录 lists it.
    public struct Item: Sendable, Hashable {
        public var number: Int
        public var title: String
        public var documentNumber: String
        public var creator: String
        public var date: String
        /// `文书`, `证据` or `记录`.
        public var kind: String
        /// In the bag: `data/0001-检查告知书.docx`.
        public var path: String
        public var size: Int
        public var sha256: String
        public var sm3: String?
        /// A PDF's pages (or 1 for a photo); nil when not known.
        public var pages: Int? = nil
        /// The fonts a PDF uses, each embedded or not (DA/T 70 可用性: a PDF must carry its fonts).
        public var fonts: [PDFFacts.Font] = []
    }

    public struct Member: Sendable, Hashable {
        public var name: String
        public var certificate: String
        public var role: String
    }

    public var archivalCode: String
    public var fonds: String
    public var category: String
    public var year: Int
    public var retention: ArchivalCode.Retention
    public var sequence: Int
    public var title: String
    public var creator: String
    public var start: String
    public var end: String
    public var due: String?
    public var version: Int
    public var previousSeal: String?
    public var amendment: String?
    public var targetName: String
    public var creditCode: String
    public var targetType: String
    public var tasks: [(id: String, name: String)]
    public var visit: String
    public var visitDate: String
    public var team: [Member]
    public var checkItems: [String]
    public var status: String
    public var outcome: String
    public var rectifyBy: String
    public var closed: String
    public var items: [Item]
    /// 密级 (DA/T 22-2015); empty when the files carry none.
    public var classification = ""

    public static let namespace = "urn:spotcheck:dossier:1"

    /// A sealed `dossier.xml` as `xml(layout: false)` writes it: each file's 页数 and 字体 taken out (to
    /// compare contents, as the catalogue does, with packages sealed before they were recorded).
    public static func withoutLayout(_ xml: [UInt8]) -> [UInt8] {
        let text = String(decoding: xml, as: UTF8.self)
            .replacingOccurrences(of: "<页数>[0-9]+</页数>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "<字体 [^>]*/>", with: "", options: .regularExpression)
        return Array(text.utf8)
    }

    /// `dossier.xml`, the same bytes for the same metadata.
    /// - Parameter layout: with each file's 页数 and 字体 (left out only to compare contents).
    public func xml(layout: Bool = true) throws -> [UInt8] {
        var output: [UInt8] = []
        var writer = XMLStreamWriter { output += $0 }
        try writer.startDocument()
        try writer.startElement("案卷", attributes: [("xmlns", Self.namespace), ("版本", "1")])
        try writer.element("档号", text: archivalCode)
        try writer.startElement("档号构成")
        try writer.element("全宗号", text: fonds)
        try writer.element("门类代码", text: category)
        try writer.element("年度", text: String(year))
        try writer.element("保管期限代码", text: retention.code)
        try writer.element("件号", text: String(sequence))
        try writer.endElement()
        try writer.element("题名", text: title)
        try writer.element("责任者", text: creator)
        try writer.startElement("日期")
        try writer.element("起始日期", text: start)
        try writer.element("终止日期", text: end)
        try writer.endElement()
        try writer.element("保管期限", text: retention.label)
        if let due { try writer.element("到期日期", text: due) }
        if !classification.isEmpty { try writer.element("密级", text: classification) }
        var versionAttributes: [(String, String)] = []
        if let previousSeal { versionAttributes.append(("前版封印值", previousSeal)) }
        if let amendment { versionAttributes.append(("修改原因", amendment)) }
        try writer.element("版本", attributes: versionAttributes, text: String(version))
        // A case file of a visit; a folder sealed for another use has none of this.
        if !visit.isEmpty {
            try writer.startElement("检查对象")
            try writer.element("名称", text: targetName)
            try writer.element("统一社会信用代码", text: creditCode)
            try writer.element("类型", text: targetType)
            try writer.endElement()
            for task in tasks { try writer.element("任务", attributes: [("编号", task.id), ("名称", task.name)], text: "") }
            try writer.startElement("检查")
            try writer.element("编号", text: visit)
            try writer.element("日期", text: visitDate)
            try writer.startElement("检查组")
            for member in team {
                try writer.element("成员", attributes: [("姓名", member.name), ("执法证号", member.certificate), ("角色", member.role)], text: "")
            }
            try writer.endElement()
            for item in checkItems { try writer.element("事项", text: item) }
            try writer.element("状态", text: status)
            try writer.element("处理意见", text: outcome)
            if !rectifyBy.isEmpty { try writer.element("整改期限", text: rectifyBy) }
            try writer.element("结案日期", text: closed)
            try writer.endElement()
        }
        try writer.startElement("卷内文件")
        for item in items {
            try writer.startElement("文件", attributes: [("件号", String(item.number))])
            try writer.element("题名", text: item.title)
            try writer.element("文号", text: item.documentNumber)
            try writer.element("责任者", text: item.creator)
            try writer.element("日期", text: item.date)
            try writer.element("类别", text: item.kind)
            try writer.element("路径", text: item.path)
            try writer.element("大小", text: String(item.size))
            if layout, let pages = item.pages, pages > 0 { try writer.element("页数", text: String(pages)) }
            try writer.element("SHA256", text: item.sha256)
            if let sm3 = item.sm3 { try writer.element("SM3", text: sm3) }
            for font in item.fonts where layout {
                try writer.element("字体", attributes: [("名称", font.name), ("嵌入", font.embedded ? "true" : "false")], text: "")
            }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.endElement()
        try writer.finish()
        return output
    }
}
