import Foundation

/// Runs outside programs (unzip, python3, xmllint, our own executables) for tests that let
/// real tools judge our output.
public enum Tools {
    /// What a finished program did.
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var succeeded: Bool { status == 0 }
    }

    /// A tool a test needs was not found; `.ci/run` installs them all.
    public struct Missing: Error, CustomStringConvertible {
        public let tool: String
        public init(tool: String) { self.tool = tool }
        public var description: String { "\(tool) is not installed: run `bash .ci/install` (it installs every tool the tests use)" }
    }

    /// Runs `tool` (found on PATH, or an absolute path) with `arguments`, feeding `input` to stdin.
    /// - Throws: `Missing` when the tool is not found.
    public static func run(_ tool: String, _ arguments: [String], input: String? = nil, in directory: String? = nil) throws -> Outcome {
        let path = try locate(tool)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes before waiting, so a chatty tool cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs a Python 3 script with arguments.
    public static func python(_ script: String, _ arguments: [String] = [], input: String? = nil) throws -> Outcome {
        try run("python3", ["-c", script] + arguments, input: input)
    }

    /// The absolute path of `tool`, searching PATH.
    public static func locate(_ tool: String) throws -> String {
        if tool.hasPrefix("/") {
            guard FileManager.default.isExecutableFile(atPath: tool) else { throw Missing(tool: tool) }
            return tool
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(tool: tool)
    }

    /// The path of one of this package's executables, built beside the test bundle.
    public static func builtProduct(_ name: String) throws -> String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw Missing(tool: "\(name) (build it with `swift build`)")
        }
        return fallback
    }
}

/// A fresh folder under the system temporary folder, removed when the value is released.
public final class TemporaryFolder: @unchecked Sendable {
    // @unchecked: `path` is immutable; the folder is removed once, in deinit.
    public let path: String

    public init(_ label: String = "spotcheck") {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path/name`.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes bytes to `path/name`, creating folders, and returns the full path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Reads `path/name`.
    public func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }
}

/// Deterministic pseudo-random bytes (xorshift), so test inputs are the same every run.
public func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
