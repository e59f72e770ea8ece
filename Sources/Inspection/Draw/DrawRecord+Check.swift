import Foundation
import Support

/// What `draw verify` found: every difference between the record and what its inputs give (the record
/// fails), and what could not be checked for want of a file (said, so that 通过 is never claimed for it).
public struct RecordCheck: Sendable {
    public var differences: [LocalizedText] = []
    public var unchecked: [LocalizedText] = []
    /// Whether the candidates were checked against the registry snapshot.
    public var snapshotChecked = false
    public var holds: Bool { differences.isEmpty }
}

extension DrawRecord {
    /// Checks the record against everything docs/DRAW.md says an outsider can check.
    /// - Parameters:
    ///   - snapshot: the bytes of the published registry snapshot the record names, if at hand.
    ///   - previous: the bytes of the attempt the record cites, if at hand.
    public func check(snapshot: [UInt8]? = nil, previous: [UInt8]? = nil) -> RecordCheck {
        if isLegacy { return RecordCheck(differences: legacyDifferences(), unchecked: [Self.legacyNote]) }
        guard algorithm == RandomDraw.version else {
            return RecordCheck(differences: [LocalizedText("算法 \(algorithm) 无法识别", "the algorithm \(algorithm) is not known")])
        }
        var check = RecordCheck()
        check.differences += textProblems() + attemptProblems() + strataProblems() + resultProblems()
        if let previous {
            check.differences += previousProblems(previous)
        } else if let cited = self.previous {
            check.unchecked.append(
                LocalizedText(
                    "上一次抽取的记录 \(cited.record) 不在手边，未核对其摘要", "the previous attempt's record \(cited.record) is not at hand; its SHA-256 was not checked"))
        }
        if let snapshot {
            check.differences += snapshotProblems(snapshot)
            check.snapshotChecked = true
        } else {
            check.unchecked.append(
                LocalizedText(
                    "名录库快照 \(registryFile) 不在手边：候选与名录库是否一致未核对",
                    "the registry snapshot \(registryFile) is not at hand: whether the candidates are the registry minus the exclusions was not checked"
                ))
        }
        return check
    }

    static let legacyNote = LocalizedText(
        "此记录为 spotcheck-draw-v1 格式：未绑定任务期间、重点事项和名录库快照，只核对了抽取结果",
        "a spotcheck-draw-v1 record: not bound to the task's window, 重点 items or a published snapshot; only the result was recomputed")

