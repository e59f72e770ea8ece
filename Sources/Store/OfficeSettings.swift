import Foundation
import Inspection
import Support

/// The office's own settings, kept in the workspace as `office.json` so an office adapts the
/// toolkit by editing data, not code.
public struct OfficeSettings: Codable, Sendable, Hashable {
    /// 机关名称, e.g. 平顶山市卫东区医疗保障局.
    public var office: String
    /// 行政区划 the office covers.
    public var district: String
    /// 全宗号, the archive fonds number dossiers are filed under.
    public var fondsNumber: String
    /// 机关代字 for document numbers: 平卫医保 in 平卫医保〔2024〕4号.
    public var documentPrefix: String
    /// Default draw ratio per risk grade (003 annex 1: A 5 %, B 10 %, C 15 %, D 20 %).
    public var ratios: [String: Ratio]
    /// At most this many checks of one target per year: 2 per 002 (十); 1 where 001 §11 applies.
    public var perYearCap: Int
    /// Inspectors per visit, at least 2 (000 §15; 001 §16).
    public var inspectorsPerVisit: Int
    /// The office's people who sign official forms, by role — `操作人` (who runs the draw), `立卷人` (who
    /// files the case files), `负责人` — so that no form prints a computer's login name.
    public var people: [String: String] = [:]
    /// 密级 printed in 卷内文件目录 and recorded in dossier.xml (DA/T 22-2015): empty for files that carry
    /// none, else one of `classifications`.
    public var classification = ""
    /// How often every sealed package must be re-verified (`archive audit`), in days.
    public var fixityInterval = 365
    /// What the office's notices print about the office itself, by name (`detailNames`): whom to call,
    /// where to appeal, how long a 公示 runs. Forms print them as `机关.联系人` and so on; a form that
    /// prints one the office has not recorded is refused, never printed with a blank.
    public var details: [String: String] = [:]
    /// Whether results are reviewed by the unit head before they are published (draft → submitted →
    /// approved, `ResultReview`); off by default, as the CLI records final results.
    public var resultReview = false

    /// The 公示期 in working days (the detail `公示期`), nil when not recorded or not 1–60.
    public var publicationDays: Int? {
        details["公示期"].flatMap { Int($0) }.flatMap { (1...60).contains($0) ? $0 : nil }
    }

    /// The office's details forms print, each with what it is for (in Chinese and English).
    public static let detailNames: [(name: String, meaning: LocalizedText)] = [
        ("联系人", LocalizedText("检查告知书、整改通知书上的联系人", "the contact person on notices")),
        ("联系电话", LocalizedText("联系人的办公电话（不印在公开的公示上）", "the contact's office telephone (never on public notices)")),
        ("联系部门", LocalizedText("公告、公示上受理异议的部门，如 基金监管科", "the department named on public notices, e.g. 基金监管科")),
        ("复议机关", LocalizedText("行政复议机关，如 平顶山市卫东区人民政府", "where an administrative review is applied for")),
        ("诉讼法院", LocalizedText("行政诉讼的管辖法院，如 平顶山市卫东区人民法院", "the court for an administrative lawsuit")),
        ("公示期", LocalizedText("抽查结果公示的天数（工作日）", "how many working days a result publication runs")),
    ]

    /// The roles a form can need a person for. `检查人` is the 备考表's: who checked the case file before it
    /// was sealed (DA/T 22-2015), not an inspector.
    public static let roles = ["操作人", "立卷人", "检查人", "负责人"]
    /// The 密级 an office may record for its case files (a system for 国家秘密 is not this one).
    public static let classifications = ["", "内部", "工作秘密"]

    public init(
        office: String, district: String = "", fondsNumber: String = "", documentPrefix: String = "",
        ratios: [String: Ratio] = OfficeSettings.standardRatios, perYearCap: Int = 2, inspectorsPerVisit: Int = 2
    ) {
        self.office = office
        self.district = district
        self.fondsNumber = fondsNumber
        self.documentPrefix = documentPrefix
        self.ratios = ratios
        self.perYearCap = perYearCap
        self.inspectorsPerVisit = inspectorsPerVisit
    }

    /// 003 annex 1: A 5 %, B 10 %, C 15 %, D 20 %.
    public static let standardRatios: [String: Ratio] = ["A": Ratio(percent: "5%")!, "B": Ratio(percent: "10%")!, "C": Ratio(percent: "15%")!, "D": Ratio(percent: "20%")!]

    /// Problems a person must fix, in Chinese and English.
    public var problems: [LocalizedText] {
        var problems: [LocalizedText] = []
        if office.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(LocalizedText("机关名称不能为空", "the office name is empty")) }
        if !Self.classifications.contains(classification) {
            problems.append(
                LocalizedText(
                    "密级“\(classification)”无效：可为空、内部或工作秘密", "the classification “\(classification)” is not one of: empty, 内部, 工作秘密"))
        }
        for (name, value) in details.sorted(by: { $0.key < $1.key }) {
            if !Self.detailNames.contains(where: { $0.name == name }) {
                let names = Self.detailNames.map(\.name)
                problems.append(
                    LocalizedText(
                        "没有“\(name)”这项机关信息：可登记 \(names.joined(separator: "、"))",
                        "“\(name)” is not an office detail: one of \(names.joined(separator: ", "))"))
            } else if name == "公示期", !value.isEmpty, publicationDays == nil {
                problems.append(LocalizedText("公示期应为 1 至 60 的工作日数，实为“\(value)”", "the 公示期 must be 1 to 60 working days, not “\(value)”"))
            }
        }
        if fixityInterval < 1 { problems.append(LocalizedText("定期检测间隔至少为 1 天", "the fixity interval must be at least 1 day")) }
        if perYearCap < 1 { problems.append(LocalizedText("每年抽查上限至少为 1", "the per-year cap must be at least 1")) }
        if inspectorsPerVisit < 2 { problems.append(LocalizedText("每个检查组至少 2 名检查人员（000 §15）", "a team needs at least 2 inspectors (000 §15)")) }
        for (grade, ratio) in ratios where !ratio.isValidFraction || !["A", "B", "C", "D"].contains(grade) {
            problems.append(LocalizedText("风险等级 \(grade) 的抽查比例 \(ratio) 无效", "the ratio \(ratio) for risk grade \(grade) is not valid"))
        }
        return problems
    }
}

extension OfficeSettings {
    /// Reads office.json; files written before a setting existed get its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            office: try container.decode(String.self, forKey: .office),
            district: try container.decodeIfPresent(String.self, forKey: .district) ?? "",
            fondsNumber: try container.decodeIfPresent(String.self, forKey: .fondsNumber) ?? "",
            documentPrefix: try container.decodeIfPresent(String.self, forKey: .documentPrefix) ?? "",
            ratios: try container.decodeIfPresent([String: Ratio].self, forKey: .ratios) ?? OfficeSettings.standardRatios,
            perYearCap: try container.decodeIfPresent(Int.self, forKey: .perYearCap) ?? 2,
            inspectorsPerVisit: try container.decodeIfPresent(Int.self, forKey: .inspectorsPerVisit) ?? 2)
        people = try container.decodeIfPresent([String: String].self, forKey: .people) ?? [:]
        classification = try container.decodeIfPresent(String.self, forKey: .classification) ?? ""
        fixityInterval = try container.decodeIfPresent(Int.self, forKey: .fixityInterval) ?? 365
        details = try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
        resultReview = try container.decodeIfPresent(Bool.self, forKey: .resultReview) ?? false
    }
}

