import ArgumentParser
import Forms
import Foundation
import Inspection
import Store
import Support
import Tabular
import Templating
import XMLCore

/// Printing for people: Chinese by default, English when the locale asks; never a stack trace.
enum Console {
    static let english = TemplateText.prefersEnglish

    /// The filters forms may use: the standard ones and the official working-day calendar's.
    static func filters() throws -> FilterRegistry {
        .withWorkingDays(try WorkCalendar.official()).withFormFilters()
    }

    /// JSON for `--json`: keys sorted, Chinese and slashes as they are; pretty unless one line is wanted.
    static func json(_ value: some Encodable, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// What `draw verify` and `match verify` print with `--json`: whether the record reproduces, what it
    /// holds, and every difference in both languages. Exit status 1 when anything differs.
    struct Verification: Encodable {
        var record: String
        var reproduces: Bool
        var counts: [String: Int]
        var differences: [Difference]
        /// What could not be checked for want of a file: never silently counted as checked.
        var unchecked: [Difference]

        struct Difference: Encodable {
            var zh: String
            var en: String
        }

        init(record: String, counts: [String: Int], differences: [LocalizedText], unchecked: [LocalizedText] = []) {
            self.record = record
            self.counts = counts
            self.reproduces = differences.isEmpty
            self.differences = differences.map { Difference(zh: $0.zh, en: $0.en) }
            self.unchecked = unchecked.map { Difference(zh: $0.zh, en: $0.en) }
        }

        func print() throws {
            Swift.print(try Console.json(self))
            if !reproduces { throw ExitCode(1) }
        }
    }

    /// Prints what `draw verify` / `match verify` found: on success what could not be checked, then the
    /// verdict; otherwise every difference, then what could not be checked, and exit status 1.
    static func report(_ check: RecordCheck, holds verdict: LocalizedText) throws {
        func notes() { for note in check.unchecked { warn((english ? "not checked: " : "未核对：") + (english ? note.en : note.zh)) } }
        if check.holds {
            notes()
            return say(verdict.zh, verdict.en)
        }
        for difference in check.differences { warn((english ? "error: " : "错误：") + (english ? difference.en : difference.zh)) }
        notes()
        throw ExitCode(1)
    }

    /// Today in China, `2024-08-20`.
    static func today() -> String { FormRenderer.today() }

    /// A mistake on the command line (exit status 64), in the locale's language.
    static func usage(_ zh: String, _ en: String) -> ValidationError { ValidationError(english ? en : zh) }

    static func say(_ zh: String, _ en: String) {
        print(english ? en : zh)
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints any error for a person, in one place for every command: every layer's error says what
    /// and where in the locale's language; anything else (a database or operating-system error no
    /// layer wrapped) is printed plainly. Never a stack trace.
    static func report(_ error: any Error) {
        switch Workspace.plain(error) {
        case let error as any SpotCheckError: warn(error.localized(english: english))
        default: warn((english ? "error: " : "错误：") + "\(error)")
        }
    }

    /// Phase timings on standard error when `SPOTCHECK_TIMING` is set (for bench/ and profiling).
    final class PhaseClock {
        private var last = Date()
        private let enabled = ProcessInfo.processInfo.environment["SPOTCHECK_TIMING"] != nil

        func lap(_ phase: String) {
            guard enabled else { return }
            let now = Date()
            warn("timing \(phase) \(String(format: "%.3f", now.timeIntervalSince(last))) s")
            last = now
        }
    }

    /// A one-line progress bar on standard error, only when it is a terminal.
    final class Progress: @unchecked Sendable {
        // @unchecked: all state is touched under `lock`.
        private let total: Int
        private let label: String
        private let start = Date()
        private let lock = NSLock()
        private var done = 0
        private var shown = 0
        private let visible = isatty(2) != 0

        /// - Parameter label: what is being done, shown before the bar (e.g. 校验 / validating).
        init(total: Int, label: LocalizedText? = nil) {
            self.total = total
            self.label = label.map { english ? "\($0.en) " : "\($0.zh) " } ?? ""
        }

        func advance() { advance(by: 1) }

        func advance(by count: Int) {
            lock.lock()
            defer { lock.unlock() }
            done = min(total, done + count)
            // Redrawn about 200 times in all, and at the end.
            guard visible, done == total || done - shown >= max(1, total / 200) else { return }
            shown = done
            let elapsed = Date().timeIntervalSince(start)
            let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            let width = 30
            let filled = width * done / max(total, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let text =
                english
                ? "\r\(label)\(bar) \(done)/\(total)  about \(Int(remaining.rounded())) s left "
                : "\r\(label)\(bar) \(done)/\(total)  约剩 \(Int(remaining.rounded())) 秒 "
            FileHandle.standardError.write(Data(text.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
