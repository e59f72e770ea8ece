/// A place on a visit's team: the leader (组长), a member (组员), or an expert (专家, 002 (十六)).
public enum TeamRole: String, Vocabulary {
    case leader = "组长"
    case member = "组员"
    case expert = "专家"

    public var english: String {
        switch self {
        case .leader: "leader"
        case .member: "member"
        case .expert: "expert"
        }
    }
}
