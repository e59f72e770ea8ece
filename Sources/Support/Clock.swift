import Foundation

/// The time a command records: the system's, or — for tests that compare two runs byte for byte (a
/// command cut off and rerun against a clean run, reproducible outputs) — a fixed instant from
/// `SPOTCHECK_FIXED_CLOCK` (ISO 8601, e.g. `2024-08-20T09:00:00Z`).
///
/// A fixed clock is a test hook, not a way to date records: it exists only in debug builds, and every
/// command run under one says so on standard error.
///
/// ```swift
/// let at = Clock.now()
/// ```
public enum Clock {
    // Only in debug builds (what the tests run): an office's release binary always records the system's
    // time, so the hook cannot date an audit entry or a draw.
    #if DEBUG
        private static let fixed: Date? = {
            guard let text = ProcessInfo.processInfo.environment["SPOTCHECK_FIXED_CLOCK"] else { return nil }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                FileHandle.standardError.write(Data("警告：SPOTCHECK_FIXED_CLOCK=\(text) 不是 ISO 8601 时间，已忽略\n".utf8))
                return nil
            }
            FileHandle.standardError.write(Data("警告：时钟固定为 \(text)（SPOTCHECK_FIXED_CLOCK，仅供测试）\n".utf8))
            return date
        }()
    #else
        private static let fixed: Date? = nil
    #endif

    /// Now, or the fixed instant.
    public static func now() -> Date { fixed ?? Date() }
}
