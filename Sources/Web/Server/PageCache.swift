import Foundation

/// What a page gathered from the workspace, kept until the workspace changes: every change the
/// workspace makes appends an audit entry, so the trail's last sequence number is its version. A busy
/// 工作台 or public page is then computed once per change, not once per request.
final class PageCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [String: (version: Int64, value: any Sendable)] = [:]
    /// Bounds the memory a crafted stream of keys (task ids in URLs) can take.
    static let capacity = 512

    /// The value for `key` at `version`, computed by `make` when missing or older.
    func value<Value: Sendable>(_ key: String, version: Int64, make: () throws -> Value) rethrows -> Value {
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached, cached.version == version, let value = cached.value as? Value { return value }
        let value = try make()
        lock.lock()
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (version, value)
        lock.unlock()
        return value
    }
}
