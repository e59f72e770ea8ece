/// Bytes as lower-case hex, two digits each: how manifests, the audit trail and records print digests.
///
/// ```swift
/// lowercaseHex([0x0f, 0xa0])   // "0fa0"
/// ```
/// (`String(format: "%02x")` per byte, as this once was, cost a fifth of `archive verify`.)
public func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        text.append(hexDigits[Int(byte >> 4)])
        text.append(hexDigits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}

private let hexDigits = Array("0123456789abcdef".utf8)
