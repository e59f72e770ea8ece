import Foundation
import Inspection
import Store
import Support
import TestSupport
import Testing
import Workflow
import WorkspaceFixtures

/// A bureau's year on a 20,000-target registry — a redraw, substitutions on one day, joined visits that
/// need an expert, direct assignment on a shortage, a 重点 task — whose records an independent checker
/// written from docs/DRAW.md accepts, and a tamper table: every way found to change what was drawn or
/// who inspects is named by `draw verify`, `match verify` or `audit verify`.
@Suite(.serialized) struct DrawIntegrityTests {
    /// The year, built once: its workspace's `draws/` folder is copied for each tamper.
    static let year: Scenario = {
        do {
            let scenario = try Scenario()
            // A static fixture is never deinitialised: its folder (14 MB) goes when the test process ends.
            Self.leftover = scenario.folder.path
            atexit { if let path = DrawIntegrityTests.leftover { try? FileManager.default.removeItem(atPath: path) } }
            return scenario
        } catch { fatalError("the scenario cannot be built: \(error)") }
    }()
    nonisolated(unsafe) static var leftover: String?

    struct Scenario: @unchecked Sendable {
        let folder = TemporaryFolder("integrity")
        let workspace: Workspace
        var draws: String { workspace.layout.draws }

        /// Credit codes with the right check character, in a stable order.
        static func code(_ number: Int) -> String {
            let prefix = "914104" + String(format: "%011d", number)
            return prefix + String(CreditCode.checkCharacter(for: prefix)!)
        }

