import Foundation
import Inspection
import Store
import Support

extension Pages {
    /// 检查结果录入: every visit (or the person's own), with its result's state.
    static func visits(_ list: Workbench.VisitList, mine: Bool, keys: Set<String>, _ words: Words) -> HTML {
        let items = list.items.filter { !mine || !keys.isDisjoint(with: $0.visit.inspectors + $0.visit.experts) }
        let rows: [[HTML]] = items.map { item in
            let state: HTML =
                item.published ? "\(words("已公示", "published"))：\(item.outcome ?? "")"
                : item.outcome.map { "\(words("已录入", "recorded"))：\($0)" } ?? "<span class=\"overdue\">\(words("待录入", "to record"))</span>"
            return [
                "<a href=\"/visits/\(segment: item.visit.id)\">\(item.visit.id)</a>", text(item.visit.date), text(item.targetName),
                text(item.visit.target), text(item.visit.tasks.joined(separator: "、")), state,
            ]
        }
        let filter: HTML =
            keys.isEmpty ? ""
            : mine ? "<p><a href=\"/visits\">\(words("显示全部检查", "Show every visit"))</a></p>"
            : "<p><a href=\"/visits?mine=1\">\(words("只看我参加的检查", "Only my visits"))</a></p>"
        return """
            \(filter)
            \(table([words("检查编号", "Visit"), words("日期", "Date"), words("检查对象", "Target"), words("统一社会信用代码", "Credit code"), words("任务", "Tasks"), words("结果", "Result")],
                rows, empty: words("还没有检查（抽取并匹配后生成）。", "No visits yet (they come from a locked draw and its match)."), id: "visits"))
            """
    }

    /// One visit: facts, results and evidence, and the form for its result.
    /// The review of the current version where the office reviews results: its state and history, the
    /// submission for whoever records, the decision for the unit head.
    static func review(_ detail: Workbench.VisitDetail, staff: Staff, _ words: Words) -> HTML? {
        guard detail.reviewed, let state = detail.reviewState, let current = detail.results.last, !detail.published else { return nil }
        let role = staff.account.role
        let id = detail.visit.id
        let steps = detail.reviews.filter { $0.version == current.version }.map { step -> HTML in
            let what =
                switch step.action {
                case .submit: words("提交审核", "submitted")
                case .approve: words("审核通过", "approved")
                case .return: words("退回", "returned")
                }
            return "<li>\(beijing(step.at)) \(step.actor) \(what)\(step.note.isEmpty ? "" : "：\(step.note)")</li>"
        }
        let version: HTML = "<input type=\"hidden\" name=\"version\" value=\"\(String(current.version))\">"
        let submit: HTML? =
            state.allows(.submit) && role.may(.recordResult)
            ? """
            <form method="post" action="/visits/\(segment: id)/submit" class="inline">\(csrf(staff))\(version)<button type="submit" id="submit-review">\(words("提交审核", "Submit for review"))</button></form>
            """ : nil
        // Two forms: Enter in the reason never approves.
        let decide: HTML? =
            state == .submitted && role.may(.reviewResult) && current.actor != staff.account.name
            ? """
            <form method="post" action="/visits/\(segment: id)/review" id="approve">\(csrf(staff))\(version)<input type="hidden" name="decision" value="approve">
            <button type="submit">\(words("审核通过", "Approve"))</button></form>
            <form method="post" action="/visits/\(segment: id)/review" id="return">\(csrf(staff))\(version)<input type="hidden" name="decision" value="return">
            <label>\(words("退回理由", "Why it is returned")) <input name="note" required maxlength="200"></label>
            <button type="submit">\(words("退回修改", "Return"))</button></form>
            """ : nil
        return """
            <div class="card" id="review-state" data-state="\(state.rawValue)">
            <h2>\(words("结果审核", "Review"))：\(words(state.label, state.english))（\(words("第 \(current.version) 版", "version \(current.version)"))）</h2>
            <ul>\(steps)</ul>
            \(submit)
            \(decide)
            </div>
            """
    }

