#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// GB 18030 through the C library's iconv (glibc ships the converter).
    static func gb18030(_ bytes: [UInt8], source: String) throws -> String {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else {
            throw TabularError(
                source: source, zh: "系统缺少 GB18030 转换器，请将文件另存为 UTF-8", en: "this system has no GB18030 converter: save the file as UTF-8")
        }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 4)
        let produced: Int = try input.withUnsafeMutableBytes { inBuffer in
            try output.withUnsafeMutableBytes { outBuffer in
                var inPointer = inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                    let offset = inBuffer.count - inLeft
                    throw TabularError(
                        source: source, zh: "第 \(offset) 字节处的内容既不是 UTF-8 也不是 GBK/GB18030",
                        en: "the bytes at offset \(offset) are neither UTF-8 nor GBK/GB18030")
                }
                return outBuffer.count - outLeft
            }
        }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}
