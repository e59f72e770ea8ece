import Crypto
import Foundation
import Store
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// The office's Ed25519 key, which signs every package's tag manifest.
///
/// The private key stays in the workspace (`archive/keys/office-ed25519.key`, readable by its owner
/// only); the public key is written beside the packages (`archive/packages/office-ed25519.pub`) and its
/// SHA-256 fingerprint into every `bag-info.txt`.
///
/// ```swift
/// let key = try OfficeKey.generate(in: workspace)
/// let signature = try key.sign(tagManifest)
/// ```
public struct OfficeKey: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey

    /// The raw public key, base64.
    public var publicKey: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }
    /// `sha256:` and the hex SHA-256 of the raw public key.
    public var fingerprint: String { Self.fingerprint(of: Array(privateKey.publicKey.rawRepresentation)) }

    public static func fingerprint(of raw: [UInt8]) -> String { "sha256:" + sha256Hex(raw) }

    static func privatePath(_ workspace: any CaseStore) -> String { workspace.layout.privateKey }
    static func publicPath(_ workspace: any CaseStore) -> String { workspace.layout.publicKey }

    /// Makes the office key. An existing key is kept unless `replacing` (packages already sealed stay
    /// verifiable with the public key they carry).
    /// - Throws: `ArchiveError` when a key exists and `replacing` is false.
    public static func generate(in workspace: any CaseStore, replacing: Bool = false, actor: String) throws -> OfficeKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: privatePath(workspace)), !replacing {
            throw ArchiveError(
                zh: "工作区已有单位密钥 \(privatePath(workspace))；确需更换请加 --replace（已封存的档案包仍以其自带公钥验证）",
                en: "the workspace already has an office key \(privatePath(workspace)); pass --replace to change it")
        }
        // A replaced key is retired, not forgotten: the packages it signed stay the office's.
        let retired = (try? keyring(of: workspace)) ?? []
        let key = OfficeKey(privateKey: Curve25519.Signing.PrivateKey())
        try manager.createDirectory(atPath: workspace.layout.keys, withIntermediateDirectories: true)
        try manager.createDirectory(atPath: workspace.layout.packages, withIntermediateDirectories: true)
        let secret = Data((key.privateKey.rawRepresentation.base64EncodedString() + "\n").utf8)
        guard manager.createFile(atPath: privatePath(workspace) + ".tmp", contents: secret, attributes: [.posixPermissions: 0o600]) else {
            throw ArchiveError(zh: "无法写入 \(privatePath(workspace))", en: "cannot write \(privatePath(workspace))")
        }
        guard rename(privatePath(workspace) + ".tmp", privatePath(workspace)) == 0 else {
            throw ArchiveError(zh: "无法写入 \(privatePath(workspace))", en: "cannot write \(privatePath(workspace))")
        }
        // The key file an outside verifier is given (`archive verify --key`): the current key first, then every
        // retired one, one per line.
        let ring = [key.publicKey] + retired.filter { $0 != key.publicKey }
        try AtomicFile.write(Array(ring.map { $0 + "\n" }.joined().utf8), to: publicPath(workspace))
        try workspace.record(actor: actor, action: .archiveKeygen, entity: "key", entityID: key.fingerprint, before: nil, after: key.publicKey)
        return key
    }

    /// The office's public keys (base64): the current one and every one it replaced.
    public static func keyring(of workspace: any CaseStore) throws -> [String] {
        guard let text = try? String(contentsOfFile: publicPath(workspace), encoding: .utf8) else {
            return (try? load(from: workspace)).map { [$0.publicKey] } ?? []
        }
        return keys(in: text)
    }

    /// The keys of a key file: one base64 Ed25519 public key per line (`#` comments and blank lines skipped).
    public static func keys(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The office key of a workspace.
    /// - Throws: `ArchiveError` saying to run `spotcheck archive keygen` first.
    public static func load(from workspace: any CaseStore) throws -> OfficeKey {
        guard let text = try? String(contentsOfFile: privatePath(workspace), encoding: .utf8),
            let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw ArchiveError(
                zh: "工作区没有单位签名密钥：请先运行 spotcheck archive keygen",
                en: "the workspace has no office signing key: run spotcheck archive keygen first")
        }
        return OfficeKey(privateKey: key)
    }

    /// The Ed25519 signature of `bytes`, base64.
    public func sign(_ bytes: [UInt8]) throws -> String { try privateKey.signature(for: bytes).base64EncodedString() }

    /// Whether `signature` (base64) is `publicKey`'s (base64) over `bytes`.
    public static func verify(_ signature: String, of bytes: [UInt8], publicKey: String) -> Bool {
        guard let raw = Data(base64Encoded: publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw),
            let signed = Data(base64Encoded: signature)
        else { return false }
        return key.isValidSignature(signed, for: bytes)
    }
}
