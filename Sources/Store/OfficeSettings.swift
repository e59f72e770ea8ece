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
    }
}

