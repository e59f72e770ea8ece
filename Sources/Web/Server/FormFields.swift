import Foundation
import Hummingbird

/// The fields of a submitted form (`application/x-www-form-urlencoded`), or of a query string.
struct FormFields: Sendable {
    private var values: [String: [String]] = [:]
    /// The files of a multipart form, written to the workspace's uploads folder.
    var files: [String: Multipart.File] = [:]

    init() {}

    /// Parses `a=1&b=%E5%BC%A0`; `+` is a space. A field that is not valid percent-encoding is dropped.
    init(encoded text: Substring) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else { continue }
            values[name, default: []].append(value)
        }
    }

    /// The form of a request's body, read up to `limit` bytes (a larger body is refused with 413).
    static func read(_ request: Request, limit: Int = Limits.form) async throws -> FormFields {
        let buffer = try await request.body.collect(upTo: limit)
        return FormFields(encoded: Substring(String(buffer: buffer)))
    }

    mutating func append(_ name: String, _ value: String) { values[name, default: []].append(value) }

    subscript(_ name: String) -> String? { values[name]?.first }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    /// The field with spaces around it removed; nil when absent or empty.
    func trimmed(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    static func decode(_ text: Substring) -> String? {
        String(text.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding
    }
}
