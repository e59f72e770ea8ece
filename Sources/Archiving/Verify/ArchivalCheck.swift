/// The items of the 四性检测 (DA/T 70-2018, archiving stage) that a package is checked against: the
/// code is DA/T 70's, `GD-1-*` authenticity (真实性), `GD-2-*` integrity (完整性), `GD-3-*`
/// usability (可用性), `GD-4-*` security (安全性); the label is the standard's name for the item.
public enum ArchivalCheck: String, Sendable, Codable, CaseIterable {
    case fixity = "GD-1-1"
    case metadataAccuracy = "GD-1-2"
    case metadataMatchesContent = "GD-1-3"
    case packageAuthenticity = "GD-1-4"
    case countAndVolume = "GD-2-1"
    case metadataCompleteness = "GD-2-2"
    case contentCompleteness = "GD-2-3"
    case continuity = "GD-2-4"
    case metadataReadable = "GD-3-1"
    case contentReadable = "GD-3-2"
    case packageUsable = "GD-3-3"
    case maliciousCode = "GD-4-1"
    case foreignFiles = "GD-4-2"

    /// DA/T 70's name of the item.
    public var label: String {
        switch self {
        case .fixity: "固化信息有效性"
        case .metadataAccuracy: "元数据准确性"
        case .metadataMatchesContent: "元数据与内容关联一致性"
        case .packageAuthenticity: "归档信息包真实性"
        case .countAndVolume: "电子文件总件数与数据量"
        case .metadataCompleteness: "元数据项完整性"
        case .contentCompleteness: "内容数据完整性"
        case .continuity: "连续性元数据项（件号）"
        case .metadataReadable: "元数据可读性"
        case .contentReadable: "内容数据可读性"
        case .packageUsable: "归档信息包可用性（无加密、无非公开压缩）"
        case .maliciousCode: "恶意代码与可执行内容"
        case .foreignFiles: "非归档文件与路径安全"
        }
    }
}
