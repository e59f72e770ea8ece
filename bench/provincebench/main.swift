// bench/province's measuring side: a province of 100 districts under one city on the server bench/province/run
// started, measured through the Province service layer.
//   setup     — migrate; a city with 300,000 targets; 100 districts with 3,000 targets each (imports of 10,000);
//   results   — 64 clients at once, each recording results for its own district for DURATION seconds:
//               recordings per second, p50/p99 latency, then every chain verified;
//   draw      — one district's draw over the city's 300,000 targets and its own 3,000 (read, exclusions of
//               what the city drew this year, the draw, the record): seconds;
//   draws     — the 100 districts drawing at once: seconds in all.
// usage: provincebench ADMIN_URL APP_URL DURATION   (APP_URL names the login `bench_app`: each office's login is
// bench_<office>, one office per login, substituted for it)
import Foundation
import GRDB
import Inspection
import Province
import Store

/// Each line as it is measured, unbuffered, through a pipe too.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = CommandLine.arguments
guard arguments.count == 4, let duration = Double(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: provincebench ADMIN_URL APP_URL DURATION\n".utf8))
    exit(64)
}
let admin = arguments[1]
/// The address of `office`'s own login.
@Sendable func app(_ office: String) -> String { arguments[2].replacingOccurrences(of: "bench_app", with: "bench_\(office)") }
let districts = (1...100).map { String(format: "d%03d", $0) }

@Sendable func target(_ code: String, type: String, district: String, grade: String) -> Target {
    Target(
        creditCode: code, name: "机构\(code)", type: type, district: district, address: "某路\(code)号", legalRepresentative: "张三", riskGrade: grade,
        blacklisted: false, abnormal: false, dishonest: false, seriousViolation: false, status: "正常")
}

let types = ["定点医疗机构", "定点零售药店"]
let grades = ["A", "B", "C", "D"]

