/// A 销毁清册: the case files disposed of together, with the three who signed for it (鉴定人,
/// 批准人, 监销人) and their opinion. The archive decides it; a form prints it.
public struct DisposalList: Sendable, Hashable {
    /// One case file on the list.
    public struct Entry: Sendable, Hashable {
        public var code: String
        public var title: String
        public var dates: String
        public var retention: String
        public var due: String
        /// How many versions of the package are disposed of.
        public var versions: Int

        public init(code: String, title: String, dates: String, retention: String, due: String, versions: Int) {
            self.code = code
            self.title = title
            self.dates = dates
            self.retention = retention
            self.due = due
            self.versions = versions
        }
    }

    /// `2035-01`: the year and the list's number in it.
    public var number: String
    public var day: String
    public var opinion: String
    public var appraiser: String
    public var approver: String
    public var supervisor: String
    public var entries: [Entry]

    public init(
        number: String, day: String, opinion: String, appraiser: String, approver: String, supervisor: String, entries: [Entry]
    ) {
        self.number = number
        self.day = day
        self.opinion = opinion
        self.appraiser = appraiser
        self.approver = approver
        self.supervisor = supervisor
        self.entries = entries
    }
}
