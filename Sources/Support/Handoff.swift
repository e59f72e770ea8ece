import Foundation

/// A bounded queue from one producing thread to one consuming thread: the producer runs ahead by at most
/// `capacity` elements, the consumer waits for the next, and either side can stop the other.
///
/// ```swift
/// let pipe = Handoff<[UInt8]>(capacity: 8)
/// // producer:  guard pipe.put(chunk) else { stop }   …   pipe.close()
/// // consumer:  while let chunk = pipe.take() { … }    (pipe.cancel() to stop early)
/// ```
public final class Handoff<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every field below is read and written holding `condition`.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Hands an element over, waiting while the queue is full.
    /// - Returns: false once the consumer has cancelled: the producer should stop.
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The producer is done: `take` returns nil once the queue is drained.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, waiting for one; nil when the producer has closed and nothing is left.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed && !cancelled { condition.wait() }
        guard !items.isEmpty, !cancelled else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    /// The consumer stops: what is queued is dropped and the producer's next (or waiting) `put` returns false.
    public func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
