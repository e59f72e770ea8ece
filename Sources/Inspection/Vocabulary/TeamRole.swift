/// A place on a visit's team: the leader (组长), a member (组员), or an expert (专家, 002 (十六)).
public enum TeamRole: String, Vocabulary {
    case leader = "组长", member = "组员", expert = "专家"

    public static let englishLabels: [Self: String] = [.leader: "leader", .member: "member", .expert: "expert"]
}
