/// The items of the 四性检测 (DA/T 70-2018, archiving stage) that a package is checked against: the
/// code is DA/T 70's, `GD-1-*` authenticity (真实性), `GD-2-*` integrity (完整性), `GD-3-*`
/// usability (可用性), `GD-4-*` security (安全性); the label is the standard's name for the item.
public enum ArchivalCheck: String, Sendable, Codable, CaseIterable {
    case fixity = "GD-1-1", metadataAccuracy = "GD-1-2", metadataMatchesContent = "GD-1-3", packageAuthenticity = "GD-1-4"
    case countAndVolume = "GD-2-1", metadataCompleteness = "GD-2-2", contentCompleteness = "GD-2-3", continuity = "GD-2-4"
    case metadataReadable = "GD-3-1", contentReadable = "GD-3-2", packageUsable = "GD-3-3"
    case maliciousCode = "GD-4-1", foreignFiles = "GD-4-2"

    static let labels: [Self: String] = [
        .fixity: "固化信息有效性", .metadataAccuracy: "元数据准确性", .metadataMatchesContent: "元数据与内容关联一致性",
        .packageAuthenticity: "归档信息包真实性", .countAndVolume: "电子文件总件数与数据量", .metadataCompleteness: "元数据项完整性",
        .contentCompleteness: "内容数据完整性", .continuity: "连续性元数据项（件号）", .metadataReadable: "元数据可读性", .contentReadable: "内容数据可读性",
        .packageUsable: "归档信息包可用性（无加密、无非公开压缩）", .maliciousCode: "恶意代码与可执行内容", .foreignFiles: "非归档文件与路径安全",
    ]

    /// DA/T 70's name of the item.
    public var label: String { Self.labels[self] ?? rawValue }
}
