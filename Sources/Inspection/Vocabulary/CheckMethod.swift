/// How a target was checked: on site, or in writing (书面检查).
public enum CheckMethod: String, Vocabulary {
    case onSite = "现场"
    case written = "书面"

    public var english: String {
        switch self {
        case .onSite: "on site"
        case .written: "in writing"
        }
    }

    public var aliases: [String] {
        switch self {
        case .onSite: ["现场检查"]
        case .written: ["书面检查"]
        }
    }

    /// As forms print it: 现场检查 / 书面检查.
    public var formLabel: String { rawValue + "检查" }
}
