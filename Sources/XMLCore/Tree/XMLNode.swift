import CLibXML2

/// A node of an `XMLDocument`: an element, text, comment or other kind.
///
/// A node keeps its document alive. Edits go through methods that escape what they are given,
/// so data holding `&`, `<` or quotes can never corrupt the document.
///
/// ```swift
/// guard let root = doc.root else { return }
/// let cell = try root.appendElement("c")
/// try cell.setAttribute("r", to: "A1")
/// try cell.setText("R&D <2024>")
/// ```
public struct XMLNode {
    /// The document this node belongs to.
    public let document: XMLDocument
    let pointer: xmlNodePtr

    init(document: XMLDocument, pointer: xmlNodePtr) {
        self.document = document
        self.pointer = pointer
    }

    /// What kind of node this is.
    public enum Kind: Sendable, Hashable {
        case element, text, cdata, comment, processingInstruction, other
    }

    /// This node's kind.
    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE: .text
        case XML_CDATA_SECTION_NODE: .cdata
        case XML_COMMENT_NODE: .comment
        case XML_PI_NODE: .processingInstruction
        default: .other
        }
    }

    /// The local name (`t` for `w:t`).
    public var localName: String { LibXML.string(pointer.pointee.name) ?? "" }

    /// The qualified name as written (`w:t`).
    public var qualifiedName: String {
        if let prefix { return "\(prefix):\(localName)" }
        return localName
    }

    /// The namespace prefix, if any.
    public var prefix: String? { pointer.pointee.ns.flatMap { LibXML.string($0.pointee.prefix) } }

    /// The namespace URI, if any.
    public var namespaceURI: String? { pointer.pointee.ns.flatMap { LibXML.string($0.pointee.href) } }

    /// The 1-based source line of an element that came from parsing (0 for created nodes).
    public var line: Int { Int(xmlGetLineNo(pointer)) }

    /// All text below this node, concatenated, unescaped.
    public var textContent: String { LibXML.takeString(xmlNodeGetContent(pointer)) ?? "" }

    // MARK: - Navigation

    /// The parent node, if any (the document node is not returned).
    public var parent: XMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLNode(document: document, pointer: parent)
    }

    /// Child nodes of every kind, in document order.
    public var children: [XMLNode] {
        var result: [XMLNode] = []
        var child = pointer.pointee.children
        while let node = child {
            result.append(XMLNode(document: document, pointer: node))
            child = node.pointee.next
        }
        return result
    }

    /// Child elements only, in document order.
    public var childElements: [XMLNode] { children.filter { $0.kind == .element } }

    /// The next sibling of any kind.
    public var nextSibling: XMLNode? { pointer.pointee.next.map { XMLNode(document: document, pointer: $0) } }

    /// The previous sibling of any kind.
    public var previousSibling: XMLNode? { pointer.pointee.prev.map { XMLNode(document: document, pointer: $0) } }

    // MARK: - Attributes

    /// The value of an attribute, unescaped.
    /// - Parameters:
    ///   - name: the attribute's local name.
    ///   - namespace: its namespace URI; nil for an attribute without a namespace.
    /// - Returns: the value, or nil when absent.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        LibXML.takeString(xmlGetNsProp(pointer, name, namespace))
    }

    /// Sets an attribute; the value is stored as data and escaped on output.
    /// - Parameters:
    ///   - name: the local name.
    ///   - value: any text XML can hold.
    ///   - namespace: its namespace URI, which must be declared in scope; nil for none.
    /// - Throws: `XMLError.invalidName`, `.invalidCharacter`, or `.invalidName` for an undeclared namespace.
    public func setAttribute(_ name: String, to value: String, namespace: String? = nil) throws {
        try XMLText.validateName(name)
        try XMLText.validate(value, field: "attribute \(name)")
        var ns: xmlNsPtr?
        if let namespace {
            ns = xmlSearchNsByHref(document.pointer, pointer, namespace)
            if ns == nil { throw XMLError(.invalidName, "namespace \(namespace) is not declared where attribute \(name) is set") }
        }
        xmlSetNsProp(pointer, ns, name, value)
    }

    /// Removes an attribute if present.
    public func removeAttribute(_ name: String, namespace: String? = nil) {
        if let attribute = xmlHasNsProp(pointer, name, namespace) { xmlRemoveProp(attribute) }
    }

    // MARK: - Editing

    /// Replaces all children with one text node holding `text` as data.
    ///
    /// Unlike libxml2's `xmlNodeSetContent`, `&` and `<` are never read as markup.
    /// - Throws: `XMLError.invalidCharacter` when the text holds a character XML cannot represent.
    public func setText(_ text: String) throws {
        try XMLText.validate(text, field: qualifiedName)
        if kind == .text || kind == .cdata || kind == .comment {
            xmlNodeSetContentLen(pointer, nil, 0)
            xmlNodeAddContentLen(pointer, text, Int32(text.utf8.count))
            return
        }
        for child in children { child.detach() }
        guard let node = xmlNewDocTextLen(document.pointer, text, Int32(text.utf8.count)) else { fatalError("libxml2 out of memory") }
        xmlAddChild(pointer, node)
    }

    /// Appends a new child element, in the namespace its prefix names (or the default one).
    /// - Parameters:
    ///   - name: `local` or `prefix:local`; the prefix must be declared in scope.
    /// - Returns: the new element.
    /// - Throws: `XMLError.invalidName`.
    @discardableResult
    public func appendElement(_ name: String) throws -> XMLNode {
        let node = try makeElement(name)
        xmlAddChild(pointer, node)
        return XMLNode(document: document, pointer: node)
    }

    /// Appends a text child holding `text` as data.
    /// - Throws: `XMLError.invalidCharacter`.
    public func appendText(_ text: String) throws {
        try XMLText.validate(text, field: qualifiedName)
        guard let node = xmlNewDocTextLen(document.pointer, text, Int32(text.utf8.count)) else { fatalError("libxml2 out of memory") }
        xmlAddChild(pointer, node)
    }

    /// Inserts a deep copy of this node right after itself (a repeated table row, say).
    /// - Returns: the copy.
    @discardableResult
    public func duplicateAfter() -> XMLNode {
        guard let copy = xmlDocCopyNode(pointer, document.pointer, 1) else { fatalError("libxml2 out of memory") }
        xmlAddNextSibling(pointer, copy)
        return XMLNode(document: document, pointer: copy)
    }

    /// Moves `node` (of the same document) to just before this node.
    ///
    /// A text node that would stand beside a text node is merged into it (libxml2 would merge it and
    /// free `node`; here `node` stays valid and detached).
    public func insertBefore(_ node: XMLNode) {
        precondition(node.document === document, "nodes move within one document")
        if node.kind == .text, let content = node.pointer.pointee.content {
            if pointer.pointee.type == XML_TEXT_NODE {
                let merged = String(cString: content) + textContent
                xmlNodeSetContentLen(pointer, merged, Int32(merged.utf8.count))
                node.detach()
                return
            }
            if let previous = pointer.pointee.prev, previous.pointee.type == XML_TEXT_NODE {
                xmlNodeAddContent(previous, content)
                node.detach()
                return
            }
        }
        document.undetach(node.pointer)
        xmlUnlinkNode(node.pointer)
        xmlAddPrevSibling(pointer, node.pointer)
    }

    /// Moves `node` (of the same document) to just after this node; text beside text is merged as in `insertBefore`.
    public func insertAfter(_ node: XMLNode) {
        precondition(node.document === document, "nodes move within one document")
        if node.kind == .text, let content = node.pointer.pointee.content {
            if pointer.pointee.type == XML_TEXT_NODE {
                xmlNodeAddContent(pointer, content)
                node.detach()
                return
            }
            if let next = pointer.pointee.next, next.pointee.type == XML_TEXT_NODE {
                let merged = String(cString: content) + (LibXML.takeString(xmlNodeGetContent(next)) ?? "")
                xmlNodeSetContentLen(next, merged, Int32(merged.utf8.count))
                node.detach()
                return
            }
        }
        document.undetach(node.pointer)
        xmlUnlinkNode(node.pointer)
        xmlAddNextSibling(pointer, node.pointer)
    }

    /// Takes this node out of the tree. It stays valid (and can be inserted again) until the document is freed.
    public func detach() {
        guard pointer.pointee.parent != nil || pointer.pointee.prev != nil || pointer.pointee.next != nil else { return }
        xmlUnlinkNode(pointer)
        document.detached.append(pointer)
    }

    /// Serialises this node and its subtree, without an XML declaration.
    public func serialized() -> [UInt8] {
        guard let buffer = xmlBufferCreate() else { return [] }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, document.pointer, pointer, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }

    private func makeElement(_ name: String) throws -> xmlNodePtr {
        try XMLText.validateName(name)
        var ns: xmlNsPtr?
        var local = name
        if let colon = name.firstIndex(of: ":") {
            let prefix = String(name[..<colon])
            local = String(name[name.index(after: colon)...])
            ns = xmlSearchNs(document.pointer, pointer, prefix)
            if ns == nil { throw XMLError(.invalidName, "prefix \(prefix) is not declared where \(name) is added") }
        } else {
            ns = xmlSearchNs(document.pointer, pointer, nil)
        }
        guard let node = xmlNewDocNode(document.pointer, ns, local, nil) else { fatalError("libxml2 out of memory") }
        return node
    }
}

