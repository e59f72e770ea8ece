import Foundation

/// The 保管期限表 (`archive/retention.json`): which class a case file belongs to, how long it is kept,
/// and from when. An office edits the file, not code.
///
/// ```swift
/// let policy = try RetentionPolicy(contentsOfFile: "archive/retention.json")
/// let term = policy.term(status: .checked, outcome: .rectify, closed: "2024-03-01", rectifyBy: "2024-07-31", filed: "2024-08-10")
/// term.retention.code   // "D30"
/// term.due              // "2055-01-01": 30 years from the 1 January after the rectification deadline
/// ```
public struct RetentionPolicy: Sendable, Hashable {
    /// A dossier class of the table.
    public struct Class: Sendable, Hashable, Decodable {
        public var name: String
        /// The outcomes (000 §20) or statuses (无法联系, 已注销) the class holds.
        public var outcomes: [String]
        /// Years, or nil for 永久.
        public var years: Int?
        /// `结案日期`, `整改完成日期` or `归档年度`.
        public var trigger: String

        enum CodingKeys: String, CodingKey { case name = "class", outcomes, period, trigger }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            outcomes = try container.decode([String].self, forKey: .outcomes)
            trigger = try container.decode(String.self, forKey: .trigger)
            if let years = try? container.decode(Int.self, forKey: .period) {
                guard years > 0 else {
                    throw DecodingError.dataCorruptedError(forKey: .period, in: container, debugDescription: "period must be positive")
                }
                self.years = years
            } else {
                let text = try container.decode(String.self, forKey: .period)
                guard text == "永久" else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .period, in: container, debugDescription: "period is 永久 or a number of years")
                }
                years = nil
            }
            guard Self.triggers.contains(trigger) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .trigger, in: container, debugDescription: "trigger is one of \(Self.triggers.joined(separator: ", "))")
            }
        }

        static let triggers = ["结案日期", "整改完成日期", "归档年度"]

        /// The period as the 档号 writes it (`Y`, `D30`, `D10`) and as a form prints it (`永久`, `30年`).
        public var retention: ArchivalCode.Retention {
            guard let years else { return ArchivalCode.Retention(code: "Y", label: "永久") }
            return ArchivalCode.Retention(code: "D\(years)", label: "\(years)年")
        }
    }

    /// A case file's class, period and the day it is due for appraisal (nil: kept permanently).
    public struct Term: Sendable, Hashable {
        public var className: String
        public var retention: ArchivalCode.Retention
        public var due: String?
    }

    public let classes: [Class]

    /// Reads the table.
    /// - Throws: `DecodingError` saying what is wrong, or a file error.
    public init(contentsOfFile path: String) throws {
        struct File: Decodable { var classes: [Class] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        classes = try JSONDecoder().decode(File.self, from: data).classes
        if classes.isEmpty { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(path) lists no classes")) }
    }

    /// The class of a case file: the first whose outcomes hold the outcome (or, for a target not
    /// inspected, the status); the last class when none does.
    public func term(status: VisitStatus, outcome: Outcome?, closed: String, rectifyBy: String, filed: String) -> Term {
        let key = outcome?.rawValue ?? status.rawValue
        let chosen = classes.first { $0.outcomes.contains(key) } ?? classes[classes.count - 1]
        let trigger: String
        switch chosen.trigger {
        case "整改完成日期": trigger = rectifyBy.isEmpty ? closed : rectifyBy
        case "归档年度": trigger = filed
        default: trigger = closed
        }
        var due: String?
        if let years = chosen.years, let year = Int(trigger.prefix(4)) {
            // Counted from the 1 January after the trigger.
            due = String(format: "%04d-01-01", year + 1 + years)
        }
        return Term(className: chosen.name, retention: chosen.retention, due: due)
    }
}
