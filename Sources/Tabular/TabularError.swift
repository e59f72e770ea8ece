import Support

/// A problem reading a table, saying where: file, row and column (1-based; 0 when not known).
public struct TabularError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var row: Int
    public var column: Int
    /// The message in Chinese, for the clerk.
    public var zh: String
    /// The message in English.
    public var en: String
    /// For an error that stands for several (`Table.combining`): each of them as listed, and how many more
    /// were found but not listed.
    public var problems: [TabularError] = []
    public var omitted = 0

    /// Every problem this error stands for: its list, or itself.
    public var all: [TabularError] { problems.isEmpty ? [self] : problems }

    public init(source: String, row: Int = 0, column: Int = 0, zh: String, en: String) {
        self.source = source
        self.row = row
        self.column = column
        self.zh = zh
        self.en = en
    }

    /// `file:row:column: error: …` (English), as compilers print.
    public var description: String { "\(compilerPlace): error: \(en)" }

    /// `file 第 3 行 第 2 列：错误：…`.
    public var chinese: String {
        var text = source
        if row > 0 { text += " 第 \(row) 行" }
        if column > 0 { text += " 第 \(column) 列" }
        return text + "：错误：" + zh
    }

    private var compilerPlace: String {
        var text = source
        if row > 0 { text += ":\(row)" }
        if column > 0 { text += ":\(column)" }
        return text
    }
}

extension TabularError: SpotCheckError {
    public var errorCode: String { "tabular.invalid" }
    public var text: LocalizedText { LocalizedText(zh: zh, en: en) }
    public func place(english: Bool) -> String? {
        if english { return compilerPlace }
        var text = source
        if row > 0 { text += " 第 \(row) 行" }
        if column > 0 { text += " 第 \(column) 列" }
        return text
    }
}
