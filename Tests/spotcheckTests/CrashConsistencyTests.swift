import Foundation
import TestSupport
import Testing

/// Crash consistency as a property (issue 18): every mutating command of a task's life, cut off by SIGKILL
/// at its write steps (`SPOTCHECK_CRASH_AT`, see Support/CrashPoint) and then run again, must leave the
/// workspace as a clean run of it does — the same files, the same rows, the same audit entries but the
/// recovery record — with `audit verify` and `archive verify` passing and no temporary file left behind.
/// The state is read by Tests/checker/stateview.py (Python's sqlite3 and the file tree), not by spotcheck.
@Suite(.serialized) struct CrashConsistencyTests {
    static let repository = PipelineTests.repository

    func spotcheck(_ arguments: [String], environment: [String] = []) throws -> Tools.Outcome {
        // One fixed clock for every run, so a clean run and a rerun record the same times (Support/Clock).
        try Tools.run(
            "env", ["LANG=zh_CN.UTF-8", "LC_ALL=zh_CN.UTF-8", "SPOTCHECK_FIXED_CLOCK=2024-08-20T09:00:00Z"] + environment
                + [try Tools.builtProduct("spotcheck")] + arguments)
    }

    func copy(_ from: String, to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        #expect(try Tools.run("cp", ["-a", from, to]).succeeded)
    }

    func view(_ workspace: String, _ outside: [String]) throws -> String {
        let seen = try Tools.run("python3", ["\(Self.repository)/Tests/checker/stateview.py", workspace] + outside)
        #expect(seen.succeeded, "\(seen.stderr)")
        return seen.stdout
    }

    /// The steps to cut at: all of a short command's, an even spread of a long one's (the first and the last
    /// always), so a sealing of every dossier costs a bounded number of runs.
    static func cuts(of steps: Int, at most: Int = 10) -> [Int] {
        guard steps > most else { return Array(1...max(steps, 1)) }
        return (0..<most).map { 1 + $0 * (steps - 1) / (most - 1) }
    }