@Sendable func seconds(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let started = ContinuousClock.now
try await ProvinceDatabase.with(admin, connections: 4) { db in
    try await db.migrate()
    try await db.addOffice(Office(id: "prov", name: "某省医疗保障局", parent: nil, level: .province, fonds: "J001", prefix: "省医保"), actor: "bench")
    try await db.addOffice(Office(id: "city", name: "某市医疗保障局", parent: "prov", level: .city, fonds: "J045", prefix: "市医保"), actor: "bench")
    try await db.allow(login: "bench_city", office: "city")
    for district in districts {
        try await db.addOffice(
            Office(id: district, name: "\(district)区医疗保障局", parent: "city", level: .district, fonds: "J045-\(district)", prefix: "\(district)医保"),
            actor: "bench")
        try await db.allow(login: "bench_\(district)", office: district)
    }
}
try await ProvinceDatabase.with(app("city"), connections: 2) { db in
    for chunk in stride(from: 0, to: 300_000, by: 10_000) {
        let targets = (chunk..<chunk + 10_000).map { n in
            target(String(format: "C%08d", n), type: types[n % 2], district: districts[n % 100], grade: grades[n % 4])
        }
        try await db.importTargets(targets, office: "city", actor: "bench", file: "市名录-\(chunk).xlsx")
    }
    // What the city drew this year: 1 in 100 of its targets.
    try await db.recordDraw(
        office: "city", task: "2024-市-01", year: 2024, seed: "bench", recordSHA256: "bench",
        drawn: stride(from: 0, to: 300_000, by: 100).map { String(format: "C%08d", $0) }, actor: "bench")
}
try await withThrowingTaskGroup(of: Void.self) { group in
    for (index, district) in districts.enumerated() {
        group.addTask {
            let targets = (0..<3_000).map { n in
                target(String(format: "%@-%05d", district, n), type: types[n % 2], district: district, grade: grades[n % 4])
            }
            try await ProvinceDatabase.with(app(district), connections: 1) { db in
                try await db.importTargets(targets, office: district, actor: "bench", file: "名录.xlsx")
            }
        }
        if index % 8 == 7 { try await group.waitForAll() }
    }
    try await group.waitForAll()
}
say(String(format: "setup\t%.1f s (1 city with 300,000 targets, 100 districts with 3,000 each)", seconds(started)))

// Results: 64 clients, each for its own district, for `duration` seconds.
let clients = 64
final class Latencies: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var values: [Double] = []
    func add(_ more: [Double]) {
        lock.lock()
        values += more
        lock.unlock()
    }
    var sorted: [Double] {
        lock.lock()
        defer { lock.unlock() }
        return values.sorted()
    }
}
let latencies = Latencies()
let resultsStart = ContinuousClock.now
try await withThrowingTaskGroup(of: Void.self) { group in
    for client in 0..<clients {
        group.addTask {
            try await ProvinceDatabase.with(app(districts[client]), connections: 1) { db in
                var mine: [Double] = []
                var n = 0
                while seconds(resultsStart) < duration {
                    let one = ContinuousClock.now
                    try await db.recordResult(office: districts[client], visit: "V\(n % 50)", body: #"{"client":\#(client),"n":\#(n)}"#, actor: "检查员\(client)")
                    mine.append(seconds(one))
                    n += 1
                }
                latencies.add(mine)
            }
        }
    }
    try await group.waitForAll()
}
let elapsed = seconds(resultsStart)
let all = latencies.sorted
let p = { (q: Double) in all.isEmpty ? 0 : all[min(all.count - 1, Int(Double(all.count) * q))] * 1000 }
say(String(format: "results\t%.0f /s\t%d in %.1f s, %d clients\tp50 %.1f ms\tp99 %.1f ms", Double(all.count) / elapsed, all.count, elapsed, clients, p(0.5), p(0.99)))

// Every chain verified (the city's view of all its districts).
let verifyStart = ContinuousClock.now
let problems = try await ProvinceDatabase.with(app("city"), connections: 2) { db in try await db.verifyAudit(office: "city") }
let bad = problems.values.reduce(0) { $0 + $1.count }
say(String(format: "verify\t%.1f s\t%d chains, %d problems", seconds(verifyStart), problems.count, bad))

/// Seconds each phase of a draw took: read, exclusions read, strata, draw, record.
final class Phases: @unchecked Sendable {
    // @unchecked: written by one draw at a time (the single timed draw), read after it.
    var seconds: [(String, Double)] = []
    var last = ContinuousClock.now
    func mark(_ name: String) {
        let now = ContinuousClock.now
        let elapsed = now - last
        seconds.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        last = now
    }
}

/// One district's draw: read what it draws from, the exclusions, draw, record.
@Sendable func draw(_ db: ProvinceDatabase, district: String, phases: Phases? = nil) async throws -> Int {
    phases?.last = ContinuousClock.now
    let task = PlanTask(
        id: "2024-\(district)-01", year: 2024, name: "\(district)抽查", items: [], targetTypes: [], districts: [],
        ratios: ["A": Ratio(percent: "1%")!, "B": Ratio(percent: "1%")!, "C": Ratio(percent: "1%")!, "D": Ratio(percent: "1%")!],
        start: "2024-03-01", end: "2024-06-30", initiator: "\(district)区医疗保障局", cooperators: [])
    let targets = try await db.drawView(office: district)
    phases?.mark("read")
    let above = try await db.drawnAbove(office: district, year: 2024)
    phases?.mark("above")
    let rules = DrawEligibility(task: task, perYearCap: 2, keyItems: [], drawnThisYear: [:], upperDraws: above)
    let (strata, _) = rules.strata(of: targets)
    phases?.mark("strata")
    let inputs = RandomDraw.Inputs(
        task: task.id, seed: "bench-\(district)", registryHash: "bench", year: 2024, from: task.start, to: task.end, keyItems: false, perYearCap: 2,
        types: [], districts: [], ratios: task.ratios)
    let drawn = RandomDraw.run(inputs, strata: strata).flatMap(\.drawn)
    phases?.mark("draw")
    try await db.recordDraw(office: district, task: task.id, year: 2024, seed: "bench", recordSHA256: "bench", drawn: drawn, actor: "bench")
    phases?.mark("record")
    return targets.count
}

let oneStart = ContinuousClock.now
let phases = Phases()
let read = try await ProvinceDatabase.with(app(districts[99]), connections: 2) { db in try await draw(db, district: districts[99], phases: phases) }
say(
    String(format: "draw\t%.2f s\tone district over %d targets (target < 1 s): ", seconds(oneStart), read)
        + phases.seconds.map { String(format: "%@ %.2f s", $0.0, $0.1) }.joined(separator: ", "))

let manyStart = ContinuousClock.now
try await withThrowingTaskGroup(of: Int.self) { group in
    for district in districts.prefix(99) {
        group.addTask { try await ProvinceDatabase.with(app(district), connections: 1) { db in try await draw(db, district: district) } }
    }
    for try await _ in group {}
}
say(String(format: "draws\t%.1f s\t99 more districts drawing at once", seconds(manyStart)))

// The same single-office operations on the embedded workspace (SQLite, one file per office), for comparison:
// one office holding the same 303,000 targets (the city's and the district's own), the city's draw as the
// exclusions, 64 clients recording results, one draw.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("provincebench-\(ProcessInfo.processInfo.processIdentifier)").path
defer { try? FileManager.default.removeItem(atPath: folder) }
let workspace = try Workspace.create(at: folder, settings: OfficeSettings(office: "d100区医疗保障局"), actor: "bench")
let sqliteSetup = ContinuousClock.now
let registry =
    (0..<300_000).map { n in target(String(format: "C%08d", n), type: types[n % 2], district: districts[n % 100], grade: grades[n % 4]) }
    + (0..<3_000).map { n in target(String(format: "d100-%05d", n), type: types[n % 2], district: "d100", grade: grades[n % 4]) }
let imported = try workspace.importTargets(registry, file: "名录.xlsx", fileSHA256: "bench", actor: "bench")
say(String(format: "sqlite setup\t%.1f s\t303,000 targets imported into one workspace", seconds(sqliteSetup)))

// The visits the results are for, as a match would have recorded them (the bench has no match record to save).
let visits = try DatabaseQueue(path: "\(folder)/spotcheck.sqlite")
try visits.write { db in
    for client in 0..<clients {
        for n in 0..<50 {
            try db.execute(
                sql: "INSERT INTO visit (id, year, target, date, tasks) VALUES (?, 2024, ?, '2024-03-05', '2024-d100-01')",
                arguments: ["V\(client)-\(n)", String(format: "d100-%05d", client * 50 + n)])
        }
    }
}
try visits.close()

let sqliteLatencies = Latencies()
let sqliteStart = ContinuousClock.now
let finished = try CivilDate(parsing: "2024-03-05", field: "finished")
let threads = (0..<clients).map { client in
    Thread {
        var mine: [Double] = []
        var n = 0
        while seconds(sqliteStart) < duration {
            let one = ContinuousClock.now
            let visit = "V\(client)-\(n % 50)"
            let previous = try? workspace.results(of: visit).last
            let result = VisitResult(visit: visit, started: nil, finished: finished, outcome: .compliant, remarks: "client \(client), n \(n)")
            let stored = StoredResult(
                version: (previous?.version ?? 0) + 1, result: result, recordedAt: "2024-03-05T08:00:00Z", actor: "检查员\(client)", correction: nil,
                unitHead: nil)
            if (try? workspace.saveResult(stored, previous: previous)) != nil { mine.append(seconds(one)) }
            n += 1
        }
        sqliteLatencies.add(mine)
    }
}
threads.forEach { $0.start() }
while threads.contains(where: { !$0.isFinished }) { try await Task.sleep(for: .milliseconds(20)) }
let sqliteElapsed = seconds(sqliteStart)
let sqliteAll = sqliteLatencies.sorted
let sqliteP = { (q: Double) in sqliteAll.isEmpty ? 0 : sqliteAll[min(sqliteAll.count - 1, Int(Double(sqliteAll.count) * q))] * 1000 }
say(
    String(
        format: "sqlite results\t%.0f /s\t%d in %.1f s, %d clients\tp50 %.1f ms\tp99 %.1f ms", Double(sqliteAll.count) / sqliteElapsed, sqliteAll.count,
        sqliteElapsed, clients, sqliteP(0.5), sqliteP(0.99)))
let sqliteVerify = ContinuousClock.now
let sqliteProblems = try workspace.verifyAuditTrail()
say(String(format: "sqlite verify\t%.1f s\t1 chain, %d problems", seconds(sqliteVerify), sqliteProblems.count))

let sqliteDraw = ContinuousClock.now
let columns = try workspace.targetColumns(snapshot: imported.snapshotHash)
let upper = stride(from: 0, to: 300_000, by: 100).map { UpperDraw(creditCode: String(format: "C%08d", $0), year: 2024, body: "某市医疗保障局", task: "2024-市-01") }
let sqliteTask = PlanTask(
    id: "2024-d100-01", year: 2024, name: "d100抽查", items: [], targetTypes: [], districts: [],
    ratios: ["A": Ratio(percent: "1%")!, "B": Ratio(percent: "1%")!, "C": Ratio(percent: "1%")!, "D": Ratio(percent: "1%")!],
    start: "2024-03-01", end: "2024-06-30", initiator: "d100区医疗保障局", cooperators: [])
let sqliteRules = DrawEligibility(task: sqliteTask, perYearCap: 2, keyItems: [], drawnThisYear: [:], upperDraws: upper)
let (sqliteStrata, _) = sqliteRules.strata(of: columns)
let sqliteDrawn = RandomDraw.run(sqliteRules.inputs(seed: "bench-d100", registryHash: imported.snapshotHash), strata: sqliteStrata).flatMap(\.drawn)
say(
    String(
        format: "sqlite draw\t%.2f s\tone office over %d targets (its columns file, the exclusions, the draw; %d drawn; not recorded)",
        seconds(sqliteDraw), columns.count, sqliteDrawn.count))