extension XMLNode: Equatable {
    public static func == (lhs: XMLNode, rhs: XMLNode) -> Bool { lhs.pointer == rhs.pointer }
}

extension XMLNode: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }
}

extension XMLDocument {
    /// A node being put back into the tree is no longer this document's to free.
    func undetach(_ node: xmlNodePtr) {
        if let index = detached.lastIndex(of: node) { detached.remove(at: index) }
    }
}

extension XMLNode {
    /// Appends `node` (of the same document, attached or detached) as the last child.
    ///
    /// A text node appended after a text node is merged into it (as libxml2 would, but without
    /// freeing `node`, which stays valid and detached).
    public func appendChild(_ node: XMLNode) {
        precondition(node.document === document, "nodes move within one document")
        if node.kind == .text, let last = pointer.pointee.last, last.pointee.type == XML_TEXT_NODE {
            xmlNodeAddContent(last, node.pointer.pointee.content)
            node.detach()
            return
        }
        document.undetach(node.pointer)
        xmlUnlinkNode(node.pointer)
        xmlAddChild(pointer, node.pointer)
    }

    /// Detaches every child.
    public func removeAllChildren() {
        for child in children { child.detach() }
    }

    /// The target of a processing instruction (`xml-stylesheet` for `<?xml-stylesheet …?>`).
    public var processingInstructionTarget: String? {
        kind == .processingInstruction ? localName : nil
    }
}

