import Foundation
import Inspection
import PostgresNIO
import Store
import Support

/// What one change appends to its office's audit trail.
public struct AuditRecord: Sendable {
    public var action: AuditAction
    public var entity: String
    public var entityID: String
    public var before: (any Encodable & Sendable)?
    public var after: (any Encodable & Sendable)?

    public init(_ action: AuditAction, entity: String, id: String, before: (any Encodable & Sendable)? = nil, after: (any Encodable & Sendable)? = nil) {
        (self.action, self.entity, self.entityID, self.before, self.after) = (action, entity, id, before, after)
    }
}

/// What an office does in the province's database: every change in one transaction with its audit entry,
/// appended to the office's own chain.
extension ProvinceDatabase {
    /// Runs `change` acting for `office`, holding the office's trail head from the start (so that the
    /// office's changes, from any number of connections, take turns as they do in one workspace), and
    /// appends the audit entry it returns (`spotcheck.append_audit`). Run again after a deadlock: `work`
    /// must do only database work.
    public func change<T: Sendable>(
        as office: String, actor: String, at date: Date = Clock.now(), doing: (zh: String, en: String),
        _ work: @Sendable @escaping (PostgresConnection) async throws -> (T, AuditRecord)
    ) async throws -> T {
        do {
            return try await asOffice(office) { connection in
                try await connection.execute("SELECT sequence FROM spotcheck.lock_head(\(office))", logger: Self.logger)
                let (value, record) = try await work(connection)
                let before = try record.before.map(AuditTrail.json)
                let after = try record.after.map(AuditTrail.json)
                try await connection.execute(
                    """
                    SELECT spotcheck.append_audit(\(office), \(date.formatted(.iso8601)), \(actor), \(record.action.rawValue), \(record.entity),
                                                  \(record.entityID), \(before), \(after))
                    """, logger: Self.logger)
                return value
            }
        } catch {
            throw ProvinceError.database(error, doing: doing)
        }
    }

