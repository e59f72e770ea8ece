/// A small strict JSON (RFC 8259) reader straight into `TemplateValue`, with errors at line and column.
///
/// Foundation's `JSONDecoder` through `Decodable` was half the time of a batch fill (every value
/// tried as each type in turn); this reads each byte once.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private let source: String
    private var depth = 0
    private var firstLine = 1

    static func read(_ bytes: [UInt8], source: String, firstLine: Int = 1) throws -> TemplateValue {
        var reader = JSONReader(bytes: bytes, source: source)
        reader.firstLine = firstLine
        reader.skipSpace()
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            reader.index = 3
            reader.skipSpace()
        }
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw reader.failure("多余的内容", "unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    private mutating func value() throws -> TemplateValue {
        guard index < bytes.count else { throw failure("JSON 意外结束", "the JSON ends too early") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("无法识别的字符", "unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    private mutating func object() throws -> TemplateValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [String: TemplateValue] = [:]
        skipSpace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw failure("应为字段名（带引号的字符串）", "expected a member name in double quotes") }
            let key = try string()
            skipSpace()
            guard peek(UInt8(ascii: ":")) else { throw failure("字段名后应为冒号", "expected ':' after a member name") }
            index += 1
            skipSpace()
            members[key] = try value()
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "}")) { index += 1; return .object(members) }
            throw failure("应为逗号或 }", "expected ',' or '}'")
        }
    }

    private mutating func array() throws -> TemplateValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [TemplateValue] = []
        skipSpace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
            throw failure("应为逗号或 ]", "expected ',' or ']'")
        }
    }

    private mutating func string() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return try decodeUTF8(bytes[start..<index])
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return try decodeUTF8(scalars[...])
            }
            if byte < 0x20 { throw failure("字符串中有控制字符（换行应写作 \\n）", "a control character inside a string (write a line break as \\n)") }
            if byte != UInt8(ascii: "\\") {
                scalars.append(byte)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("无效的代理对", "an invalid surrogate pair") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("无效的 \\u 转义", "an invalid \\u escape") }
                scalars.append(contentsOf: String(scalar).utf8)
            default:
                throw failure("无效的转义 \\\(Character(Unicode.Scalar(escaped)))", "an invalid escape \\\(Character(Unicode.Scalar(escaped)))")
            }
        }
        throw failure("字符串缺少结束引号", "a string is missing its closing quote")
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
            throw failure("\\u 后应为 4 位十六进制数", "expected 4 hex digits after \\u")
        }
        index += 4
        return value
    }

    private func decodeUTF8(_ slice: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw failure("不是有效的 UTF-8（若是 GBK 编码，请另存为 UTF-8）", "not valid UTF-8 (save the file as UTF-8)")
        }
        return text
    }

    private mutating func number() throws -> TemplateValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        while index < bytes.count,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) || bytes[index] == UInt8(ascii: ".")
                || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") || bytes[index] == UInt8(ascii: "+")
                || (bytes[index] == UInt8(ascii: "-") && index > start)
        {
            index += 1
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            index = start
            throw failure("无效的数字", "an invalid number")
        }
        return .number(value)
    }

    private mutating func literal(_ word: String, _ value: TemplateValue) throws -> TemplateValue {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { throw failure("无法识别的值", "an unknown literal") }
        index += expected.count
        return value
    }

    private mutating func enter() throws {
        depth += 1
        if depth > 512 { throw failure("嵌套过深", "nesting deeper than 512") }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private func failure(_ zh: String, _ en: String) -> TemplateError {
        var line = firstLine
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TemplateError(
            .badData, TemplateText(zh: "\(source):\(line):\(column)：JSON 有误：\(zh)", en: "\(source):\(line):\(column): invalid JSON: \(en)"))
    }
}
