/// Bounds on what a parse accepts, so that hostile input cannot exhaust memory or stack.
///
/// ```swift
/// let doc = try XMLDocument(bytes: bytes, limits: XMLParseLimits(maxBytes: 1 << 20, maxDepth: 64))
/// ```
public struct XMLParseLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. Default 512 MiB (a very large worksheet part).
    public var maxBytes: Int
    /// The deepest element nesting accepted. Default 256; libxml2 caps it at 2048.
    public var maxDepth: Int

    /// Creates limits.
    /// - Parameters:
    ///   - maxBytes: the largest input accepted, in bytes.
    ///   - maxDepth: the deepest nesting accepted, 1...2048.
    public init(maxBytes: Int = 512 << 20, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = min(max(maxDepth, 1), 2048)
    }

    /// The defaults: 512 MiB and depth 256.
    public static let standard = XMLParseLimits()
}
