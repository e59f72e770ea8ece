import Foundation
import XMLCore
import ZipCore

extension Template {
    /// Compiles an `.xlsx`: worksheets with tags become sheet programs; the workbook is told to
    /// recalculate on opening, and the calculation chain (which names cells that move) is dropped.
    static func compileWorkbook(_ reader: ZipReader, name: String, filters: FilterRegistry) throws -> [Part] {
        var problems: [TemplateError] = []
        var parts: [Part] = []
        do {
            let compiler = try SheetCompiler(
                sharedStrings: try reader["xl/sharedStrings.xml"].map { try reader.contents(of: $0) },
                styles: try reader["xl/styles.xml"].map { try reader.contents(of: $0) })
            var templated = false
            for entry in reader.entries {
                if entry.path.hasPrefix("xl/worksheets/") && entry.path.hasSuffix(".xml") && !entry.path.dropFirst(14).contains("/"),
                    let sheet = try compiler.compile(entry.path, try reader.contents(of: entry), problems: &problems)
                {
                    parts.append(.sheet(sheet))
                    templated = true
                } else {
                    parts.append(.raw(try reader.rawEntry(entry)))
                }
            }
            if templated {
                parts = try parts.compactMap { part in
                    guard case .raw(let raw) = part else { return part }
                    switch raw.entry.path {
                    case "xl/calcChain.xml": return nil
                    case "xl/workbook.xml": return .bytes(raw.entry.path, try recalculating(try reader.contents(of: raw.entry)))
                    case "[Content_Types].xml", "xl/_rels/workbook.xml.rels":
                        return .bytes(raw.entry.path, try withoutCalcChain(try reader.contents(of: raw.entry), part: raw.entry.path))
                    default: return part
                    }
                }
            }
        } catch let error as ZipError {
            throw TemplateError(.badTemplate, TemplateText(zh: "\(name) 已损坏：\(error)", en: "\(name) is damaged: \(error)"), cause: error)
        }
        problems += unknownFilters(in: parts, filters: filters)
        if let error = TemplateError.gathering(problems) { throw error }
        return parts
    }

    /// `<calcPr fullCalcOnLoad="1"/>`: moved formulas are recomputed when the file is opened.
    private static func recalculating(_ bytes: [UInt8]) throws -> [UInt8] {
        let document = try XMLDocument(bytes: bytes, source: "xl/workbook.xml")
        let namespaces = ["x": SheetCompiler.namespace]
        if let calc = try document.nodes(matching: "/x:workbook/x:calcPr", namespaces: namespaces).first {
            try calc.setAttribute("fullCalcOnLoad", to: "1")
        } else if let anchor = try document.nodes(matching: "/x:workbook/x:definedNames | /x:workbook/x:sheets", namespaces: namespaces)
            .last
        {
            guard let root = document.root else { return bytes }
            let calc = try root.appendElement(root.prefix.map { "\($0):calcPr" } ?? "calcPr")
            try calc.setAttribute("calcId", to: "0")
            try calc.setAttribute("fullCalcOnLoad", to: "1")
            anchor.insertAfter(calc)
        }
        return document.serialized()
    }

    /// Removes the calculation chain's content type and relationship.
    private static func withoutCalcChain(_ bytes: [UInt8], part: String) throws -> [UInt8] {
        let document = try XMLDocument(bytes: bytes, source: part)
        for node in try document.nodes(matching: "//*[contains(@PartName, 'calcChain') or contains(@Target, 'calcChain')]") {
            node.detach()
        }
        return document.serialized()
    }
}
