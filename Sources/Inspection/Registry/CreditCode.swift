import Support

/// The 统一社会信用代码 of GB 32100-2015: 18 characters from a 31-character alphabet (no I, O, Z, S,
/// V), the last a check character computed from the first 17.
///
/// ```swift
/// CreditCode.problem(in: "91410400MA9XXXXXXX")   // nil when valid, else why not
/// ```
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character for the first 17 characters, or nil when one is outside the alphabet.
    public static func checkCharacter(for prefix: String) -> Character? {
        let characters = Array(prefix)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(characters, weights) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weight
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }

    /// Each ASCII byte's value in the alphabet, or −1: the fast path of `problem(in:)` (a million codes per import).
    static let values: [Int] = (0..<128).map { byte in alphabet.firstIndex(of: Character(Unicode.Scalar(UInt8(byte)))) ?? -1 }

    /// Why `code` is not a valid credit code, in Chinese and English; nil when it is valid.
    public static func problem(in code: String) -> LocalizedText? {
        // Fast path: 18 ASCII bytes of the alphabet with the right check character.
        let utf8 = code.utf8
        if utf8.count == 18,
            let valid = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
                var sum = 0
                for index in 0..<17 {
                    guard bytes[index] < 128 else { return false }
                    let value = values[Int(bytes[index])]
                    guard value >= 0 else { return false }
                    sum += value * weights[index]
                }
                return bytes[17] < 128 && values[Int(bytes[17])] == (31 - sum % 31) % 31
            }), valid
        {
            return nil
        }
        let characters = Array(code)
        guard characters.count == 18 else {
            return LocalizedText("应为 18 位，实为 \(characters.count) 位", "must be 18 characters, not \(characters.count)")
        }
        if let bad = characters.first(where: { !alphabet.contains($0) }) {
            return LocalizedText(
                "含有不允许的字符 “\(bad)”（不使用 I、O、Z、S、V 和小写字母）", "holds '\(bad)', which the code does not use (no I, O, Z, S, V or lower case)"
            )
        }
        guard let check = checkCharacter(for: String(characters[0..<17])), check == characters[17] else {
            let expected = checkCharacter(for: String(characters[0..<17])).map(String.init) ?? "?"
            return LocalizedText("校验码错误：末位应为 \(expected)", "the check character is wrong: the last character should be \(expected)")
        }
        return nil
    }
}
