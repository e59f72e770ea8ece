import Inspection

extension Pages {
    /// 工作台.
    static func desk(_ desk: Workbench.Desk, staff: Staff, _ words: Words) -> HTML {
        let overdue = desk.deadlines.filter { $0.workingDaysLeft < 0 }
        let soon = desk.deadlines.filter { (0...5).contains($0.workingDaysLeft) }
        let counts: [HTML] = TaskStage.allCases.map { stage in
            let count = desk.tasks.filter { $0.stage == stage }.count
            return "<li class=\"stage\"><span class=\"count\">\(count)</span> \(stage.label(english: words.english))</li>"
        }
        let deadlineRows: [[HTML]] = (overdue + soon).map { deadline in
            let left: HTML =
                deadline.workingDaysLeft < 0
                ? "<span class=\"overdue\">\(words("已逾期 \(-deadline.workingDaysLeft) 个工作日", "\(-deadline.workingDaysLeft) working days overdue"))</span>"
                : "\(words("还剩 \(deadline.workingDaysLeft) 个工作日", "\(deadline.workingDaysLeft) working days left"))"
            return [text(deadline.what.label(english: words.english)), text(deadline.task), text(deadline.visit), text(deadline.due), left, text(deadline.basis)]
        }
        let taskRows: [[HTML]] = desk.tasks.map { item in
            [
                "<a href=\"/tasks/\(segment: item.task.id)\">\(item.task.id)</a>", text(item.task.name),
                text("\(item.task.start) — \(item.task.end)"), text(item.stage.label(english: words.english)),
                text(item.visits == 0 ? "" : "\(item.withResults)/\(item.visits)"),
            ]
        }
        return """
            <p class="lead">\(words("今天是", "Today is ")) \(desk.today.description)\(words("（北京时间）。", " (Beijing time)."))</p>
            <section class="waiting"><h2>\(words("待我处理", "Waiting for me"))</h2>\(waiting(desk, staff: staff, words))</section>
            <h2>\(words("任务进度", "Tasks by stage"))</h2>
            <ul class="stages">\(counts)</ul>
            \(table([words("任务编号", "Task"), words("任务名称", "Name"), words("检查时间", "Window"), words("状态", "Stage"), words("已录结果", "Results")],
                taskRows, empty: words("尚未导入年度计划。", "No plan imported yet."), id: "tasks"))
            <h2>\(words("期限（逾期和 5 个工作日内到期）", "Deadlines (overdue and due within 5 working days)"))</h2>
            \(table([words("事项", "What"), words("任务", "Task"), words("检查", "Visit"), words("期限", "Due"), words("剩余", "Left"), words("依据", "Basis")],
                deadlineRows, empty: words("没有逾期或即将到期的事项。", "Nothing overdue or due soon."), id: "deadlines"))
            """
    }

    /// What the person's role has to do next.
    static func waiting(_ desk: Workbench.Desk, staff: Staff, _ words: Words) -> HTML {
        var items: [HTML] = []
        let role = staff.account.role
        for item in desk.tasks {
            let id = item.task.id
            switch item.stage {
            case .toDraw where role.may(.draw): items.append("<li>\(words("任务 \(id) 待抽取", "Task \(id) is to be drawn"))</li>")
            case .drawn where role.may(.lockDraw): items.append("<li>\(words("任务 \(id) 的抽取待锁定", "Task \(id)'s draw is to be locked"))</li>")
            case .locked where role.may(.match): items.append("<li>\(words("任务 \(id) 待匹配执法人员", "Task \(id) is to be matched"))</li>")
            case .toPublish where role.may(.publish): items.append("<li>\(words("任务 \(id) 的结果待公示", "Task \(id)'s results are to be published"))</li>")
            default: break
            }
        }
        for visit in desk.myVisits {
            items.append("<li>\(words("检查 \(visit.id)（\(visit.date)）待录入结果", "Visit \(visit.id) (\(visit.date)) needs its result"))</li>")
        }
        let overdue = desk.deadlines.filter { $0.workingDaysLeft < 0 }.count
        if overdue > 0 { items.append("<li class=\"overdue\">\(words("有 \(overdue) 项期限已逾期", "\(overdue) deadlines are overdue"))</li>") }
        if role.may(.reviewResult) {
            for visit in desk.submitted {
                items.append("<li><a href=\"/visits/\(segment: visit)\">\(words("检查 \(visit) 的结果待审核", "Visit \(visit)'s result awaits review"))</a></li>")
            }
        }
        if role.may(.recordResult) {
            for visit in desk.returned {
                items.append("<li><a href=\"/visits/\(segment: visit)\">\(words("检查 \(visit) 的结果被退回，待修改", "Visit \(visit)'s result was returned"))</a></li>")
            }
        }
        if items.isEmpty { return "<p class=\"empty\">\(words("暂无待办事项。", "Nothing is waiting for you."))</p>" }
        return "<ul>\(items)</ul>"
    }
}
