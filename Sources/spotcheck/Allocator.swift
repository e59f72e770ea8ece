#if os(Linux)
    import CMalloc
#endif

/// How the process asks glibc's allocator to treat a batch's buffers.
enum Allocator {
    /// Keeps freed memory for reuse instead of handing it back to the system. A batch (sealing or
    /// verifying 2,000 packages) allocates and frees a buffer of a few hundred kilobytes per file; by
    /// default glibc maps each one fresh and unmaps it on free, so every page is faulted in again — a
    /// quarter of `archive verify`'s time (300,000 page faults for 2,000 packages, 2,000 with this).
    /// The process is short-lived, so holding up to 256 MB of freed memory costs nothing.
    static func keepFreedMemory() {
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
            _ = mallopt(M_TOP_PAD, 64 << 20)
        #endif
    }
}
