import Foundation
import Testing

@testable import Inspection

@Suite struct TeamMatchTests {
    static let target = "91410400MA00000000"

    /// Ten inspectors: 豫医保02 expired at the end of 2023, 豫医保05 must recuse from `target`; two experts.
    static let pool: [TeamMatch.Member] = {
        var pool: [TeamMatch.Member] = []
        for n in 0..<10 {
            let department = n < 6 ? "基金监管科" : "医药服务管理科"
            let validUntil = n == 2 ? "2023-12-31" : "2028-12-31"
            let conflicts: [String] = n == 5 ? [target] : []
            pool.append(
                TeamMatch.Member(
                    key: String(format: "豫医保%02d", n), name: "检查员\(n)", unit: "卫东区医疗保障局", department: department, validUntil: validUntil,
                    isExpert: false, conflicts: conflicts))
        }
        for name in ["专家甲", "专家乙"] {
            pool.append(
                TeamMatch.Member(
                    key: "专家:\(name)", name: name, unit: "市一院", department: "专家组", validUntil: "", isExpert: true, conflicts: []))
        }
        return pool
    }()

    static func visits(_ count: Int, perDay: Int, needsExpert: Bool = false) -> [TeamMatch.Visit] {
        (0..<count).map { (n: Int) -> TeamMatch.Visit in
            let id = String(format: "2024-01-%04d", n + 1)
            let date = String(format: "2024-03-%02d", 1 + n / perDay)
            let code: String = n % 2 == 0 ? target : String(format: "91410400MA%08d", n)
            return TeamMatch.Visit(id: id, date: date, target: code, needsExpert: needsExpert)
        }
    }

