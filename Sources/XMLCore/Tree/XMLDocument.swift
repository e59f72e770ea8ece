import CLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed XML document that can be queried, edited and serialised.
///
/// Parsing is hardened for untrusted input: no network, no file access, no entity expansion,
/// any DOCTYPE refused, no recovery from malformed input, and bounded size and depth.
///
/// ```swift
/// let doc = try XMLDocument(bytes: Array(#"<w:p xmlns:w="urn:w"><w:t>a</w:t></w:p>"#.utf8))
/// let texts = try doc.nodes(matching: "//w:t", namespaces: ["w": "urn:w"])
/// try texts[0].setText("A & B")
/// let bytes = doc.serialized()
/// ```
///
/// Not `Sendable`: a document and its nodes belong to one thread at a time.
public final class XMLDocument {
    let pointer: xmlDocPtr
    /// Nodes detached from the tree stay allocated until the document goes, so that an
    /// `XMLNode` that still refers to one never dangles.
    var detached: [xmlNodePtr] = []
    /// One XPath context for every query of this document (making one registers libxml2's ~100
    /// functions in a hash table), with the namespace bindings last registered in it.
    var xpathContext: xmlXPathContextPtr?
    var xpathNamespaces: [String: String] = [:]

    /// The name the document was parsed from, used in error locations.
    public let source: String?

    init(adopting pointer: xmlDocPtr, source: String?) {
        self.pointer = pointer
        self.source = source
    }

    deinit {
        if let xpathContext { xmlXPathFreeContext(xpathContext) }
        for node in detached { xmlFreeNode(node) }
        xmlFreeDoc(pointer)
    }

    /// Parses a document from bytes.
    ///
    /// - Parameters:
    ///   - bytes: the XML, in the encoding its declaration names (UTF-8 when none).
    ///   - source: a part or file name for error messages, such as `word/document.xml`.
    ///   - limits: size and depth bounds.
    /// - Throws: `XMLError` with code `.malformed` (with line and column), `.doctypeForbidden`,
    ///   `.tooDeep` or `.tooLarge`.
    public convenience init(bytes: [UInt8], source: String? = nil, limits: XMLParseLimits = .standard) throws {
        LibXML.ensureInitialized()
        let parsed: xmlDocPtr = try bytes.withUnsafeBytes { buffer in
            try Self.parse(buffer, source: source, limits: limits)
        }
        self.init(adopting: parsed, source: source)
    }

    /// Parses a document from a file.
    ///
    /// - Parameters:
    ///   - path: the file's path; also used as the source in error messages.
    ///   - limits: size and depth bounds; a larger file is refused before it is read.
    /// - Throws: `XMLError` as `init(bytes:)`, or `.io` when the file cannot be read.
    public convenience init(contentsOfFile path: String, limits: XMLParseLimits = .standard) throws {
        let here = XMLLocation(source: path, line: 0, column: 0)
        guard let file = fopen(path, "rb") else {
            throw XMLError(.io, "cannot read \(path): \(String(cString: strerror(errno)))", at: here)
        }
        defer { fclose(file) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
            // Refuse an oversized file without reading all of it.
            if data.count > limits.maxBytes {
                throw XMLError(.tooLarge, "the XML is more than the limit of \(limits.maxBytes) bytes", at: here)
            }
        }
        if ferror(file) != 0 { throw XMLError(.io, "cannot read \(path)", at: here) }
        try self.init(bytes: data, source: path, limits: limits)
    }

    /// Creates an empty document with one root element.
    ///
    /// ```swift
    /// let doc = try XMLDocument(rootName: "dossier", namespace: "urn:spotcheck:dossier")
    /// ```
    /// - Parameters:
    ///   - rootName: the root element's local name.
    ///   - namespace: the default namespace of the root, if any.
    /// - Throws: `XMLError.invalidName` when `rootName` is not an XML name.
    public convenience init(rootName: String, namespace: String? = nil) throws {
        LibXML.ensureInitialized()
        try XMLText.validateName(rootName)
        guard let doc = xmlNewDoc("1.0"), let root = xmlNewDocNode(doc, nil, rootName, nil) else {
            fatalError("libxml2 could not allocate a document")
        }
        xmlDocSetRootElement(doc, root)
        if let namespace {
            let ns = xmlNewNs(root, namespace, nil)
            xmlSetNs(root, ns)
        }
        self.init(adopting: doc, source: nil)
    }

    // MARK: - Parsing

    private static func parse(_ buffer: UnsafeRawBufferPointer, source: String?, limits: XMLParseLimits) throws -> xmlDocPtr {
        let here = { (line: Int, column: Int) in XMLLocation(source: source, line: line, column: column) }
        if buffer.count > limits.maxBytes {
            throw XMLError(.tooLarge, "the XML is \(buffer.count) bytes, more than the limit of \(limits.maxBytes)", at: here(0, 0))
        }
        guard buffer.count > 0, let base = buffer.baseAddress else {
            throw XMLError(.malformed, "the XML is empty", at: here(1, 1))
        }
        // No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR/DTDVALID, NONET, and no RECOVER.
        // HUGE lifts libxml2's fixed text-node limit; size and depth are bounded by the guard instead.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)
        var guardState = SpotParseGuard()
        guardState.maxDepth = Int32(limits.maxDepth)
        defer { xmlResetError(&guardState.firstError) }
        let doc = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { bytes in
            spot_xml_parse_guarded(bytes, Int32(buffer.count), source, options, &guardState)
        }
        if guardState.sawDoctype != 0 {
            throw XMLError(
                .doctypeForbidden, "a DOCTYPE is not allowed (external entities and entity expansion are refused)",
                at: here(Int(guardState.line), Int(guardState.column)))
        }
        if guardState.depthExceeded != 0 {
            throw XMLError(
                .tooDeep, "elements nest deeper than the limit of \(limits.maxDepth)",
                at: here(Int(guardState.line), Int(guardState.column)))
        }
        guard let doc else {
            let failure = guardState.firstError
            let message = guardState.hasFirstError == 0 ? "not well-formed" : LibXML.message(of: failure)
            throw XMLError(.malformed, "malformed XML: \(message)", at: here(Int(failure.line), Int(failure.int2)))
        }
        return doc
    }

    // MARK: - Access

    /// The root element, if the document has one.
    public var root: XMLNode? {
        guard let node = xmlDocGetRootElement(pointer) else { return nil }
        return XMLNode(document: self, pointer: node)
    }

    /// Serialises the whole document as UTF-8 with its XML declaration.
    ///
    /// Content that was not edited comes out as it went in, up to XML's equivalences
    /// (attribute quotes, character references for characters that need none).
    /// - Returns: the bytes.
    public func serialized() -> [UInt8] {
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(pointer, &memory, &size, "UTF-8")
        guard let memory else { return [] }
        defer { spot_xml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }

    /// A deep copy of the whole document.
    public func copy() -> XMLDocument {
        guard let duplicate = xmlCopyDoc(pointer, 1) else { fatalError("libxml2 could not copy a document") }
        return XMLDocument(adopting: duplicate, source: source)
    }
}