    /// Reads acting for `office` (its own rows, those below it, and the shared ones above it).
    /// - Parameter snapshot: one snapshot for the whole read (REPEATABLE READ, READ ONLY).
    public func read<T: Sendable>(
        as office: String, snapshot: Bool = false, doing: (zh: String, en: String), _ work: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await asOffice(office, snapshot: snapshot, work)
        } catch {
            throw ProvinceError.database(error, doing: doing)
        }
    }

    // MARK: - Registry

    /// Imports `office`'s own targets: new ones added, known ones updated (those of other offices are not touched).
    public func importTargets(_ targets: [Target], office: String, actor: String, file: String) async throws {
        let columns = TargetRows(targets)
        let summary = ProvincePayload.RegistryImport(file: file, rows: targets.count)
        try await change(as: office, actor: actor, doing: ("导入检查对象名录库", "importing the targets")) { connection in
            try await connection.execute(
                """
                INSERT INTO spotcheck.target (office, credit_code, name, type, district, address, legal_representative, risk_grade,
                                              blacklisted, abnormal, dishonest, serious_violation, status)
                SELECT \(office), * FROM unnest(\(columns.codes)::text[], \(columns.names)::text[], \(columns.types)::text[],
                    \(columns.districts)::text[], \(columns.addresses)::text[], \(columns.representatives)::text[], \(columns.grades)::text[],
                    \(columns.blacklisted)::boolean[], \(columns.abnormal)::boolean[], \(columns.dishonest)::boolean[],
                    \(columns.serious)::boolean[], \(columns.statuses)::text[])
                ON CONFLICT (office, credit_code) DO UPDATE SET name = excluded.name, type = excluded.type, district = excluded.district,
                    address = excluded.address, legal_representative = excluded.legal_representative, risk_grade = excluded.risk_grade,
                    blacklisted = excluded.blacklisted, abnormal = excluded.abnormal, dishonest = excluded.dishonest,
                    serious_violation = excluded.serious_violation, status = excluded.status
                """, logger: Self.logger)
            return ((), AuditRecord(.registryImport, entity: "target", id: office, after: summary))
        }
    }

    /// The targets `office` draws from: its own and those of the offices above it (a city's registry is its
    /// districts'), each with the office that registered it, in no particular order (a draw takes its
    /// candidates in byte order of their codes).
    public func drawableTargets(office: String) async throws -> [(office: String, target: Target)] {
        try await read(as: office, doing: ("读取检查对象名录库", "reading the targets")) { connection in
            let rows = try await connection.query(
                """
                SELECT office, credit_code, name, type, district, address, legal_representative, risk_grade,
                       blacklisted, abnormal, dishonest, serious_violation, status
                FROM spotcheck.target
                WHERE office IN (SELECT ancestor FROM spotcheck.office_tree WHERE descendant = spotcheck.current_office())
                """, logger: Self.logger)
            var targets: [(office: String, target: Target)] = []
            for try await (owner, code, name, type, district, address, representative, grade, blacklisted, abnormal, dishonest, serious, status)
                in rows.decode((String, String, String, String, String, String, String, String, Bool, Bool, Bool, Bool, String).self)
            {
                let target = Target(
                    creditCode: code, name: name, type: type, district: district, address: address, legalRepresentative: representative,
                    riskGrade: grade, blacklisted: blacklisted, abnormal: abnormal, dishonest: dishonest, seriousViolation: serious, status: status)
                targets.append((owner, target))
            }
            return targets
        }
    }

    /// What a draw of `office` reads of the targets it draws from (its own and those above it), as the
    /// draw's columns: each target's code and the fields the draw's rules ask — type, district, grade,
    /// status, whether it is exempt from the yearly cap. One district over 303,000 targets: 0.20 s
    /// (bench/province), where reading them as rows of arrays and making `Target`s took 1.0–1.2 s.
    public func drawView(office: String) async throws -> TargetColumns {
        try await read(as: office, doing: ("读取抽取所需的检查对象", "reading the targets for a draw")) { connection in
            // One row per combination of the fields the draw's rules ask (a few hundred), with the codes of its
            // targets as one array: 300,000 targets cross as 300,000 codes and a few hundred field values, and
            // the engine groups them in one pass (a draw does not depend on the targets' order: it sorts).
            // Grouped by hashing, not by sorting: the planner cannot know how many targets the offices above hold
            // (they are the function's answer), guesses a few thousand and would sort 300,000 rows (twice the
            // time). For this transaction only, with the memory a few hundred groups of codes take.
            try await connection.execute("SELECT set_config('enable_sort', 'off', true), set_config('work_mem', '64MB', true)", logger: Self.logger)
            let rows = try await connection.query(
                """
                SELECT type, district, risk_grade, status, blacklisted OR abnormal OR dishonest OR serious_violation, array_agg(credit_code)
                FROM spotcheck.target
                WHERE office IN (SELECT ancestor FROM spotcheck.office_tree WHERE descendant = spotcheck.current_office())
                GROUP BY 1, 2, 3, 4, 5
                """, logger: Self.logger)
            var columns = TargetColumns.Builder()
            for try await (type, district, grade, status, exempt, codes) in rows.decode((String, String, String, String, Bool, [String]).self) {
                columns.append(codes, type: type, district: district, grade: grade, status: status, exempt: exempt)
            }
            return columns.columns
        }
    }

    // MARK: - Draws

    /// What the offices above `office` drew in `year`, as the draw's exclusions take them (001 §11): read
    /// live from their draws, not from a file.
    public func drawnAbove(office: String, year: Int) async throws -> [UpperDraw] {
        try await read(as: office, doing: ("读取上级已抽取的检查对象", "reading the higher levels' draws")) { connection in
            let rows = try await connection.query(
                """
                SELECT d.credit_code, o.name, d.task FROM spotcheck.drawn_target d JOIN spotcheck.office o ON o.id = d.office
                WHERE d.year = \(year) AND d.office IN (
                    SELECT ancestor FROM spotcheck.office_tree WHERE descendant = spotcheck.current_office() AND depth > 0)
                ORDER BY d.credit_code, o.name, d.task
                """, logger: Self.logger)
            var drawn: [UpperDraw] = []
            for try await (code, body, task) in rows.decode((String, String, String).self) {
                drawn.append(UpperDraw(creditCode: code, year: year, body: body, task: task))
            }
            return drawn
        }
    }

    /// Records a locked draw of `office`: the task, its seed and record digest, and the targets drawn.
    ///
    /// The draw was made from a read (`drawnAbove`) in an earlier transaction; an office above may have
    /// recorded a draw since. The engine's `spotcheck.record_draw` records the year's draws one at a time in
    /// the whole database and checks, under that lock, the targets drawn against what the offices above drew
    /// this year (001 §11): a target one of them drew in the meantime refuses the record (nothing is written)
    /// and names who drew it — the draw must be made again.
    /// - Throws: `ProvinceError` (`.conflict`) for a target drawn above in the meantime, (`.refused`) for
    ///   a year outside 1–9999.
    public func recordDraw(office: String, task: String, year: Int, seed: String, recordSHA256: String, drawn: [String], actor: String)
        async throws
    {
        guard (1...9999).contains(year) else {
            throw ProvinceError(zh: "年度应为 1–9999：\(year)", en: "the year must be 1–9999: \(year)", code: .refused)
        }
        let summary = ProvincePayload.Draw(task: task, year: year, drawn: drawn.count, recordSHA256: recordSHA256)
        try await change(as: office, actor: actor, doing: ("记录抽取结果", "recording the draw")) { connection in
            var taken: [String] = []
            for try await conflicts in try await connection.query(
                "SELECT spotcheck.record_draw(\(office), \(task), \(Int32(year)), \(seed), \(recordSHA256), \(actor), \(drawn)::text[])",
                logger: Self.logger
            ).decode([String].self) {
                taken += conflicts
            }
            guard taken.isEmpty else {
                throw ProvinceError(
                    zh: "上级单位在本次抽取读取名录之后也抽取了：\(taken.joined(separator: "、"))；本年度不得再抽取这些检查对象（001 §11），请重新抽取",
                    en: "an office above drew these after this draw read the registry: \(taken.joined(separator: ", ")); they may not be drawn again this year (001 §11): draw again",
                    code: .conflict)
            }
            return ((), AuditRecord(.drawLock, entity: "draw", id: task, after: summary))
        }
    }

    // MARK: - Results

    /// Records a new version of a visit's result (the body as JSON) with its audit entry, in one statement
    /// (`spotcheck.record_result`: the office's head locked first, the version, the row, the entry); returns
    /// the version.
    @discardableResult
    public func recordResult(office: String, visit: String, body: String, actor: String, at date: Date = Clock.now()) async throws -> Int {
        let at = date.formatted(.iso8601)  // as ISO8601DateFormatter writes it (Store.AuditEntry.at), without making one
        let (first, later) = (AuditAction.resultRecord.rawValue, AuditAction.resultCorrect.rawValue)
        // The entry's record as Store's encoder writes it; the engine puts the version in for the 0.
        let after = try AuditTrail.json(ProvincePayload.Result(visit: visit, version: 0, sha256: sha256Hex(Array(body.utf8))))
        do {
            return try await statement { connection in
                var version = 0
                let rows = try await connection.query(
                    "SELECT spotcheck.record_result(\(office), \(visit), \(body), \(actor), \(at), \(first), \(later), \(after))", logger: Self.logger)
                for try await recorded in rows.decode(Int.self) { version = recorded }
                return version
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" && error.serverInfo?[.message]?.contains("does not act") == true {
            throw ProvinceError(
                zh: "数据库登录角色无权代表单位 \(office)（spotcheck db allow）", en: "this database login may not act for office \(office) (spotcheck db allow)",
                cause: error)
        } catch {
            throw ProvinceError.database(error, doing: ("记录检查结果", "recording the result"))
        }
    }

    /// The results `office` may read (its own and those below it): office, visit, latest version.
    public func latestResults(office: String) async throws -> [(office: String, visit: String, version: Int)] {
        try await read(as: office, doing: ("读取检查结果", "reading the results")) { connection in
            let rows = try await connection.query(
                "SELECT office, visit, max(version) FROM spotcheck.result GROUP BY office, visit ORDER BY office, visit", logger: Self.logger)
            var results: [(office: String, visit: String, version: Int)] = []
            for try await (owner, visit, version) in rows.decode((String, String, Int).self) { results.append((owner, visit, version)) }
            return results
        }
    }

    // MARK: - Audit trail

    /// Verifies the trail of `office` and of every office below it, each chain on its own, against its head.
    /// - Returns: each office's problems (empty when its trail is intact), by office.
    public func verifyAudit(office: String) async throws -> [String: [AuditTrail.Problem]] {
        // One snapshot for every chain and its head: an append committed meanwhile is not a deleted end.
        try await read(as: office, snapshot: true, doing: ("核验审计记录", "verifying the audit trail")) { connection in
            var offices: [String] = []
            let below = try await connection.query(
                "SELECT descendant FROM spotcheck.office_tree WHERE ancestor = spotcheck.current_office() ORDER BY descendant", logger: Self.logger)
            for try await id in below.decode(String.self) { offices.append(id) }
            var problems: [String: [AuditTrail.Problem]] = [:]
            for id in offices {
                var entries: [AuditEntry] = []
                let rows = try await connection.query(
                    """
                    SELECT sequence, at, actor, action, entity, entity_id, before, after, previous_hash, hash
                    FROM spotcheck.audit WHERE office = \(id) ORDER BY sequence
                    """, logger: Self.logger)
                for try await (sequence, at, actor, action, entity, entityID, before, after, previous, hash) in rows.decode(
                    (Int64, String, String, String, String, String, String?, String?, String, String).self)
                {
                    entries.append(
                        AuditEntry(
                            sequence: sequence, at: at, actor: actor, actionName: action, entity: entity, entityID: entityID, before: before, after: after,
                            previousHash: previous, hash: hash))
                }
                var found = AuditTrail.chainProblems(entries).problems
                var head: (sequence: Int64, hash: String)?
                for try await (sequence, hash) in try await connection.query(
                    "SELECT sequence, hash FROM spotcheck.audit_head WHERE office = \(id)", logger: Self.logger
                ).decode((Int64, String).self) {
                    head = (sequence, hash)
                }
                let last = entries.last
                if head?.sequence != last?.sequence || head?.hash != last?.hash {
                    found.append(
                        AuditTrail.Problem(
                            sequence: last?.sequence ?? 0,
                            zh: "记录末尾（第 \(last?.sequence ?? 0) 条）与审计头（第 \(head?.sequence ?? 0) 条）不符（末尾的记录被删除或替换）",
                            en: "the trail ends at entry \(last?.sequence ?? 0) but its head says \(head?.sequence ?? 0): entries at the end were deleted or replaced"))
                }
                problems[id] = found
            }
            return problems
        }
    }
}

