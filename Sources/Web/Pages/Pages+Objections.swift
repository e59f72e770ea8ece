import Inspection

extension Pages {
    /// 异议处理: every objection with its deadlines, and the forms a clerk or the unit head uses.
    static func objections(_ objections: [Objection], staff: Staff, _ words: Words) -> HTML {
        let may = staff.account.role.may(.handleObjection)
        let rows: [[HTML]] = objections.map { objection in
            var actions: HTML = ""
            if may, objection.decidedOn == nil {
                actions = """
                    <form method="post" action="/objections/\(objection.id)/decide" class="inline" id="decide-\(objection.id)">\(csrf(staff))\
                    <input type="date" name="on" required> <input name="decision" required maxlength="300" placeholder="\(words("复查结论", "decision"))"> \
                    <button type="submit">\(words("记录复查结论", "Record the decision"))</button></form>
                    """
            } else if may, objection.feedbackOn == nil {
                actions = """
                    <form method="post" action="/objections/\(objection.id)/feedback" class="inline" id="feedback-\(objection.id)">\(csrf(staff))\
                    <input type="date" name="on" required> <button type="submit">\(words("记录已反馈", "Record the feedback"))</button></form>
                    """
            }
            return [
                text(String(objection.id)), "<a href=\"/visits/\(segment: objection.visit)\">\(objection.visit)</a>", text(objection.receivedOn),
                text(objection.applicant), text(objection.reason), text(objection.reviewDue),
                text(objection.decidedOn.map { "\($0)：\(objection.decision ?? "")" } ?? words("待复查", "to review")),
                text(objection.feedbackOn ?? objection.feedbackDue.map { words("\($0) 前反馈", "feedback by \($0)") } ?? ""), actions,
            ]
        }
        let receive: HTML? =
            may
            ? """
            <form method="post" action="/objections" class="card" id="receive">\(csrf(staff))
            <h2>\(words("登记异议", "Receive an objection"))</h2>
            <label>\(words("检查编号", "Visit")) <input name="visit" required maxlength="40"></label>
            <label>\(words("收到日期", "Received on")) <input type="date" name="on" required></label>
            <label>\(words("申请人", "Applicant")) <input name="applicant" required maxlength="100"></label>
            <label>\(words("异议理由", "Reason")) <input name="reason" required maxlength="300"></label>
            <button type="submit">\(words("登记", "Receive"))</button></form>
            """ : nil
        return """
            <p class="lead">\(words("对公示结果的异议：收到后按期复查，复查结论按期反馈（002 (二十三)），期限按法定工作日计算。", "Objections to published results: reviewed and answered within their deadlines (002 (二十三)), counted in working days."))</p>
            \(table([words("编号", "No."), words("检查", "Visit"), words("收到", "Received"), words("申请人", "Applicant"), words("理由", "Reason"), words("复查期限", "Review by"), words("复查结论", "Decision"), words("反馈", "Feedback"), words("办理", "Action")],
                rows, empty: words("没有异议。", "No objections."), id: "objections"))
            \(receive)
            """
    }
}
