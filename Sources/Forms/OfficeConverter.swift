import Foundation
import Store

/// PDF renditions through LibreOffice headless: a whole batch in one `soffice` process, PDF/A-2b for
/// archiving, with `templates/fonts/fonts.conf` mapping the GB/T 9704 font names to free fonts.
///
/// ```swift
/// let converter = try OfficeConverter(fontConfiguration: "templates/fonts/fonts.conf")
/// let pdfs = try converter.convert(["告知书.docx"], into: "pdf")
/// ```
public struct OfficeConverter: Sendable {
    /// The `soffice` executable.
    public let executable: String
    /// A fontconfig file for the conversion, or nil for the system's.
    public let fontConfiguration: String?

    /// Finds LibreOffice: `SPOTCHECK_SOFFICE`, else `soffice` or `libreoffice` on `PATH`.
    /// - Throws: `StoreError` saying how to install it.
    public init(fontConfiguration: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.fontConfiguration = fontConfiguration.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        if let explicit = environment["SPOTCHECK_SOFFICE"], !explicit.isEmpty {
            executable = explicit
            return
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/lib/libreoffice/program"]
        for folder in folders {
            for name in ["soffice", "libreoffice"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                executable = "\(folder)/\(name)"
                return
            }
        }
        throw StoreError(
            zh: "未找到 LibreOffice（soffice），无法生成 PDF。请安装：sudo apt-get install libreoffice-writer-nogui（或设置 SPOTCHECK_SOFFICE 指向 soffice）",
            en:
                "LibreOffice (soffice) was not found, so no PDF can be made. Install it: sudo apt-get install libreoffice-writer-nogui (or point SPOTCHECK_SOFFICE at soffice)"
        )
    }

    /// Converts documents to PDF/A-2b in one LibreOffice process.
    /// - Parameters:
    ///   - files: the documents (.docx, .odt).
    ///   - folder: where the PDFs go (same base names).
    /// - Returns: the PDFs' paths, in the order of `files`.
    /// - Throws: `StoreError` naming every document LibreOffice did not convert.
    public func convert(_ files: [String], into folder: String) throws -> [String] {
        guard !files.isEmpty else { return [] }
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A private profile: a clerk's open LibreOffice would otherwise take the job and ignore --headless.
        let profile = manager.temporaryDirectory.appendingPathComponent("spotcheck-soffice-\(getuid())").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "-env:UserInstallation=file://\(profile)", "--headless", "--norestore", "--nolockcheck", "--nodefault",
                #"--convert-to"#, #"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#, "--outdir", folder,
            ] + files
        var environment = ProcessInfo.processInfo.environment
        if let fontConfiguration { environment["FONTCONFIG_FILE"] = URL(fileURLWithPath: fontConfiguration).standardizedFileURL.path }
        process.environment = environment
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        let start = Date()
        try process.run()
        let output = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let pdfs = files.map { "\(folder)/\(URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent).pdf" }
        let missing = zip(files, pdfs).filter { file, pdf in
            guard let attributes = try? manager.attributesOfItem(atPath: pdf), let modified = attributes[.modificationDate] as? Date else {
                return true
            }
            return modified < start.addingTimeInterval(-1) || !file.isEmpty && (attributes[.size] as? Int ?? 0) == 0
        }.map(\.0)
        if process.terminationStatus != 0 || !missing.isEmpty {
            let detail = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " ")
            throw StoreError(
                zh:
                    "LibreOffice 未能转换 \(missing.count) 份文件：\(missing.prefix(5).joined(separator: "、"))（退出码 \(process.terminationStatus)；\(detail)）",
                en:
                    "LibreOffice did not convert \(missing.count) files: \(missing.prefix(5).joined(separator: ", ")) (exit \(process.terminationStatus); \(detail))"
            )
        }
        return pdfs
    }
}
