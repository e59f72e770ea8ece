/// A 销毁清册: the case files disposed of together, with the three who signed for it (鉴定人,
/// 批准人, 监销人) and their opinion. The archive decides it; a form prints it.
public struct DisposalList: Sendable, Hashable {
    /// One case file on the list.
    public struct Entry: Sendable, Hashable {
        public var code, title, dates, retention, due: String
        /// How many versions of the package are disposed of.
        public var versions: Int

        public init(code: String, title: String, dates: String, retention: String, due: String, versions: Int) {
            (self.code, self.title, self.dates, self.retention, self.due, self.versions) = (code, title, dates, retention, due, versions)
        }
    }

    /// `2035-01`: the year and the list's number in it.
    public var number: String
    public var day, opinion: String
    /// 鉴定人, 批准人, 监销人.
    public var appraiser, approver, supervisor: String
    public var entries: [Entry]

    public init(
        number: String, day: String, opinion: String, appraiser: String, approver: String, supervisor: String, entries: [Entry]
    ) {
        (self.number, self.day, self.opinion, self.entries) = (number, day, opinion, entries)
        (self.appraiser, self.approver, self.supervisor) = (appraiser, approver, supervisor)
    }
}
