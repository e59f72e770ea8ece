import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads XML as a stream of events, in constant memory: bytes are fed in chunks as they arrive (from a
/// zip entry being inflated, say) and no tree is built. For parts too large to hold as a document — a
/// worksheet of a million rows.
///
/// Only the elements named at creation are reported, by their index in that list; the text inside one is
/// gathered and handed over with its end. Hardened as `XMLDocument` is: no DOCTYPE, no entities, no
/// network, bounded depth, size and text length.
///
/// ```swift
/// let parser = XMLStreamParser(elements: ["row", "v"], source: "xl/worksheets/sheet1.xml")
/// try parser.feed(chunk) { event in
///     if case .end(1, let text) = event { print(text.string) }   // each <v>'s text
/// }
/// try parser.finish { _ in }
/// ```
///
/// Not `Sendable`: one parser belongs to one thread.
public final class XMLStreamParser {
    /// What the parser saw.
    public enum Event {
        /// An element of interest opened: its index in `elements` and its attributes.
        case start(Int, XMLStreamAttributes)
        /// An element of interest closed, with the text read since the last element of interest opened
        /// (for a leaf element, its whole text).
        case end(Int, XMLStreamText)
    }

    private let state: StreamState
    private var context: xmlParserCtxtPtr?
    private var finished = false

    /// Creates a parser.
    /// - Parameters:
    ///   - elements: the local names to report (namespace ignored).
    ///   - starts: those of `elements` whose starts are reported (all when nil); a start not reported
    ///     still begins the element's text. Fewer events for a sheet of millions of cells.
    ///   - source: the part or file name, for error locations.
    ///   - limits: the most bytes fed in all and the deepest nesting.
    ///   - maxText: the longest text gathered for one element, in bytes.
    public init(
        elements: [String], starts: [String]? = nil, source: String? = nil, limits: XMLParseLimits = .standard, maxText: Int = 1 << 20
    ) {
        LibXML.ensureInitialized()
        state = StreamState(elements: elements, starts: starts, source: source, limits: limits, maxText: maxText)
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
    }

    /// Parses the next chunk, handing every event it completes to `handler`.
    /// - Throws: `XMLError` (`.malformed` with line and column, `.doctypeForbidden`, `.tooDeep`, `.tooLarge`),
    ///   or what `handler` throws; after an error the parser takes no more input.
    public func feed(_ chunk: ArraySlice<UInt8>, to handler: (Event) throws -> Void) throws {
        try parse(chunk, terminate: false, handler)
    }

    /// Ends the input: checks the document is complete and hands over the last events.
    /// - Throws: as `feed`, and `.malformed` for a document cut short or empty.
    public func finish(to handler: (Event) throws -> Void) throws {
        try parse([], terminate: true, handler)
    }

    private func parse(_ chunk: ArraySlice<UInt8>, terminate: Bool, _ handler: (Event) throws -> Void) throws {
        if finished { throw state.failure ?? XMLError(.malformed, "the parser was already finished", at: state.here(0, 0)) }
        if terminate && state.fed == 0 {
            finished = true
            throw XMLError(.malformed, "the XML is empty", at: state.here(1, 1))
        }
        state.fed += chunk.count
        if state.fed > state.limits.maxBytes {
            finished = true
            throw XMLError(.tooLarge, "the XML is more than the limit of \(state.limits.maxBytes) bytes", at: state.here(0, 0))
        }
        try withoutActuallyEscaping(handler) { handler in
            state.handler = handler
            defer { state.handler = nil }
            let context = try self.context ?? start()
            let status = chunk.withUnsafeBytes { buffer in
                buffer.withMemoryRebound(to: CChar.self) { bytes in
                    xmlParseChunk(context, bytes.baseAddress, Int32(bytes.count), terminate ? 1 : 0)
                }
            }
            if terminate { finished = true }
            if let failure = state.failure {
                finished = true
                throw failure
            }
            if status != 0 || context.pointee.wellFormed == 0 {
                finished = true
                let error = context.pointee.lastError
                let message = error.code == 0 ? "not well-formed" : LibXML.message(of: error)
                throw XMLError(.malformed, "malformed XML: \(message)", at: state.here(Int(error.line), Int(error.int2)))
            }
            if terminate && !state.sawRoot {
                throw XMLError(.malformed, "the XML is empty", at: state.here(1, 1))
            }
        }
    }

    /// The push parser, made on the first chunk. Only the callbacks below are set: no tree, no entity
    /// declarations, and a DOCTYPE stops the parse where it starts.
    private func start() throws -> xmlParserCtxtPtr {
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.internalSubset = { user, _, _, _ in
            guard let state = StreamState.from(user) else { return }
            state.fail(XMLError(.doctypeForbidden, "a DOCTYPE is not allowed (external entities and entity expansion are refused)",
                                at: state.currentPlace()))
        }
        sax.startElementNs = { user, name, _, _, _, _, attributeCount, _, attributes in
            StreamState.with(user) { state in
                if state.failure == nil { state.start(name, attributeCount: Int(attributeCount), attributes) }
            }
        }
        sax.endElementNs = { user, name, _, _ in
            StreamState.with(user) { state in
                if state.failure == nil { state.end(name) }
            }
        }
        sax.characters = { user, bytes, count in
            StreamState.with(user) { state in
                if state.failure == nil { state.text(bytes, Int(count)) }
            }
        }
        sax.cdataBlock = sax.characters
        // Errors are kept on the context (lastError) and never printed.
        sax.serror = { _, _ in }
        let user = Unmanaged.passUnretained(state).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&sax, user, nil, 0, state.source) else {
            fatalError("libxml2 could not allocate a parser")
        }
        // NONET, no NOENT (entities are never expanded), no RECOVER; HUGE because size and text are bounded here.
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue))
        state.context = context
        self.context = context
        return context
    }
}

