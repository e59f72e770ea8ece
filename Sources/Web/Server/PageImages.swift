import Foundation

/// Pictures of a PDF's pages by poppler's `pdftoppm`, for browsers that show no PDF in the page (the
/// IE-compatible modes many offices use have no PDF viewer): the preview shows the pages as images
/// beside the embedded PDF. Without poppler-utils there are no pictures, only the PDF.
enum PageImages {
    /// The most pages a preview shows as pictures.
    static let shown = 12

    /// The number of pages (`pdfinfo`), nil when poppler is not installed or the file is not a PDF.
    static func count(_ pdf: String) -> Int? {
        guard let output = run("pdfinfo", [absolute(pdf)]) else { return nil }
        let line = String(decoding: output, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
    }

    /// Page `page` (from 1) as a PNG at 72 dpi, nil when it cannot be made. (Without an output name,
    /// pdftoppm writes the one page to its standard output.)
    static func png(_ pdf: String, page: Int) -> [UInt8]? {
        run("pdftoppm", ["-png", "-r", "72", "-f", String(page), "-l", String(page), absolute(pdf)])
    }

    /// An absolute path: never one a tool could take for an option (`-…`).
    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// A poppler tool's standard output when it exits with 0.
    static func run(_ tool: String, _ arguments: [String]) -> [UInt8]? {
        let candidates = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}
