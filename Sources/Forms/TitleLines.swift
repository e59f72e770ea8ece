import Templating

/// A title broken into lines the way GB/T 9704-2012 7.3.1 asks: 回行时词意完整，排列对称，长短适宜 — no
/// line longer than fits (20 characters of 2号 in the 156 mm type area), no word split (a closed list
/// of the words of these documents, the name of a number, a quotation), the upper lines no shorter
/// than the lower ones, the lines as even as that allows.
///
/// ```
/// {{任务.名称 | 回行(20, "关于开展", "的公告")}}
/// → 关于开展定点医药机构医保基金
///   使用情况双随机抽查的公告
/// ```
enum TitleLines {
    /// Words a title never breaks inside (longest first where they overlap).
    static let words = [
        "双随机、一公开", "双随机", "一公开", "医疗保障", "医保", "基金", "定点", "医药", "医疗", "药品", "耗材", "机构", "药店", "医院", "监督",
        "检查", "抽查", "使用", "情况", "工作", "计划", "公告", "公示", "通知", "开展", "关于", "专项", "联合", "年度", "结果", "整改",
        "报告", "告知书", "部门", "事项", "清单", "随机", "服务", "协议", "履行", "违规", "行为", "管理", "规范", "治理", "零售",
        "季度", "第一", "第二", "第三", "第四", "上半年", "下半年", "价格", "收费", "执行", "医疗机构", "卫生", "诊所", "门诊", "住院",
    ]

    /// The lines of `text`, each at most `width` characters where a break allows it.
    static func lines(_ text: String, width: Int) -> [String] {
        let characters = Array(text)
        guard characters.count > width, width > 1 else { return [text] }
        let allowed = breaks(characters)
        let least = (characters.count + width - 1) / width
        // A title of more than four lines is not one a form should have; the search is kept small.
        guard least <= 4 else { return cut(characters, width: width) }
        for count in least...min(least + 1, 4) {
            if let best = best(characters.count, lines: count, width: width, allowed: allowed) {
                var out: [String] = []
                var start = 0
                for end in best + [characters.count] {
                    out.append(String(characters[start..<end]))
                    start = end
                }
                return out
            }
        }
        // Nothing fits without splitting a word: break at the width.
        return cut(characters, width: width)
    }

    /// Lines of `width` characters, the last shorter.
    private static func cut(_ characters: [Character], width: Int) -> [String] {
        stride(from: 0, to: characters.count, by: width).map { String(characters[$0..<min($0 + width, characters.count)]) }
    }

    /// Positions before which a line may start: between two characters that are not one word, one
    /// number or one quotation, and not before closing or after opening punctuation.
    static func breaks(_ characters: [Character]) -> [Bool] {
        var allowed = [Bool](repeating: true, count: characters.count + 1)
        allowed[0] = false
        allowed[characters.count] = false
        let text = characters
        // Inside a word (the longest listed word that starts here).
        var index = 0
        while index < text.count {
            var matched = 0
            for word in words {
                let letters = Array(word)
                if index + letters.count <= text.count, Array(text[index..<index + letters.count]) == letters {
                    matched = max(matched, letters.count)
                }
            }
            if matched > 1 {
                for inside in (index + 1)..<(index + matched) { allowed[inside] = false }
                index += matched
            } else {
                index += 1
            }
        }
        // Inside a run of Latin letters or digits, around punctuation, inside quotations.
        var depth = 0
        for position in 1..<text.count {
            let before = text[position - 1]
            let after = text[position]
            if before.isASCII && after.isASCII { allowed[position] = false }
            if "，。、；：？！）》”’".contains(after) || "（《“‘".contains(before) { allowed[position] = false }
            if "“《（".contains(before) { depth += 1 }
            if "”》）".contains(before) { depth = max(0, depth - 1) }
            if depth > 0 { allowed[position] = false }
        }
        return allowed
    }

    /// The best `lines - 1` break positions: every line fits, upper lines no shorter than lower ones
    /// where possible, the lengths as even as possible.
    private static func best(_ length: Int, lines: Int, width: Int, allowed: [Bool]) -> [Int]? {
        var bestCost = Int.max
        var bestBreaks: [Int]?
        func search(_ start: Int, _ remaining: Int, _ chosen: [Int]) {
            if remaining == 1 {
                guard length - start <= width else { return }
                let ends = chosen + [length]
                let starts = [0] + chosen
                let sizes = zip(starts, ends).map { $1 - $0 }
                let mean = Double(length) / Double(lines)
                var cost = sizes.reduce(0) { $0 + Int(((Double($1) - mean) * (Double($1) - mean)).rounded()) }
                for (upper, lower) in zip(sizes, sizes.dropFirst()) where lower > upper { cost += 50 * (lower - upper) }
                if cost < bestCost {
                    bestCost = cost
                    bestBreaks = chosen
                }
                return
            }
            guard start + 1 <= length else { return }
            for end in (start + 1)...min(start + width, length - 1) where allowed[end] {
                search(end, remaining - 1, chosen + [end])
            }
        }
        search(0, lines, [])
        return bestBreaks
    }
}

extension FilterRegistry {
    /// The filters only forms use, added to `self`: `回行(宽度, 前缀, 后缀)` / `title_lines` — a title
    /// built from data, broken into lines by `TitleLines` (the prefix and suffix are the template's words
    /// around the value: `{{任务.名称 | 回行(20, "关于开展", "的公告")}}`).
    public func withFormFilters() -> FilterRegistry {
        var registry = self
        registry.register("回行", "title_lines") { value, arguments throws(FilterFailure) in
            guard let first = arguments.first, let width = Int(first.text), width >= 4 else {
                throw FilterFailure(zh: "回行 需要每行字数（至少 4），如 回行(20)", en: "title_lines takes the characters per line (4 or more), e.g. title_lines(20)")
            }
            let prefix = arguments.count > 1 ? arguments[1].text : ""
            let suffix = arguments.count > 2 ? arguments[2].text : ""
            return .string(TitleLines.lines(prefix + value.text + suffix, width: width).joined(separator: "\n"))
        }
        return registry
    }
}
