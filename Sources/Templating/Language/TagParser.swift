/// Reads the inside of one `{{ … }}`.
///
/// Word turns typed quotes into “curly” ones, so “…” and ‘…’ delimit strings as well as "…" and '…'.
struct TagParser {
    private enum Token: Equatable {
        case word(String)
        case string(String)
        case number(Double)
        case symbol(String)
    }

    private var tokens: [Token] = []
    private var position = 0

    /// Parses a tag's text (without the braces).
    /// - Throws: a `TemplateText` saying what is wrong.
    static func parse(_ source: String) throws(TagSyntaxError) -> Tag {
        var parser = TagParser()
        parser.tokens = try tokenize(source)
        return try parser.tag(source)
    }

    private mutating func tag(_ source: String) throws(TagSyntaxError) -> Tag {
        guard let first = tokens.first else { throw TagSyntaxError(zh: "空标签 {{ }}", en: "an empty tag {{ }}") }
        if case .symbol("#") = first {
            position = 1
            guard case .word(let keyword) = next() else { throw TagSyntaxError(zh: "# 后应为 each 或 if", en: "expected each or if after #") }
            switch keyword {
            case "each":
                let path = try self.path()
                try expectEnd(source)
                return .openEach(path)
            case "if":
                let condition = try self.condition()
                try expectEnd(source)
                return .openIf(condition)
            default:
                throw TagSyntaxError(zh: "未知的区段 #\(keyword)（可用 #each、#if）", en: "unknown section #\(keyword) (use #each or #if)")
            }
        }
        if case .symbol("/") = first {
            position = 1
            guard case .word(let keyword) = next(), keyword == "each" || keyword == "if" else {
                throw TagSyntaxError(zh: "/ 后应为 each 或 if", en: "expected each or if after /")
            }
            try expectEnd(source)
            return .close(keyword)
        }
        if first == .word("else") && tokens.count == 1 { return .otherwise }
        if case .symbol("@") = first, tokens.count > 1, case .word(let name) = tokens[1], !["index", "first", "last", "序号"].contains(name) {
            // {{@照片}} or {{@照片 | 尺寸(60, 45)}}: an image from a file path or a data: URI.
            position = 1
            let expression = try self.expression()
            try expectEnd(source)
            return .image(expression)
        }
        let expression = try self.expression()
        try expectEnd(source)
        return .value(expression)
    }

    // MARK: - Grammar

    private mutating func condition() throws(TagSyntaxError) -> Condition {
        if peek() == .word("not") {
            position += 1
            return .not(try condition())
        }
        if peek() == .word("empty") {
            position += 1
            return .empty(try expression())
        }
        let left = try expression()
        switch peek() {
        case .symbol("=="):
            position += 1
            return .equal(left, try operand())
        case .symbol("!="):
            position += 1
            return .notEqual(left, try operand())
        default:
            return .truthy(left)
        }
    }

    private mutating func expression() throws(TagSyntaxError) -> Expression {
        let subject = try operand()
        var filters: [FilterCall] = []
        while peek() == .symbol("|") {
            position += 1
            guard case .word(let name) = next() else { throw TagSyntaxError(zh: "| 后应为过滤器名", en: "expected a filter name after |") }
            var arguments: [Operand] = []
            if peek() == .symbol("(") {
                position += 1
                if peek() != .symbol(")") {
                    arguments.append(try operand())
                    while peek() == .symbol(",") {
                        position += 1
                        arguments.append(try operand())
                    }
                }
                guard next() == .symbol(")") else {
                    throw TagSyntaxError(zh: "过滤器 \(name) 的参数缺少右括号", en: "missing ) after the arguments of \(name)")
                }
            }
            filters.append(FilterCall(name: name, arguments: arguments))
        }
        return Expression(subject: subject, filters: filters)
    }

    private mutating func operand() throws(TagSyntaxError) -> Operand {
        switch peek() {
        case .string(let text):
            position += 1
            return .literal(.string(text))
        case .number(let value):
            position += 1
            return .literal(.number(value))
        case .word("true"):
            position += 1
            return .literal(.bool(true))
        case .word("false"):
            position += 1
            return .literal(.bool(false))
        default:
            return .path(try path())
        }
    }

    private mutating func path() throws(TagSyntaxError) -> ValuePath {
        var prefix = ""
        if peek() == .symbol("@") {
            position += 1
            prefix = "@"
        }
        guard case .word(let word) = next() else { throw TagSyntaxError(zh: "应为字段名", en: "expected a field name") }
        let components = (prefix + word).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !components.contains("") else {
            throw TagSyntaxError(zh: "字段名 \(word) 中有空的部分", en: "the field name \(word) has an empty part")
        }
        return ValuePath(components: components)
    }

    private func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func next() -> Token? {
        defer { position += 1 }
        return peek()
    }

    private func expectEnd(_ source: String) throws(TagSyntaxError) {
        guard position >= tokens.count else {
            throw TagSyntaxError(zh: "标签 {{\(source)}} 的末尾有多余内容", en: "unexpected text at the end of {{\(source)}}")
        }
    }

    // MARK: - Tokens

    private static let quotes: [Character: Character] = ["\"": "\"", "'": "'", "“": "”", "‘": "’", "「": "」"]

    private static func tokenize(_ source: String) throws(TagSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            if character.isWhitespace {
                index = source.index(after: index)
            } else if let closing = quotes[character] {
                var text = ""
                var cursor = source.index(after: index)
                while cursor < source.endIndex, source[cursor] != closing {
                    text.append(source[cursor])
                    cursor = source.index(after: cursor)
                }
                guard cursor < source.endIndex else { throw TagSyntaxError(zh: "字符串缺少结束引号", en: "a string is missing its closing quote") }
                tokens.append(.string(text))
                index = source.index(after: cursor)
            } else if character == "=" || character == "!" {
                let following = source.index(after: index)
                guard following < source.endIndex, source[following] == "=" else {
                    throw TagSyntaxError(zh: "应为 == 或 !=", en: "expected == or !=")
                }
                tokens.append(.symbol(String(character) + "="))
                index = source.index(after: following)
            } else if "|(),#/@".contains(character) || character == "（" || character == "）" || character == "，" {
                let normalized: Character = character == "（" ? "(" : character == "）" ? ")" : character == "，" ? "," : character
                tokens.append(.symbol(String(normalized)))
                index = source.index(after: index)
            } else if character.isNumber && character.isASCII
                || (character == "-" && source.index(after: index) < source.endIndex && source[source.index(after: index)].isNumber)
            {
                var text = String(character)
                var cursor = source.index(after: index)
                while cursor < source.endIndex, source[cursor].isASCII, source[cursor].isNumber || source[cursor] == "." {
                    text.append(source[cursor])
                    cursor = source.index(after: cursor)
                }
                guard let value = Double(text) else { throw TagSyntaxError(zh: "无法识别的数字 \(text)", en: "unreadable number \(text)") }
                tokens.append(.number(value))
                index = cursor
            } else if isWordCharacter(character) {
                var text = ""
                var cursor = index
                while cursor < source.endIndex, isWordCharacter(source[cursor]) || source[cursor] == "." {
                    text.append(source[cursor])
                    cursor = source.index(after: cursor)
                }
                tokens.append(.word(text))
                index = cursor
            } else {
                throw TagSyntaxError(zh: "无法识别的字符 “\(character)”", en: "unexpected character '\(character)'")
            }
        }
        return tokens
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }
}

/// What is wrong inside one tag, before its location is known.
struct TagSyntaxError: Error {
    let text: TemplateText
    init(zh: String, en: String) { text = TemplateText(zh: zh, en: en) }
}
