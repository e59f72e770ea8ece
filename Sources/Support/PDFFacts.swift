import Foundation

/// What an archivist needs to know of a PDF without a PDF library: how many pages it has and which
/// fonts it uses, each embedded or not (a PDF that relies on the reader's fonts may print differently
/// in thirty years — DA/T 70 可用性).
///
/// Read from the file's objects with their streams skipped. A PDF that keeps its objects in compressed
/// object streams (PDF 1.5+) hides them: then `readable` is false, `pages` nil and `fonts` empty —
/// never a guess. LibreOffice's PDF/A output, which the forms are, keeps them in the open.
///
/// ```swift
/// let facts = PDFFacts(bytes)
/// facts.pages                                  // 2
/// facts.fonts.filter { !$0.embedded }          // [] — every font embedded
/// ```
public struct PDFFacts: Sendable, Hashable, Codable {
    public struct Font: Sendable, Hashable, Codable {
        /// As the PDF names it, subset prefix and all: `CAAAAA+FandolFang-Regular`.
        public var name: String
        public var embedded: Bool

        public init(name: String, embedded: Bool) {
            self.name = name
            self.embedded = embedded
        }
    }

    public var pages: Int?
    /// Sorted by name, each once.
    public var fonts: [Font]
    /// False when compressed object streams hide the objects, or the bytes are not a PDF.
    public var readable: Bool

    public init(_ bytes: [UInt8]) {
        guard bytes.starts(with: Array("%PDF-".utf8)) else {
            (pages, fonts, readable) = (nil, [], false)
            return
        }
        var pageCount = 0
        // The page tree's root (a Pages object without a Parent) says how many pages there are; an incremental
        // update writes it again, and the last one written is the one in force.
        var rootCount: Int?
        var hidden = false
        var fontNames: Set<String> = []
        var embeddedNames: Set<String> = []
        for object in Self.objects(bytes) {
            guard let type = Self.name(after: "/Type", in: object) else { continue }
            switch type {
            case "Page": pageCount += 1
            case "Pages":
                if !Self.contains(object, "/Parent"), let count = Self.integer(after: "/Count", in: object) { rootCount = count }
            case "ObjStm": hidden = true
            case "Font":
                // Composite (Type0) fonts are described by their descendants; Type3 fonts are drawn by the PDF itself.
                let subtype = Self.name(after: "/Subtype", in: object) ?? ""
                if subtype != "Type0" && subtype != "Type3", let name = Self.name(after: "/BaseFont", in: object).flatMap(Self.printable) {
                    fontNames.insert(name)
                }
            case "FontDescriptor":
                if let name = Self.name(after: "/FontName", in: object).flatMap(Self.printable), Self.contains(object, "/FontFile") {
                    embeddedNames.insert(name)
                }
            default: break
            }
        }
        readable = !hidden
        pages = rootCount ?? (hidden ? nil : pageCount)
        fonts = fontNames.sorted().map { Font(name: $0, embedded: embeddedNames.contains($0)) }
    }

    /// How many pages a file of the case file counts for: a PDF its pages (read only then), a photo one,
    /// anything else nil.
    public static func pages(named name: String, contents: () -> [UInt8]?) -> Int? {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": return contents().flatMap { PDFFacts($0).pages }
        case "jpg", "jpeg", "png", "tif", "tiff": return 1
        default: return nil
        }
    }

    /// Each object's bytes between `obj` and `endobj`, with the stream data cut out.
    static func objects(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let stream = Array("stream".utf8)
        let endstream = Array("endstream".utf8)
        let endobj = Array("endobj".utf8)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "s"), matches(stream, at: index, in: bytes), index + 6 < count,
                bytes[index + 6] == 0x0A || bytes[index + 6] == 0x0D, index == 0 || !isNameCharacter(bytes[index - 1])
            {
                // The dictionary before the stream is the object's; its data is skipped.
                result.append(bytes[start..<index])
                guard let end = find(endstream, in: bytes, from: index + 6) else { return result }
                index = end + endstream.count
                start = index
                continue
            }
            if byte == UInt8(ascii: "e"), matches(endobj, at: index, in: bytes) {
                result.append(bytes[start..<index])
                index += endobj.count
                start = index
                continue
            }
            index += 1
        }
        return result
    }

    /// The name after a key: `/Type/Page` → `Page`, `/BaseFont /ABC+Font` → `ABC+Font`.
    static func name(after key: String, in object: ArraySlice<UInt8>) -> String? {
        let pattern = Array(key.utf8)
        var from = object.startIndex
        while let found = find(pattern, in: object, from: from) {
            var index = found + pattern.count
            from = index
            // `/Type` must not be the start of a longer key (`/TypeX`).
            if index < object.endIndex && isNameCharacter(object[index]) { continue }
            while index < object.endIndex && (object[index] == 0x20 || object[index] == 0x0A || object[index] == 0x0D || object[index] == 0x09) {
                index += 1
            }
            guard index < object.endIndex, object[index] == UInt8(ascii: "/") else { continue }
            var end = index + 1
            while end < object.endIndex && isNameCharacter(object[end]) { end += 1 }
            return String(decoding: object[(index + 1)..<end], as: UTF8.self)
        }
        return nil
    }

    /// A name as text: `#xx` escapes decoded; nil when empty or holding a control character (it could
    /// not go into dossier.xml as it is).
    static func printable(_ raw: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(raw.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "#"), utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }) else { return nil }
        return text
    }

    /// The integer after a key: `/Count 12` → 12.
    static func integer(after key: String, in object: ArraySlice<UInt8>) -> Int? {
        guard var index = find(Array(key.utf8), in: object, from: object.startIndex).map({ $0 + key.utf8.count }) else { return nil }
        while index < object.endIndex && (object[index] == 0x20 || object[index] == 0x0A || object[index] == 0x0D || object[index] == 0x09) {
            index += 1
        }
        var end = index
        while end < object.endIndex && object[end] >= 0x30 && object[end] <= 0x39 && end - index < 9 { end += 1 }
        return end > index ? Int(String(decoding: object[index..<end], as: UTF8.self)) : nil
    }

    static func contains(_ object: ArraySlice<UInt8>, _ text: String) -> Bool {
        find(Array(text.utf8), in: object, from: object.startIndex) != nil
    }

    /// PDF name characters: anything but whitespace and delimiters.
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20: return false
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            return false
        default: return true
        }
    }

    static func matches<C: Collection<UInt8>>(_ pattern: [UInt8], at index: C.Index, in bytes: C) -> Bool where C.Index == Int {
        guard index + pattern.count <= bytes.endIndex else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    static func find<C: Collection<UInt8>>(_ pattern: [UInt8], in bytes: C, from start: Int) -> Int? where C.Index == Int {
        guard let first = pattern.first else { return nil }
        var index = start
        while index + pattern.count <= bytes.endIndex {
            if bytes[index] == first && matches(pattern, at: index, in: bytes) { return index }
            index += 1
        }
        return nil
    }
}