    /// One command: a clean run from the state before it, then for each cut a run killed there and a rerun,
    /// each compared with the clean run. `outside` are folders the command writes beyond the workspace.
    func check(_ arguments: [String], in workspace: String, outside: [String] = [], scratch: TemporaryFolder) throws {
        let label = arguments.prefix(2).joined(separator: " ")
        let before = scratch.file("before")
        try copy(workspace, to: before)
        func fresh() throws {
            try copy(before, to: workspace)
            for folder in outside { try? FileManager.default.removeItem(atPath: folder) }
        }
        let trace = scratch.file("trace")
        try? FileManager.default.removeItem(atPath: trace)
        let clean = try spotcheck(arguments, environment: ["SPOTCHECK_CRASH_TRACE=\(trace)"])
        #expect(clean.succeeded, "\(label): \(clean.stderr)")
        let expected = try view(workspace, outside)
        let steps = (try? String(contentsOfFile: trace, encoding: .utf8))?.split(separator: "\n") ?? []
        #expect(!steps.isEmpty, "\(label) reaches no write step")
        for cut in Self.cuts(of: steps.count) {
            try fresh()
            let killed = try spotcheck(arguments, environment: ["SPOTCHECK_CRASH_AT=\(cut)"])
            // The step it died at, as it said (writers on several threads reach their steps in any order).
            let said = killed.stderr.split(separator: "\n").last { $0.hasPrefix("crash point ") }
            let step = said.map(String.init) ?? (steps.indices.contains(cut - 1) ? String(steps[cut - 1]) : "step \(cut)")
            #expect(killed.status == 9 || killed.succeeded, "\(label), cut at \(step): \(killed.stderr)")
            let rerun = try spotcheck(arguments)
            let seen = try view(workspace, outside)
            if seen != expected, let folder = ProcessInfo.processInfo.environment["SPOTCHECK_CRASH_KEEP"] {
                try? expected.write(toFile: "\(folder)/expected.txt", atomically: true, encoding: .utf8)
                try? seen.write(toFile: "\(folder)/seen.txt", atomically: true, encoding: .utf8)
            }
            #expect(seen == expected, "\(label), cut at \(step), then run again (\(rerun.status)): \(rerun.stderr)\n\(Self.difference(expected, seen))")
            let audit = try spotcheck(["audit", "verify", "--workspace", workspace])
            #expect(audit.succeeded, "\(label), cut at \(step): audit verify: \(audit.stdout)\(audit.stderr)")
            let packages = (FileManager.default.enumerator(atPath: workspace)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".zip") }
            if !packages.isEmpty {
                let archive = try spotcheck(["archive", "verify", "--workspace", workspace] + packages.map { "\(workspace)/\($0)" })
                #expect(archive.succeeded, "\(label), cut at \(step): archive verify: \(archive.stdout.suffix(400))\(archive.stderr)")
            }
        }
        // On to the next command from the clean state.
        try fresh()
        #expect(try spotcheck(arguments).succeeded)
    }

    static func difference(_ expected: String, _ seen: String) -> String {
        // Lines counted, not only compared as sets: an entry recorded twice is a difference.
        func counts(_ text: String) -> [Substring: Int] { text.split(separator: "\n").reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        let a = counts(expected), b = counts(seen)
        let missing = a.filter { b[$0.key, default: 0] < $0.value }.keys.sorted().prefix(5).map { "  − \($0.prefix(160))" }
        let extra = b.filter { a[$0.key, default: 0] < $0.value }.keys.sorted().prefix(5).map { "  + \($0.prefix(160))" }
        return (missing + extra).joined(separator: "\n")
    }

    @Test func everyMutatingCommandCutOffAtItsWriteStepsAndRunAgainEndsAsACleanRun() throws {
        let scratch = TemporaryFolder()
        try taskLife(in: scratch) { arguments, ws, outside in try check(arguments, in: ws, outside: outside, scratch: scratch) }
    }

    /// The same commands on a small tmpfs that fills up midway: each fails saying the disk is full with the
    /// workspace as it was, or succeeds as a clean run; then, with room again, a rerun ends as a clean run.
    /// (CI runs as root; skipped with a message where mounting is not allowed.)
    @Test func everyMutatingCommandOnAFullDiskFailsWholeAndSucceedsWithRoomAgain() throws {
        let scratch = TemporaryFolder()
        let mountPoint = scratch.file("tmpfs")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        guard try Tools.run("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", mountPoint]).succeeded else {
            print("skipped: cannot mount a small tmpfs here (not root?)")
            return
        }
        defer { _ = try? Tools.run("umount", [mountPoint]) }
        try taskLife(in: scratch, checked: ["import", "result", "render", "archive"]) { arguments, ws, _ in
            try checkFull(arguments, in: ws, mountPoint: mountPoint, scratch: scratch)
        }
    }

    /// One command with a disk that has `margin` bytes free: a copy of the workspace on the tmpfs, resized.
    func checkFull(_ arguments: [String], in workspace: String, mountPoint: String, scratch: TemporaryFolder) throws {
        let label = arguments.prefix(2).joined(separator: " ")
        if arguments.contains("export") {
            // The export writes outside the workspace, onto the ordinary disk: nothing to fill here.
            #expect(try spotcheck(arguments).succeeded)
            return
        }
        let clean = scratch.file("clean")
        try copy(workspace, to: clean)
        #expect(try spotcheck(Self.retarget(arguments, from: workspace, to: clean)).succeeded)
        let expected = try view(clean, [])
        let before = try view(workspace, [])  // for the messages
        let used = Int(try Tools.run("du", ["-sk", workspace]).stdout.split(separator: "\t").first ?? "0") ?? 0
        for margin in [16, 96, 512] {
            let full = "\(mountPoint)/ws"
            try? FileManager.default.removeItem(atPath: full)
            #expect(try Tools.run("mount", ["-o", "remount,size=\((used + margin + 4) / 4 * 4)k", mountPoint]).succeeded)
            try copy(workspace, to: full)
            let run = try spotcheck(Self.retarget(arguments, from: workspace, to: full))
            let seen = try view(full, [])
            if run.succeeded {
                #expect(seen == expected, "\(label) with \(margin) KiB free succeeded:\n\(Self.difference(expected, seen))")
            } else {
                // Said as a full disk, every file whole (a command of many units — documents, dossiers — may
                // have finished some, each recorded; none half-written, no temporary file left).
                #expect(run.stderr.contains("磁盘已满"), "\(label) with \(margin) KiB free: \(run.stderr)")
                #expect(!seen.contains("leftover "), "\(label) with \(margin) KiB free left temporary files:\n\(Self.difference(before, seen))")
                #expect(try spotcheck(["audit", "verify", "--workspace", full]).succeeded, "\(label) with \(margin) KiB free: audit verify")
            }
            #expect(try Tools.run("mount", ["-o", "remount,size=64m", mountPoint]).succeeded)
            let rerun = try spotcheck(Self.retarget(arguments, from: workspace, to: full))
            let after = try view(full, [])
            #expect(after == expected, "\(label) with \(margin) KiB free, then with room (\(rerun.status)): \(rerun.stderr)\n\(Self.difference(expected, after))")
            #expect(try spotcheck(["audit", "verify", "--workspace", full]).succeeded, "\(label) with \(margin) KiB free: audit verify")
        }
        // On to the next command from the clean state.
        #expect(try spotcheck(arguments).succeeded)
    }

    static func retarget(_ arguments: [String], from: String, to: String) -> [String] {
        arguments.map { $0 == from ? to : $0 }
    }

    /// A task's life through the CLI, from an empty workspace to an export; `step` is handed each mutating
    /// command whose first word is in `checked` (all when nil) and must leave the workspace as that command's
    /// clean run; the others are simply run.
    func taskLife(
        in scratch: TemporaryFolder, checked: Set<String>? = nil, step check: ([String], String, [String]) throws -> Void
    ) throws {
        let samples = scratch.file("samples")
        #expect(try Tools.run("python3", ["\(Self.repository)/samples/make_sample.py", "40", samples]).succeeded)
        let ws = scratch.file("ws")
        let who = ["--workspace", ws, "--operator", "测试"]
        func step(_ arguments: [String], outside: [String] = []) throws {
            if checked.map({ $0.contains(arguments[0]) }) ?? true {
                try check(arguments + who, ws, outside)
            } else {
                let run = try spotcheck(arguments + who)
                #expect(run.succeeded, "\(run.stderr)")
            }
        }
        #expect(try spotcheck(["init", ws, "--office", "平顶山市卫东区医疗保障局", "--fonds", "J045", "--prefix", "平卫医保"]).succeeded)
        #expect(
            try spotcheck(
                [
                    "office", "--person", "检查人=赵某", "--person", "立卷人=王某", "--set", "联系人=李某", "--set", "联系电话=0375-2345678", "--set",
                    "联系部门=基金监管科", "--set", "复议机关=平顶山市卫东区人民政府", "--set", "诉讼法院=平顶山市卫东区人民法院", "--set", "公示期=10",
                ] + who
            ).succeeded)
        #expect(try spotcheck(["archive", "keygen"] + who).succeeded)

        try step(["import", "targets", "\(samples)/名录库.csv"])
        try step(["import", "inspectors", "\(samples)/执法人员.csv"])
        try step(["import", "items", "\(samples)/事项清单.csv"])
        try step(["plan", "import", "\(samples)/计划.csv"])
        try step(["draw", "2024-01", "--seed", "福彩3D 2024064 期 123", "--witness", "纪检组王某", "--drawn-on", "2024-02-28", "--entry-reason", "补录"])
        try step(["draw", "lock", "2024-01"])
        try step(["match", "2024-01"])
        let list = try spotcheck(["match", "list", "--json", "--workspace", ws])
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let ids = visits.compactMap { $0["id"] as? String }, dates = visits.compactMap { $0["date"] as? String }
        try #require(ids.count >= 2)
        for (index, (id, day)) in zip(ids, dates).enumerated() {
            let common = ["result", "record", id, "--started", day, "--finished", day, "--finding", "医保基金使用情况检查=核查结算数据"]
            if index == 0 {
                try step(
                    common + ["--outcome", "限期整改", "--rectify-by", "2024-12-31", "--signed-by", "院长", "--violation-amount", "100", "--evidence",
                        "\(Self.repository)/samples/卫东区/现场照片.jpg"])
            } else {
                #expect(try spotcheck(common + ["--outcome", "符合要求", "--signed-by", "负责人"] + who).succeeded)
            }
        }
        try step(["result", "publish", "2024-01", "--on", "2024-07-20"])
        try step(["render", "--all", "--task", "2024-01"])
        try step(["archive", "seal", "--task", "2024-01", "--date", "2024-08-20"])
        let export = scratch.file("移交")
        try step(["archive", "export", "--out", export, "--no-pdf"], outside: [export])
    }
}
