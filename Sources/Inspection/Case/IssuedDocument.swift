/// A document SpotCheck wrote from a form: what, for whom, where, and its digest.
public struct IssuedDocument: Codable, Sendable, Hashable {
    /// The form's name in the catalogue: `检查告知书`.
    public var form: String
    public var year: Int
    public var task: String?
    public var visit: String?
    /// The 发文字号, when the form has one: `平卫医保检告〔2024〕3号`.
    public var number: String?
    /// The 成文日期 printed on it, `2024-03-11`.
    public var dated: String
    /// `docx`, `pdf`, `odt`, `xlsx` or `html`: the file's extension.
    public var format: String { path.split(separator: ".").last.map { String($0).lowercased() } ?? "" }
    /// Where it is: relative to the workspace when inside it, else absolute.
    public var path: String
    public var sha256: String
    public var size: Int
    public var isPublic: Bool

    public init(
        form: String, year: Int, task: String?, visit: String?, number: String?, dated: String, path: String, sha256: String, size: Int,
        isPublic: Bool
    ) {
        self.form = form
        self.year = year
        self.task = task
        self.visit = visit
        self.number = number
        self.dated = dated
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.isPublic = isPublic
    }
}
