import FuzzDriver
import Archiving
import Foundation
import XMLCore

/// A BagIt package's bytes into the verifier (written to a file first: packages are verified from disk).
/// The dossier schema is read once from the repository (archive/dossier.xsd).
nonisolated(unsafe) private var schema: XMLSchema? = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let xsd = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("archive/dossier.xsd").path
    return try? XMLSchema(document: XMLDocument(contentsOfFile: xsd))
}()
private let path = NSTemporaryDirectory() + "/spotcheck-fuzz-\(getpid()).zip"

@main struct Harness {
    static func main() { FuzzDriver.run(fuzz) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    guard let schema else { fatalError("archive/dossier.xsd not found") }
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    let report = PackageVerifier(schema: schema, trustedKeys: []).verify(path)
    _ = report.passed
    return 0
}
