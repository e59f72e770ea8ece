import Support

extension DrawRecord {
    /// Ties the record to the published registry snapshot: its SHA-256 is the registry hash; every target
    /// of the task's scope (type, district, a graded ratio) is a candidate of its stratum, or excluded by a
    /// rule the snapshot bears out (status not 正常; the cap only for a target not exempt, in a task without
    /// 重点 items; a higher level's draw); nothing else is a candidate or excluded (docs/DRAW.md).
    ///
    /// Long on purpose: the membership rule of docs/DRAW.md, case by case, beside the page it implements.
    func snapshotProblems(_ bytes: [UInt8]) -> [LocalizedText] {
        let hash = sha256Hex(bytes)
        guard hash == registryHash else {
            return [
                LocalizedText(
                    "名录库快照 \(registryFile) 的 SHA-256 为 \(hash)，记录绑定的是 \(registryHash)",
                    "the registry snapshot \(registryFile) has SHA-256 \(hash); the record binds \(registryHash)")
            ]
        }
        let rows: [RegistrySnapshot.Row]
        do {
            rows = try RegistrySnapshot.rows(bytes, source: registryFile)
        } catch {
            return [LocalizedText("名录库快照无法读取：\(error)", "the registry snapshot cannot be read: \(error)")]
        }
        var problems: [LocalizedText] = []
        if rows.count != registryRows {
            problems.append(
                LocalizedText(
                    "名录库快照有 \(rows.count) 家，记录写的是 \(registryRows) 家", "the snapshot has \(rows.count) targets; the record says \(registryRows)"))
        }
        var byCode: [String: RegistrySnapshot.Row] = [:]
        byCode.reserveCapacity(rows.count)
        for row in rows where byCode.updateValue(row, forKey: row.code) != nil {
            problems.append(LocalizedText("名录库快照中 \(row.code) 出现不止一次", "\(row.code) appears more than once in the snapshot"))
        }
        let types = Set(inputs.types)
        let districts = Set(inputs.districts)
        func inScope(_ row: RegistrySnapshot.Row) -> Bool {
            (types.isEmpty || types.contains(row.type)) && (districts.isEmpty || districts.contains(row.district)) && inputs.ratios[row.grade] != nil
        }
        var candidateOf: [String: String] = [:]
        for stratum in strata { for code in stratum.candidates { candidateOf[code] = stratum.name } }
        let exclusions = Dictionary(excluded.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var wrong: [(String, String)] = []
        func note(_ zh: String, _ en: String) { wrong.append((zh, en)) }
        for row in rows where inScope(row) {
            let stratum = "\(row.type)/\(row.grade)"
            let normal = row.status == "正常"
            if let exclusion = exclusions[row.code] {
                switch exclusion.rule {
                case .status where normal:
                    note("\(row.code) 以状态排除，但快照中其状态为 正常", "\(row.code) is excluded by status, but its status in the snapshot is 正常")
                case .cap where !normal, .upper where !normal:
                    note("\(row.code) 的状态为 \(row.status)，应以状态排除", "\(row.code) has status \(row.status) and must be excluded by status")
                case .cap where row.exempt:
                    note(
                        "\(row.code) 被列入黑名单、经营异常、失信或严重违法，不受年度上限限制，却以上限排除（002 (十)）",
                        "\(row.code) is exempt from the per-year cap but is excluded by it (002 (十))")
                case .cap where inputs.keyItems:
                    note(
                        "任务含重点事项，不受年度上限限制，\(row.code) 却以上限排除（002 (七)）", "the task has a 重点 item and no cap, yet \(row.code) is excluded by the cap (002 (七))")
                default: break
                }
            } else if !normal {
                note("\(row.code) 的状态为 \(row.status)，既未排除也不应为候选", "\(row.code) has status \(row.status) but is not excluded")
            } else if let listed = candidateOf[row.code] {
                if listed != stratum {
                    note("\(row.code) 列在分层 \(listed)，快照中属于 \(stratum)", "\(row.code) is listed in \(listed); the snapshot puts it in \(stratum)")
                }
            } else {
                note(
                    "名录库快照中的 \(row.code)（\(stratum)）既不是候选也未被排除",
                    "\(row.code) (\(stratum)) in the snapshot is neither a candidate nor excluded")
            }
        }
        for code in candidateOf.keys.sorted() + exclusions.keys.sorted() {
            guard let row = byCode[code] else {
                note("\(code) 不在名录库快照中", "\(code) is not in the registry snapshot")
                continue
            }
            if !inScope(row) {
                note("\(code) 不属于任务的对象范围（类型、区域或风险等级）", "\(code) is outside the task's scope (type, district or grade)")
            }
        }
        if !wrong.isEmpty {
            problems += wrong.prefix(50).map { LocalizedText($0.0, $0.1) }
            if wrong.count > 50 {
                problems.append(LocalizedText("……另有 \(wrong.count - 50) 处与快照不符", "… and \(wrong.count - 50) more differences from the snapshot"))
            }
        }
        return problems
    }
}
