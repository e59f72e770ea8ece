/// The modification time written for every entry; fixed, so that output is reproducible.
///
/// ```swift
/// var options = ZipWriter.Options()
/// options.timestamp = ZipTimestamp(year: 2024, month: 3, day: 1)
/// ```
public struct ZipTimestamp: Sendable, Hashable {
    /// MS-DOS date: bits 15–9 year − 1980, 8–5 month, 4–0 day.
    public let dosDate: UInt16
    /// MS-DOS time: bits 15–11 hour, 10–5 minute, 4–0 seconds / 2.
    public let dosTime: UInt16

    /// Creates a timestamp; values are clamped to what MS-DOS time can hold (1980–2107, even seconds).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let y = min(max(year, 1980), 2107) - 1980
        dosDate = UInt16(y << 9 | min(max(month, 1), 12) << 5 | min(max(day, 1), 31))
        dosTime = UInt16(min(max(hour, 0), 23) << 11 | min(max(minute, 0), 59) << 5 | min(max(second, 0), 59) / 2)
    }

    /// 1980-01-01 00:00:00, the earliest time a zip can hold; the default.
    public static let dosEpoch = ZipTimestamp(year: 1980, month: 1, day: 1)
}
