import Foundation
import Inspection
import Store
import Workflow

extension DrawService {
    /// A draw as the tests hold it: at 09:00 (Beijing time) on the day before the task's window opens,
    /// so that a 2024 task is drawn before its visits whatever today's date is.
    public func draw(task id: String, seed: String, witnesses: [String], by user: User, reason: String = "") throws -> (DrawRecord, String) {
        let start = try store.tasks().first { $0.id == id }.flatMap { CivilDate(parsing: $0.start) }
        return try draw(task: id, .init(seed: seed, witnesses: witnesses, reason: reason), by: user, at: start.map(Self.eve) ?? Date())
    }

    /// 09:00 in Beijing on the day before `day`.
    public static func eve(of day: CivilDate) -> Date {
        let before = day.adding(days: -1)
        return ISO8601DateFormatter().date(from: "\(before)T09:00:00+08:00")!
    }
}
