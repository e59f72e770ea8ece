import CLibXML2

extension XMLDocument {
    /// The nodes an XPath 1.0 expression selects, with namespace prefixes bound as given.
    ///
    /// ```swift
    /// let rows = try doc.nodes(matching: "//w:tbl/w:tr", namespaces: ["w": OOXML.wordprocessingML])
    /// ```
    /// - Parameters:
    ///   - expression: an XPath 1.0 expression.
    ///   - namespaces: prefix → URI bindings used by the expression.
    ///   - context: the context node; the document when nil.
    /// - Returns: the selected nodes in document order; empty when the result is not a node set.
    /// - Throws: `XMLError.invalidXPath` naming the expression.
    public func nodes(matching expression: String, namespaces: [String: String] = [:], from context: XMLNode? = nil) throws -> [XMLNode] {
        try evaluate(expression, namespaces: namespaces, from: context) { object in
            guard object.pointee.type == XPATH_NODESET, let set = object.pointee.nodesetval,
                let table = set.pointee.nodeTab
            else { return [] }
            return (0..<Int(set.pointee.nodeNr)).compactMap { index in
                table[index].map { XMLNode(document: self, pointer: $0) }
            }
        }
    }

    /// The string value of an XPath 1.0 expression (`string(...)`, `count(...)`, a node's text).
    /// - Throws: `XMLError.invalidXPath` naming the expression.
    public func string(of expression: String, namespaces: [String: String] = [:], from context: XMLNode? = nil) throws -> String {
        try evaluate(expression, namespaces: namespaces, from: context) { object in
            LibXML.takeString(xmlXPathCastToString(object)) ?? ""
        }
    }

    private func evaluate<Result>(
        _ expression: String, namespaces: [String: String], from context: XMLNode?,
        _ read: (xmlXPathObjectPtr) -> Result
    ) throws -> Result {
        let xpath = reusableContext(namespaces: namespaces)
        if let context {
            precondition(context.document === self, "an XPath context node belongs to the document queried")
        }
        // As a new context has them: the document as context node unless one is given, no size or position.
        xpath.pointee.node = context?.pointer
        xpath.pointee.contextSize = -1
        xpath.pointee.proximityPosition = -1
        guard let object = xmlXPathEvalExpression(expression, xpath) else {
            let reason = Self.xpathMessage(xpath.pointee.lastError)
            xmlResetError(&xpath.pointee.lastError)
            throw XMLError(.invalidXPath, "XPath \(expression): \(reason)", at: source.map { XMLLocation(source: $0, line: 0, column: 0) })
        }
        defer { xmlXPathFreeObject(object) }
        return read(object)
    }

    /// The document's XPath context, made on first use, with exactly `namespaces` bound.
    private func reusableContext(namespaces: [String: String]) -> xmlXPathContextPtr {
        if let xpathContext, xpathNamespaces == namespaces { return xpathContext }
        let xpath: xmlXPathContextPtr
        if let xpathContext {
            xpath = xpathContext
            xmlXPathRegisteredNsCleanup(xpath)
        } else {
            guard let made = xmlXPathNewContext(pointer) else { fatalError("libxml2 out of memory") }
            // Errors are kept in xpath.lastError, never printed.
            made.pointee.error = { _, _ in }
            xpathContext = made
            xpath = made
        }
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            xmlXPathRegisterNs(xpath, prefix, uri)
        }
        xpathNamespaces = namespaces
        return xpath
    }

    /// libxml2 leaves the message of XPath errors empty and keeps its texts private: this is that table.
    private static func xpathMessage(_ error: xmlError) -> String {
        let messages = [
            "ok", "number encoding", "unfinished literal", "start of literal", "expected $ for variable reference",
            "undefined variable", "invalid predicate", "invalid expression", "missing closing curly brace",
            "unregistered function", "invalid operand", "invalid type", "invalid number of arguments",
            "invalid context size", "invalid context position", "memory allocation error", "syntax error",
            "resource error", "sub resource error", "undefined namespace prefix", "encoding error",
            "character out of XML range", "invalid or incomplete context", "stack usage error", "forbidden variable",
        ]
        let index = Int(error.code) - Int(XML_XPATH_EXPRESSION_OK.rawValue)
        guard messages.indices.contains(index), index > 0 else {
            return error.code == 0 ? "cannot be evaluated" : LibXML.message(of: error)
        }
        return "\(messages[index]) at character \(error.int1 + 1)"
    }
}
