import CLibXML2

extension XMLDocument {
    /// The document in Exclusive XML Canonicalization 1.0 (without comments), the form that is
    /// hashed or signed: equal documents give equal bytes whatever their attribute order or quoting.
    ///
    /// ```swift
    /// let digest = SHA256.hash(data: try manifest.exclusiveCanonicalForm())
    /// ```
    /// - Returns: the canonical bytes.
    /// - Throws: `XMLError.malformed` if libxml2 cannot canonicalise the tree.
    public func exclusiveCanonicalForm() throws -> [UInt8] {
        var output: UnsafeMutablePointer<xmlChar>?
        let size = xmlC14NDocDumpMemory(pointer, nil, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), nil, 0, &output)
        guard size >= 0, let output else {
            throw XMLError(
                .malformed, "the document cannot be canonicalised", at: source.map { XMLLocation(source: $0, line: 0, column: 0) })
        }
        defer { spot_xml_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }
}