    static func visit(
        _ detail: Workbench.VisitDetail, staff: Staff, problem: (any SpotCheckError)?, entry: ResultEntry? = nil, _ words: Words
    ) -> HTML {
        let visit = detail.visit
        let facts: [[HTML]] = [
            [text(words("检查对象", "Target")), text("\(detail.target?.name ?? "") \(visit.target)")],
            [text(words("检查日期", "Date")), text(visit.date)],
            [text(words("任务", "Tasks")), text(visit.tasks.joined(separator: "、"))],
            [text(words("检查组", "Team")), text(detail.team.joined(separator: "、"))],
        ]
        let versions: [[HTML]] = detail.results.reversed().map { stored in
            let result = stored.result
            let findings = result.findings.map { "\($0.item)：\($0.finding)" }.joined(separator: "；")
            return [
                text("v\(stored.version)"), text(beijing(stored.recordedAt)), text(stored.actor), text(result.conclusion),
                text(result.rectifyBy?.description ?? ""), text(findings),
                text(stored.correction.map { words("更正：\($0)（\(stored.unitHead ?? "")）", "correction: \($0) (\(stored.unitHead ?? ""))") } ?? ""),
            ]
        }
        let evidence: [[HTML]] = detail.evidence.map { [text($0.name), text(String($0.size)), "<code>\($0.sha256)</code>"] }
        let alert: HTML? = problem.map { Pages.problem($0, words) }
        let role = staff.account.role
        let form: HTML? =
            role.may(.recordResult) && (!detail.published || role.may(.correctPublished))
            ? resultForm(detail, staff: staff, entry: entry ?? current(detail), words) : nil
        let closed: HTML? =
            detail.published && !role.may(.correctPublished)
            ? "<p class=\"notice\">\(words("结果已公示；确有错误的，由负责人更正（002 (二十三)）。", "The result is published; a proven error is corrected by the unit head (002 (二十三))."))</p>" : nil
        return """
            \(table([words("项目", "Field"), words("内容", "Value")], facts, empty: ""))
            \(alert)
            \(review(detail, staff: staff, words))
            <h2>\(words("检查结果", "Results"))</h2>
            \(table([words("版本", "Version"), words("录入时间", "Recorded"), words("录入人", "By"), words("结论", "Conclusion"), words("整改期限", "Rectify by"), words("检查发现", "Findings"), words("更正", "Correction")],
                versions, empty: words("尚未录入。", "Not recorded yet."), id: "results"))
            <h2>\(words("证据材料", "Evidence"))</h2>
            \(table([words("文件", "File"), words("字节", "Bytes"), "SHA-256"], evidence, empty: words("无。", "None."), id: "evidence"))
            \(closed)
            \(form)
            """
    }

    /// The entry the form starts from: the current result as typed text, or an empty one on the visit's day.
    static func current(_ detail: Workbench.VisitDetail) -> ResultEntry {
        guard let result = detail.results.last?.result else { return ResultEntry(visit: detail.visit.id, finished: detail.visit.date) }
        return ResultEntry(visit: result.visit, finished: result.finished.description) { entry in
            entry.status = result.status.rawValue
            entry.started = result.started?.description ?? ""
            entry.method = result.method.rawValue
            entry.findings = result.findings.map { "\($0.item)=\($0.finding)" }
            entry.outcome = result.outcome?.rawValue ?? ""
            entry.rectifyBy = result.rectifyBy?.description ?? ""
            entry.remarks = result.remarks
            entry.signedBy = result.signedBy
            entry.refused = result.refusal
            entry.witness = result.witness
            entry.violationAmount = result.violationAmount.map { String(describing: $0) } ?? ""
            entry.recoveryAmount = result.recoveryAmount.map { String(describing: $0) } ?? ""
            entry.nonCooperation = result.nonCooperation
            entry.nonCooperationDetails = result.nonCooperationDetails
        }
    }

