/// Where a task of the plan stands, as the provincial platforms show it (待抽取 → 已抽取 → … → 已公示).
///
/// ```swift
/// TaskStage.of(draws: 1, locked: false, visits: 0, withResults: 0, published: false)   // .drawn
/// ```
public enum TaskStage: String, Vocabulary {
    case toDraw = "待抽取", drawn = "已抽取", locked = "已锁定待匹配", inspecting = "检查中", toPublish = "待公示", published = "已公示"

    public static let englishLabels: [Self: String] = [
        .toDraw: "to draw", .drawn: "drawn, not locked", .locked: "locked, to match", .inspecting: "inspecting", .toPublish: "to publish",
        .published: "published",
    ]

    /// The stage of a task from its draws, its visits and their results, and its publication.
    public static func of(draws: Int, locked: Bool, visits: Int, withResults: Int, published: Bool) -> TaskStage {
        if published { return .published }
        if draws == 0 { return .toDraw }
        if !locked { return .drawn }
        if visits == 0 { return .locked }
        return withResults < visits ? .inspecting : .toPublish
    }
}
