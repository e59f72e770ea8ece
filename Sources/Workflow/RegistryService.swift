import Foundation
import Inspection
import Store
import Support
import Tabular

/// 一单两库 and the plan from the files offices keep (CSV in UTF-8 or GBK, or XLSX): a check that finds
/// every problem by row and column and says what an import would change, then the import itself — all
/// or nothing, with history and its audit entry.
///
/// ```swift
/// let registries = RegistryService(store: workspace)
/// let check = try registries.check("uploads/名录库.xlsx", named: "名录库.xlsx", as: .targets)
/// if check.problems.isEmpty { try registries.importFile("uploads/名录库.xlsx", named: "名录库.xlsx", as: .targets, by: User("张三")) }
/// ```
public struct RegistryService: Sendable {
    public let store: any CaseStore

    public init(store: any CaseStore) { self.store = store }

    /// What a file would do: its problems (each with row and column), or the changes it would make.
    public struct Check: Sendable {
        public var registry: Registry
        public var rows: Int
        /// Every problem listed (the first 200), and how many more there are.
        public var problems: [TabularError]
        public var omitted: Int
        /// The column names of the file's header, for saying which column a problem is in.
        public var header: [String]
        public var added = 0, changed = 0, removed = 0, unchanged = 0
    }

    /// Reads and validates a file as `registry` and compares it with the registry as it stands; writes nothing.
    public func check(_ path: String, named name: String, as registry: Registry) throws -> Check {
        let table: Table
        do {
            table = try Self.table(path, named: name)
        } catch let error as TabularError {
            return Check(registry: registry, rows: 0, problems: error.all, omitted: error.omitted, header: [])
        }
        var check = Check(registry: registry, rows: table.rows.count, problems: [], omitted: 0, header: table.header)
        do {
            switch registry {
            case .targets: try compare(try TargetImport.read(table), key: \.creditCode, into: &check)
            case .inspectors: try compare(try InspectorImport.read(table), key: \.key, into: &check)
            case .items: try compare(try CheckItemImport.read(table), key: \.name, into: &check)
            case .tasks: try compare(try PlanImport.read(table, defaultRatios: try store.settings().ratios), key: \.id, into: &check)
            case .upperDraws: try compare(try UpperDrawImport.read(table), key: \.key, into: &check)
            }
        } catch let error as TabularError {
            (check.problems, check.omitted) = (error.all, error.omitted)
        }
        return check
    }

    /// Imports a file as `registry` (every problem refused at once, nothing half-done).
    @discardableResult
    public func importFile(_ path: String, named name: String, as registry: Registry, by user: User, at date: Date = Clock.now()) throws
        -> ImportSummary
    {
        let table = try Self.table(path, named: name)
        let sha = try sha256Hex(ofFile: path)
        func store<Record: Encodable & Sendable>(_ records: [Record], key: (Record) -> String) throws -> ImportSummary {
            try self.store.importRegistry(registry, records, key: key, file: name, fileSHA256: sha, actor: user.name, at: date, progress: nil)
        }
        switch registry {
        case .targets: return try store(try TargetImport.read(table), key: \.creditCode)
        case .inspectors: return try store(try InspectorImport.read(table), key: \.key)
        case .items: return try store(try CheckItemImport.read(table), key: \.name)
        case .tasks: return try store(try PlanImport.read(table, defaultRatios: try self.store.settings().ratios), key: \.id)
        case .upperDraws: return try store(try UpperDrawImport.read(table), key: \.key)
        }
    }

    /// A CSV or XLSX file (by the name it was given: an upload is stored under another) as a table.
    static func table(_ path: String, named name: String) throws -> Table {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TabularError(source: name, zh: "无法读取文件", en: "cannot read the file")
        }
        let bytes = [UInt8](data)
        return name.lowercased().hasSuffix(".xlsx") ? try Table(xlsx: bytes, source: name) : try Table(csv: bytes, source: name)
    }

    /// Counts what the records would add, change and remove, by key, against the registry as it stands.
    func compare<Record: Codable & Sendable>(_ records: [Record], key: (Record) -> String, into check: inout Check) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var current: [String: Data] = [:]
        for record in try store.records(check.registry) as [Record] { current[key(record)] = try encoder.encode(record) }
        for record in records {
            switch current.removeValue(forKey: key(record)) {
            case nil: check.added += 1
            case let before? where before == (try encoder.encode(record)): check.unchanged += 1
            default: check.changed += 1
            }
        }
        check.removed = current.count
    }
}
