import Foundation
import Tabular
import ZipCore

extension TemplateValue {
    /// Reads records: a JSON object (one record), a JSON array (one per element), JSON Lines
    /// (`.jsonl`, one object per line; every bad line reported), CSV (`.csv`, UTF-8 or GBK) or the
    /// first sheet of an `.xlsx` — one record per row; a column `检查组.组长` fills `{{检查组.组长}}`.
    /// - Returns: the records, and whether the file holds a list (a batch) rather than one record.
    /// - Throws: `TemplateError.badData` with file, line and column.
    public static func records(fromFile data: String) throws -> ([TemplateValue], Bool) {
        let lowered = data.lowercased()
        if lowered.hasSuffix(".csv") || lowered.hasSuffix(".xlsx") { return (try records(fromTable: data), true) }
        guard let bytes = FileManager.default.contents(atPath: data) else {
            throw TemplateError(.badData, TemplateText(zh: "无法读取数据文件 \(data)", en: "cannot read the data file \(data)"))
        }
        if data.lowercased().hasSuffix(".jsonl") {
            var records: [TemplateValue] = []
            var problems: [TemplateError] = []
            for (number, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
                do {
                    records.append(try TemplateValue(json: Array(line), source: data, firstLine: number + 1))
                } catch let error as TemplateError {
                    problems.append(error)
                }
            }
            if let error = TemplateError.gathering(problems) { throw error }
            return (records, true)
        }
        let value = try TemplateValue(json: Array(bytes), source: data)
        if case .array(let items) = value { return (items, true) }
        return ([value], false)
    }

}

extension TemplateValue {
    /// One record per CSV or XLSX row, named by the header; dotted column names nest.
    static func records(fromTable path: String) throws -> [TemplateValue] {
        let table: Table
        do {
            table = try Table(contentsOfFile: path)
        } catch let error as TabularError {
            throw TemplateError(.badData, TemplateText(zh: error.chinese, en: error.description), cause: error)
        }
        return table.rows.map { row in
            var record = TemplateValue.object([:])
            for (name, value) in zip(table.header, row) {
                record.set(name.split(separator: ".").map(String.init), to: .string(value))
            }
            return record
        }
    }

    private mutating func set(_ path: [String], to value: TemplateValue) {
        guard let head = path.first else {
            self = value
            return
        }
        var members: [String: TemplateValue] = [:]
        if case .object(let existing) = self { members = existing }
        var child = members[head] ?? .object([:])
        child.set(Array(path.dropFirst()), to: value)
        members[head] = child
        self = .object(members)
    }
}

extension Template {
    /// The hidden folder a batch is staged in, beside `out` (in the current folder for a bare name —
    /// never in `/`, where a user who is not root may not write).
    static func stagingPath(for out: String, process: Int) -> String {
        let parent = (out as NSString).deletingLastPathComponent
        return (parent.isEmpty ? "." : parent) + "/." + (out as NSString).lastPathComponent + ".\(process).partial"
    }

    /// Renders one document per record into a new folder, on `jobs` cores, all or nothing.
    ///
    /// File names come from `names` (rendered per record) and are all checked first: unusable or
    /// repeated names stop the batch before anything is written. Documents are written into a hidden
    /// staging folder beside `out`, made durable with one sync, and the folder is renamed to `out` only
    /// when every document rendered; otherwise it is removed and every failing record is reported.
    /// - Parameters:
    ///   - records: the data, one record per document.
    ///   - pattern: the file name pattern, such as `{{编号}}.docx`.
    ///   - out: a folder that does not exist yet, or is empty.
    ///   - jobs: how many documents to render at once.
    ///   - progress: called after each document (from worker threads).
    /// - Throws: `TemplateError` listing every problem.
    ///
    /// Long on purpose: staging, parallel rendering, name checks and the atomic rename are one
    /// transaction whose steps share the staging folder's clean-up.
    public func renderBatch(
        _ records: [TemplateValue], names pattern: TextTemplate, intoFolder out: String, jobs: Int,
        progress: (@Sendable () -> Void)? = nil
    ) throws {
        let compiled = self
        // Every name first: a bad or repeated one stops the batch before anything is written.
        var names: [String] = []
        var problems: [TemplateError] = []
        var seen: [String: Int] = [:]
        for (index, record) in records.enumerated() {
            do {
                let file = try pattern.render(record)
                if file.isEmpty || file.contains("/") || file == "." || file == ".." || file.hasPrefix(".") {
                    problems.append(
                        TemplateError(
                            .badData,
                            TemplateText(
                                zh: "第 \(index + 1) 条记录的文件名 “\(file)” 不可用",
                                en: "record \(index + 1): the file name '\(file)' cannot be used")))
                } else if let first = seen[file] {
                    problems.append(
                        TemplateError(
                            .badData,
                            TemplateText(
                                zh: "第 \(first + 1) 和第 \(index + 1) 条记录的文件名都是 “\(file)”",
                                en: "records \(first + 1) and \(index + 1) are both named '\(file)'")))
                } else {
                    seen[file] = index
                }
                names.append(file)
            } catch let error as TemplateError {
                problems.append(
                    TemplateError(
                        .badData,
                        TemplateText(
                            zh: "第 \(index + 1) 条记录：\(error.localized(english: false))",
                            en: "record \(index + 1): \(error.localized(english: true))")))
                names.append("")
            }
        }
        if let error = TemplateError.gathering(problems) { throw error }

        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: out, isDirectory: &isFolder) {
            guard isFolder.boolValue, (try manager.contentsOfDirectory(atPath: out)).isEmpty else {
                throw TemplateError(
                    .badData, TemplateText(zh: "输出文件夹 \(out) 已存在且不为空", en: "the output folder \(out) exists and is not empty"))
            }
            try manager.removeItem(atPath: out)
        }
        let staging = Self.stagingPath(for: out, process: Int(getpid()))
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let fileNames = names
        let failures = Failures()
        let next = Counter()
        let workers = max(1, min(jobs, records.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: records.count) {
                do {
                    try compiled.render(records[index], toFile: staging + "/" + fileNames[index], synchronize: false)
                } catch let error as TemplateError {
                    failures.add(
                        index,
                        TemplateError(
                            error.code,
                            TemplateText(
                                zh: "第 \(index + 1) 条记录（\(fileNames[index])）：\(error.localized(english: false))",
                                en: "record \(index + 1) (\(fileNames[index])): \(error.localized(english: true))")))
                } catch {
                    failures.add(
                        index, TemplateError(.badData, TemplateText(zh: "第 \(index + 1) 条记录：\(error)", en: "record \(index + 1): \(error)"))
                    )
                }
                progress?()
            }
        }
        if let error = TemplateError.gathering(failures.sorted()) {
            try? manager.removeItem(atPath: staging)
            throw error
        }
        ZipWriter.syncFileSystem(of: staging)
        try manager.moveItem(atPath: staging, toPath: out)
    }
}

/// Errors from worker threads, kept in record order.
private final class Failures: @unchecked Sendable {
    // @unchecked: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [(Int, TemplateError)] = []
    func add(_ index: Int, _ error: TemplateError) {
        lock.lock()
        items.append((index, error))
        lock.unlock()
    }
    func sorted() -> [TemplateError] {
        lock.lock()
        defer { lock.unlock() }
        return items.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Hands out record indices to worker threads.
private final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
