import Foundation

/// The write steps of every mutating command, named, so that a test can cut a command off at any of them
/// as a power cut or `kill -9` would — and then check that a rerun ends as a clean run does.
///
/// Off unless the environment asks: `SPOTCHECK_CRASH_AT=N` kills the process (SIGKILL, no cleanup, no
/// buffered output) at the Nth step it reaches; `SPOTCHECK_CRASH_TRACE=FILE` appends each step's name to
/// FILE, so the test knows how many steps a command has. Steps are counted in the order they are reached,
/// from any thread.
///
/// ```swift
/// CrashPoint.reached("rename \(name)")
/// ```
public enum CrashPoint {
    private static let settings: (at: Int?, trace: String?) = {
        let environment = ProcessInfo.processInfo.environment
        return (environment["SPOTCHECK_CRASH_AT"].flatMap(Int.init), environment["SPOTCHECK_CRASH_TRACE"])
    }()
    private static let steps = Steps()

    /// A write step: counted, traced, and the process killed here when it is the step asked for.
    public static func reached(_ step: @autoclosure () -> String) {
        let (at, trace) = settings
        guard at != nil || trace != nil else { return }
        steps.lock.lock()
        defer { steps.lock.unlock() }
        steps.count += 1
        if let trace, let handle = FileHandle(forWritingAtPath: trace) ?? create(trace) {
            handle.seekToEndOfFile()
            handle.write(Data("\(steps.count)\t\(step())\n".utf8))
            try? handle.close()
        }
        if steps.count == at {
            // Said before dying: with writers on several threads, the Nth step is not the same one every run.
            FileHandle.standardError.write(Data("crash point \(steps.count): \(step())\n".utf8))
            kill(getpid(), SIGKILL)
        }
    }

    // @unchecked: `count` is read and written only under `lock` (steps are reached from parallel writers too).
    private final class Steps: @unchecked Sendable {
        let lock = NSLock()
        var count = 0
    }

    private static func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }
}
