import Foundation

/// The encodings a Chinese office's text files come in.
public enum TextEncoding: String, Sendable, Hashable {
    /// UTF-8 without a byte-order mark.
    case utf8 = "UTF-8"
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    case utf8BOM = "UTF-8 (BOM)"
    /// GB 18030 (a superset of GBK and GB 2312), as Excel saves "CSV" on a Chinese Windows.
    case gb18030 = "GB18030"
}

/// Decodes text whose encoding is not declared: a UTF-8 byte-order mark, else valid UTF-8, else GB 18030.
///
/// ```swift
/// let (text, encoding) = try TextDecoding.decode(bytes, source: "targets.csv")
/// ```
public enum TextDecoding {
    /// - Returns: the text and the encoding it was read as.
    /// - Throws: `TabularError` when the bytes are neither UTF-8 nor GB 18030, with the byte offset.
    public static func decode(_ bytes: [UInt8], source: String) throws -> (String, TextEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw TabularError(
                    source: source, zh: "文件以 UTF-8 标记开头，但内容不是有效的 UTF-8",
                    en: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            return (text, .utf8BOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        return (try gb18030(bytes, source: source), .gb18030)
    }

    /// GB 18030 through Foundation's converter; a byte sequence GB 18030 does not allow is named by its
    /// offset.
    static func gb18030(_ bytes: [UInt8], source: String) throws -> String {
        // kCFStringEncodingGB_18030_2000 as an NSStringEncoding.
        let encoding = String.Encoding(rawValue: 0x8000_0000 | 0x0632)
        if let offset = firstInvalidGB18030(bytes) ?? (String(data: Data(bytes), encoding: encoding) == nil ? 0 : nil) {
            throw TabularError(
                source: source, zh: "第 \(offset) 字节处的内容既不是 UTF-8 也不是 GBK/GB18030",
                en: "the bytes at offset \(offset) are neither UTF-8 nor GBK/GB18030")
        }
        guard let text = String(data: Data(bytes), encoding: encoding) else {
            throw TabularError(
                source: source, zh: "内容既不是 UTF-8 也不是 GBK/GB18030", en: "the content is neither UTF-8 nor GBK/GB18030")
        }
        return text
    }

    /// The offset of the first byte sequence GB 18030 does not allow, or nil: one byte 00–7F; two bytes
    /// 81–FE then 40–7E or 80–FE; four bytes 81–FE, 30–39, 81–FE, 30–39.
    static func firstInvalidGB18030(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard (0x81...0xFE).contains(lead), index + 1 < bytes.count else { return index }
            let second = bytes[index + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                index += 2
            } else if (0x30...0x39).contains(second), index + 3 < bytes.count, (0x81...0xFE).contains(bytes[index + 2]),
                (0x30...0x39).contains(bytes[index + 3])
            {
                index += 4
            } else {
                return index
            }
        }
        return nil
    }
}