/// The attributes of an element, by local name, read straight from the parser's buffers: valid only
/// while the event that carried them is being handled (a later read traps rather than reading freed memory).
public struct XMLStreamAttributes {
    // Unretained: a value that lives only while its event is handled, which the epoch check enforces.
    private unowned(unsafe) let state: StreamState
    private let epoch: Int
    private let pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    private let count: Int

    fileprivate init(state: StreamState, pointer: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int) {
        self.state = state
        epoch = state.epoch
        self.pointer = pointer
        self.count = count
    }

    /// The value of the attribute with this local name, if present.
    public subscript(name: String) -> String? {
        precondition(epoch == state.epoch, "XMLStreamAttributes read after its event was handled")
        guard let pointer else { return nil }
        var name = name
        return name.withUTF8 { wanted -> String? in
            // Five pointers per attribute: local name, prefix, URI, value start, value end.
            for index in 0..<count {
                guard let local = pointer[index * 5], let start = pointer[index * 5 + 3], let end = pointer[index * 5 + 4] else { continue }
                if StreamState.equal(local, wanted) {
                    return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                }
            }
            return nil
        }
    }
}

extension XMLStreamAttributes {
    /// The value of the attribute with this local name as a decimal number of digits only (no sign, no
    /// space, at most 18 digits), without making a string; nil if absent or anything else.
    public func decimal(_ name: String) -> Int? { bytes(name).flatMap(\.decimal) }

    /// The bytes of the attribute with this local name, read in place (no string made); nil if absent.
    /// Valid only while the event is handled, like the attributes themselves.
    public func bytes(_ name: String) -> XMLStreamBytes? {
        precondition(epoch == state.epoch, "XMLStreamAttributes read after its event was handled")
        guard let pointer else { return nil }
        var name = name
        return name.withUTF8 { wanted -> XMLStreamBytes? in
            for index in 0..<count {
                guard let local = pointer[index * 5], let start = pointer[index * 5 + 3], let end = pointer[index * 5 + 4] else { continue }
                if StreamState.equal(local, wanted) { return XMLStreamBytes(state: state, start: start, count: end - start) }
            }
            return nil
        }
    }
}

/// An attribute's bytes in the parser's buffer, read in place: a collection of bytes, bounds-checked, that
/// traps if read after the event that carried it was handled (as `XMLStreamAttributes` does).
public struct XMLStreamBytes: RandomAccessCollection {
    private unowned(unsafe) let state: StreamState
    private let epoch: Int
    private let start: UnsafePointer<xmlChar>
    public let count: Int

    fileprivate init(state: StreamState, start: UnsafePointer<xmlChar>, count: Int) {
        self.state = state
        epoch = state.epoch
        self.start = start
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> UInt8 {
        precondition(epoch == state.epoch, "XMLStreamBytes read after its event was handled")
        precondition(position >= 0 && position < count, "XMLStreamBytes index out of range")
        return start[position]
    }

    /// The bytes as a decimal number of digits only (at most 18 digits), or nil.
    public var decimal: Int? {
        precondition(epoch == state.epoch, "XMLStreamBytes read after its event was handled")
        return XMLStreamText.decimal(UnsafeBufferPointer(start: start, count: count))
    }

    /// The bytes as text (invalid UTF-8 repaired).
    public var string: String {
        precondition(epoch == state.epoch, "XMLStreamBytes read after its event was handled")
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }
}

/// The text of an element that closed, read from the parser's buffer: valid only while its event is handled
/// (a later read traps). A sheet's million cells are read as numbers without a string made for each.
public struct XMLStreamText {
    private unowned(unsafe) let state: StreamState
    private let epoch: Int

    fileprivate init(state: StreamState) {
        self.state = state
        epoch = state.epoch
    }

    /// The text.
    public var string: String {
        precondition(epoch == state.epoch, "XMLStreamText read after its event was handled")
        return String(decoding: state.gathered, as: UTF8.self)
    }

    /// Whether the element held no text.
    public var isEmpty: Bool {
        precondition(epoch == state.epoch, "XMLStreamText read after its event was handled")
        return state.gathered.isEmpty
    }

