import Foundation

extension RandomAccessCollection where Self: Sendable, Index == Int, Element: Sendable {
    /// `map` on every core, in chunks, keeping the order; the first error thrown is rethrown.
    ///
    /// For the work a million-row import does per row (validation, canonical JSON); `transform` must
    /// not depend on other elements.
    /// - Parameter progress: told how many elements each finished chunk held.
    public func parallelMap<Mapped: Sendable>(
        chunk: Int = 4096, progress: (@Sendable (Int) -> Void)? = nil, _ transform: @Sendable (Element) throws -> Mapped
    ) throws -> [Mapped] {
        guard count > chunk else {
            defer { progress?(count) }
            return try map(transform)
        }
        let chunks = (count + chunk - 1) / chunk
        let slots = Slots<Mapped>(count: chunks)
        let base = startIndex
        DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let range = (base + index * chunk)..<Swift.min(base + count, base + (index + 1) * chunk)
            slots.store(index, Result { try self[range].map(transform) })
            progress?(range.count)
        }
        var mapped: [Mapped] = []
        mapped.reserveCapacity(count)
        for result in slots.all() { mapped += try result.get() }
        return mapped
    }
}

/// Per-chunk results of a parallel loop, each slot written once by one worker.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to `slots` holds `lock`.
    private let lock = NSLock()
    private var slots: [Result<[Value], any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<[Value], any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// Every slot in order; called after the loop has returned.
    func all() -> [Result<[Value], any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .success([]) }
    }
}

/// Values appended from the workers of a parallel loop (the rare ones, such as problems), under a lock.
///
/// `import Synchronization`'s `Mutex` would do, but importing it breaks clean debug builds of this
/// package (its module graph clashes with libxml2's ICU over `UErrorCode`).
public final class Gathered<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to `values` holds `lock`.
    private let lock = NSLock()
    private var values: [Value] = []

    public init() {}

    public func append(contentsOf more: [Value]) {
        lock.lock()
        values += more
        lock.unlock()
    }

    /// What was appended, in the order it was.
    public var all: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

/// A value computed on another thread, started at once; `value` waits for it.
///
/// ```swift
/// let hash = Concurrent { Workspace.hash(count: lines.count) { lines[$0] } }   // runs while the rows are stored
/// …
/// record(hash.value)
/// ```
public final class Concurrent<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `result` is written once by the worker, then `done` is signalled; readers wait on
    // `done` (and signal it again for the next reader) before they read.
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue, or with `thread`, on a thread of its own: for work that waits on
    /// other threads (a producer feeding a queue), which must not hold one of the pool's few threads while
    /// the work it waits for queues behind it.
    public init(thread: Bool = false, _ work: @escaping @Sendable () -> Value) {
        let run = { @Sendable in
            self.result = work()
            self.done.signal()
        }
        if thread { Thread(block: run).start() } else { DispatchQueue.global().async(execute: run) }
    }

    /// The computed value, waiting for it.
    public var value: Value {
        done.wait()
        defer { done.signal() }
        guard let result else { preconditionFailure("Concurrent signalled before storing its value") }
        return result
    }
}