        init() throws {
            workspace = try Workspace.create(at: folder.file("ws"), settings: OfficeSettings(office: "卫东区医保局"), actor: "张三")
            let types = ["定点医院", "定点零售药店", "定点基层医疗机构"]
            let targets = (0..<20_000).map { number in
                Target(
                    creditCode: Self.code(number), name: "机构\(number)", type: types[number % 3],
                    district: number % 200 < 3 ? "新华区" : "卫东区", address: "某路\(number)号", legalRepresentative: "法人\(number)",
                    riskGrade: ["A", "B", "C", "D"][number / 3 % 4], blacklisted: number % 70 == 1, abnormal: false, dishonest: false,
                    seriousViolation: false, status: number % 50 == 7 ? "注销" : "正常")
            }
            try workspace.importTargets(targets, file: "名录库.csv", fileSHA256: "x", actor: "张三")
            var people = (0..<16).map { index in
                Inspector(
                    certificate: "豫医保\(String(format: "%02d", index))", name: "检查员\(index)", sex: "", phone: "1390000\(String(format: "%04d", index))",
                    unit: "卫东区医保局", department: index < 8 ? "基金监管科" : "医药服务管理科", post: "", title: "",
                    certificateValidUntil: "2028-12-31", isExpert: false, conflicts: index == 0 ? [Self.code(0)] : [])
            }
            people.append(
                Inspector(
                    certificate: "豫医保90", name: "稽核员", sex: "", phone: "13900009990", unit: "卫东区医保局", department: "稽核科", post: "",
                    title: "", certificateValidUntil: "2028-12-31", isExpert: false, conflicts: []))
            people += (0..<4).map { index in
                Inspector(
                    certificate: "", name: "专家\(index)", sex: "", phone: "1380000000\(index)", unit: "市一院", department: "专家组", post: "",
                    title: "主任医师", certificateValidUntil: "", isExpert: true, conflicts: [])
            }
            try workspace.importRegistry(.inspectors, people, key: \.key, file: "人员.csv", fileSHA256: "x", actor: "张三")
            let items = [
                CheckItem(
                    name: "基金使用", basis: "条例", checkingBody: "局", content: "", category: "一般", targetKind: "定点医药机构", ratio: "",
                    frequency: "", method: "", remarks: ""),
                CheckItem(
                    name: "重点专项", basis: "条例", checkingBody: "局", content: "", category: "重点", targetKind: "定点医院", ratio: "", frequency: "",
                    method: "", remarks: "", needsExpert: true),
            ]
            try workspace.importRegistry(.items, items, key: \.name, file: "事项.csv", fileSHA256: "x", actor: "张三")
            func task(_ id: String, _ items: [String], _ types: [String], _ districts: [String], _ ratios: [String: Ratio], _ start: String, _ end: String)
                -> PlanTask
            {
                PlanTask(
                    id: id, year: 2024, name: "任务\(id)", items: items, targetTypes: types, districts: districts, ratios: ratios, start: start,
                    end: end, initiator: "基金监管科", cooperators: [])
            }
            let tasks = [
                task("2024-00", ["基金使用"], ["定点医院"], ["新华区"], ["A": 1], "2024-03-01", "2024-03-29"),
                task("2024-01", ["基金使用"], ["定点医院", "定点零售药店"], [], ["A": 0.005, "B": 0.01, "C": 0.015, "D": 0.02], "2024-03-01", "2024-06-28"),
                task("2024-02", ["重点专项"], ["定点医院"], ["新华区"], ["A": 1, "C": 0.5], "2024-03-01", "2024-04-30"),
                task("2024-03", ["基金使用"], ["定点零售药店"], ["新华区"], ["A": 0.2], "2024-07-01", "2024-07-31"),
            ]
            try workspace.importRegistry(.tasks, tasks, key: \.id, file: "计划.csv", fileSHA256: "x", actor: "张三")
            let draws = DrawService(store: workspace)
            let matches = MatchService(store: workspace)
            let clerk = User("张三")
            // 2024-00: the small task whose visits 2024-02 joins (with no expert on their teams).
            _ = try draws.draw(task: "2024-00", seed: "福彩3D 2024060 期 100", witnesses: ["纪检组王某"], by: clerk)
            try draws.lock(task: "2024-00", by: clerk)
            _ = try matches.match(task: "2024-00", by: clerk)
            // 2024-01: drawn twice (the first attempt without its witness), matched, two substitutions on one day.
            _ = try draws.draw(task: "2024-01", seed: "福彩3D 2024061 期 200", witnesses: [], by: clerk)
            _ = try draws.draw(task: "2024-01", seed: "福彩3D 2024062 期 300", witnesses: ["纪检组王某"], by: clerk, reason: "见证人未到场，经局长批准重新抽取")
            try draws.lock(task: "2024-01", by: clerk)
            _ = try matches.match(task: "2024-01", by: clerk)
            let visits = try workspace.visits().filter { $0.tasks == ["2024-01"] }
            let day = try #require(Dictionary(grouping: visits, by: \.date).first { $0.value.count >= 2 }?.value)
            _ = try matches.substitute(visit: day[0].id, inspector: day[0].leader, reason: "健康", approver: "局长", by: User("李四"))
            _ = try matches.substitute(visit: day[1].id, inspector: day[1].inspectors[1], reason: "回避", approver: "局长", by: User("李四"))
            // 2024-02: a 重点 task needing an expert; its grade-A targets join 2024-00's visits.
            _ = try draws.draw(
                task: "2024-02", .init(sources: ["双色球 2024064期：3 9 14 20 27 31", "排列五 24180 期：1 0 7 7 2"], witnesses: ["纪检组王某"]),
                by: clerk, at: DrawService.eve(of: CivilDate(parsing: "2024-03-01")!))
            try draws.lock(task: "2024-02", by: clerk)
            _ = try matches.match(task: "2024-02", by: clerk)
            // 2024-03: confined to 稽核科 (one inspector): a shortage on every visit, staffed by direct assignment.
            _ = try draws.draw(task: "2024-03", seed: "排列五 24180 期 10772", witnesses: ["纪检组王某"], by: clerk)
            try draws.lock(task: "2024-03", by: clerk)
            let drawn = try workspace.lockedDraw(task: "2024-03", candidates: false).record.result.flatMap(\.drawn)
            _ = try matches.match(
                task: "2024-03", department: "稽核科", assignments: Dictionary(uniqueKeysWithValues: drawn.map { ($0, ["豫医保90", "豫医保11"]) }),
                by: clerk)
        }
    }

