/// A 四性检测报告 (DA/T 70-2018): what was checked, item by item and package by package, by whom, with
/// which tool, on which day. The archive fills it from its verification; a form prints it for the
/// checker to sign and file.
public struct CheckReport: Sendable, Hashable, Codable {
    /// One DA/T 70 item: what it checks and how many packages passed and failed it.
    public struct Item: Sendable, Hashable, Codable {
        public var code, label, checks: String
        public var passed, failed: Int
        /// Not checked in this run (a fast check reads no digest).
        public var skipped: Bool

        public init(code: String, label: String, checks: String, passed: Int, failed: Int, skipped: Bool) {
            (self.code, self.label, self.checks, self.passed, self.failed, self.skipped) = (code, label, checks, passed, failed, skipped)
        }
    }

    /// One package's result.
    public struct Package: Sendable, Hashable, Codable {
        public var code, name: String
        public var version, files: Int
        public var passed: Bool
        /// Every problem, one per line: `GD-2-3 data/0001-检查告知书.pdf：摘要不符`.
        public var problems: [String]

        public init(code: String, name: String, version: Int, files: Int, passed: Bool, problems: [String]) {
            (self.code, self.name, self.version, self.files, self.passed, self.problems) = (code, name, version, files, passed, problems)
        }
    }

    public var number, day, scope, tool, checker: String
    /// Every digest read (a full check), or structure, counts and sizes only.
    public var full: Bool
    /// The key the signatures were checked against (its fingerprint), or nil when no trust anchor was given.
    public var trustedKey: String?
    public var items: [Item]
    public var packages: [Package]

    public init(
        number: String, day: String, scope: String, tool: String, checker: String, full: Bool, trustedKey: String?, items: [Item],
        packages: [Package]
    ) {
        (self.number, self.day, self.scope, self.tool, self.checker, self.full) = (number, day, scope, tool, checker, full)
        (self.trustedKey, self.items, self.packages) = (trustedKey, items, packages)
    }

    public var failed: Int { packages.filter { !$0.passed }.count }
}
