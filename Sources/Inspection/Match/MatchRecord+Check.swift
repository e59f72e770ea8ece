import Support

extension MatchRecord {
    /// Checks the record against everything docs/DRAW.md says an outsider can check: the teams, joins
    /// and substitutions recomputed from its inputs; under v2 also the scope of its pool, the visits'
    /// ids and dates, and — with the draw record at hand — that the visits are exactly the draw's targets.
    /// - Parameters:
    ///   - draw: the bytes of the draw record the match names, if at hand.
    ///   - others: the latest match records of the other tasks, if at hand: each join must name a visit
    ///     of one of them, of the same target and date.
    public func check(draw: [UInt8]? = nil, others: [MatchRecord]? = nil) -> RecordCheck {
        guard algorithm == TeamMatch.version || isLegacy else {
            return RecordCheck(differences: [LocalizedText("算法 \(algorithm) 无法识别", "the algorithm \(algorithm) is not known")])
        }
        var check = RecordCheck()
        check.differences += teamProblems() + substitutionProblems()
        if isLegacy { return check }
        check.differences += joinProblems() + poolProblems() + scheduleProblems()
        if let draw {
            check.differences += drawProblems(draw)
        } else {
            check.unchecked.append(
                LocalizedText(
                    "抽取记录 \(drawRecord) 不在手边：检查对象是否正是抽中的对象未核对",
                    "the draw record \(drawRecord) is not at hand: whether the visits are exactly the drawn targets was not checked"))
        }
        if let others {
            check.differences += hostProblems(others)
        } else if !merged.isEmpty {
            check.unchecked.append(
                LocalizedText(
                    "其他任务的匹配记录不在手边：并入的检查是否确为同一对象未核对",
                    "the other tasks' match records are not at hand: whether each joined visit is of the same target was not checked"))
        }
        return check
    }

    func teamProblems() -> [LocalizedText] {
        var differences: [LocalizedText] = []
        let (recomputed, shortages) = TeamMatch.run(
            task: task, seed: seed, registryHash: registryHash, teamSize: teamSize, pool: pool, visits: visits,
            bookedElsewhere: bookedElsewhere, drawSHA256: drawSHA256, rules: rules, outsiders: outsiders)
        for shortage in shortages {
            let why = shortage.reasons.map(\.zh).joined(separator: "；")
            differences.append(
                LocalizedText(
                    "检查 \(shortage.visit)：按记录的输入无法配齐人员\(why.isEmpty ? "" : "（\(why)）")",
                    "visit \(shortage.visit): its inputs cannot staff it\(shortage.reasons.isEmpty ? "" : " (\(shortage.reasons.map(\.en).joined(separator: "; ")))")"))
        }
        let recorded = Dictionary(teams.map { ($0.visit, $0) }, uniquingKeysWith: { first, _ in first })
        for team in recomputed {
            guard let stored = recorded[team.visit] else {
                differences.append(LocalizedText("检查 \(team.visit) 的检查组缺失", "visit \(team.visit): the recorded team is missing"))
                continue
            }
            if stored != team {
                differences.append(
                    LocalizedText(
                        "检查 \(team.visit)：记录的检查组为 \(describe(stored))，按记录的输入应为 \(describe(team))",
                        "visit \(team.visit): the record says \(describe(stored, ", ")), but its inputs give \(describe(team, ", "))"))
            }
        }
        for team in teams
        where !recomputed.contains(where: { $0.visit == team.visit }) && !shortages.contains(where: { $0.visit == team.visit }) {
            differences.append(LocalizedText("检查组 \(team.visit) 没有对应的检查", "team \(team.visit) has no visit"))
        }
        return differences
    }