    @Test func theYearHoldsTogether() throws {
        let year = Self.year
        let names = try FileManager.default.contentsOfDirectory(atPath: year.draws).sorted()
        let drawRecords = names.filter { $0.hasSuffix(".xml") && !$0.contains("-match-") }
        let matchRecords = names.filter { $0.contains("-match-") }
        #expect(drawRecords == ["2024-00-1.xml", "2024-01-1.xml", "2024-01-2.xml", "2024-02-1.xml", "2024-03-1.xml"])
        #expect(names.filter { $0.hasPrefix("targets-") }.count == 1, "one registry, one published snapshot")
        for name in drawRecords {
            let (record, check) = try RecordVerifier.draw(at: "\(year.draws)/\(name)")
            #expect(check.holds && check.unchecked.isEmpty && check.snapshotChecked, "\(name): \(check.differences) \(check.unchecked)")
            #expect(record.registryRows == 20_000)
        }
        let second = try RecordVerifier.draw(at: "\(year.draws)/2024-01-2.xml").0
        #expect(second.attempt == 2 && second.previous?.record == "2024-01-1.xml" && second.reason.hasPrefix("见证人未到场"))
        let keyTask = try RecordVerifier.draw(at: "\(year.draws)/2024-02-1.xml").0
        #expect(keyTask.inputs.keyItems && !keyTask.batchOrder.isEmpty && keyTask.excluded.allSatisfy { $0.rule != .cap }, "002 (七)")
        for name in matchRecords {
            let (_, check) = try RecordVerifier.match(at: "\(year.draws)/\(name)")
            #expect(check.holds && check.unchecked.isEmpty, "\(name): \(check.differences) \(check.unchecked)")
        }
        let joined = try RecordVerifier.match(at: "\(year.draws)/2024-02-match-1.xml").0
        #expect(!joined.merged.isEmpty && joined.merged.allSatisfy { $0.expert.hasPrefix("专家:") }, "joined visits get the expert the task needs")
        let hosts = try year.workspace.visits().filter { $0.tasks == ["2024-00", "2024-02"] }
        #expect(!hosts.isEmpty && hosts.allSatisfy { $0.experts.count == 1 })
        let assigned = try RecordVerifier.match(at: "\(year.draws)/2024-03-match-1.xml").0
        #expect(assigned.visits.allSatisfy { $0.assigned == ["豫医保90", "豫医保11"] } && assigned.outsiders.map(\.key) == ["豫医保11"])
        let substituted = try RecordVerifier.match(at: "\(year.draws)/2024-01-match-3.xml").0
        #expect(substituted.substitutions.count == 2)
        #expect(!substituted.substitutions.map(\.added).contains(substituted.substitutions[0].removed), "a replaced inspector is busy that day")
        #expect(try year.workspace.verifyAuditTrail().isEmpty)
        for record in try FileManager.default.contentsOfDirectory(atPath: year.draws) where record.hasSuffix(".xml") {
            let text = try String(contentsOfFile: "\(year.draws)/\(record)", encoding: .utf8)
            #expect(!text.contains("1390000") && !text.contains("1380000") && !text.contains("某路"), "\(record): no personal data")
        }
    }

    /// The checker written from docs/DRAW.md alone, without SpotCheck's sources, agrees on every record.
    @Test func anIndependentCheckerWrittenFromThePageAgrees() throws {
        let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("checker/drawcheck.py").path
        let run = try Tools.run("python3", [checker, Self.year.draws])
        #expect(run.succeeded, "\(run.stdout)\(run.stderr)")
        let records = try FileManager.default.contentsOfDirectory(atPath: Self.year.draws).filter { $0.hasSuffix(".xml") }
        #expect(run.stdout.split(separator: "\n").filter { $0.hasPrefix("OK ") }.count == records.count, "\(run.stdout)")
        // …and rejects a tampered copy.
        let copy = try Self.copy()
        try copy.edit("2024-01-2.xml") { $0.replacingOccurrences(of: "福彩3D 2024062 期 300", with: "福彩3D 2024062 期 301") }
        let tampered = try Tools.run("python3", [checker, copy.draws])
        #expect(tampered.status == 1 && tampered.stdout.contains("FAIL 2024-01-2.xml"), "\(tampered.stdout)")
    }

    /// A copy of the year's `draws/` folder to tamper with.
    struct Copy {
        let folder = TemporaryFolder("tamper")
        var draws: String { folder.file("draws") }

