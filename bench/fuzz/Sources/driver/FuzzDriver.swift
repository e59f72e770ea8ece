#if canImport(Glibc)
    import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// libFuzzer's driver, started from a Swift `main`: SwiftPM renames an executable's entry point (so that
/// tests can link it), which leaves no room for libFuzzer's own `main`.
public enum FuzzDriver {
    /// Runs libFuzzer with the command line's options over `harness`, and exits with its status.
    public static func run(_ harness: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, harness))
    }
}
