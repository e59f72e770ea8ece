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

/// A value computed from a file, kept while the file is unchanged (its size and modification time): a
/// `stat` per use instead of a read and a decode.
final class FileDerived<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `kept` is only touched under `lock`.
    private let lock = NSLock()
    private var kept: (stamp: [Int], value: Value)?

    func value(of path: String, make: () -> Value) -> Value {
        var status = stat()
        let stamp = stat(path, &status) == 0 ? [Int(status.st_size), status.st_mtim.tv_sec, status.st_mtim.tv_nsec].map { Int($0) } : []
        lock.lock()
        if let kept, !stamp.isEmpty, kept.stamp == stamp {
            lock.unlock()
            return kept.value
        }
        lock.unlock()
        let value = make()
        lock.lock()
        kept = (stamp, value)
        lock.unlock()
        return value
    }
}