    @Test func teamsFollowTheRules() {
        // 000 §18: at least two inspectors; 000 §14: valid certificates; 001 §13: recusal; one visit a day each.
        let visits = Self.visits(40, perDay: 2, needsExpert: true)  // two experts: two visits a day
        let (teams, shortages) = TeamMatch.run(
            task: "2024-01", seed: "123", registryHash: "ab", teamSize: 2, pool: Self.pool, visits: visits)
        #expect(shortages.isEmpty)
        #expect(teams.count == 40)
        let byID = Dictionary(uniqueKeysWithValues: visits.map { ($0.id, $0) })
        var perDay: [String: [String]] = [:]
        for team in teams {
            let visit = byID[team.visit]!
            #expect(team.inspectors.count == 2 && Set(team.inspectors).count == 2)
            #expect(team.experts.count == 1 && team.experts[0].hasPrefix("专家:"), "002 (十六): an expert where the item needs one")
            #expect(!team.inspectors.contains("豫医保02"), "an expired certificate is never matched")
            if visit.target == Self.target { #expect(!team.inspectors.contains("豫医保05"), "001 §13: recusal") }
            perDay[visit.date, default: []] += team.inspectors + team.experts
        }
        for (date, people) in perDay { #expect(Set(people).count == people.count, "nobody twice on \(date)") }
    }

    @Test func everyEligibleInspectorLeadsEquallyOften() {
        // Chi-square over 2,000 single visits: 8 eligible inspectors (not 02, not 05 for this target), 7 degrees of freedom.
        let visit = [TeamMatch.Visit(id: "V", date: "2024-03-01", target: Self.target, needsExpert: false)]
        var counts: [String: Int] = [:]
        for seed in 0..<2000 {
            let (teams, _) = TeamMatch.run(task: "T", seed: "\(seed)", registryHash: "h", teamSize: 2, pool: Self.pool, visits: visit)
            counts[teams[0].leader, default: 0] += 1
        }
        #expect(counts.count == 8)
        let expected = 2000.0 / 8
        let chiSquare = counts.values.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        #expect(chiSquare < 24.32, "p = 0.001 critical value for 7 degrees of freedom; got \(chiSquare)")
    }

    @Test func tooFewInspectorsAreAllReportedWithHowManyAreMissing() throws {
        // Four eligible inspectors on 2024-03-01 for the conflicted target and no expert: two teams, not three.
        let pool = Array(Self.pool.prefix(6))  // 00–05: 02 expired, 05 conflicted → 00, 01, 03, 04 for the target
        let visits = (0..<4).map { TeamMatch.Visit(id: "V\($0)", date: "2024-03-01", target: Self.target, needsExpert: $0 == 0) }
        let (teams, shortages) = TeamMatch.run(task: "T", seed: "s", registryHash: "h", teamSize: 2, pool: pool, visits: visits)
        #expect(teams.isEmpty == false)
        try #require(shortages.map(\.visit) == ["V0", "V3"], "V0 lacks an expert, V3 the inspectors V1 and V2 took")
        #expect(shortages[0].expert)
        #expect(shortages[1].needed == 2 && shortages[1].eligible == 0)
    }

    @Test func directAssignmentIsCheckedAgainstTheSameRules() {
        var visit = TeamMatch.Visit(id: "V", date: "2024-03-01", target: Self.target, needsExpert: false, assigned: ["豫医保05", "豫医保02"])
        let (_, refused) = TeamMatch.run(task: "T", seed: "s", registryHash: "h", teamSize: 2, pool: Self.pool, visits: [visit], rules: .v1)
        #expect(refused.count == 1)
        #expect(
            refused[0].reasons.map(\.en) == [
                "检查员5 has a declared conflict with the target (001 §13)", "检查员2's certificate expired on 2023-12-31",
            ])
        visit.assigned = ["豫医保07", "豫医保01"]
        let (teams, none) = TeamMatch.run(task: "T", seed: "s", registryHash: "h", teamSize: 2, pool: Self.pool, visits: [visit], rules: .v1)
        #expect(none.isEmpty && teams[0].inspectors == ["豫医保07", "豫医保01"] && teams[0].leader == "豫医保07")
        // v2: only on a shortage — here enough are eligible, so the random match cannot be skipped.
        let (_, skipped) = TeamMatch.run(task: "T", seed: "s", registryHash: "h", teamSize: 2, pool: Self.pool, visits: [visit])
        #expect(skipped.count == 1 && skipped[0].reasons.last?.en.hasSuffix("direct assignment is only for a shortage (002 (十六))") == true)
        // On a shortage (a pool of one eligible inspector), people from outside the pool may be named.
        let small = Self.pool.filter { $0.key == "豫医保07" }
        let other = Self.pool.filter { $0.key == "豫医保01" }
        let (assigned, fine) = TeamMatch.run(
            task: "T", seed: "s", registryHash: "h", teamSize: 2, pool: small, visits: [visit], outsiders: other)
        #expect(fine.isEmpty && assigned[0].inspectors == ["豫医保07", "豫医保01"])
    }

    func record() -> MatchRecord {
        let visits = Self.visits(12, perDay: 2, needsExpert: true)
        let (teams, _) = TeamMatch.run(
            task: "2024-01", seed: "福彩 123", registryHash: "ab", teamSize: 2, pool: Self.pool, visits: visits, drawSHA256: "cd")
        var record = MatchRecord(
            task: "2024-01", taskName: "双随机抽查", seed: "福彩 123", registryHash: "ab", drawRecord: "draws/2024-01-1.xml", drawSHA256: "cd",
            matchedAt: "2024-03-01T08:00:00Z", actor: "张三", teamSize: 2, department: "", pool: Self.pool, bookedElsewhere: [:],
            visits: visits, merged: [], teams: teams)
        record.workingDays = Array(Set(visits.map(\.date))).sorted()
        (record.windowStart, record.windowEnd) = (record.workingDays.first!, record.workingDays.last!)
        record.needsExpert = true
        return record
    }

    @Test func aRecordRoundTripsThroughXMLAndVerifies() throws {
        var record = record()
        let (teams, substitution) = try #require(
            TeamMatch.substitute(
                .init(
                    visit: "2024-01-0002", removed: record.teams[1].leader, reason: "健康", approver: "局长", actor: "李四",
                    at: "2024-03-01T09:00:00Z"),
                ordinal: 0, task: record.task, seed: record.seed, registryHash: record.registryHash, pool: record.pool,
                visits: record.visits, teams: record.teams, drawSHA256: record.drawSHA256))
        #expect(teams[1].leader == substitution.added, "the newcomer takes the leader's role")
        #expect(substitution.added != substitution.removed && !record.teams[1].inspectors.contains(substitution.added))
        record.substitutions.append(substitution)
        let bytes = try record.xml()
        let read = try MatchRecord(xml: bytes, source: "match.xml")
        #expect(read == record)
        #expect(try read.xml() == bytes, "byte-identical when written again")
        #expect(read.check().holds)
        #expect(read.currentTeams[1] == teams[1])
    }

    @Test func verifyNamesWhatChanged() throws {
        var record = record()
        record.seed = "福彩 124"
        #expect(!record.check().holds, "another seed gives other teams")

        record = self.record()
        let original = record.teams[3].inspectors
        record.teams[3].inspectors = [original[1], original[0]]
        let differences = record.check().differences
        #expect(differences.count == 1)
        let expert = record.teams[3].experts[0]
        #expect(
            differences[0].en
                == "visit 2024-01-0004: the record says \(original[1]), \(original[0]), \(expert), but its inputs give \(original[0]), \(original[1]), \(expert)",
            "swapping the leader is a change")

        record = self.record()
        let request = TeamMatch.Substitution(
            visit: "2024-01-0001", removed: record.teams[0].leader, reason: "回避", approver: "局长", actor: "李四", at: "t")
        let redone = try #require(
            TeamMatch.substitute(
                request, ordinal: 0, task: record.task, seed: record.seed, registryHash: record.registryHash, pool: record.pool,
                visits: record.visits, teams: record.teams, drawSHA256: record.drawSHA256))
        var forged = redone.substitution
        forged.added = record.pool.map(\.key).first { $0 != redone.substitution.added && !$0.hasPrefix("专家") } ?? ""
        record.substitutions = [forged]
        #expect(
            record.check().differences.map(\.en) == [
                "substitution 1 (2024-01-0001): the record says \(forged.added), its inputs give \(redone.substitution.added)"
            ])
    }
}
