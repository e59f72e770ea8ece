/// How a target was checked: on site, or in writing (书面检查).
public enum CheckMethod: String, Vocabulary {
    case onSite = "现场", written = "书面"

    public static let englishLabels: [Self: String] = [.onSite: "on site", .written: "in writing"]
    public static let aliasLabels: [Self: [String]] = [.onSite: ["现场检查"], .written: ["书面检查"]]

    /// Read back leniently: versions before the typed vocabulary stored any text given with `--method` for
    /// a target that was not checked (无法联系, 已注销), where the method means nothing; such a value reads as
    /// 现场, and a short form (书面检查) as its method.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = CheckMethod(label: text) ?? .onSite
    }

    /// As forms print it: 现场检查 / 书面检查.
    public var formLabel: String { rawValue + "检查" }
}
