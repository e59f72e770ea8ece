import Inspection
import Templating

extension FormRenderer {
    /// Prints a 四性检测报告 with the standard form into `folder`.
    /// - Returns: the document written.
    public func render(_ report: CheckReport, into folder: String) throws -> [IssuedDocument] {
        let items: [TemplateValue] = report.items.map { item in
            let result =
                item.skipped
                ? "未检测（快速检测不读摘要与内容）" : item.failed == 0 ? "通过（\(item.passed) 个）" : "不通过 \(item.failed) 个，通过 \(item.passed) 个"
            return .object(["编号": .string(item.code), "项目": .string(item.label), "内容": .string(item.checks), "结果": .string(result)])
        }
        let good = report.full ? "通过" : "结构完好"
        let packages: [TemplateValue] = report.packages.map { package in
            .object([
                "档号": .string(package.code.isEmpty ? package.name : package.code), "版本": .number(Double(package.version)),
                "档案包": .string(package.name), "文件数": .number(Double(package.files)), "结果": .string(package.passed ? good : "不通过"),
                "问题": .string(package.problems.isEmpty ? "—" : package.problems.joined(separator: "；")),
            ])
        }
        let failed = report.failed
        var conclusion = "本次共检测 \(report.packages.count) 个档案包，\(good) \(report.packages.count - failed) 个，不通过 \(failed) 个。"
        conclusion +=
            failed == 0
            ? (report.full ? "四性检测合格。" : "快速检测未校验摘要，不能据此认定合格；归档、移交前应作全面检测。")
            : "不通过的档案包见第二部分所列问题，应从副本修复或重新封存后复检。"
        let key =
            report.trustedKey.map { "与单位公钥（指纹 \($0)）核对签名" }
            ?? "未给出单位公钥：签名只与包内公钥核对，签名人未经核实"
        let values: TemplateValue = .object([
            "报告": .object([
                "编号": .string(report.number), "日期": .string(report.day), "范围": .string(report.scope), "工具": .string(report.tool),
                "检测人": .string(report.checker),
                "方式": .string(report.full ? "全面检测：校验每个文件的摘要、签名与内容" : "快速检测：只查结构、数量与大小，未校验摘要"),
                "公钥": .string(key), "项目": .array(items), "档案包": .array(packages), "结论": .string(conclusion),
                "总数": .number(Double(report.packages.count)), "不通过数": .number(Double(failed)),
            ])
        ])
        return try render(.init(forms: [try catalog.form(named: "四性检测报告")], out: folder, data: values)).written
    }
}
