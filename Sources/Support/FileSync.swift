#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Durability for files written and renamed: the one place that syncs folders.
public enum FileSync {
    /// Makes the entries of the folder holding `path` (a rename, a new file) durable.
    public static func folder(containing path: String) {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        folder(parent.isEmpty ? "/" : parent)
    }

    /// Makes the entries of `folder` durable.
    public static func folder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    /// Everything written so far made durable with one `sync(2)`, then the folder `path` (for batches
    /// whose files were written without syncing each).
    public static func everything(thenFolder path: String) {
        sync()
        folder(path)
    }
}
