import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files a killed command left behind (`.X.zip.4711.0.tmp`, `X.zip.4711.partial`): named with
/// the process that wrote them, and removed once that process is gone — never a live command's.
public enum StaleFiles {
    /// Removes, directly inside `folder`, every `….PID.partial` and `.….PID.N.tmp` whose process is not running.
    /// - Returns: the names removed.
    @discardableResult
    /// - Parameter hiddenOnly: only names starting with a dot — for folders a person chose (`--out`), where a
    ///   file of theirs might end in `.20240301.partial`; ours there are always hidden.
    public static func sweep(_ folder: String, hiddenOnly: Bool = false) -> [String] {
        var removed: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []) where !hiddenOnly || name.hasPrefix(".") {
            guard let process = writer(of: name), !isRunning(process) else { continue }
            if (try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")) != nil { removed.append(name) }
        }
        return removed.sorted()
    }

    private static let swept = Swept()

    // @unchecked: `folders` is read and written only under `lock`. The folders swept by this process: a
    // folder is swept before the first write into it, not before each.
    private final class Swept: @unchecked Sendable {
        let lock = NSLock()
        var folders: Set<String> = []
    }

    /// `sweep(folder)` the first time this process asks for `folder`.
    public static func sweepOnce(_ folder: String) {
        swept.lock.lock()
        let first = swept.folders.insert(folder).inserted
        swept.lock.unlock()
        if first { sweep(folder, hiddenOnly: true) }
    }

    /// The process in a temporary file's name, when it is one of ours.
    static func writer(of name: String) -> Int32? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if name.hasSuffix(".partial"), parts.count >= 3 { return Int32(parts[parts.count - 2]) }
        if name.hasPrefix("."), name.hasSuffix(".tmp"), parts.count >= 4 { return Int32(parts[parts.count - 3]) }
        return nil
    }

    /// Whether a process is running (a command in progress, not one that was killed).
    public static func isRunning(_ process: Int32) -> Bool { process > 0 && (kill(process, 0) == 0 || errno == EPERM) }
}
