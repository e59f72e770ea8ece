import TestSupport
import Testing

@testable import XMLCore

@Suite struct XMLCanonicalAndSchemaTests {
    static let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <m:manifest xmlns:m="urn:spotcheck:manifest" xmlns:unused="urn:unused" version='1'   algorithm="sha256" >
          <m:file path="data/检查报告.docx" size="10240"/>
          <m:file size="5" path="data/a&amp;b.txt"><!-- a comment --></m:file>
        </m:manifest>
        """

    /// The same manifest written differently: attribute order, quotes, namespace prefix, empty-element form, no comment.
    static let sameManifestOtherwise = """
        <x:manifest algorithm="sha256" version="1" xmlns:x="urn:spotcheck:manifest">
          <x:file size="10240" path="data/检查报告.docx"></x:file>
          <x:file path="data/a&amp;b.txt" size="5"/>
        </x:manifest>
        """

    @Test func exclusiveCanonicalFormMatchesXmllint() throws {
        // xmllint's --exc-c14n keeps comments; ours drops them, so compare on the manifest without its comment.
        let withoutComment = Self.manifest.replacingOccurrences(of: "<!-- a comment -->", with: "")
        let folder = TemporaryFolder()
        let path = try folder.write("manifest.xml", Array(withoutComment.utf8))
        let xmllint = try Tools.run("xmllint", ["--exc-c14n", path])
        #expect(xmllint.succeeded, "\(xmllint.stderr)")
        #expect(
            String(decoding: try XMLDocument(bytes: Array(withoutComment.utf8)).exclusiveCanonicalForm(), as: UTF8.self) == xmllint.stdout)
        let ours = try XMLDocument(bytes: Array(Self.manifest.utf8)).exclusiveCanonicalForm()
        #expect(
            String(decoding: ours, as: UTF8.self) == """
                <m:manifest xmlns:m="urn:spotcheck:manifest" algorithm="sha256" version="1">
                  <m:file path="data/检查报告.docx" size="10240"></m:file>
                  <m:file path="data/a&amp;b.txt" size="5"></m:file>
                </m:manifest>
                """)
    }

    @Test func equivalentDocumentsHaveEqualCanonicalFormsExceptForPrefixes() throws {
        // Exclusive C14N keeps prefixes (they are part of the data); with the same prefix the bytes are equal.
        let renamed = Self.sameManifestOtherwise.replacingOccurrences(of: "x:", with: "m:").replacingOccurrences(
            of: "xmlns:x", with: "xmlns:m")
        let a = try XMLDocument(bytes: Array(Self.manifest.utf8)).exclusiveCanonicalForm()
        let b = try XMLDocument(bytes: Array(renamed.utf8)).exclusiveCanonicalForm()
        #expect(a == b)
    }

    static let schema = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:spotcheck:manifest"
                   xmlns:m="urn:spotcheck:manifest" elementFormDefault="qualified">
          <xs:element name="manifest">
            <xs:complexType>
              <xs:sequence><xs:element ref="m:file" maxOccurs="unbounded"/></xs:sequence>
              <xs:attribute name="version" type="xs:positiveInteger" use="required"/>
              <xs:attribute name="algorithm" use="required">
                <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="sha256"/><xs:enumeration value="sm3"/></xs:restriction></xs:simpleType>
              </xs:attribute>
            </xs:complexType>
          </xs:element>
          <xs:element name="file">
            <xs:complexType>
              <xs:attribute name="path" type="xs:string" use="required"/>
              <xs:attribute name="size" type="xs:nonNegativeInteger" use="required"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """

    @Test func schemaAcceptsAValidDocument() throws {
        let schema = try XMLSchema(document: XMLDocument(bytes: Array(Self.schema.utf8), source: "manifest.xsd"))
        #expect(schema.violations(in: try XMLDocument(bytes: Array(Self.manifest.utf8))).isEmpty)
        try schema.validate(try XMLDocument(bytes: Array(Self.sameManifestOtherwise.utf8)))
    }

    @Test func schemaReportsEveryViolationWithItsLineAndXmllintAgrees() throws {
        let invalid = """
            <m:manifest xmlns:m="urn:spotcheck:manifest" version="0" algorithm="md5">
              <m:file path="a.txt" size="-1"/>
              <m:file size="3"/>
            </m:manifest>
            """
        let schema = try XMLSchema(document: XMLDocument(bytes: Array(Self.schema.utf8), source: "manifest.xsd"))
        let problems = schema.violations(in: try XMLDocument(bytes: Array(invalid.utf8), source: "bad.xml"))
        #expect(problems.map { $0.location?.line ?? 0 } == [1, 1, 2, 3])
        #expect(problems.allSatisfy { $0.code == .schemaViolation })
        #expect(
            problems[0].description.hasPrefix(
                "bad.xml:1: error: Element '{urn:spotcheck:manifest}manifest', attribute 'version': '0' is not a valid value"))
        #expect(
            problems[3].description
                == "bad.xml:3: error: Element '{urn:spotcheck:manifest}file': The attribute 'path' is required but missing.")
        do {
            try schema.validate(try XMLDocument(bytes: Array(invalid.utf8), source: "bad.xml"))
            Issue.record("validated")
        } catch let error as XMLError {
            #expect(error.message.hasPrefix("4 schema violations:\nbad.xml:1: error:"))
        }

        let folder = TemporaryFolder()
        let xsd = try folder.write("manifest.xsd", Array(Self.schema.utf8))
        let bad = try folder.write("bad.xml", Array(invalid.utf8))
        let good = try folder.write("good.xml", Array(Self.manifest.utf8))
        #expect(try Tools.run("xmllint", ["--noout", "--schema", xsd, good]).succeeded)
        let xmllint = try Tools.run("xmllint", ["--noout", "--schema", xsd, bad])
        #expect(!xmllint.succeeded)
        #expect(xmllint.stderr.components(separatedBy: "\n").filter { $0.contains("error") }.count == 4)
    }

    @Test(arguments: ["http://127.0.0.1:9/evil.xsd", "file://{folder}/part.xsd", "{folder}/part.xsd"])
    func schemaIncludesAreNeverLoaded(location: String) throws {
        // A real, valid schema part: if the loader fetched it, compilation would succeed.
        let folder = TemporaryFolder()
        try folder.write(
            "part.xsd", Array(#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="p"/></xs:schema>"#.utf8))
        let resolved = location.replacingOccurrences(of: "{folder}", with: folder.path)
        let including = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:include schemaLocation="\(resolved)"/>
              <xs:element name="r" type="xs:string"/>
            </xs:schema>
            """
        do {
            _ = try XMLSchema(document: XMLDocument(bytes: Array(including.utf8), source: "including.xsd"))
            Issue.record("the include was loaded")
        } catch let error as XMLError {
            #expect(error.code == .invalidSchema)
            #expect(error.message.hasSuffix("Failed to parse the XML resource '\(resolved)'."))
        }
    }

    @Test func schemaThatIsNotASchemaIsRefused() throws {
        do {
            _ = try XMLSchema(document: XMLDocument(bytes: Array("<notASchema/>".utf8), source: "x.xsd"))
            Issue.record("compiled")
        } catch let error as XMLError {
            #expect(error.code == .invalidSchema)
            #expect(error.description.hasPrefix("x.xsd: error: the schema cannot be compiled"))
        }
    }
}
