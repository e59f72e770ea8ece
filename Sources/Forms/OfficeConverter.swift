import Foundation
import Store
import Support

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
    /// - Throws: `FormError` saying how to install it.
    public init(fontConfiguration: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.fontConfiguration = fontConfiguration.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        if let explicit = environment["SPOTCHECK_SOFFICE"], !explicit.isEmpty {
            executable = explicit
            return
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in folders {
            for name in ["soffice", "libreoffice"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                executable = "\(folder)/\(name)"
                return
            }
        }
        throw FormError(
            zh: "未找到 LibreOffice（soffice），无法生成 PDF。请安装：sudo apt-get install libreoffice-writer-nogui（或设置 SPOTCHECK_SOFFICE 指向 soffice）",
            en:
                "LibreOffice (soffice) was not found, so no PDF can be made. Install it: sudo apt-get install libreoffice-writer-nogui (or point SPOTCHECK_SOFFICE at soffice)"
        )
    }

    /// How many documents one LibreOffice process converts: it has been seen to stop, with exit status 0,
    /// after a few hundred documents in one run.
    public static let batchSize = 150

    /// Converts documents to PDF/A-2b, `batchSize` documents per LibreOffice process and one process per
    /// core at a time (each with its own profile); documents a process left out get one more process.
    /// - Parameters:
    ///   - files: the documents (.docx, .odt).
    ///   - folder: where the PDFs go (same base names).
    ///   - jobs: how many LibreOffice processes run at once.
    ///   - progress: called after each batch with the number of documents it converted (from worker threads).
    /// - Returns: the PDFs' paths, in the order of `files`.
    /// - Throws: `FormError` naming every document LibreOffice did not convert.
    public func convert(
        _ files: [String], into folder: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> [String] {
        guard !files.isEmpty else { return [] }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let pdfs = files.map { "\(folder)/\(URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent).pdf" }
        let start = Date()
        let batches = stride(from: 0, to: files.count, by: Self.batchSize).map { Array($0..<min(files.count, $0 + Self.batchSize)) }
        let workers = max(1, min(jobs, batches.count))
        let outcome = Outcome()
        let converter = self
        // One LibreOffice process per worker (each with its own profile), each taking every workers-th batch.
        _ = try? Array(0..<workers).parallelMap(chunk: 1) { worker in
            for batch in stride(from: worker, to: batches.count, by: workers).map({ batches[$0] }) {
                do {
                    let (status, output) = try converter.run(batch.map { files[$0] }, into: folder, profile: worker)
                    let left = batch.filter { !converter.isFresh(pdfs[$0], since: start) }
                    outcome.add(missing: left, log: left.isEmpty ? nil : "exit \(status); \(output)")
                    progress?(batch.count - left.count)
                } catch {
                    outcome.add(missing: batch, log: "\(error)")
                }
            }
        }
        var (missing, log) = outcome.result
        if !missing.isEmpty {
            let (status, output) = try run(missing.map { files[$0] }, into: folder, profile: 0)
            let retried = missing.count
            missing = missing.filter { !isFresh(pdfs[$0], since: start) }
            progress?(retried - missing.count)
            if !missing.isEmpty { log = "exit \(status); \(output)" }
        }
        if !missing.isEmpty {
            let names = missing.prefix(5).map { files[$0] }
            throw FormError(
                zh: "LibreOffice 未能转换 \(missing.count) 份文件：\(names.joined(separator: "、"))（\(log)）",
                en: "LibreOffice did not convert \(missing.count) files: \(names.joined(separator: ", ")) (\(log))")
        }
        return pdfs
    }

    /// What the workers left out, gathered under a lock.
    final class Outcome: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var missing: [Int] = []
        private var log = ""

        func add(missing more: [Int], log line: String?) {
            lock.lock()
            defer { lock.unlock() }
            missing += more
            if let line { log = line }
        }

        var result: ([Int], String) {
            lock.lock()
            defer { lock.unlock() }
            return (missing.sorted(), log)
        }
    }

    /// One LibreOffice process converting `files`: its exit status and the last lines it printed.
    func run(_ files: [String], into folder: String, profile slot: Int) throws -> (Int32, String) {
        // A private profile per worker: a clerk's open LibreOffice would otherwise take the job and ignore
        // --headless, and two processes cannot share one.
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("spotcheck-soffice-\(getuid())-\(slot)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "-env:UserInstallation=file://\(profile)", "--headless", "--norestore", "--nolockcheck", "--nodefault",
                "--convert-to", #"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#, "--outdir", folder,
            ] + files
        var environment = ProcessInfo.processInfo.environment
        if let fontConfiguration { environment["FONTCONFIG_FILE"] = URL(fileURLWithPath: fontConfiguration).standardizedFileURL.path }
        // LibreOffice reads file names in the locale's encoding: under LANG=zh_CN.UTF-8 on a machine where that
        // locale is not generated it cannot load "卫东区2024/…docx" at all. C.UTF-8 is always there.
        environment["LC_ALL"] = "C.UTF-8"
        environment["LANG"] = "C.UTF-8"
        process.environment = environment
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let output = log.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let last = String(decoding: output, as: UTF8.self).split(separator: "\n").suffix(2).joined(separator: " ")
        return (process.terminationStatus, last)
    }

    /// Whether a PDF was written (not empty) since `start`.
    func isFresh(_ pdf: String, since start: Date) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: pdf), let modified = attributes[.modificationDate] as? Date
        else { return false }
        return modified >= start.addingTimeInterval(-1) && (attributes[.size] as? Int ?? 0) > 0
    }
}
