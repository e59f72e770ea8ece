import Support

// The domain's errors in the one shape every layer's errors take, so the front ends report them alike.

extension CalendarError: SpotCheckError {
    public var errorCode: String { "calendar.outOfRange" }
    public var text: LocalizedText { LocalizedText(zh: chinese, en: description) }
}

extension PublicSeed.Problem: SpotCheckError {
    public var errorCode: String { "seed.invalid" }
    public var text: LocalizedText { LocalizedText(zh: zh, en: en) }
    public func place(english: Bool) -> String? { source == 0 ? nil : (english ? "source \(source)" : "第 \(source) 个来源") }
    public var description: String { localized(english: true) }
}

extension PublicView.Violation: SpotCheckError {
    public var errorCode: String { "public.personalData" }
    public var text: LocalizedText {
        LocalizedText(
            zh: "公示内容的“\(field)”含有\(kind)，不得公开；请修改后再公示",
            en: "the public field \(field) holds personal data (\(kind)); correct it before publishing")
    }
}