    /// The text as a decimal number of digits only (no sign, no space, at most 18 digits), or nil.
    public var decimal: Int? {
        precondition(epoch == state.epoch, "XMLStreamText read after its event was handled")
        return state.gathered.withUnsafeBufferPointer { Self.decimal($0) }
    }

    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// What the callbacks share: the names wanted, the text gathered, the depth, the first failure.
/// Its properties are touched only from the parser's callbacks on the one thread that feeds it, so the
/// runtime's exclusivity checks (a fifth of a million-row sheet's time) are turned off for them.
final class StreamState {
    let names: [[UInt8]]
    let reportsStart: [Bool]
    let source: String?
    let limits: XMLParseLimits
    let maxText: Int
    var context: xmlParserCtxtPtr?
    @exclusivity(unchecked) var handler: ((XMLStreamParser.Event) throws -> Void)?
    @exclusivity(unchecked) var failure: (any Error)?
    @exclusivity(unchecked) var fed = 0
    @exclusivity(unchecked) var depth = 0
    @exclusivity(unchecked) var sawRoot = false
    /// How many elements of interest are open; text is gathered only inside one.
    @exclusivity(unchecked) var openWanted = 0
    @exclusivity(unchecked) var gathered: [UInt8] = []
    /// Counts handled start events: attributes handed out with one are stale after it.
    @exclusivity(unchecked) var epoch = 0

    init(elements: [String], starts: [String]?, source: String?, limits: XMLParseLimits, maxText: Int) {
        names = elements.map { Array($0.utf8) }
        reportsStart = elements.map { starts?.contains($0) ?? true }
        self.source = source
        self.limits = limits
        self.maxText = maxText
    }

    static func from(_ user: UnsafeMutableRawPointer?) -> StreamState? {
        user.map { Unmanaged<StreamState>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The state behind a callback's user pointer, without a retain and release per event: the parser
    /// holds the state for as long as libxml2 can call back.
    static func with(_ user: UnsafeMutableRawPointer?, _ body: (StreamState) -> Void) {
        guard let user else { return }
        Unmanaged<StreamState>.fromOpaque(user)._withUnsafeGuaranteedRef(body)
    }

    func here(_ line: Int, _ column: Int) -> XMLLocation { XMLLocation(source: source, line: line, column: column) }

    func currentPlace() -> XMLLocation {
        guard let input = context?.pointee.input else { return here(0, 0) }
        return here(Int(input.pointee.line), Int(input.pointee.col))
    }

    func fail(_ error: any Error) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }

    /// Whether the NUL-terminated `name` is exactly `wanted`.
    static func equal(_ name: UnsafePointer<xmlChar>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in 0..<wanted.count where name[index] != wanted[index] { return false }
        return name[wanted.count] == 0
    }

    /// libxml2 interns names in its dictionary, so one name always comes at one address: each address is
    /// judged once and remembered.
    @exclusivity(unchecked) private var known: [(name: UnsafePointer<xmlChar>, index: Int?)] = []

    private func index(of name: UnsafePointer<xmlChar>?) -> Int? {
        guard let name else { return nil }
        for entry in known where entry.name == name { return entry.index }
        let found = names.firstIndex { wanted in wanted.withUnsafeBufferPointer { Self.equal(name, $0) } }
        if known.count < 64 { known.append((name, found)) }
        return found
    }

    func start(_ name: UnsafePointer<xmlChar>?, attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        sawRoot = true
        depth += 1
        if depth > limits.maxDepth {
            fail(XMLError(.tooDeep, "elements nest deeper than the limit of \(limits.maxDepth)", at: currentPlace()))
            return
        }
        guard let wanted = index(of: name) else { return }
        openWanted += 1
        // Emptied only when not empty: removeAll goes through a generic replaceSubrange, 3 % of a sheet's time.
        if !gathered.isEmpty { gathered.removeAll(keepingCapacity: true) }
        guard reportsStart[wanted] else { return }
        deliver(.start(wanted, XMLStreamAttributes(state: self, pointer: attributes, count: attributeCount)))
        epoch &+= 1
    }

    func end(_ name: UnsafePointer<xmlChar>?) {
        depth -= 1
        guard let wanted = index(of: name) else { return }
        openWanted -= 1
        deliver(.end(wanted, XMLStreamText(state: self)))
        epoch &+= 1
        if !gathered.isEmpty { gathered.removeAll(keepingCapacity: true) }
    }

    func text(_ bytes: UnsafePointer<xmlChar>?, _ count: Int) {
        guard openWanted > 0, let bytes, count > 0 else { return }
        if gathered.count + count > maxText {
            fail(XMLError(.tooLarge, "a text is longer than the limit of \(maxText) bytes", at: currentPlace()))
            return
        }
        gathered.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    private func deliver(_ event: XMLStreamParser.Event) {
        do { try handler?(event) } catch { fail(error) }
    }
}