    func substitutionProblems() -> [LocalizedText] {
        var differences: [LocalizedText] = []
        var current = teams
        for (ordinal, substitution) in substitutions.enumerated() {
            guard
                let (updated, redone) = TeamMatch.substitute(
                    substitution, ordinal: ordinal, task: task, seed: seed, registryHash: registryHash, pool: pool, visits: visits,
                    teams: current, earlier: Array(substitutions.prefix(ordinal)), drawSHA256: drawSHA256, rules: rules)
            else {
                differences.append(
                    LocalizedText(
                        "第 \(ordinal + 1) 次调换（\(substitution.visit)）无法按记录重算", "substitution \(ordinal + 1) (\(substitution.visit)) cannot be recomputed"))
                continue
            }
            if redone.added != substitution.added {
                differences.append(
                    LocalizedText(
                        "第 \(ordinal + 1) 次调换（\(substitution.visit)）：记录的递补人员为 \(substitution.added)，应为 \(redone.added)",
                        "substitution \(ordinal + 1) (\(substitution.visit)): the record says \(substitution.added), its inputs give \(redone.added)"))
            }
            current = updated
        }
        return differences
    }

    /// The joins that need an expert drawn: this task needs one and the host team has none.
    public var expertJoins: [TeamMatch.Join] {
        guard needsExpert else { return [] }
        let experts = Set(pool.filter(\.isExpert).map(\.key))
        return merged.filter { !$0.hostTeam.contains(where: experts.contains) }.map {
            TeamMatch.Join(visit: $0.visit, date: $0.date, target: $0.target, hostTeam: $0.hostTeam)
        }
    }

    func joinProblems() -> [LocalizedText] {
        let joins = expertJoins
        let (experts, _) = TeamMatch.joinExperts(
            joins, task: task, seed: seed, registryHash: registryHash, drawSHA256: drawSHA256, pool: pool, bookedElsewhere: bookedElsewhere,
            teams: teams, visits: visits)
        var differences: [LocalizedText] = []
        for merge in merged {
            let expected = joins.contains { $0.visit == merge.visit } ? experts[merge.visit] ?? "" : ""
            if merge.expert != expected {
                differences.append(
                    LocalizedText(
                        "并入检查 \(merge.visit) 的 \(merge.target)：记录的专家为 “\(merge.expert)”，按记录的输入应为 “\(expected)”（002 (十六)）",
                        "\(merge.target) joined \(merge.visit): the record's expert is '\(merge.expert)', its inputs give '\(expected)' (002 (十六))"))
            }
        }
        return differences
    }

    /// A department scope holds the office's enforcement inspectors of that department; experts and
    /// people lent for joint matching are outside it (000 §14).
    func poolProblems() -> [LocalizedText] {
        // No personal data beyond name and 执法证号 in a published record: a run of 11 or more digits is a
        // phone or ID number.
        var problems = (pool + outsiders).filter { member in
            [member.key, member.name, member.unit].contains { text in
                text.split { !$0.isASCII || !$0.isNumber }.contains { $0.count >= 11 }
            }
        }.map {
            LocalizedText("人员 \($0.name) 的记录含手机号或身份证号等个人信息", "the entry of \($0.name) holds a phone or ID number")
        }
        guard !department.isEmpty else { return problems }
        problems += pool.filter { !$0.isExpert && !$0.joint && $0.department != department }.map {
            LocalizedText(
                "匹配限于 \(department)，人员库中却有 \($0.department) 的 \($0.name)", "the match is confined to \(department), but the pool holds \($0.name) of \($0.department)")
        }
        return problems
    }

    /// Visits numbered TASK-0001… and dated over the recorded working days: visit i of n on day ⌊i·D/n⌋.
    func scheduleProblems() -> [LocalizedText] {
        var differences: [LocalizedText] = []
        if workingDays != workingDays.sorted() || Set(workingDays).count != workingDays.count
            || workingDays.contains(where: { $0 < windowStart || $0 > windowEnd })
        {
            differences.append(
                LocalizedText("记录的工作日不在任务期间内或未按顺序排列", "the recorded working days are not in order within the task's window"))
        }
        for (index, visit) in visits.enumerated() {
            let id = VisitSchedule.visitID(task: task, number: index + 1)
            let date = workingDays.isEmpty ? "" : workingDays[index * workingDays.count / visits.count]
            if visit.id != id || visit.date != date {
                differences.append(
                    LocalizedText(
                        "第 \(index + 1) 个检查应为 \(id)（\(date)），记录为 \(visit.id)（\(visit.date)）",
                        "visit \(index + 1) must be \(id) on \(date); the record says \(visit.id) on \(visit.date)"))
            }
            if visit.needsExpert != needsExpert {
                differences.append(
                    LocalizedText("检查 \(visit.id) 的“需要专家”与任务不符", "visit \(visit.id): whether it needs an expert differs from the task"))
            }
        }
        return differences
    }

