import Foundation

/// A list kept in one column — a visit's tasks, a draw's targets — as a JSON array of strings. Lists
/// once kept joined by commas (before migration v10) are read as well.
enum StoredList {
    static func text(_ values: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func values(_ text: String) -> [String] {
        if text.hasPrefix("["), let values = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) { return values }
        return text.split(separator: ",").map(String.init)
    }
}
