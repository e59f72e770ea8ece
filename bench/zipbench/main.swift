// zipbench: drives ZipCore for bench/zip and for tests that must measure a separate process.
//
//   zipbench write TREE OUT.zip [--level N] [--jobs N]   zip every file under TREE (sorted names)
//   zipbench test ZIP                                     inflate and CRC-check every entry (as `unzip -t`)
//
// Each prints one line: what it did, the seconds it took and the process's peak resident memory.
import Foundation
import ZipCore

/// The peak resident memory of this program image. VmHWM, not getrusage's ru_maxrss: ru_maxrss
/// survives execve, so a child of a large test process would report its parent's size.
func peakResidentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func files(under root: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var result: [String] = []
    while let relative = walker.nextObject() as? String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: "\(root)/\(relative)", isDirectory: &isFolder), !isFolder.boolValue {
            result.append(relative)
        }
    }
    return result.sorted()
}

func option(_ name: String, in arguments: [String]) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}

let arguments = Array(CommandLine.arguments.dropFirst())
let start = Date()
do {
    switch arguments.first {
    case "write" where arguments.count >= 3:
        var options = ZipWriter.Options()
        options.compression = .deflate(level: option("--level", in: arguments) ?? 6)
        options.parallelism = option("--jobs", in: arguments) ?? 1
        let root = arguments[1]
        let writer = try ZipWriter(path: arguments[2], options: options)
        let names = files(under: root)
        try writer.add(contentsOf: names.map { .file($0, path: "\(root)/\($0)") })
        try writer.finish()
        print("wrote \(names.count) entries in \(String(format: "%.3f", Date().timeIntervalSince(start))) s, peak \(peakResidentKiB()) KiB")
    case "test" where arguments.count == 2:
        let count = try ZipReader(path: arguments[1]).testAll()
        print("tested \(count) entries in \(String(format: "%.3f", Date().timeIntervalSince(start))) s, peak \(peakResidentKiB()) KiB")
    default:
        FileHandle.standardError.write(Data("usage: zipbench write TREE OUT.zip [--level N] [--jobs N] | zipbench test ZIP\n".utf8))
        exit(2)
    }
} catch {
    print("\(error)")
    print("failed after \(String(format: "%.3f", Date().timeIntervalSince(start))) s, peak \(peakResidentKiB()) KiB")
    exit(1)
}
