/// Who may be drawn for a task, and why each of the others may not: the policy of the draw, with no
/// database in sight.
///
/// Candidates are the targets of the task's types and districts (定向) or all (不定向), of the grades
/// the task draws, with status 正常 (002 (二十四)). Excluded, with the reason in the record: targets a
/// higher level drew this year (001 §11), and targets drawn this year by locked draws as often as the
/// per-year cap allows (002 (十); blacklisted, abnormal, dishonest and seriously violating targets are
/// exempt) — unless the task holds a 重点 item (002 (七)).
///
/// ```swift
/// let rules = DrawEligibility(task: task, perYearCap: 2, keyItems: ["医保基金使用情况检查"], drawnThisYear: [:], drawnAbove: [:])
/// let (strata, excluded) = rules.strata(of: TargetColumns(targets))
/// ```
public struct DrawEligibility: Sendable {
    public var task: PlanTask
    /// 002 (十): how often a target may be drawn in a year.
    public var perYearCap: Int
    /// False when the task holds a 重点 item (002 (七)): then the cap does not apply, and the drawn
    /// targets are visited in a drawn batch order.
    public var capApplies: Bool
    /// Locked draws of the year: how often each target was drawn.
    public var drawnThisYear: [String: Int]
    /// Targets a higher level drew this year, with who drew them (001 §11).
    public var drawnAbove: [String: String]

    /// - Parameters:
    ///   - keyItems: the names of the checklist's 重点 items.
    ///   - upperDraws: the higher levels' draws, of any year (only the task's year counts).
    public init(task: PlanTask, perYearCap: Int, keyItems: Set<String>, drawnThisYear: [String: Int], upperDraws: [UpperDraw]) {
        self.task = task
        self.perYearCap = perYearCap
        capApplies = !task.items.contains(where: keyItems.contains)
        self.drawnThisYear = drawnThisYear
        var above: [String: String] = [:]
        for entry in upperDraws where entry.year == task.year {
            above[entry.creditCode] = entry.body + (entry.task.isEmpty ? "" : "“\(entry.task)”")
        }
        drawnAbove = above
    }

    /// The strata (by type and grade, named `type/grade`, sorted by name, candidates in byte order) and
    /// the exclusions (by credit code), from the registry's draw columns.
    public func strata(of columns: TargetColumns) -> (strata: [RandomDraw.Stratum], excluded: [DrawRecord.Exclusion]) {
        // What the task says of each distinct type, district, grade and status, decided once.
        let typeWanted = columns.types.map { task.targetTypes.isEmpty || task.targetTypes.contains($0) }
        let districtWanted = columns.districts.map { task.districts.isEmpty || task.districts.contains($0) }
        let gradeRatio = columns.grades.map { task.ratios[$0] }
        let statusNormal = columns.statuses.map { $0 == "正常" }
        var excluded: [DrawRecord.Exclusion] = []
        var strata: [Int: RandomDraw.Stratum] = [:]
        for index in 0..<columns.count {
            let type = Int(columns.type[index])
            let grade = Int(columns.grade[index])
            guard typeWanted[type], districtWanted[Int(columns.district[index])], let ratio = gradeRatio[grade] else { continue }
            let code = columns.codes[index]
            if !statusNormal[Int(columns.status[index])] {
                excluded.append(.init(code: code, rule: .status, reason: "状态：\(columns.statuses[Int(columns.status[index])])（002 (二十四)）"))
                continue
            }
            if !drawnAbove.isEmpty, let body = drawnAbove[code] {
                excluded.append(.init(code: code, rule: .upper, reason: "本年度已被上级 \(body) 抽取（001 §11）"))
                continue
            }
            let drawnBefore = drawnThisYear.isEmpty ? 0 : drawnThisYear[code, default: 0]
            if capApplies, !columns.exempt[index], drawnBefore >= perYearCap {
                excluded.append(.init(code: code, rule: .cap, reason: "本年度已被抽中 \(drawnBefore) 次，达到上限 \(perYearCap) 次（002 (十)）"))
                continue
            }
            let key = type << 16 | grade
            if strata[key] == nil {
                strata[key] = RandomDraw.Stratum(name: "\(columns.types[type])/\(columns.grades[grade])", ratio: ratio, candidates: [])
            }
            strata[key]?.candidates.append(code)
        }
        // Every stratum of the plan, empty ones too, so that a deleted stratum shows (docs/DRAW.md).
        var all = Dictionary(inputs(seed: "", registryHash: "").strataNames.map { ($0.name, RandomDraw.Stratum(name: $0.name, ratio: $0.ratio, candidates: [])) },
            uniquingKeysWith: { first, _ in first })
        for stratum in strata.values { all[stratum.name] = stratum }
        let sorted = all.values.sorted { RandomDraw.byteOrder($0.name, $1.name) }.map {
            RandomDraw.Stratum(name: $0.name, ratio: $0.ratio, candidates: RandomDraw.sortedInByteOrder($0.candidates))
        }
        // Credit codes are ASCII, for which String's order is byte order (and fast).
        return (sorted, excluded.sorted { $0.code < $1.code })
    }

    /// The inputs a draw of this task is bound to, with the public seed and the snapshot's hash.
    public func inputs(seed: String, registryHash: String) -> RandomDraw.Inputs {
        RandomDraw.Inputs(
            task: task.id, seed: seed, registryHash: registryHash, year: task.year, from: task.start, to: task.end, keyItems: !capApplies,
            perYearCap: perYearCap, types: task.targetTypes, districts: task.districts, ratios: task.ratios)
    }
}