    /// The draw record the match names: its SHA-256, its task and window, and its targets — every one a
    /// visit of this match or joined to another, in the draw's order, nothing else.
    func drawProblems(_ bytes: [UInt8]) -> [LocalizedText] {
        let hash = sha256Hex(bytes)
        guard hash == drawSHA256 else {
            return [
                LocalizedText(
                    "抽取记录 \(drawRecord) 的 SHA-256 为 \(hash)，匹配记录引用的是 \(drawSHA256)",
                    "the draw record \(drawRecord) has SHA-256 \(hash); the match cites \(drawSHA256)")
            ]
        }
        guard let draw = try? DrawRecord(xml: bytes, source: drawRecord, candidates: false) else {
            return [LocalizedText("\(drawRecord) 不是抽取记录", "\(drawRecord) is not a draw record")]
        }
        var differences: [LocalizedText] = []
        if draw.task != task { differences.append(LocalizedText("抽取记录属于任务 \(draw.task)", "the draw record is of task \(draw.task)")) }
        if !draw.isLegacy, draw.inputs.from != windowStart || draw.inputs.to != windowEnd {
            differences.append(LocalizedText("匹配记录的任务期间与抽取记录不符", "the match's window differs from the draw record's"))
        }
        let order = draw.batchOrder.isEmpty ? draw.result.flatMap(\.drawn) : draw.batchOrder
        let joined = Set(merged.map(\.target))
        let expected = order.filter { !joined.contains($0) }
        if visits.map(\.target) != expected {
            let missing = Set(order).subtracting(visits.map(\.target)).subtracting(joined).sorted()
            let extra = Set(visits.map(\.target) + merged.map(\.target)).subtracting(order).sorted()
            differences.append(
                LocalizedText(
                    "检查对象与抽取结果不符：未安排检查 \(missing.joined(separator: "、"))；未抽中却安排 \(extra.joined(separator: "、"))\(missing.isEmpty && extra.isEmpty ? "；顺序与抽取顺序不同" : "")",
                    "the visits do not match the draw: not visited \(missing.joined(separator: ", ")); visited but not drawn \(extra.joined(separator: ", "))\(missing.isEmpty && extra.isEmpty ? "; the order differs from the draw's" : "")"
                ))
        }
        for merge in merged where !order.contains(merge.target) {
            differences.append(LocalizedText("并入的 \(merge.target) 未被抽中", "\(merge.target) was joined but not drawn"))
        }
        for merge in merged where merge.visit.hasPrefix("\(task)-") {
            differences.append(LocalizedText("\(merge.target) 并入的是本任务自己的检查 \(merge.visit)", "\(merge.target) joins this task's own visit \(merge.visit)"))
        }
        return differences
    }

    /// Each join names a visit of another task's match record with the same target and date.
    func hostProblems(_ others: [MatchRecord]) -> [LocalizedText] {
        var visits: [String: TeamMatch.Visit] = [:]
        for record in others where record.task != task { for visit in record.visits { visits[visit.id] = visit } }
        return merged.compactMap { merge in
            guard let host = visits[merge.visit] else {
                return LocalizedText("\(merge.target) 并入的检查 \(merge.visit) 不在其他任务的匹配记录中", "\(merge.target) joins \(merge.visit), which no other task's match record holds")
            }
            guard host.target == merge.target, host.date == merge.date else {
                return LocalizedText(
                    "\(merge.target) 并入的检查 \(merge.visit) 是对 \(host.target)（\(host.date)）的检查", "\(merge.target) joins \(merge.visit), a visit to \(host.target) on \(host.date)")
            }
            return nil
        }
    }
}