        func edit(_ name: String, _ change: (String) -> String) throws {
            let path = "\(draws)/\(name)"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let changed = change(text)
            guard changed != text else { throw Unchanged(record: name) }
            try changed.write(toFile: path, atomically: true, encoding: .utf8)
        }

        func drawDifferences(_ name: String) throws -> [String] {
            try RecordVerifier.draw(at: "\(draws)/\(name)").1.differences.map(\.en)
        }

        func matchDifferences(_ name: String) throws -> [String] {
            try RecordVerifier.match(at: "\(draws)/\(name)").1.differences.map(\.en)
        }
    }

    /// A tamper whose pattern no longer finds its text: the table must be fixed, not passed.
    struct Unchanged: Error, CustomStringConvertible {
        let record: String
        var description: String { "the edit left \(record) unchanged" }
    }

    static func copy() throws -> Copy {
        let copy = Copy()
        try FileManager.default.copyItem(atPath: year.draws, toPath: copy.draws)
        return copy
    }

    /// One row of the tamper table: what is changed, and what the check must say.
    struct Tamper: CustomTestStringConvertible, Sendable {
        let name: String
        let record: String
        let change: @Sendable (String) -> String
        /// A phrase the difference must hold.
        let expected: String
        var testDescription: String { name }
    }

    static let drawTampers: [Tamper] = [
        Tamper(name: "a drawn target replaced", record: "2024-01-2.xml", change: { replaceInResult($0) }, expected: "but its inputs give"),
        Tamper(name: "the seed changed", record: "2024-01-2.xml", change: { $0.replacingOccurrences(of: "期 300", with: "期 301") }, expected: "but its inputs give"),
        Tamper(name: "a redraw's reason removed", record: "2024-01-2.xml", change: { removing(#" reason="[^"]*""#, in: $0) }, expected: "gives no reason for the redraw"),
        Tamper(name: "a redraw's citation removed", record: "2024-01-2.xml", change: { removing(#"<previous [^>]*/>"#, in: $0) }, expected: "does not cite the previous attempt"),
        Tamper(name: "the cited SHA-256 changed", record: "2024-01-2.xml", change: { replacing(#"(<previous [^>]*sha256=")[0-9a-f]{6}"#, with: "$1000000", in: $0) }, expected: "this record cites"),
        Tamper(name: "a candidate replaced by a fabricated valid code", record: "2024-01-2.xml", change: { fabricateCandidate($0) }, expected: "is not in the registry snapshot"),
        Tamper(name: "a whole stratum deleted", record: "2024-01-2.xml", change: { removing(#"<stratum name="定点零售药店/D" ratio="2%">.*?</stratum>"#, in: $0) }, expected: "the strata do not match the task's types and grades"),
        Tamper(name: "an excluded target removed", record: "2024-01-2.xml", change: { removing(#"<target code="[0-9A-Z]{18}" rule="status"[^>]*/>"#, in: $0, once: true) }, expected: "but is not excluded"),
        Tamper(name: "an exclusion's rule edited", record: "2024-01-2.xml", change: { replacing(#"rule="status""#, with: #"rule="upper""#, in: $0, once: true) }, expected: "must be excluded by status"),
        Tamper(name: "a ratio edited", record: "2024-01-2.xml", change: { $0.replacingOccurrences(of: #"<ratio grade="D">2%</ratio>"#, with: #"<ratio grade="D">2.5%</ratio>"#) }, expected: "but the task says"),
        Tamper(name: "the window edited", record: "2024-01-2.xml", change: { $0.replacingOccurrences(of: #"to="2024-06-28""#, with: #"to="2024-06-27""#) }, expected: "but its inputs give"),
        Tamper(name: "the seed in NFD", record: "2024-00-1.xml", change: { $0.replacingOccurrences(of: "<seed>福彩3D", with: "<seed>e\u{301}福彩3D") }, expected: "is not in Unicode NFC"),
        Tamper(name: "a CR in the seed", record: "2024-00-1.xml", change: { $0.replacingOccurrences(of: "<seed>福彩3D", with: "<seed>&#13;福彩3D") }, expected: "control character"),
        Tamper(name: "the 重点 batch order removed", record: "2024-02-1.xml", change: { removing(#"<batchOrder>.*?</batchOrder>"#, in: $0) }, expected: "has a 重点 item but the record has no batch order"),
        Tamper(name: "the 重点 flag and the batch order removed", record: "2024-02-1.xml", change: { removing(#"<batchOrder>.*?</batchOrder>"#, in: $0).replacingOccurrences(of: #"keyItems="1""#, with: #"keyItems="0""#) }, expected: "but its inputs give"),
        Tamper(name: "the snapshot's hash changed", record: "2024-00-1.xml", change: { replacing(#"(<registry hash=")[0-9a-f]{6}"#, with: "$1000000", in: $0) }, expected: "the record binds"),
        Tamper(name: "the seed's sources edited", record: "2024-02-1.xml", change: { $0.replacingOccurrences(of: "20 27 31</seedSource>", with: "20 27 32</seedSource>") }, expected: "does not match its recorded sources"),
    ]

    @Test(arguments: drawTampers) func drawVerifyNamesTheEdit(_ tamper: Tamper) throws {
        let copy = try Self.copy()
        try copy.edit(tamper.record, tamper.change)
        let differences = try copy.drawDifferences(tamper.record)
        #expect(differences.contains { $0.contains(tamper.expected) }, "\(differences)")
    }

    @Test func aSnapshotWithAStratumDeletedIsNoLongerTheOneDrawnFrom() throws {
        let copy = try Self.copy()
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: copy.draws).first { $0.hasPrefix("targets-") })
        try copy.edit(name) { text in text.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.contains(",定点零售药店,D,") }.joined(separator: "\r\n") }
        #expect(try copy.drawDifferences("2024-01-2.xml").contains { $0.contains("the record binds") })
    }

    static let matchTampers: [Tamper] = [
        Tamper(name: "a visit's target changed", record: "2024-01-match-1.xml", change: { replacing(#"(<visit id="2024-01-0001" date="[^"]*" target=")[0-9A-Z]{18}"#, with: "$1" + Scenario.code(19_999), in: $0) }, expected: "the visits do not match the draw"),
        Tamper(name: "a visit and its team deleted", record: "2024-01-match-1.xml", change: { removing(#"<team visit="2024-01-0002">.*?</team>"#, in: removing(#"<visit id="2024-01-0002"[^>]*/>"#, in: $0)) }, expected: "the visits do not match the draw"),
        Tamper(name: "the draw record's SHA-256 changed", record: "2024-01-match-1.xml", change: { replacing(#"(<draw record="[^"]*" sha256=")[0-9a-f]{6}"#, with: "$1000000", in: $0) }, expected: "the match cites"),
        Tamper(name: "a joined target moved to another visit", record: "2024-02-match-1.xml", change: { moveJoin($0) }, expected: ", a visit to "),
        Tamper(name: "a joined visit's expert removed", record: "2024-02-match-1.xml", change: { removing(#" expert="专家:[^"]*""#, in: $0, once: true) }, expected: "(002 (十六))"),
        Tamper(name: "a team member swapped", record: "2024-01-match-1.xml", change: { replacing(#"(<team visit="2024-01-0003"><inspector key=")[^"]*"#, with: "$1豫医保99", in: $0) }, expected: "but its inputs give"),
        Tamper(name: "a direct assignment without a shortage", record: "2024-01-match-1.xml", change: { assignFirstVisit($0) }, expected: "direct assignment is only for a shortage"),
        Tamper(name: "the expert of a visit that needs one removed", record: "2024-02-match-1.xml", change: { removing(#"<expert key="专家:[^"]*"/>"#, in: $0, once: true) }, expected: "but its inputs give"),
        Tamper(name: "a replaced inspector drawn again that day", record: "2024-01-match-3.xml", change: { sameDayAgain($0) }, expected: "substitution 2"),
        Tamper(name: "a member of another department in a confined pool", record: "2024-03-match-1.xml", change: { $0.replacingOccurrences(of: #"name="稽核员" unit="卫东区医保局" department="稽核科""#, with: #"name="稽核员" unit="卫东区医保局" department="法规科""#) }, expected: "the match is confined to 稽核科"),
        Tamper(name: "a phone number in an expert's key", record: "2024-02-match-1.xml", change: { $0.replacingOccurrences(of: "专家:专家0", with: "专家:专家0:13800000000") }, expected: "holds a phone or ID number"),
        Tamper(name: "an assigned team without the expert a visit needs", record: "2024-02-match-1.xml", change: { assignWithoutExpert($0) }, expected: "an item needs an expert and none is assigned"),
        Tamper(name: "a visit's date moved", record: "2024-01-match-1.xml", change: { replacing(#"(<visit id="2024-01-0001" date=")[0-9-]{10}"#, with: "$12024-03-02", in: $0) }, expected: "visit 1 must be 2024-01-0001"),
    ]

    @Test(arguments: matchTampers) func matchVerifyNamesTheEdit(_ tamper: Tamper) throws {
        let copy = try Self.copy()
        try copy.edit(tamper.record, tamper.change)
        let differences = try copy.matchDifferences(tamper.record)
        #expect(differences.contains { $0.contains(tamper.expected) }, "\(differences)")
    }

    /// A record file edited on disk leaves the trail intact but not the files: audit verify names it.
    @Test(arguments: ["draws/2024-01-1.xml", "draws/2024-01-match-2.xml", "snapshot"]) func auditVerifyComparesRecordFiles(_ file: String) throws {
        let folder = TemporaryFolder("audit-tamper")
        try FileManager.default.copyItem(atPath: Self.year.workspace.root, toPath: folder.file("ws"))
        let workspace = try Workspace.open(at: folder.file("ws"))
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: folder.file("ws/draws")).first { $0.hasPrefix("targets-") }!
        let path = folder.file(file == "snapshot" ? "ws/draws/\(snapshot)" : "ws/\(file)")
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 3] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let problems = try workspace.verifyAuditTrail()
        #expect(problems.count == 1 && problems[0].en.hasPrefix("the file draws/") && problems[0].en.contains("was changed"), "\(problems)")
        try FileManager.default.removeItem(atPath: path)
        #expect(try workspace.verifyAuditTrail().map(\.en).contains { $0.hasSuffix("is missing") })
    }

    /// An expert a joining task drew for another task's visit is not in that visit's match record: replacing
    /// one is refused with why, not answered with "nobody is eligible".
    @Test func aJoinedVisitsExpertIsNotSubstitutedBlindly() throws {
        let folder = TemporaryFolder("join-expert")
        try FileManager.default.copyItem(atPath: Self.year.workspace.root, toPath: folder.file("ws"))
        let workspace = try Workspace.open(at: folder.file("ws"))
        let visit = try #require(try workspace.visits().first { $0.tasks == ["2024-00", "2024-02"] && !$0.experts.isEmpty })
        do {
            _ = try MatchService(store: workspace).substitute(
                visit: visit.id, inspector: visit.experts[0], reason: "健康", approver: "局长", by: User("李四"))
            Issue.record("expected a refusal")
        } catch let error as WorkflowError {
            #expect(error.zh.contains("是任务 2024-02 并入检查 \(visit.id) 时为其抽取的专家"), "\(error.zh)")
        }
    }

    /// Evidence and issued documents are compared too: an edited photo or notice is named, not passed.
    @Test func auditVerifyComparesEvidenceAndIssuedDocuments() throws {
        let folder = TemporaryFolder("audit-files")
        try FileManager.default.copyItem(atPath: Self.year.workspace.root, toPath: folder.file("ws"))
        let workspace = try Workspace.open(at: folder.file("ws"))
        let visit = try #require(try workspace.visits().first)
        let photo = try folder.write("现场照片.jpg", Array("JPEG".utf8))
        let evidence = try workspace.addEvidence([photo], to: visit.id, actor: "张三")
        let notice = "documents/2024-01/\(visit.id)-检查告知书.docx"
        try FileManager.default.createDirectory(atPath: folder.file("ws/documents/2024-01"), withIntermediateDirectories: true)
        let bytes = Array("DOCX".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("ws/\(notice)")))
        try workspace.recordDocuments(
            [IssuedDocument(form: "检查告知书", year: 2024, task: "2024-01", visit: visit.id, number: nil, dated: "2024-03-01", path: notice,
                            sha256: sha256Hex(bytes), size: bytes.count, isPublic: false)], actor: "张三")
        #expect(try workspace.verifyAuditTrail().isEmpty)
        for path in [evidence[0].path, notice] { try Data("edited".utf8).write(to: URL(fileURLWithPath: folder.file("ws/\(path)"))) }
        let problems = try workspace.verifyAuditTrail().map(\.en)
        #expect(problems.count == 2 && problems.contains { $0.contains(evidence[0].path) } && problems.contains { $0.contains(notice) }, "\(problems)")
    }

    // MARK: - Edits

    static func replacing(_ pattern: String, with template: String, in text: String, once: Bool = false) -> String {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let range = once ? expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))?.range : NSRange(text.startIndex..., in: text)
        guard let range else { return text }
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }

    static func removing(_ pattern: String, in text: String, once: Bool = false) -> String { replacing(pattern, with: "", in: text, once: once) }

    /// The first drawn target of the record's result replaced by another candidate of its stratum.
    static func replaceInResult(_ text: String) -> String {
        let drawn = text.firstMatch(of: #/<result><stratum name="([^"]+)" population="\d+"><target code="([0-9A-Z]{18})"/#)!
        let stratum = text.firstMatch(of: try! Regex(#"<stratum name="\#(drawn.1)" ratio="[^"]*">(.*?)</stratum>"#))!
        let candidates = String(stratum.output[1].substring!).matches(of: #/<candidate>([0-9A-Z]{18})</candidate>/#).map { String($0.1) }
        let other = candidates.first { !text.contains(#"<target code="\#($0)"/>"#) }!
        return text.replacingOccurrences(of: #"<target code="\#(drawn.2)"/>"#, with: #"<target code="\#(other)"/>"#)
    }

    /// A candidate replaced by a valid code no registry holds (its draw recomputed, so only the snapshot tells).
    static func fabricateCandidate(_ text: String) -> String {
        let first = text.firstMatch(of: #/<candidate>([0-9A-Z]{18})</candidate>/#)!.1
        return text.replacingOccurrences(of: "<candidate>\(first)</candidate>", with: "<candidate>\(Scenario.code(99_999))</candidate>")
    }

    /// The first visit given an assignment of its own team, as if drawn directly.
    static func assignFirstVisit(_ text: String) -> String {
        let team = text.firstMatch(of: #/<team visit="2024-01-0001"><inspector key="([^"]+)" role="组长"/><inspector key="([^"]+)"/#)!
        return replacing(
            #"(<visit id="2024-01-0001" [^>]*?)/>"#, with: "$1><assigned key=\"\(team.1)\"/><assigned key=\"\(team.2)\"/></visit>", in: text, once: true)
    }

    /// The first own visit of the 重点 task given an assignment of its two inspectors and no expert.
    static func assignWithoutExpert(_ text: String) -> String {
        let team = text.firstMatch(of: #/<team visit="(2024-02-\d{4})"><inspector key="([^"]+)" role="组长"/><inspector key="([^"]+)"/#)!
        return replacing(
            #"(<visit id="\#(team.1)" [^>]*?)/>"#, with: "$1><assigned key=\"\(team.2)\"/><assigned key=\"\(team.3)\"/></visit>", in: text, once: true)
    }

    /// The second substitution's newcomer replaced by the person the first one removed the same day.
    static func sameDayAgain(_ text: String) -> String {
        let first = text.firstMatch(of: #/<substitution visit="[^"]+" removed="([^"]+)"/#)!.1
        return replacing(
            #"(<substitution visit="[^"]+" removed="[^"]+" added="[^"]+".*?<substitution visit="[^"]+" removed="[^"]+" added=")[^"]+"#,
            with: "$1\(first)", in: text)
    }

    /// The first joined target pointed at the visit the second one joins (another target's visit).
    static func moveJoin(_ text: String) -> String {
        let joins = text.matches(of: #/<target code="[0-9A-Z]{18}" visit="([^"]+)"/#).map { String($0.1) }
        return replacing(#"(<merged><target code="[0-9A-Z]{18}" visit=")[^"]+"#, with: "$1\(joins[1])", in: text, once: true)
    }
}
