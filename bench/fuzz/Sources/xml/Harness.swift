import FuzzDriver
import XMLCore

/// XML into both parsers: the tree (with a query and serialisation) and the stream, fed in two chunks.
@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = XMLParseLimits(maxBytes: 1 << 20, maxDepth: 64)
    if let document = try? XMLDocument(bytes: bytes, source: "fuzz.xml", limits: limits) {
        _ = try? document.nodes(matching: "//*[@r]")
        _ = document.serialized()
    }
    let parser = XMLStreamParser(elements: ["row", "c", "v", "t"], starts: ["row", "c"], limits: limits, maxText: 4096)
    var events = 0
    let take = { (event: XMLStreamParser.Event) in
        events += 1
        switch event {
        case .start(_, let attributes): _ = (attributes["r"], attributes.decimal("s"))
        case .end(_, let text): _ = (text.decimal, text.string)
        }
    }
    let half = bytes.count / 2
    do {
        try parser.feed(bytes[..<half], to: take)
        try parser.feed(bytes[half...], to: take)
        try parser.finish(to: take)
    } catch {}
    return 0
}
