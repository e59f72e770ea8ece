import Foundation
import Inspection
import PostgresNIO
import Province
import Store
import TestSupport
import Testing

/// A province in a throwaway PostgreSQL cluster: 省 → 市 → two 区县, each district with its own login.
struct Province {
    let cluster: PostgresCluster
    let admin: String
    let database: String

    /// The login that acts for `office` in this database (logins belong to the cluster: named per database).
    func login(_ office: String) -> String { "\(database)_\(office)".replacingOccurrences(of: "-", with: "_") }
    func url(_ office: String) -> String { cluster.url(user: login(office), database: database) }

    static func make(districts: [String] = ["east", "west"]) async throws -> Province {
        let cluster = try PostgresCluster.shared()
        let admin = try cluster.database()
        let province = Province(cluster: cluster, admin: admin, database: PostgresCluster.databaseName(admin))
        try await ProvinceDatabase.with(admin) { (db: ProvinceDatabase) async throws -> Void in
            try await db.migrate()
            try await db.addOffice(Office(id: "prov", name: "某省医疗保障局", parent: nil, level: .province, fonds: "J001", prefix: "省医保"), actor: "管理员")
            try await db.addOffice(Office(id: "city", name: "某市医疗保障局", parent: "prov", level: .city, fonds: "J045", prefix: "市医保"), actor: "管理员")
            for district in districts {
                try await db.addOffice(
                    Office(id: district, name: "\(district)区医疗保障局", parent: "city", level: .district, fonds: "J045-\(district)", prefix: "\(district)医保"),
                    actor: "管理员")
            }
            for office in ["city"] + districts { try await db.allow(login: province.login(office), office: office) }
            // One office per login: a second office for the same login is refused.
            await #expect(throws: ProvinceError.self) { try await db.allow(login: province.login("city"), office: districts[0]) }
            await #expect(throws: ProvinceError.self) { try await db.allow(login: PostgresCluster.administrator, office: "city") }
        }
        // Nor a role that belongs to the administrator's (who owns the tables and has a policy of its own).
        let sneaky = province.login("sneaky")
        _ = try cluster.psql(province.database, "CREATE ROLE \(sneaky) LOGIN; GRANT \(PostgresCluster.administrator) TO \(sneaky)")
        try await ProvinceDatabase.with(admin) { (db: ProvinceDatabase) async throws -> Void in
            let refused = await #expect(throws: ProvinceError.self) { try await db.allow(login: sneaky, office: "city") }
            #expect(refused?.zh.contains("属于角色 \(PostgresCluster.administrator)") == true, "\(refused.map { "\($0)" } ?? "")")
        }
        return province
    }

    static func target(_ code: String, district: String = "卫东区") -> Target {
        Target(
            creditCode: code, name: "机构\(code)", type: "定点医疗机构", district: district, address: "某路\(code)号", legalRepresentative: "张三",
            riskGrade: "A", blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false, status: "正常")
    }
}

/// The SQLSTATE of a database error, however it was wrapped.
func sqlState(_ error: any Error) -> String? {
    if let error = error as? PSQLError { return error.serverInfo?[.sqlState] }
    if let error = error as? ProvinceError, let cause = error.cause { return sqlState(cause) }
    return nil
}

