import Foundation
import Support

/// Formatting as Chinese official papers write dates, amounts and document numbers.
public enum ChineseFormat {
    /// A calendar date read as `DateText` reads dates: `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`, `20240301`, an ISO timestamp.
    public struct Day: Sendable, Hashable {
        public let year: Int, month: Int, day: Int

        /// The one date reading of every layer (`DateText`): 2024-02-30 is no date here either.
        public init?(parsing text: String) {
            guard let (year, month, day) = DateText.components(text) else { return nil }
            (self.year, self.month, self.day) = (year, month, day)
        }
    }

    /// `2024年3月1日`: GB/T 9704-2012 7.3.5.3 writes dates in Arabic numerals, without leading zeros.
    public static func date(_ day: Day) -> String { "\(day.year)年\(day.month)月\(day.day)日" }

    /// `二〇二四年三月十一日`, as dates are written in Chinese numerals on seals and certificates.
    public static func uppercaseDate(_ day: Day) -> String {
        let digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let year = String(day.year).map { digits[Int(String($0)) ?? 0] }.joined()
        return "\(year)年\(smallNumber(day.month))月\(smallNumber(day.day))日"
    }

    /// 1–99 in Chinese numerals: 十, 十一, 二十, 二十一, 九十九.
    static func smallNumber(_ value: Int) -> String {
        let digits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        switch value {
        case 0..<10: return digits[value]
        case 10: return "十"
        case 11..<20: return "十" + digits[value % 10]
        default: return digits[value / 10] + "十" + (value % 10 == 0 ? "" : digits[value % 10])
        }
    }

    /// An RMB amount in financial uppercase: `壹万贰仟叁佰肆拾伍元陆角柒分`, `壹佰元整`, `伍角整`, `壹佰元零伍分`.
    ///
    /// Rounded to the 分. `整` follows an amount that ends at 元 or 角, never one with 分 (会计基础工作规范
    /// 第五十二条: 大写金额数字到元或者角为止的，在“元”或者“角”字之后应当写“整”字).
    /// - Returns: nil for amounts of 10^16 元 or more, which the units cannot name.
    public static func uppercaseAmount(_ amount: Double) -> String? {
        let cents = (abs(amount) * 100).rounded()
        guard cents < 1e18 else { return nil }
        let totalCents = Int64(cents)
        let yuan = totalCents / 100
        let jiao = Int(totalCents / 10 % 10)
        let fen = Int(totalCents % 10)
        let digits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
        var text = amount < 0 && totalCents > 0 ? "负" : ""
        if yuan > 0 { text += integerUppercase(yuan) + "元" }
        if jiao == 0 && fen == 0 { return text + (yuan == 0 ? "零元整" : "整") }
        if jiao > 0 {
            text += digits[jiao] + "角"
        } else if yuan > 0 {
            text += "零"
        }
        if fen > 0 { text += digits[fen] + "分" } else { text += "整" }
        return text
    }

    private static func integerUppercase(_ value: Int64) -> String {
        let digits = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
        let smallUnits = ["", "拾", "佰", "仟"]
        let groupUnits = ["", "万", "亿", "万亿"]
        var groups: [Int] = []
        var rest = value
        while rest > 0 {
            groups.append(Int(rest % 10_000))
            rest /= 10_000
        }
        var text = ""
        var zeroPending = false
        for (index, group) in groups.enumerated().reversed() {
            if group == 0 {
                if !text.isEmpty { zeroPending = true }
                continue
            }
            // A group below 1000 after a higher one reads with a 零: 壹万零伍佰.
            if !text.isEmpty && (zeroPending || group < 1000) { text += "零" }
            zeroPending = false
            var inner = ""
            var innerZero = false
            for position in stride(from: 3, through: 0, by: -1) {
                let digit = group / Int(pow10(position)) % 10
                if digit == 0 {
                    if !inner.isEmpty { innerZero = true }
                } else {
                    if innerZero { inner += "零" }
                    inner += digits[digit] + smallUnits[position]
                    innerZero = false
                }
            }
            text += inner + groupUnits[index]
        }
        return text
    }

    private static func pow10(_ exponent: Int) -> Int64 { (0..<exponent).reduce(1) { value, _ in value * 10 } }

    /// A document number as GB/T 9704-2012 7.2.4 writes it: `平卫医保〔2024〕4号`.
    public static func documentNumber(prefix: String, year: Int, sequence: Int) -> String {
        "\(prefix)〔\(year)〕\(sequence)号"
    }

    /// A number with a fixed count of decimals and, optionally, thousands separators: `12,345.60`.
    public static func number(_ value: Double, decimals: Int, grouping: Bool) -> String {
        let scale = pow(10.0, Double(decimals))
        let rounded = (abs(value) * scale).rounded()
        let whole = Int64(rounded / scale)
        let fraction = Int64(rounded) - whole * Int64(scale)
        var integer = String(whole)
        if grouping {
            var grouped = ""
            for (offset, character) in integer.reversed().enumerated() {
                if offset > 0 && offset % 3 == 0 { grouped.append(",") }
                grouped.append(character)
            }
            integer = String(grouped.reversed())
        }
        let sign = value < 0 && rounded > 0 ? "-" : ""
        guard decimals > 0 else { return sign + integer }
        let fractionText = String(fraction)
        return sign + integer + "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
    }
}
