/// The one CSV writer of every layer, for files an archivist or auditor opens in a spreadsheet.
///
/// A field is quoted when it holds a comma, a quote, a line feed or a carriage return (so a bare CR
/// cannot split a row), and a field a spreadsheet would take for a formula — starting with `=`, `+`,
/// `-`, `@`, a tab or a CR — is written behind an apostrophe, so that a registry name such as
/// `=HYPERLINK("http://…")` stays text in Excel and LibreOffice (the OWASP advice on CSV injection).
///
/// ```swift
/// CSV.line(["J045·JC·2024·D30·0001", "=HYPERLINK(\"x\")"])   // J045·JC·2024·D30·0001,"'=HYPERLINK(""x"")"
/// ```
public enum CSV {
    /// One field, neutralised and quoted as needed.
    public static func field(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) || text.hasPrefix("'") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A line of fields, ending in CRLF as RFC 4180 and Excel write them.
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
}
