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

/// What was looked up in the workspace moments ago, kept for at most `lifetime` seconds and only while
/// the audit head file is unchanged — a `stat` instead of a database read and a hop to another thread.
/// Every change the workspace makes rewrites the head (before its commit and again after it), so a
/// change made here or by any other process is seen at once; the lifetime bounds what a writer that
/// stopped between its commit and its head could leave unseen. Sessions are kept the same way, and are
/// forgotten by this server whenever it changes anything (a logout, a password changed).
final class RecentCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [String: (stamp: [Int], at: Date, value: any Sendable)] = [:]
    /// Counts `clear()`s: a value looked up before one is not kept after it.
    private var cleared = 0
    static let lifetime: TimeInterval = 2
    static let capacity = 4096

    /// The stamp of a file: inode, size and modification time; empty when it cannot be read.
    static func stamp(of path: String) -> [Int] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        return [Int(status.st_ino), Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)]
    }

    func value<Value: Sendable>(_ key: String, stamp: [Int], now: Date = Date()) -> Value? {
        guard !stamp.isEmpty else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[key], entry.stamp == stamp, now.timeIntervalSince(entry.at) < Self.lifetime else { return nil }
        return entry.value as? Value
    }

    /// The number of `clear()`s so far, to hand to `keep` from before a lookup.
    var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return cleared
    }

    /// Keeps a value looked up since `generation` (when given) — unless the cache was cleared meanwhile.
    func keep(_ key: String, stamp: [Int], value: any Sendable, since generation: Int? = nil, now: Date = Date()) {
        guard !stamp.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        if let generation, generation != cleared { return }
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (stamp, now, value)
    }

    func clear() {
        lock.lock()
        entries.removeAll(keepingCapacity: true)
        cleared += 1
        lock.unlock()
    }
}
