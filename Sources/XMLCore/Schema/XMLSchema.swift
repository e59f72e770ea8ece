import CLibXML2

/// A compiled W3C XML Schema (XSD 1.0) that validates documents, reporting every violation.
///
/// ```swift
/// let schema = try XMLSchema(document: XMLDocument(contentsOfFile: "archive/dossier.xsd"))
/// let problems = schema.violations(in: dossier)   // empty when valid
/// ```
///
/// The schema must be self-contained: `xs:include` and `xs:import` of other files are not
/// loaded (SpotCheck's entity loader refuses every external resource).
///
/// `@unchecked Sendable`: a compiled `xmlSchemaPtr` is read-only after parsing and libxml2 allows
/// it to be shared by validations on several threads, each with its own validation context.
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// Compiles a schema.
    /// - Parameter document: the XSD document (it is copied; the caller keeps it).
    /// - Throws: `XMLError.invalidSchema` listing every problem libxml2 found.
    public init(document: XMLDocument) throws {
        LibXML.ensureInitialized()
        let copy = document.copy()
        guard let parser = xmlSchemaNewDocParserCtxt(copy.pointer) else { fatalError("libxml2 out of memory") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let collector = IssueCollector(source: document.source)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        xmlSchemaSetParserStructuredErrors(parser, IssueCollector.callback, context)
        let compiled = withExtendedLifetime(collector) { xmlSchemaParse(parser) }
        guard let compiled, collector.issues.isEmpty else {
            if let compiled { xmlSchemaFree(compiled) }
            let details = collector.issues.map(\.description).joined(separator: "\n")
            throw XMLError(
                .invalidSchema, "the schema cannot be compiled" + (details.isEmpty ? "" : ":\n" + details),
                at: document.source.map { XMLLocation(source: $0, line: 0, column: 0) })
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Every violation of the schema in `document`, in the order found; empty when it is valid.
    /// - Parameter document: the document to check (not modified).
    /// - Returns: one `XMLError` (code `.schemaViolation`) per problem, with line numbers.
    public func violations(in document: XMLDocument) -> [XMLError] {
        guard let validator = xmlSchemaNewValidCtxt(schema) else { fatalError("libxml2 out of memory") }
        defer { xmlSchemaFreeValidCtxt(validator) }
        let collector = IssueCollector(source: document.source)
        xmlSchemaSetValidStructuredErrors(validator, IssueCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
        let status = withExtendedLifetime(collector) { xmlSchemaValidateDoc(validator, document.pointer) }
        if status != 0 && collector.issues.isEmpty {
            return [
                XMLError(
                    .schemaViolation, "the document does not conform to the schema (libxml2 status \(status))",
                    at: document.source.map { XMLLocation(source: $0, line: 0, column: 0) })
            ]
        }
        return collector.issues
    }

    /// Throws the violations of `document`, all of them in one error, when there are any.
    /// - Throws: `XMLError.schemaViolation` whose message lists each problem on its own line.
    public func validate(_ document: XMLDocument) throws {
        let problems = violations(in: document)
        guard let first = problems.first else { return }
        if problems.count == 1 { throw first }
        throw XMLError(
            .schemaViolation, "\(problems.count) schema violations:\n" + problems.map(\.description).joined(separator: "\n"),
            at: first.location)
    }
}

/// Gathers libxml2's structured errors during one schema parse or validation.
private final class IssueCollector {
    let source: String?
    var issues: [XMLError] = []

    init(source: String?) { self.source = source }

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<IssueCollector>.fromOpaque(context).takeUnretainedValue()
        let location = XMLLocation(source: collector.source, line: Int(error.pointee.line), column: Int(error.pointee.int2))
        collector.issues.append(XMLError(.schemaViolation, LibXML.message(of: error.pointee), at: location))
    }
}
