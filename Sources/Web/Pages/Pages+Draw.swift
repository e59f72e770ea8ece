import Inspection
import Workflow

extension Pages {
    /// 随机抽取: the ceremony page of a task.
    static func ceremony(_ ceremony: Workbench.Ceremony, staff: Staff, _ words: Words) -> HTML {
        let task = ceremony.task
        let role = staff.account.role
        let attempts = ceremony.attempts.reversed().map { attempt(ceremony, $0, staff: staff, words) }
        let lock: HTML? =
            role.may(.lockDraw) && !ceremony.locked && !ceremony.attempts.isEmpty
            ? """
            <form method="post" action="/tasks/\(segment: task.id)/draw/lock" class="card" id="lock">\(csrf(staff))
            <p>\(words("锁定后抽取结果即为最终结果，不能再重新抽取（002 (十四)）。", "Once locked, the draw is final and cannot be repeated (002 (十四))."))</p>
            <button type="submit">\(words("锁定第 \(ceremony.attempts.count) 次抽取的结果", "Lock attempt \(ceremony.attempts.count)"))</button></form>
            """ : nil
        let state: HTML =
            ceremony.locked
            ? "<p class=\"ok\" id=\"draw-state\">\(words("抽取结果已锁定。", "The draw is locked."))</p>"
            : ceremony.attempts.isEmpty
                ? "<p class=\"notice\" id=\"draw-state\">\(words("尚未抽取。", "Not drawn yet."))</p>"
                : "<p class=\"notice\" id=\"draw-state\">\(words("已抽取，尚未锁定。", "Drawn, not locked."))</p>"
        let form: HTML? = role.may(.draw) && !ceremony.locked ? drawForm(ceremony, staff: staff, words) : nil
        let ratios = task.ratios.keys.sorted().map { "\($0)=\(task.ratios[$0].map { String(describing: $0) } ?? "")" }.joined(separator: "、")
        return """
            <p class="lead">\(words("任务", "Task")) \(task.id) · \(task.start) — \(task.end) · \(words("对象类型", "types")) \(task.targetTypes.isEmpty ? words("全部", "all") : task.targetTypes.joined(separator: "、")) · \(words("比例", "ratios")) \(ratios)</p>
            \(state)
            \(form)
            \(lock)
            \(attempts)
            """
    }

    static func drawForm(_ ceremony: Workbench.Ceremony, staff: Staff, _ words: Words) -> HTML {
        let again = !ceremony.attempts.isEmpty
        let reason: HTML? =
            again
            ? """
            <label>\(words("重新抽取的理由（必填，记入记录并公示）", "Why the task is drawn again (required; recorded and published)")) <input name="reason" required maxlength="200"></label>
            """ : nil
        return """
            <form method="post" action="/tasks/\(segment: ceremony.task.id)/draw" class="card" id="draw">\(csrf(staff))
            <h2>\(again ? words("第 \(ceremony.attempts.count + 1) 次抽取", "Attempt \(ceremony.attempts.count + 1)") : words("开始抽取", "Draw"))</h2>
            <label>\(words("随机数来源（每行一个，抽取前公告的开奖结果，如“双色球2024064期：3 9 14 20 27 31”）", "Public random numbers, one source per line (results announced before the draw, e.g. 双色球2024064期：3 9 14 20 27 31)"))
            <textarea name="sources" rows="3" cols="60"></textarea></label>
            <label>\(words("或随机种子（不填来源时）", "Or a seed (when no source is given)")) <input name="seed" maxlength="200"></label>
            <label>\(words("见证人（以顿号或逗号分隔，001 §12）", "Witnesses (separated by 、 or commas; 001 §12)")) <input name="witnesses" maxlength="200"></label>
            \(reason)
            <details><summary>\(words("补录以前进行的抽取", "Entering a draw that took place earlier"))</summary>
            <label>\(words("抽取日期", "The day it took place")) <input type="date" name="drawnOn"></label>
            <label>\(words("补录理由", "Why it is entered late")) <input name="entryReason" maxlength="200"></label>
            </details>
            <button type="submit">\(words("开始抽取", "Draw"))</button>
            </form>
            """
    }

    static func attempt(_ ceremony: Workbench.Ceremony, _ attempt: Workbench.Ceremony.Attempt, staff: Staff, _ words: Words) -> HTML {
        let record = attempt.record
        let rows: [[HTML]] = record.result.map { selection in
            let drawn = selection.drawn.map { code in "\(code) \(ceremony.names[code] ?? "")" }.joined(separator: "；")
            return [text(selection.stratum), text(String(selection.population)), text(String(selection.drawn.count)), text(drawn)]
        }
        let signed: [HTML] = attempt.signOffs.map { "<li>\($0.witness) · \(beijing($0.at)) · SHA-256 \(String($0.sha256.prefix(16)))…</li>" }
        let sign: HTML? =
            staff.account.role.may(.witnessDraw) && !attempt.signOffs.contains(where: { $0.witness == staff.account.name })
            ? """
            <form method="post" action="/tasks/\(segment: ceremony.task.id)/draw/witness" class="inline" id="witness-\(attempt.number)">\(csrf(staff))\
            <input type="hidden" name="attempt" value="\(attempt.number)"><button type="submit">\(words("我在场见证，确认此次抽取", "I witnessed this draw: sign it"))</button></form>
            """ : nil
        let facts: [[HTML]] = [
            [text(words("抽取时间", "Drawn at")), text(beijing(record.drawnAt) + (record.enteredAt.isEmpty ? "" : words("（\(beijing(record.enteredAt)) 补录：\(record.entryReason)）", " (entered \(beijing(record.enteredAt)): \(record.entryReason))")))],
            [text(words("随机种子", "Seed")), text(record.seed)],
            [text(words("随机数来源", "Sources")), text(record.seedSources.joined(separator: "；"))],
            [text(words("操作人", "By")), text(record.actor)],
            [text(words("见证人", "Witnesses")), text(record.witnesses.joined(separator: "、"))],
            [text(words("重新抽取理由", "Why drawn again")), text(record.reason)],
            [text(words("名录库快照", "Registry snapshot")), "<a href=\"/public/files/\(segment: record.registryFile)\">\(record.registryFile)</a>"],
        ]
        return """
            <section class="attempt" id="attempt-\(attempt.number)">
            <h2>\(words("第 \(attempt.number) 次抽取", "Attempt \(attempt.number)"))</h2>
            \(table([words("项目", "Field"), words("内容", "Value")], facts, empty: ""))
            \(table([words("层", "Stratum"), words("候选数", "Candidates"), words("抽中数", "Drawn"), words("抽中对象（按抽取顺序）", "Drawn, in order")], rows, empty: "", id: "result-\(attempt.number)"))
            <p><a href="/public/files/\(segment: attempt.file)">\(words("下载抽取记录", "Download the record")) \(attempt.file)</a> ·
            <a href="/public/verify?record=\(segment: attempt.file)">\(words("在浏览器中核验", "Verify in the browser"))</a></p>
            <h3>\(words("见证人确认", "Witness sign-offs"))</h3>
            \(signed.isEmpty ? "<p class=\"empty\">\(words("尚无纪检监督人员确认。", "Not signed by a witness yet."))</p>" as HTML : "<ul class=\"signoffs\">\(signed)</ul>")
            \(sign)
            </section>
            """
    }
}
