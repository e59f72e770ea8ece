/// 档号 of a case file, by DA/T 22-2015's pattern `全宗号-门类代码·年度-保管期限-机构代码-件号`.
///
/// ```swift
/// ArchivalCode.dossier(fonds: "J045", year: 2024, sequence: 7)   // "J045-JC·2024-D30-0007"
/// ```
public enum ArchivalCode {
    /// A retention period: its code in the 档号 and its printed label.
    public struct Retention: Sendable, Hashable {
        public var code: String
        public var label: String
        public init(code: String, label: String) {
            self.code = code
            self.label = label
        }
    }

    /// 30 years (D30): 002 (二十六) asks for 长期保存; the retention table of the archiver may say otherwise.
    public static let defaultRetention = Retention(code: "D30", label: "30年")
    /// 门类代码 of supervision-inspection case files.
    public static let category = "JC"

    /// The 档号 of the `sequence`-th case file of a year (the organisation part left out, as a
    /// one-office 全宗 allows).
    public static func dossier(fonds: String, year: Int, sequence: Int, retention: Retention = defaultRetention) -> String {
        let number = String(sequence)
        return "\(fonds)-\(category)·\(year)-\(retention.code)-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number)"
    }
}
