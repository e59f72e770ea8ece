#if canImport(Glibc)
    import Glibc
#endif

/// A C function of the running process, looked up by name: for the glibc functions Swift's Glibc module
/// leaves out (`mallopt`, `sync_file_range`). Nil where there is no such symbol.
///
/// ```swift
/// let mallopt = processFunction("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)
/// ```
func processFunction<Function>(_ name: String, as type: Function.Type) -> Function? {
    #if canImport(Glibc)
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    #else
        return nil
    #endif
}
