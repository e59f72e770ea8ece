/// How a target was checked: on site, or in writing (书面检查).
public enum CheckMethod: String, Vocabulary {
    case onSite = "现场", written = "书面"

    public static let englishLabels: [Self: String] = [.onSite: "on site", .written: "in writing"]
    public static let aliasLabels: [Self: [String]] = [.onSite: ["现场检查"], .written: ["书面检查"]]

    /// As forms print it: 现场检查 / 书面检查.
    public var formLabel: String { rawValue + "检查" }
}
