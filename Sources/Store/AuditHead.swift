import Crypto
import Foundation
import Support

/// The audit trail's head, kept beside the database in `audit.head`: the last entry known committed
/// (`confirmed`), and while a command is writing, the entry it is committing (`pending`, with its process).
/// Signed with the office key once there is one, so a head rewritten without the key is found.
///
/// ```
/// spotcheck-audit-head 2
/// confirmed 118 3f0c…
/// pending 119 9a1d… 48213
/// key sha256:49c4…
/// signature Mc3f…==
/// ```
///
/// A command writes `pending` inside its transaction (holding the database's write lock) and `confirmed`
/// after the commit. A crash between the two leaves a head an audit can tell apart from tampering: the
/// pending entry is either in the database (committed) or not (rolled back), and its process is gone.
/// Entries deleted from the end leave the database short of `confirmed`: that is tampering.
struct AuditHead: Equatable {
    struct Mark: Equatable {
        var sequence: Int64
        var hash: String
    }

    var confirmed: Mark?
    var pending: Mark?
    /// The process committing `pending`.
    var writer: Int32?
    var key: String?
    var signature: String?
    /// Read from the first format (`118 3f0c…`), which had no signature.
    var legacy = false

    /// What the signature covers.
    var body: String {
        var lines = ["spotcheck-audit-head 2"]
        if let confirmed { lines.append("confirmed \(confirmed.sequence) \(confirmed.hash)") }
        if let pending { lines.append("pending \(pending.sequence) \(pending.hash) \(writer ?? 0)") }
        if let key { lines.append("key \(key)") }
        return lines.joined(separator: "\n") + "\n"
    }

    var text: String { body + (signature.map { "signature \($0)\n" } ?? "") }

    enum Reading: Equatable {
        case missing
        case unreadable(String)
        case head(AuditHead)
    }

    static func read(_ path: String) -> Reading {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .unreadable("无法读取") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first else { return .unreadable("文件为空") }
        // The first format: "SEQUENCE HASH".
        let parts = first.split(separator: " ").map(String.init)
        if lines.count == 1, parts.count == 2, let sequence = Int64(parts[0]) {
            return .head(AuditHead(confirmed: Mark(sequence: sequence, hash: parts[1]), legacy: true))
        }
        guard first == "spotcheck-audit-head 2" else { return .unreadable("格式不明") }
        var head = AuditHead()
        for line in lines.dropFirst() {
            let fields = line.split(separator: " ").map(String.init)
            switch (fields.first, fields.count) {
            case ("confirmed", 3):
                guard let sequence = Int64(fields[1]) else { return .unreadable("第 \(line) 行有误") }
                head.confirmed = Mark(sequence: sequence, hash: fields[2])
            case ("pending", 4):
                guard let sequence = Int64(fields[1]), let writer = Int32(fields[3]) else { return .unreadable("第 \(line) 行有误") }
                (head.pending, head.writer) = (Mark(sequence: sequence, hash: fields[2]), writer)
            case ("key", 2): head.key = fields[1]
            case ("signature", 2): head.signature = fields[1]
            default: return .unreadable("不认识的行：\(line)")
            }
        }
        return .head(head)
    }

    /// Signed with the office's private key when it has one (`archive keygen`).
    /// - Throws: `StoreError` when the key file exists but cannot be read (another account, a damaged
    ///   file): an unsigned head would look forged, so nothing is written.
    func signed(keyFile: String) throws -> AuditHead {
        var head = self
        (head.key, head.signature) = (nil, nil)
        guard FileManager.default.fileExists(atPath: keyFile) else { return head }
        guard let key = Self.privateKey(keyFile) else {
            throw StoreError(
                zh: "无法读取单位签名密钥 \(keyFile)：审计头须用它签名，本次不写入；请用能读取该密钥的账户运行",
                en: "cannot read the office signing key \(keyFile): the audit head must be signed with it, so nothing is written; run as an account that can read it",
                code: .io)
        }
        head.key = Self.fingerprint(key.publicKey.rawRepresentation)
        head.signature = try key.signature(for: Data(head.body.utf8)).base64EncodedString()
        return head
    }

    /// Whether the signature is one of the office's keys' (current or retired) over the body.
    func signatureValid(publicKeys: [Curve25519.Signing.PublicKey]) -> Bool {
        Self.isSigned(body, signature: signature, by: key, among: publicKeys)
    }

    /// Whether `signature` (base64) is the key with fingerprint `key`'s over `body`, that key being one of `publicKeys`.
    static func isSigned(_ body: String, signature: String?, by key: String?, among publicKeys: [Curve25519.Signing.PublicKey]) -> Bool {
        guard let signature, let bytes = Data(base64Encoded: signature),
            let publicKey = publicKeys.first(where: { key == fingerprint($0.rawRepresentation) })
        else { return false }
        return publicKey.isValidSignature(bytes, for: Data(body.utf8))
    }

    /// Written whole and durably: after a power cut the head is the old one or the new one, never empty.
    func write(to path: String) throws { try AtomicFile.writeDurably(Array(text.utf8), to: path) }

    static func privateKey(_ path: String) -> Curve25519.Signing.PrivateKey? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// The office's public keys: the private key's, and every key of the `.pub` file beside the packages (the
    /// current one first, then those it replaced).
    static func publicKeys(publicFile: String, privateFile: String) -> [Curve25519.Signing.PublicKey] {
        var keys = privateKey(privateFile).map { [$0.publicKey] } ?? []
        let text = (try? String(contentsOfFile: publicFile, encoding: .utf8)) ?? ""
        for line in text.split(whereSeparator: \.isNewline) {
            if let raw = Data(base64Encoded: line.trimmingCharacters(in: .whitespaces)),
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            {
                keys.append(key)
            }
        }
        return keys
    }

    static func fingerprint(_ raw: Data) -> String { "sha256:" + sha256Hex(raw) }

}