extension XMLDocument {
    /// A new processing instruction `<?target content?>`, not yet in the tree.
    /// - Throws: `XMLError.invalidName` for a bad target, `.invalidCharacter` for content holding `?>`.
    public func makeProcessingInstruction(target: String, content: String) throws -> XMLNode {
        try XMLText.validateName(target)
        guard !content.contains("?>") else { throw XMLError(.invalidCharacter, "processing instruction content cannot hold '?>'") }
        try XMLText.validate(content, field: target)
        guard let node = xmlNewDocPI(pointer, target, content) else { fatalError("libxml2 out of memory") }
        detached.append(node)
        return XMLNode(document: self, pointer: node)
    }

    /// A new text node holding `text` as data, not yet in the tree.
    /// - Throws: `XMLError.invalidCharacter`.
    public func makeText(_ text: String) throws -> XMLNode {
        try XMLText.validate(text, field: "text")
        guard let node = xmlNewDocTextLen(pointer, text, Int32(text.utf8.count)) else { fatalError("libxml2 out of memory") }
        detached.append(node)
        return XMLNode(document: self, pointer: node)
    }
}

extension XMLNode {
    /// The element's attributes in document order, as `(qualified name, value)`.
    public var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let local = LibXML.string(current.pointee.name) ?? ""
            let prefix = current.pointee.ns.flatMap { LibXML.string($0.pointee.prefix) }
            let value = LibXML.takeString(xmlNodeListGetString(document.pointer, current.pointee.children, 1)) ?? ""
            result.append((prefix.map { "\($0):\(local)" } ?? local, value))
            attribute = current.pointee.next
        }
        return result
    }
}
