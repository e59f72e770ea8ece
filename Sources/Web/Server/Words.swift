/// The two languages of every page: Chinese, or English for a browser that prefers it.
struct Words: Sendable {
    let english: Bool

    /// The text in the page's language.
    func callAsFunction(_ zh: String, _ en: String) -> String { english ? en : zh }

    /// Whether an Accept-Language header prefers English to Chinese (the first of the two it lists with
    /// the higher weight; Chinese when it names neither).
    static func prefersEnglish(_ header: String?) -> Bool {
        guard let header else { return false }
        var best: (english: Bool, weight: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = pieces.first else { continue }
            let weight = pieces.dropFirst().first(where: { $0.hasPrefix("q=") }).flatMap { Double($0.dropFirst(2)) } ?? 1
            let english = tag == "en" || tag.hasPrefix("en-")
            guard english || tag == "zh" || tag.hasPrefix("zh-") else { continue }
            if best == nil || weight > best?.weight ?? 0 { best = (english, weight) }
        }
        return best?.english ?? false
    }
}
