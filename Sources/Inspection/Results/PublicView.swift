/// What 公示 documents draw from: the published facts of a task, and nothing personal — no phone
/// numbers, ID numbers or addresses (002 (二十二); 000 §24). Every value is checked before it is returned.
public enum PublicView {
    /// One line of 抽查结果公示.
    public struct ResultLine: Codable, Sendable, Hashable {
        public var task: String
        public var targetName: String
        public var creditCode: String
        public var items: [String]
        /// The outcome of 000 §20, or 无法联系 / 已注销 (002 (二十四)).
        public var outcome: String
        public var date: String
        public var office: String
    }

    /// One line of 不予配合情况公示 (000 §24): name, how often, when, what happened.
    public struct NonCooperationLine: Codable, Sendable, Hashable {
        public var targetName: String
        public var creditCode: String
        public var count: Int
        public var dates: [String]
        public var circumstances: [String]
    }

    /// A value that must not be published.
    public struct Violation: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: String
        public var kind: String
        public var description: String { "\(field): \(kind)" }
        public init(field: String, kind: String) {
            self.field = field
            self.kind = kind
        }
    }

    /// The result lines of a task.
    /// - Throws: `Violation` naming the field that holds personal data.
    public static func results(
        task: PlanTask, office: String, visits: [(id: String, target: String, tasks: [String])], targets: [String: Target],
        results: [String: VisitResult]
    ) throws -> [ResultLine] {
        var lines: [ResultLine] = []
        for visit in visits where visit.tasks.contains(task.id) {
            guard let result = results[visit.id] else { continue }
            let target = targets[visit.target]
            let line = ResultLine(
                task: task.name, targetName: target?.name ?? "", creditCode: visit.target, items: task.items,
                outcome: result.conclusion, date: result.finished.description, office: office)
            // A shop's name may read like an address (解放路88号大药房): it is public, but never a phone or ID number.
            try check(line.targetName, field: "机构名称", addresses: false)
            try check(line.outcome, field: "处理意见")
            lines.append(line)
        }
        return lines
    }

    /// The non-cooperation lines: every target with a case of 000 §24 in its results.
    public static func nonCooperation(visits: [(id: String, target: String)], targets: [String: Target], results: [String: VisitResult])
        throws
        -> [NonCooperationLine]
    {
        var lines: [String: NonCooperationLine] = [:]
        for visit in visits {
            guard let result = results[visit.id], !result.nonCooperation.isEmpty else { continue }
            try check(result.nonCooperationDetails, field: "不予配合情形")
            let cases = result.nonCooperation.compactMap { VisitResult.nonCooperationCases[$0] }
            var line =
                lines[visit.target]
                ?? NonCooperationLine(
                    targetName: targets[visit.target]?.name ?? "", creditCode: visit.target, count: 0, dates: [], circumstances: [])
            line.count += 1
            line.dates.append(result.finished.description)
            line.circumstances.append((cases + [result.nonCooperationDetails]).joined(separator: "；"))
            lines[visit.target] = line
        }
        return lines.values.sorted { $0.creditCode < $1.creditCode }
    }

    /// Refuses text holding what looks like a mobile number, an ID card number or a street address.
    /// - Throws: `Violation` naming `field` and the kind of data found.
    public static func check(_ text: String, field: String, addresses: Bool = true) throws {
        if let kind = personalData(in: text), addresses || kind != "地址" { throw Violation(field: field, kind: kind) }
    }

    /// The kind of personal data `text` holds, or `nil`: a mainland mobile number (11 digits from 13–19),
    /// a resident ID number (18 characters, GB 11643 check digit), or an address (…路/街/号/室 with a number).
    ///
    /// The text is read as a person would read it: full-width digits as digits, and a number written
    /// with separators (`139-1234-5678`, `139 1234 5678`, `+86 139…`) as the number.
    public static func personalData(in text: String) -> String? {
        let readable = text.precomposedStringWithCompatibilityMapping
        if let kind = numberKind(in: Array(readable)) ?? numberKind(in: Array(digitsJoined(readable))) { return kind }
        for marker in ["路", "街", "巷", "弄", "号楼", "单元", "室"] {
            guard let range = text.range(of: marker) else { continue }
            let around = text[
                text.index(range.lowerBound, offsetBy: -min(text.distance(from: text.startIndex, to: range.lowerBound), 6))...
            ]
            .prefix(12)
            if around.contains(where: { $0.isNumber }) { return "地址" }
        }
        return nil
    }

    /// A mobile or resident ID number among the text's runs of digits.
    static func numberKind(in characters: [Character]) -> String? {
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isASCII,
                characters[end].isNumber || characters[end] == "X" || characters[end] == "x"
            {
                end += 1
            }
            let run = String(characters[index..<end])
            let mobile = run.count == 13 && run.hasPrefix("86") ? String(run.dropFirst(2)) : run
            if mobile.count == 11, mobile.hasPrefix("1"), let second = mobile.dropFirst().first, "3456789".contains(second) {
                return "手机号码"
            }
            if run.count == 18, isResidentID(run) { return "身份证号码" }
            index = end
        }
        return nil
    }

    /// The text with full-width forms as ASCII (NFKC) and the separators people put inside a number
    /// — hyphens, dashes, spaces, dots — removed where they stand between two digits.
    static func digitsJoined(_ text: String) -> String {
        let characters = Array(text)
        let separators: Set<Character> = ["-", "–", "—", " ", "\u{00A0}", "\u{3000}", ".", "·", "_"]
        var joined: [Character] = []
        joined.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if separators.contains(character), let before = joined.last, before.isASCII, before.isNumber {
                var next = index
                while next < characters.count, separators.contains(characters[next]) { next += 1 }
                if next < characters.count, characters[next].isASCII, characters[next].isNumber, next - index <= 2 {
                    index = next
                    continue
                }
            }
            joined.append(character)
            index += 1
        }
        return String(joined)
    }

    /// Every field of a task's public results and of the non-cooperation list that holds personal data,
    /// each with the visit it is in — what publication checks before it is recorded.
    public static func violations(
        task: PlanTask, visits: [(id: String, target: String, tasks: [String])], targets: [String: Target], results: [String: VisitResult]
    ) -> [(visit: String, violation: Violation)] {
        var found: [(String, Violation)] = []
        for visit in visits where visit.tasks.contains(task.id) {
            guard let result = results[visit.id] else { continue }
            let fields = [
                ("机构名称", targets[visit.target]?.name ?? "", false), ("处理意见", result.conclusion, true),
                ("不予配合情形", result.nonCooperation.isEmpty ? "" : result.nonCooperationDetails, true),
            ]
            for (field, text, addresses) in fields {
                if let kind = personalData(in: text), addresses || kind != "地址" { found.append((visit.id, Violation(field: field, kind: kind))) }
            }
        }
        return found
    }

    /// GB 11643-1999: weights 2^(17−i) mod 11, check character "10X98765432"[sum mod 11].
    static func isResidentID(_ text: String) -> Bool {
        let characters = Array(text.uppercased())
        guard characters.count == 18, characters.prefix(17).allSatisfy(\.isNumber) else { return false }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(characters.prefix(17), weights).reduce(0) { $0 + ($1.0.wholeNumberValue ?? 0) * $1.1 }
        return Array("10X98765432")[sum % 11] == characters[17]
    }
}
