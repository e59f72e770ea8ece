import Foundation
import Support

/// The workbench's own stylesheet and scripts (`Resources/public`), read once.
enum Assets {
    static let files: [String: [UInt8]] = {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("public").path,
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
        else { return [:] }
        var files: [String: [UInt8]] = [:]
        for name in names where !name.hasPrefix(".") {
            if let data = FileManager.default.contents(atPath: "\(folder)/\(name)") { files[name] = Array(data) }
        }
        return files
    }()

    /// The SHA-256 of the in-browser verifier as served, for a visitor to compare with the published source
    /// (a server that wanted to deceive could serve a verifier that always agrees).
    static let verifierSHA256 = files["drawverify.js"].map { sha256Hex($0) } ?? ""

    /// The file and its media type; nil for a name that is not one of them.
    static func file(_ name: String) -> ([UInt8], String)? {
        guard let bytes = files[name] else { return nil }
        let type =
            if name.hasSuffix(".css") { "text/css; charset=utf-8" }
            else if name.hasSuffix(".js") { "text/javascript; charset=utf-8" }
            else { "application/octet-stream" }
        return (bytes, type)
    }
}
