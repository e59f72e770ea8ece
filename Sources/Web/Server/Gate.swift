import Foundation

/// At most `limit` of something at once; the rest are turned away rather than queued.
final class Gate: @unchecked Sendable {
    // @unchecked: `inside` is only touched under `lock`.
    private let lock = NSLock()
    private var inside = 0
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Whether there was room; every `true` is followed by one `leave()`.
    func enter() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard inside < limit else { return false }
        inside += 1
        return true
    }

    func leave() {
        lock.lock()
        inside -= 1
        lock.unlock()
    }
}
