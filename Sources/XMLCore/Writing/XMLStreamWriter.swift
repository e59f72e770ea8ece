/// Writes XML front to back into a sink, in constant memory, escaping every value.
///
/// For parts too large to build as a tree (a worksheet of 100,000 rows, a long event log).
/// Bytes are handed to the sink in chunks of about `chunkSize`.
///
/// ```swift
/// var writer = XMLStreamWriter { chunk in try entry.write(chunk) }
/// try writer.startDocument()
/// try writer.startElement("row", attributes: [("r", "1")])
/// try writer.text("R&D")
/// try writer.endElement()
/// try writer.finish()
/// ```
public struct XMLStreamWriter {
    private var buffer: [UInt8] = []
    private var open: [String] = []
    private var startTagOpen = false
    private var finished = false
    private let chunkSize: Int
    private let sink: ([UInt8]) throws -> Void

    /// Creates a writer.
    /// - Parameters:
    ///   - chunkSize: how many bytes to gather before handing them to the sink.
    ///   - sink: receives the output in order; its errors propagate out of the writer's calls.
    public init(chunkSize: Int = 64 << 10, sink: @escaping ([UInt8]) throws -> Void) {
        self.chunkSize = max(chunkSize, 1024)
        self.sink = sink
        buffer.reserveCapacity(self.chunkSize + 1024)
    }

    /// Writes `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and a newline.
    public mutating func startDocument(standalone: Bool = true) throws {
        try ensureWritable()
        buffer.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8""#.utf8)
        if standalone { buffer.append(contentsOf: #" standalone="yes""#.utf8) }
        buffer.append(contentsOf: "?>\n".utf8)
    }

    /// Opens an element.
    /// - Parameters:
    ///   - name: `local` or `prefix:local`.
    ///   - attributes: name/value pairs, written in the order given (namespace declarations as `xmlns:p`).
    /// - Throws: `XMLError.invalidName`, `.invalidCharacter`, or a sink error.
    public mutating func startElement(_ name: String, attributes: [(String, String)] = []) throws {
        try ensureWritable()
        try XMLText.validateName(name)
        closeStartTag()
        buffer.append(UInt8(ascii: "<"))
        buffer.append(contentsOf: name.utf8)
        for (key, value) in attributes {
            try XMLText.validateName(key)
            try XMLText.validate(value, field: "\(name)/@\(key)")
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: key.utf8)
            buffer.append(contentsOf: "=\"".utf8)
            XMLText.appendEscaped(value, inAttribute: true, to: &buffer)
            buffer.append(UInt8(ascii: "\""))
        }
        startTagOpen = true
        open.append(name)
        try flushIfFull()
    }

    /// Writes text content, escaped.
    /// - Throws: `XMLError.invalidCharacter` naming the enclosing element, `.writerMisuse` outside an element.
    public mutating func text(_ text: String) throws {
        try ensureWritable()
        guard let current = open.last else { throw XMLError(.writerMisuse, "text outside the root element") }
        closeStartTag()
        try appendText(text, field: current)
        try flushIfFull()
    }

    /// Closes the innermost open element (as `<a/>` when it is empty).
    /// - Throws: `XMLError.writerMisuse` when no element is open.
    public mutating func endElement() throws {
        try ensureWritable()
        guard let name = open.popLast() else { throw XMLError(.writerMisuse, "endElement with no open element") }
        if startTagOpen {
            buffer.append(contentsOf: "/>".utf8)
            startTagOpen = false
        } else {
            buffer.append(contentsOf: "</".utf8)
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: ">"))
        }
        try flushIfFull()
    }

    /// Writes a whole element holding only text: `<name attr="…">text</name>`.
    public mutating func element(_ name: String, attributes: [(String, String)] = [], text value: String) throws {
        try startElement(name, attributes: attributes)
        if !value.isEmpty { try text(value) }
        try endElement()
    }

    /// Writes one text-only element per value, all named `name`: `<name>a</name><name>b</name>…` — the
    /// name checked once, for lists of a million codes.
    /// - Throws: as `element(_:text:)`.
    public mutating func elements(_ name: String, texts: some Sequence<String>) throws {
        try ensureWritable()
        try XMLText.validateName(name)
        guard !open.isEmpty else { throw XMLError(.writerMisuse, "elements outside the root element") }
        closeStartTag()
        let start = Array("<\(name)>".utf8)
        let end = Array("</\(name)>".utf8)
        for value in texts {
            buffer.append(contentsOf: start)
            try appendText(value, field: name)
            buffer.append(contentsOf: end)
            try flushIfFull()
        }
    }

    /// Hands the remaining bytes to the sink; every element must be closed.
    /// - Throws: `XMLError.writerMisuse` naming the elements still open.
    public mutating func finish() throws {
        try ensureWritable()
        guard open.isEmpty else {
            throw XMLError(.writerMisuse, "finish with elements still open: \(open.joined(separator: " > "))")
        }
        finished = true
        if !buffer.isEmpty { try sink(buffer) }
        buffer = []
    }

    /// Element content, checked and escaped; printable ASCII with nothing to escape (codes, numbers,
    /// dates — a million of them in a draw record) is copied as it is.
    private mutating func appendText(_ text: String, field: String) throws {
        if XMLText.isPlain(text) {
            buffer.append(contentsOf: text.utf8)
        } else {
            try XMLText.validate(text, field: field)
            XMLText.appendEscaped(text, inAttribute: false, to: &buffer)
        }
    }

    private mutating func closeStartTag() {
        if startTagOpen {
            buffer.append(UInt8(ascii: ">"))
            startTagOpen = false
        }
    }

    private mutating func flushIfFull() throws {
        guard buffer.count >= chunkSize else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func ensureWritable() throws {
        if finished { throw XMLError(.writerMisuse, "the writer has already finished") }
    }
}