    static func resultForm(_ detail: Workbench.VisitDetail, staff: Staff, entry: ResultEntry, _ words: Words) -> HTML {
        func options<V: Vocabulary>(_ type: V.Type, _ selected: String, blank: String? = nil) -> HTML {
            let none: HTML? = blank.map { "<option value=\"\"\(selected.isEmpty ? " selected" : "")>\($0)</option>" }
            let rest = V.allCases.map { value in
                "<option value=\"\(value.rawValue)\"\(value.rawValue == selected ? " selected" : "")>\(value.label(english: words.english))</option>" as HTML
            }
            return "\(none)\(rest)"
        }
        let typed = Dictionary(entry.findings.compactMap { text -> (String, String)? in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
        let findings = detail.items.map { item in
            """
            <label>\(item)<input type="hidden" name="item" value="\(item)">\
            <textarea name="finding" rows="2" cols="80" placeholder="\(words("未发现问题", "nothing found"))">\(typed[item] ?? "")</textarea></label>
            """ as HTML
        }
        let nonCooperation = VisitResult.nonCooperationCases.keys.sorted().map { number in
            let checked = entry.nonCooperation.contains(number) ? " checked" : ""
            return "<label class=\"check\"><input type=\"checkbox\" name=\"nonCooperation\" value=\"\(number)\"\(checked)> (\(number)) \(VisitResult.nonCooperationCases[number] ?? "")</label>" as HTML
        }
        let correction: HTML? =
            detail.published
            ? "<label>\(words("更正理由（结果已公示，由负责人签字更正，002 (二十三)）", "Why it is corrected (published: signed by the unit head, 002 (二十三))")) <input name=\"correction\" required maxlength=\"300\"></label>"
            : nil
        return """
            <form method="post" action="/visits/\(segment: detail.visit.id)/result" enctype="multipart/form-data" class="card" id="result">
            <h2>\(detail.results.isEmpty ? words("录入结果", "Record the result") : words("修改结果（保存为新版本）", "Change the result (kept as a new version)"))</h2>
            \(csrf(staff))<input type="hidden" name="basedOn" value="\(detail.results.last?.version ?? 0)">
            <label>\(words("检查状态", "Status")) <select name="status">\(options(VisitStatus.self, entry.status))</select></label>
            <label>\(words("检查方式", "Method")) <select name="method">\(options(CheckMethod.self, entry.method))</select></label>
            <label>\(words("开始日期", "Started")) <input type="date" name="started" value="\(entry.started)"></label>
            <label>\(words("结束日期", "Finished")) <input type="date" name="finished" value="\(entry.finished)" required></label>
            <h3>\(words("检查发现（逐项填写）", "Findings, item by item"))</h3>
            \(findings)
            <label>\(words("处理意见（000 §20）", "Outcome (000 §20)")) <select name="outcome">\(options(Outcome.self, entry.outcome, blank: words("（无法联系、已注销时不填）", "(none when unreachable or deregistered)")))</select></label>
            <label>\(words("整改期限", "Rectify by")) <input type="date" name="rectifyBy" value="\(entry.rectifyBy)"></label>
            <label>\(words("违规金额（元）", "Amount in breach (yuan)")) <input name="violationAmount" value="\(entry.violationAmount)" inputmode="decimal"></label>
            <label>\(words("追回金额（元）", "Amount recovered (yuan)")) <input name="recoveryAmount" value="\(entry.recoveryAmount)" inputmode="decimal"></label>
            <label>\(words("被检查单位签字人", "Signed by (for the target)")) <input name="signedBy" value="\(entry.signedBy)" maxlength="50"></label>
            <label>\(words("拒绝签字的情况", "Refusal to sign")) <input name="refused" value="\(entry.refused)" maxlength="300"></label>
            <label>\(words("见证人（拒签时）", "Witness (of a refusal)")) <input name="witness" value="\(entry.witness)" maxlength="50"></label>
            <fieldset><legend>\(words("不予配合情形（000 §24）", "Non-cooperation (000 §24)"))</legend>\(nonCooperation)
            <label>\(words("不予配合的具体情况", "What happened")) <input name="nonCooperationDetails" value="\(entry.nonCooperationDetails)" maxlength="300"></label></fieldset>
            <label>\(words("备注", "Remarks")) <textarea name="remarks" rows="2" cols="80">\(entry.remarks)</textarea></label>
            <label>\(words("证据材料（照片、扫描件，一次最多三个文件；保存其 SHA-256）", "Evidence (photos, scans; up to three files at a time; their SHA-256 is kept)")) <input type="file" name="evidence1"> <input type="file" name="evidence2"> <input type="file" name="evidence3"></label>
            \(correction)
            <button type="submit">\(words("保存", "Save"))</button>
            </form>
            """
    }
}
