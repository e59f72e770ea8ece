import Testing

@testable import Templating

@Suite struct FilterTests {
    func apply(_ name: String, _ value: TemplateValue, _ arguments: [TemplateValue] = []) throws -> String {
        guard let filter = FilterRegistry.standard.filter(named: name) else {
            Issue.record("no filter \(name)")
            return ""
        }
        return try filter(value, arguments).text
    }

    @Test(arguments: [
        (12345.67, "壹万贰仟叁佰肆拾伍元陆角柒分"),
        (12345, "壹万贰仟叁佰肆拾伍元整"),
        (100.05, "壹佰元零伍分"),
        (0.5, "伍角整"),
        (0.05, "伍分"),
        (0, "零元整"),
        (10, "壹拾元整"),
        (1001, "壹仟零壹元整"),
        (100_000, "壹拾万元整"),
        (100_010, "壹拾万零壹拾元整"),
        (1_050_000, "壹佰零伍万元整"),
        (100_000_001, "壹亿零壹元整"),
        (100_010_000, "壹亿零壹万元整"),
        (20_000_000.3, "贰仟万元叁角整"),
        (-35.2, "负叁拾伍元贰角整"),
    ])
    func rmbUppercase(amount: Double, expected: String) throws {
        #expect(try apply("大写金额", .number(amount)) == expected)
        #expect(try apply("rmb_upper", .string(String(amount))) == expected)
    }

    @Test func headingOrdinals() throws {
        #expect(try apply("中文序号", .number(3)) == "三")
        #expect(try apply("cn_ordinal", .string("12")) == "十二")
        #expect(try apply("中文序号", .number(40)) == "四十")
        #expect(throws: FilterFailure.self) { try apply("中文序号", .number(0)) }
        #expect(throws: FilterFailure.self) { try apply("中文序号", .number(100)) }
    }

    @Test func dates() throws {
        #expect(try apply("中文日期", .string("2024-03-01")) == "2024年3月1日")
        #expect(try apply("cn_date", .string("2024/12/31T08:00:00")) == "2024年12月31日")
        #expect(try apply("大写日期", .string("2024-03-11")) == "二〇二四年三月十一日")
        #expect(try apply("大写日期", .string("2020年10月20日")) == "二〇二〇年十月二十日")
        #expect(try apply("大写日期", .string("2031-12-31")) == "二〇三一年十二月三十一日")
        #expect(throws: FilterFailure.self) { try apply("中文日期", .string("下周一")) }
    }

    @Test func numbersDocumentNumbersCheckboxesJoinsAndDefaults() throws {
        #expect(try apply("number", .number(1234567.891), [.number(2)]) == "1,234,567.89")
        #expect(try apply("数字", .string("1234.5"), [.number(0), .bool(false)]) == "1235")
        #expect(try apply("补零", .number(7), [.number(3)]) == "007")
        #expect(try apply("文号", .number(4), [.string("平卫医保"), .number(2024)]) == "平卫医保〔2024〕4号")
        #expect(try apply("勾选", .bool(true)) == "■")
        #expect(try apply("checkbox", .string("限期整改"), [.string("符合要求")]) == "□")
        #expect(try apply("join", .array([.string("王明"), .string("李华")])) == "王明、李华")
        #expect(try apply("连接", .array([.number(1), .number(2)]), [.string(", ")]) == "1, 2")
        #expect(try apply("default", .null, [.string("无")]) == "无")
        #expect(try apply("默认", .string("  "), [.string("—")]) == "—")
        #expect(try apply("default", .string("有"), [.string("无")]) == "有")
    }

    @Test func tagSyntax() throws {
        #expect(
            try TagParser.parse(" 检查组.组长.姓名 ")
                == .value(Expression(subject: .path(ValuePath(components: ["检查组", "组长", "姓名"])), filters: [])))
        #expect(
            try TagParser.parse("金额 | 数字（2）")
                == .value(
                    Expression(
                        subject: .path(ValuePath(components: ["金额"])), filters: [FilterCall(name: "数字", arguments: [.literal(.number(2))])])
                ))
        #expect(
            try TagParser.parse("#if not empty 问题")
                == .openIf(.not(.empty(Expression(subject: .path(ValuePath(components: ["问题"])), filters: [])))))
        #expect(
            try TagParser.parse("#if 结果 != ‘符合要求’")
                == .openIf(.notEqual(Expression(subject: .path(ValuePath(components: ["结果"])), filters: []), .literal(.string("符合要求")))))
        #expect(try TagParser.parse("/each") == .close("each"))
        #expect(try TagParser.parse("else") == .otherwise)
        #expect(throws: TagSyntaxError.self) { try TagParser.parse("a b") }
        #expect(throws: TagSyntaxError.self) { try TagParser.parse("#while x") }
        #expect(throws: TagSyntaxError.self) { try TagParser.parse("x | f(\"unterminated)") }
    }
}