@Suite("Province on PostgreSQL")
struct ProvinceTests {
    @Test func migrationsRunOnceAndOfficesFormATree() async throws {
        let province = try await Province.make()
        try await ProvinceDatabase.with(province.admin) { (db: ProvinceDatabase) async throws -> Void in
            #expect(try await db.migrate().isEmpty, "a second migrate finds nothing to do")
            let offices = try await db.offices()
            #expect(offices.map(\.id) == ["city", "east", "prov", "west"])
            #expect(offices.first { $0.id == "east" }?.parent == "city")
            // A district under a district, a city under a city: refused, with the reason.
            await #expect(throws: ProvinceError.self) {
                try await db.addOffice(Office(id: "sub", name: "某", parent: "east", level: .district, fonds: "X", prefix: "X"), actor: "管理员")
            }
            do {
                try await db.addOffice(Office(id: "bad id!", name: " ", parent: nil, level: .province, fonds: "", prefix: "X"), actor: "管理员")
                Issue.record("a bad office was added")
            } catch let error as ProvinceError {
                // Every problem at once, Chinese first.
                #expect(error.zh.contains("单位代号") && error.zh.contains("名称") && error.zh.contains("全宗号"))
            }
        }
    }

    @Test func eachDistrictSeesItselfTheCitySeesBoth() async throws {
        let province = try await Province.make()
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.importTargets([Province.target("C1"), Province.target("C2")], office: "city", actor: "市局", file: "市名录.xlsx")
        }
        for district in ["east", "west"] {
            try await ProvinceDatabase.with(province.url(district)) { (db: ProvinceDatabase) async throws -> Void in
                try await db.importTargets([Province.target("\(district)-T")], office: district, actor: "区局", file: "名录.xlsx")
                try await db.recordResult(office: district, visit: "\(district)-V1", body: #"{"outcome":"无问题"}"#, actor: "检查员")
                // A district draws from the city's registry and its own, never a sister district's.
                let drawable = try await db.drawableTargets(office: district)
                #expect(Set(drawable.map(\.target.creditCode)) == ["C1", "C2", "\(district)-T"])
                #expect(try await db.latestResults(office: district).map(\.visit) == ["\(district)-V1"])
                // This login may not act for the other district, nor for the city.
                for other in ["east", "west", "city"] where other != district {
                    await #expect(throws: ProvinceError.self) { _ = try await db.latestResults(office: other) }
                }
            }
        }
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            #expect(try await db.latestResults(office: "city").map(\.visit) == ["east-V1", "west-V1"])
            let problems = try await db.verifyAudit(office: "city")
            #expect(problems.keys.sorted() == ["city", "east", "west"])
            #expect(problems.values.allSatisfy { $0.isEmpty })
        }
    }

    /// Raw SQL on a district's own connection, inside its own transaction: the database refuses or hides
    /// every other office's row, whatever the code above it does.
    @Test func rawSQLOnADistrictsConnectionCannotReachAnother() async throws {
        let province = try await Province.make()
        for district in ["east", "west"] {
            try await ProvinceDatabase.with(province.url(district)) { (db: ProvinceDatabase) async throws -> Void in
                try await db.importTargets([Province.target("\(district)-T")], office: district, actor: "区局", file: "名录.xlsx")
                try await db.recordResult(office: district, visit: "\(district)-V1", body: "{}", actor: "检查员")
            }
        }
        try await ProvinceDatabase.with(province.url("east")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.read(as: "east", doing: ("测试", "test")) { (connection: PostgresConnection) async throws -> Void in
                func count(_ sql: String) async throws -> Int {
                    var value = -1
                    for try await n in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "t")).decode(Int.self) { value = n }
                    return value
                }
                func refused(_ sql: String...) async -> String? {
                    do {
                        try await connection.query("SAVEPOINT probe", logger: Logger(label: "t"))
                        for statement in sql {
                            // A function's error comes with its rows: read them all.
                            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "t")) {}
                        }
                        try await connection.query("RELEASE SAVEPOINT probe", logger: Logger(label: "t"))
                        return nil
                    } catch {
                        _ = try? await connection.query("ROLLBACK TO SAVEPOINT probe", logger: Logger(label: "t"))
                        return sqlState(error) ?? "\(error)"
                    }
                }
                #expect(try await count("SELECT count(*) FROM spotcheck.result WHERE office = 'west'") == 0)
                #expect(try await count("SELECT count(*) FROM spotcheck.result") == 1)
                #expect(try await count("SELECT count(*) FROM spotcheck.audit WHERE office = 'west'") == 0)
                #expect(try await count("WITH u AS (UPDATE spotcheck.target SET name = 'x' WHERE office = 'west' RETURNING 1) SELECT count(*) FROM u") == 0)
                #expect(try await count("WITH d AS (DELETE FROM spotcheck.target WHERE office = 'west' RETURNING 1) SELECT count(*) FROM d") == 0)
                // Writing a row for another office: the policy's WITH CHECK refuses it.
                #expect(await refused("INSERT INTO spotcheck.result (office, visit, version, body, recorded_by) VALUES ('west', 'X', 1, '{}', 'x')") == "42501")
                #expect(await refused("UPDATE spotcheck.target SET office = 'west' WHERE office = 'east'") == "42501")
                // The trail is append-only, even one's own; the policies and the login table are not the session's to change.
                #expect(await refused("DELETE FROM spotcheck.audit WHERE office = 'east'") == "42501")
                // Nor can it fork or rewind its own chain: entries enter only through append_audit, for its own office.
                #expect(
                    await refused(
                        "INSERT INTO spotcheck.audit (office, sequence, at, actor, action, entity, entity_id, previous_hash, hash) VALUES ('east', 99, 'a', 'a', 'a', 'a', 'a', 'x', 'y')"
                    ) == "42501")
                #expect(await refused("UPDATE spotcheck.audit_head SET sequence = 1 WHERE office = 'east'") == "42501")
                // Draws enter only through record_draw (for its own office), which checks them against the draws above.
                #expect(await refused("INSERT INTO spotcheck.drawn_target (office, task, year, credit_code) VALUES ('east', 't', 2024, 'X')") == "42501")
                #expect(await refused("SELECT spotcheck.record_draw('west', 't', 2024, 's', 'h', 'a', ARRAY['X'])") == "42501")
                let forged = await refused("SELECT spotcheck.append_audit('west', 'a', 'a', 'a', 'a', 'a', NULL, NULL)")
                #expect(forged == "42501", "\(forged ?? "accepted")")
                let locked = await refused("SELECT * FROM spotcheck.lock_head('west')")
                #expect(locked == "42501", "\(locked ?? "accepted")")
                #expect(await refused("LOCK TABLE spotcheck.audit_head IN ACCESS EXCLUSIVE MODE") == "42501")
                #expect(await refused("UPDATE spotcheck.audit SET actor = 'x' WHERE office = 'east'") == "42501")
                #expect(await refused("INSERT INTO spotcheck.office_login (login, office) VALUES (session_user, 'west')") == "42501")
                #expect(await refused("ALTER TABLE spotcheck.result DISABLE ROW LEVEL SECURITY") == "42501")
                #expect(await refused("SET LOCAL row_security = off", "SELECT count(*) FROM spotcheck.result") == "42501")
                // A crafted switch of the office counts for nothing: this login may not act for west.
                #expect(try await count("SELECT count(*) FROM (SELECT set_config('spotcheck.office', 'west', true)) s") == 1)
                #expect(try await count("SELECT count(*) FROM spotcheck.result") == 0)
                #expect(try await count("SELECT count(*) FROM spotcheck.target WHERE office = 'west'") == 0)
            }
        }
        // As the administrator: west's rows are all still there.
        let west = try province.cluster.psql(province.database, "SELECT count(*) FROM spotcheck.target WHERE office = 'west' AND name <> 'x'")
        #expect(west.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    @Test func aDrawIsNotRecordedOverATargetTheCityDrewSinceItWasMade() async throws {
        let province = try await Province.make()
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.importTargets((1...6).map { Province.target("C\($0)") }, office: "city", actor: "市局", file: "市名录.xlsx")
        }
        try await ProvinceDatabase.with(province.url("east")) { (east: ProvinceDatabase) async throws -> Void in
            // East reads what was drawn above (nothing yet) and draws C2 and C3 from it…
            #expect(try await east.drawnAbove(office: "east", year: 2024).isEmpty)
            // …while the city records a draw of C2.
            try await ProvinceDatabase.with(province.url("city")) { (city: ProvinceDatabase) async throws -> Void in
                try await city.recordDraw(office: "city", task: "2024-市-01", year: 2024, seed: "s", recordSHA256: "h", drawn: ["C2"], actor: "市局")
            }
            let refused = await #expect(throws: ProvinceError.self) {
                try await east.recordDraw(office: "east", task: "2024-东-01", year: 2024, seed: "s", recordSHA256: "h", drawn: ["C2", "C3"], actor: "东区")
            }
            #expect(refused?.code == .conflict && refused?.zh.contains("C2（某市医疗保障局 2024-市-01）") == true, "\(refused.map { "\($0)" } ?? "")")
            // Nothing of it was written: no draw, no entry; a draw without C2 is recorded.
            let entries = try await east.verifyAudit(office: "east")
            #expect(entries["east"]?.isEmpty == true)
            try await east.recordDraw(office: "east", task: "2024-东-01", year: 2024, seed: "s2", recordSHA256: "h2", drawn: ["C3"], actor: "东区")
            // Another year is another year.
            try await east.recordDraw(office: "east", task: "2025-东-01", year: 2025, seed: "s", recordSHA256: "h", drawn: ["C2"], actor: "东区")
        }
        let draws = try province.cluster.psql(province.database, "SELECT string_agg(office || ':' || task || ':' || credit_code, ',' ORDER BY task, credit_code) FROM spotcheck.drawn_target")
        #expect(draws.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "east:2024-东-01:C3,city:2024-市-01:C2,east:2025-东-01:C2", "\(draws.stdout)")
        let entries = try province.cluster.psql(province.database, "SELECT count(*) FROM spotcheck.audit WHERE office = 'east' AND action = 'draw.lock'")
        #expect(entries.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func theOwnerOfATableAndItsMembersAreNeverAnOfficesLogin() async throws {
        let province = try await Province.make()
        let (owner, member) = (province.login("tables"), province.login("member"))
        _ = try province.cluster.psql(
            province.database,
            "CREATE ROLE \(owner) LOGIN; ALTER TABLE spotcheck.result OWNER TO \(owner); CREATE ROLE \(member) LOGIN; GRANT \(owner) TO \(member)")
        try await ProvinceDatabase.with(province.admin) { (db: ProvinceDatabase) async throws -> Void in
            for login in [owner, member] {
                let refused = await #expect(throws: ProvinceError.self) { try await db.allow(login: login, office: "east") }
                #expect(refused?.zh.contains("是或属于角色 \(owner)") == true, "\(login): \(refused.map { "\($0)" } ?? "accepted")")
            }
            // A name with a line break after it is not a role name.
            await #expect(throws: ProvinceError.self) { try await db.allow(login: "clerk\n", office: "east") }
        }
    }

    @Test func anOfficeLoginWaitsForALockAtMost15Seconds() async throws {
        let province = try await Province.make()
        try await ProvinceDatabase.with(province.url("east")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.read(as: "east", doing: ("测试", "test")) { (connection: PostgresConnection) async throws -> Void in
                var settings: [String] = []
                for try await value in try await connection.query(
                    "SELECT current_setting('lock_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout')", logger: Logger(label: "t")
                ).decode(String.self) { settings.append(value) }
                #expect(settings == ["15s 1min"])
            }
        }
    }

    @Test func aTamperedTrailIsFoundPerOffice() async throws {
        let province = try await Province.make()
        for district in ["east", "west"] {
            try await ProvinceDatabase.with(province.url(district)) { (db: ProvinceDatabase) async throws -> Void in
                for n in 1...3 { try await db.recordResult(office: district, visit: "V\(n)", body: "{}", actor: "检查员") }
            }
        }
        _ = try province.cluster.psql(province.database, "UPDATE spotcheck.audit SET actor = '别人' WHERE office = 'east' AND sequence = 2")
        _ = try province.cluster.psql(province.database, "DELETE FROM spotcheck.audit WHERE office = 'west' AND sequence = 4")
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            let problems = try await db.verifyAudit(office: "city")
            #expect(problems["city"]?.isEmpty == true)
            #expect(problems["east"]?.map(\.sequence) == [2])
            #expect(problems["west"]?.contains { $0.zh.contains("审计头") } == true)
        }
    }

    @Test func aDistrictsDrawExcludesWhatTheCityDrewThisYear() async throws {
        let province = try await Province.make()
        let registry = (1...6).map { Province.target("C\($0)") }
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.importTargets(registry, office: "city", actor: "市局", file: "市名录.xlsx")
            try await db.recordDraw(office: "city", task: "2024-市-01", year: 2024, seed: "s", recordSHA256: "h", drawn: ["C2", "C5"], actor: "市局")
        }
        try await ProvinceDatabase.with(province.url("east")) { (db: ProvinceDatabase) async throws -> Void in
            let above = try await db.drawnAbove(office: "east", year: 2024)
            #expect(above.map(\.creditCode) == ["C2", "C5"])
            #expect(above.allSatisfy { $0.body == "某市医疗保障局" && $0.task == "2024-市-01" })
            #expect(try await db.drawnAbove(office: "east", year: 2025).isEmpty)
            let task = PlanTask(
                id: "2024-东-01", year: 2024, name: "东区抽查", items: [], targetTypes: [], districts: [], ratios: ["A": try #require(Ratio(fraction: "1"))],
                start: "2024-03-01", end: "2024-06-30", initiator: "东区医疗保障局", cooperators: [])
            let rules = DrawEligibility(task: task, perYearCap: 2, keyItems: [], drawnThisYear: [:], upperDraws: above)
            let targets = try await db.drawView(office: "east")
            #expect(Set(targets.codes) == Set(try await db.drawableTargets(office: "east").map(\.target.creditCode)))
            let (strata, excluded) = rules.strata(of: targets)
            #expect(excluded.map(\.code) == ["C2", "C5"])
            #expect(excluded.allSatisfy { $0.reason.contains("某市医疗保障局") })
            #expect(strata.flatMap(\.candidates).count == 4)
        }
        // The city sees its districts' draws; a district does not see its sister's.
        try await ProvinceDatabase.with(province.url("west")) { (db: ProvinceDatabase) async throws -> Void in
            try await db.recordDraw(office: "west", task: "2024-西-01", year: 2024, seed: "s", recordSHA256: "h", drawn: ["C1"], actor: "西区")
        }
        try await ProvinceDatabase.with(province.url("east")) { (db: ProvinceDatabase) async throws -> Void in
            #expect(try await db.drawnAbove(office: "east", year: 2024).map(\.creditCode) == ["C2", "C5"])
        }
    }

    /// 50 writers in 5 offices at once, recording results (often of the same visits) and importing:
    /// every change has exactly one entry, every chain verifies, and nobody sees a serialization error.
    @Test func fiftyWritersInFiveOfficesKeepEveryChainWhole() async throws {
        let districts = ["d1", "d2", "d3", "d4", "d5"]
        let province = try await Province.make(districts: districts)
        let perWriter = 4
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<50 {
                let office = districts[writer % 5]
                group.addTask {
                    try await ProvinceDatabase.with(province.url(office), connections: 2) { (db: ProvinceDatabase) async throws -> Void in
                        for n in 0..<perWriter {
                            if n == 0 {
                                try await db.importTargets([Province.target("\(office)-\(writer)")], office: office, actor: "w\(writer)", file: "f")
                            } else {
                                try await db.recordResult(office: office, visit: "V\(n)", body: #"{"w":\#(writer)}"#, actor: "w\(writer)")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await ProvinceDatabase.with(province.url("city")) { (db: ProvinceDatabase) async throws -> Void in
            let problems = try await db.verifyAudit(office: "city")
            for district in districts { #expect(problems[district]?.isEmpty == true, "\(district): \(problems[district] ?? [])") }
            // 10 writers × 3 results of visits V1–V3 per office: versions 1…10 of each, none lost or repeated.
            let results = try await db.latestResults(office: "city")
            #expect(results.count == 15)
            #expect(results.allSatisfy { $0.version == 10 })
        }
        for district in districts {
            let entries = try province.cluster.psql(
                province.database, "SELECT count(*), max(sequence), count(DISTINCT sequence) FROM spotcheck.audit WHERE office = '\(district)'")
            // office.add + 10 imports + 30 results
            #expect(entries.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "41|41|41")
        }
    }

    /// pg_dump of a province, restored into a new database: every chain still verifies, and the policies
    /// still keep the districts apart.
    @Test func aDumpRestoresWithItsChainsAndPolicies() async throws {
        let province = try await Province.make()
        for district in ["east", "west"] {
            try await ProvinceDatabase.with(province.url(district)) { (db: ProvinceDatabase) async throws -> Void in
                try await db.importTargets([Province.target("\(district)-T")], office: district, actor: "区局", file: "名录.xlsx")
                try await db.recordResult(office: district, visit: "V1", body: "{}", actor: "检查员")
            }
        }
        let folder = TemporaryFolder("pgdump")
        let cluster = province.cluster
        let dump = try Tools.run(
            cluster.tool("pg_dump"), ["-h", cluster.folder, "-p", "\(cluster.port)", "-U", PostgresCluster.administrator, "-Fc", "-f", folder.file("p.dump"), province.database])
        #expect(dump.succeeded, "\(dump.stderr)")
        let copy = PostgresCluster.databaseName(try cluster.database())
        let restore = try Tools.run(
            cluster.tool("pg_restore"),
            ["-h", cluster.folder, "-p", "\(cluster.port)", "-U", PostgresCluster.administrator, "--exit-on-error", "-d", copy, folder.file("p.dump")])
        #expect(restore.succeeded, "\(restore.stderr)")
        // The logins belong to the cluster and the login table came with the dump: the city's login reads the copy.
        try await ProvinceDatabase.with(cluster.url(user: province.login("city"), database: copy)) { (db: ProvinceDatabase) async throws -> Void in
            let problems = try await db.verifyAudit(office: "city")
            #expect(problems.keys.sorted() == ["city", "east", "west"] && problems.values.allSatisfy { $0.isEmpty })
            #expect(try await db.latestResults(office: "city").count == 2)
        }
        try await ProvinceDatabase.with(cluster.url(user: province.login("east"), database: copy)) { (db: ProvinceDatabase) async throws -> Void in
            #expect(try await db.latestResults(office: "east").map(\.office) == ["east"])
        }
    }
}
