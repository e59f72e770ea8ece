
/// An error from parsing, querying, editing, writing or validating XML, saying what and where.
///
/// ```swift
/// do { _ = try XMLDocument(bytes: Array("<a>".utf8), source: "word/document.xml") }
/// catch let error as XMLError { print(error) }
/// // word/document.xml:1:4: error: malformed XML: Premature end of data in tag a line 1
/// ```
public struct XMLError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformed, doctypeForbidden, tooDeep, tooLarge, invalidXPath, invalidCharacter
            case invalidName, invalidSchema, schemaViolation, writerMisuse, io
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not well-formed XML.
        public static let malformed = Code(.malformed)
        /// The document has a DOCTYPE, which SpotCheck never accepts.
        public static let doctypeForbidden = Code(.doctypeForbidden)
        /// Elements nest deeper than the parse limits allow.
        public static let tooDeep = Code(.tooDeep)
        /// The input is larger than the parse limits allow.
        public static let tooLarge = Code(.tooLarge)
        /// An XPath expression that does not compile or evaluate.
        public static let invalidXPath = Code(.invalidXPath)
        /// Text holding a character XML 1.0 cannot represent.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// An element or attribute name that is not an XML name.
        public static let invalidName = Code(.invalidName)
        /// A schema document that libxml2 cannot compile.
        public static let invalidSchema = Code(.invalidSchema)
        /// A document that does not conform to a schema.
        public static let schemaViolation = Code(.schemaViolation)
        /// The streaming writer was used out of order (text after the end, unbalanced end tag).
        public static let writerMisuse = Code(.writerMisuse)
        /// A file could not be read.
        public static let io = Code(.io)

        public var description: String { value.rawValue }
    }

    /// What kind of problem it is.
    public var code: Code
    /// A human sentence saying what is wrong.
    public var message: String
    /// Where: the source (part or file name), line and column, when known.
    public var location: XMLLocation?
    /// The lower-level error, when there is one.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: XMLLocation? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    /// `source:line:column: error: message`, as compilers print it.
    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }
}

/// A place in an XML source.
public struct XMLLocation: Hashable, Sendable, CustomStringConvertible {
    /// The part or file name the XML came from, if known.
    public var source: String?
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(source: String?, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String {
        var text = source ?? "<xml>"
        if line > 0 { text += ":\(line)" }
        if column > 0 { text += ":\(column)" }
        return text
    }
}
