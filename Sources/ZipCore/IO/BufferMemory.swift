/// How freed buffers go back to the system. Reading or writing a package allocates a buffer per
/// entry; glibc maps the larger ones fresh and unmaps them on free, and trims freed heap, so a batch
/// of 2,000 packages faults 300,000 pages in again — a quarter of `archive verify`'s time.
public enum BufferMemory {
    /// Asks glibc to keep up to 256 MB of freed memory for reuse and to serve buffers up to 64 MB
    /// from the heap: for short-lived batch processes (the command-line tool calls it at start).
    /// Does nothing where the C library is not glibc.
    public static func keepFreedForReuse() {
        // glibc's <malloc.h>: M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3.
        guard let mallopt = processFunction("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self) else { return }
        _ = mallopt(-3, 64 << 20)
        _ = mallopt(-1, 256 << 20)
        _ = mallopt(-2, 64 << 20)
    }
}