/// The payloads of the province's audit entries (Codable, so any text in them is escaped by the encoder).
public enum ProvincePayload {
    public struct RegistryImport: Codable, Sendable, Hashable {
        public var file: String
        public var rows: Int
    }

    public struct Draw: Codable, Sendable, Hashable {
        public var task: String
        public var year: Int
        public var drawn: Int
        public var recordSHA256: String
    }

    public struct Result: Codable, Sendable, Hashable {
        public var visit: String
        public var version: Int
        public var sha256: String
    }
}

/// Targets as the columns one INSERT … unnest takes.
struct TargetRows {
    var codes: [String] = [], names: [String] = [], types: [String] = [], districts: [String] = [], addresses: [String] = []
    var representatives: [String] = [], grades: [String] = [], statuses: [String] = []
    var blacklisted: [Bool] = [], abnormal: [Bool] = [], dishonest: [Bool] = [], serious: [Bool] = []

    init(_ targets: [Target]) {
        for target in targets {
            codes.append(target.creditCode)
            names.append(target.name)
            types.append(target.type)
            districts.append(target.district)
            addresses.append(target.address)
            representatives.append(target.legalRepresentative)
            grades.append(target.riskGrade)
            statuses.append(target.status)
            blacklisted.append(target.blacklisted)
            abnormal.append(target.abnormal)
            dishonest.append(target.dishonest)
            serious.append(target.seriousViolation)
        }
    }
}