    /// Seed, task, names and sources must be NFC text without control characters (docs/DRAW.md, *Text*).
    func textProblems() -> [LocalizedText] {
        var problems: [LocalizedText] = []
        let texts: [(String, String, String)] =
            [("种子", "the seed", seed), ("任务编号", "the task id", task)] + seedSources.map { ("随机数来源", "a seed source", $0) }
            + strata.map { ("分层名", "a stratum name", $0.name) }
        for (zh, en, text) in texts {
            if text.containsControlCharacter {
                problems.append(LocalizedText("\(zh)含控制字符（如回车）", "\(en) contains a control character (such as CR)"))
            }
            if !text.unicodeScalars.elementsEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars) {
                problems.append(LocalizedText("\(zh)“\(text)”不是 NFC 规范化文本", "\(en) '\(text)' is not in Unicode NFC"))
            }
        }
        if seed.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(LocalizedText("种子为空", "the seed is empty")) }
        if !seedSources.isEmpty {
            let assembled = try? PublicSeed.rfc3797(seedSources)
            if assembled != seed {
                problems.append(
                    LocalizedText(
                        "种子与记录的随机数来源不符：按 RFC 3797 应为 \(assembled ?? "（来源无法读取）")",
                        "the seed does not match its recorded sources: RFC 3797 gives \(assembled ?? "(unreadable sources)")"))
            }
        }
        return problems
    }

    func attemptProblems() -> [LocalizedText] {
        var problems: [LocalizedText] = []
        if attempt < 1 { problems.append(LocalizedText("抽取次序无效", "the attempt number is not valid")) }
        if attempt > 1 {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(LocalizedText("第 \(attempt) 次抽取没有写明重新抽取的理由", "attempt \(attempt) gives no reason for the redraw"))
            }
            if previous == nil {
                problems.append(LocalizedText("第 \(attempt) 次抽取没有引用上一次抽取的记录", "attempt \(attempt) does not cite the previous attempt"))
            }
        } else if previous != nil {
            problems.append(LocalizedText("第 1 次抽取却引用了上一次抽取", "the first attempt cites a previous one"))
        }
        return problems
    }

    func previousProblems(_ bytes: [UInt8]) -> [LocalizedText] {
        guard let cited = previous else { return [] }
        var problems: [LocalizedText] = []
        if sha256Hex(bytes) != cited.sha256 {
            problems.append(
                LocalizedText(
                    "上一次抽取的记录 \(cited.record) 的 SHA-256 为 \(sha256Hex(bytes))，本记录引用的是 \(cited.sha256)",
                    "the previous record \(cited.record) has SHA-256 \(sha256Hex(bytes)); this record cites \(cited.sha256)"))
        }
        if let earlier = try? DrawRecord(xml: bytes, source: cited.record, candidates: false) {
            if earlier.task != task || earlier.attempt != attempt - 1 {
                problems.append(
                    LocalizedText(
                        "引用的记录是任务 \(earlier.task) 的第 \(earlier.attempt) 次抽取，应为任务 \(task) 的第 \(attempt - 1) 次",
                        "the cited record is attempt \(earlier.attempt) of task \(earlier.task), not attempt \(attempt - 1) of \(task)"))
            }
        } else {
            problems.append(LocalizedText("引用的记录 \(cited.record) 不是抽取记录", "the cited record \(cited.record) is not a draw record"))
        }
        return problems
    }

    /// The strata are exactly the plan's (type × graded ratio, empty ones too), with its ratios; every
    /// candidate a valid credit code, in one stratum only, and not also excluded.
    func strataProblems() -> [LocalizedText] {
        var problems: [LocalizedText] = []
        let expected = inputs.strataNames
        let recorded = strata.map { (name: $0.name, ratio: $0.ratio) }
        if expected.map(\.name) != strata.map(\.name).sorted(by: RandomDraw.byteOrder) {
            let missing = Set(expected.map(\.name)).subtracting(strata.map(\.name)).sorted(by: RandomDraw.byteOrder)
            let extra = Set(strata.map(\.name)).subtracting(expected.map(\.name)).sorted(by: RandomDraw.byteOrder)
            problems.append(
                LocalizedText(
                    "分层与任务的对象类型和风险等级不符：缺 \(missing.joined(separator: "、"))；多 \(extra.joined(separator: "、"))",
                    "the strata do not match the task's types and grades: missing \(missing.joined(separator: ", ")); extra \(extra.joined(separator: ", "))"
                ))
        }
        let ratios = Dictionary(expected.map { ($0.name, $0.ratio) }, uniquingKeysWith: { first, _ in first })
        for stratum in recorded where ratios[stratum.name].map({ $0 != stratum.ratio }) ?? false {
            problems.append(
                LocalizedText(
                    "分层 \(stratum.name) 的比例 \(stratum.ratio) 与任务的 \(ratios[stratum.name]!) 不符",
                    "stratum \(stratum.name): ratio \(stratum.ratio), but the task says \(ratios[stratum.name]!)"))
        }
        var seen: [String: String] = [:]
        var invalid: [String] = []
        for stratum in strata {
            for code in stratum.candidates {
                if let other = seen.updateValue(stratum.name, forKey: code) {
                    problems.append(LocalizedText("\(code) 同时是 \(other) 和 \(stratum.name) 的候选", "\(code) is a candidate of both \(other) and \(stratum.name)"))
                }
                if CreditCode.problem(in: code) != nil { invalid.append(code) }
            }
        }
        if !invalid.isEmpty {
            problems.append(
                LocalizedText(
                    "候选的统一社会信用代码校验位错误：\(Self.listed(invalid, separator: "、"))",
                    "candidates with a wrong credit-code check character: \(Self.listed(invalid, separator: ", "))"))
        }
        for exclusion in excluded where seen[exclusion.code] != nil {
            problems.append(LocalizedText("\(exclusion.code) 既是候选又被排除", "\(exclusion.code) is both a candidate and excluded"))
        }
        for rule in unknownRules { problems.append(LocalizedText("未知的排除规则 \(rule)", "an unknown exclusion rule \(rule)")) }
        return problems
    }

    /// The result and the batch order recomputed from the recorded inputs.
    func resultProblems() -> [LocalizedText] {
        compare(RandomDraw.run(inputs, strata: strata)) + batchProblems(RandomDraw.batchOrder(inputs, drawn: result.flatMap(\.drawn)))
    }

    func batchProblems(_ recomputed: [String]) -> [LocalizedText] {
        let drawnAny = result.contains { !$0.drawn.isEmpty }
        if inputs.keyItems && drawnAny && batchOrder.isEmpty {
            return [LocalizedText("任务含重点事项，记录却没有批次顺序（002 (七)）", "the task has a 重点 item but the record has no batch order (002 (七))")]
        }
        if !inputs.keyItems && !batchOrder.isEmpty {
            return [LocalizedText("任务不含重点事项，记录却有批次顺序", "the task has no 重点 item but the record has a batch order")]
        }
        if !batchOrder.isEmpty, batchOrder != recomputed {
            return [LocalizedText("记录的批次顺序与按输入重算的不符（002 (七)）", "the recorded batch order does not match the one its inputs give (002 (七))")]
        }
        return []
    }

    /// Every difference between the recorded result and a recomputed one.
    func compare(_ recomputed: [RandomDraw.Selection]) -> [LocalizedText] {
        var differences: [LocalizedText] = []
        let recorded = Dictionary(result.map { ($0.stratum, $0) }, uniquingKeysWith: { first, _ in first })
        for selection in recomputed {
            guard let stored = recorded[selection.stratum] else {
                differences.append(LocalizedText("分层 \(selection.stratum) 的结果缺失", "stratum \(selection.stratum): the recorded result is missing"))
                continue
            }
            if stored.drawn != selection.drawn {
                differences.append(
                    LocalizedText(
                        "分层 \(selection.stratum)：记录的结果为 \(Self.listed(stored.drawn, separator: "、"))，按记录的输入应为 \(Self.listed(selection.drawn, separator: "、"))",
                        "stratum \(selection.stratum): the record says \(Self.listed(stored.drawn, separator: ", ")), but its inputs give \(Self.listed(selection.drawn, separator: ", "))"
                    ))
            }
            if stored.population != selection.population {
                differences.append(
                    LocalizedText("分层 \(selection.stratum)：候选数不符", "stratum \(selection.stratum): the population does not match its candidates"))
            }
        }
        for stratum in result.map(\.stratum) where !recomputed.contains(where: { $0.stratum == stratum }) {
            differences.append(LocalizedText("分层 \(stratum) 没有对应的输入", "stratum \(stratum) has a result but no inputs"))
        }
        return differences
    }

    /// A v1 record: only the result and batch order, recomputed as v1 computed them.
    func legacyDifferences() -> [LocalizedText] {
        let recomputed = RandomDraw.runLegacy(task: task, seed: seed, registryHash: registryHash, strata: strata)
        var differences = compare(recomputed)
        if !batchOrder.isEmpty,
            batchOrder != RandomDraw.legacyBatchOrder(task: task, seed: seed, registryHash: registryHash, drawn: result.flatMap(\.drawn))
        {
            differences.append(LocalizedText("记录的批次顺序与按输入重算的不符（002 (七)）", "the recorded batch order does not match the one its inputs give (002 (七))"))
        }
        return differences
    }

    /// Up to 20 items, then how many more.
    static func listed(_ items: [String], separator: String) -> String {
        let shown = items.prefix(20).joined(separator: separator)
        return items.count > 20 ? shown + separator + "…(+\(items.count - 20))" : shown
    }
}
