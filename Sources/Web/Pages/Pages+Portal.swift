import Foundation
import Inspection

extension Pages {
    /// 公开信息: the plan's tasks with their draw and publication, the registry snapshots, and the
    /// targets that did not cooperate (000 §24).
    static func portal(_ overview: Workbench.PublicOverview, _ words: Words) -> HTML {
        let rows: [[HTML]] = overview.tasks.map { item in
            let draw: String =
                item.draws == 0
                ? words("待抽取", "not drawn") : item.locked ? words("已锁定（抽取 \(item.draws) 次）", "locked (\(item.draws) attempts)")
                : words("已抽取 \(item.draws) 次，未锁定", "\(item.draws) attempts, not locked")
            return [
                "<a href=\"/public/tasks/\(segment: item.task.id)\">\(item.task.id)</a>", text(item.task.name),
                text("\(item.task.start) — \(item.task.end)"), text(draw), text(item.publishedOn ?? words("未公示", "not published")),
            ]
        }
        let snapshots: [[HTML]] = overview.snapshots.map { ["<a href=\"/public/files/\(segment: $0)\">\($0)</a>"] }
        let nonCooperation: [[HTML]] = overview.nonCooperation.map { line in
            [text(line.targetName), text(line.creditCode), text(String(line.count)), text(line.dates.joined(separator: "、")),
             text(line.circumstances.joined(separator: "；"))]
        }
        return """
            <p class="lead">\(words(
                "本页公开本局“双随机、一公开”抽查的任务、每次随机抽取的记录和所用名录库快照、已公示的检查结果。任何人都可以下载抽取记录，在自己的浏览器中重新计算抽取结果（计算在浏览器中进行；核验程序可与公开的源代码比对）。",
                "This page publishes the bureau's spot-check tasks, the record of every random draw with the registry snapshot it used, and the published results. Anyone can download a draw record and recompute the draw in their own browser (the computing is done there; the verifier can be compared with the published source)."))</p>
            <h2>\(words("抽查任务", "Tasks"))</h2>
            \(table([words("任务编号", "Task"), words("任务名称", "Name"), words("检查时间", "Window"), words("随机抽取", "Draw"), words("结果公示", "Published")],
                rows, empty: words("尚无抽查任务。", "No tasks yet."), id: "tasks"))
            <h2>\(words("名录库快照", "Registry snapshots"))</h2>
            <p>\(words("每次抽取所用的检查对象名录（公开部分，不含地址、法定代表人等个人信息），文件名中是其 SHA-256。", "The public part of the registry each draw used (no addresses or other personal data); the file name holds its SHA-256."))</p>
            \(table([words("文件", "File")], snapshots, empty: words("尚无快照。", "None yet.")))
            <h2>\(words("不予配合情况公示", "Targets that did not cooperate"))</h2>
            \(table([words("机构名称", "Name"), words("统一社会信用代码", "Credit code"), words("次数", "Times"), words("日期", "Dates"), words("情形", "What happened")],
                nonCooperation, empty: words("无。", "None.")))
            """
    }

    /// One task: its plan, every draw attempt and match version with their files, its published results.
    static func publicTask(_ detail: Workbench.PublicTask, _ words: Words) -> HTML {
        let task = detail.task
        let ratios = task.ratios.keys.sorted().map { "\($0)=\(task.ratios[$0].map { String(describing: $0) } ?? "")" }.joined(separator: "、")
        let facts: [[HTML]] = [
            [text(words("任务编号", "Task")), text(task.id)],
            [text(words("检查事项", "Items")), text(task.items.joined(separator: "、"))],
            [text(words("检查对象类型", "Target types")), text(task.targetTypes.isEmpty ? words("全部", "all") : task.targetTypes.joined(separator: "、"))],
            [text(words("区域", "Districts")), text(task.districts.isEmpty ? words("全部", "all") : task.districts.joined(separator: "、"))],
            [text(words("抽查比例", "Ratios")), text(ratios)],
            [text(words("检查时间", "Window")), text("\(task.start) — \(task.end)")],
            [text(words("发起单位", "Initiator")), text(task.initiator)],
        ]
        let draws: [[HTML]] = detail.draws.enumerated().map { index, file in
            let state = index == detail.draws.count - 1 && detail.locked ? words("已锁定", "locked") : ""
            return [
                text(words("第 \(index + 1) 次", "attempt \(index + 1)")), "<a href=\"/public/files/\(segment: file)\">\(file)</a>",
                "<a href=\"/public/verify?record=\(segment: file)\">\(words("在浏览器中核验", "verify in this browser"))</a>", text(state),
            ]
        }
        let matches: [[HTML]] = detail.matches.enumerated().map { index, file in
            [text(words("第 \(index + 1) 版", "version \(index + 1)")), "<a href=\"/public/files/\(segment: file)\">\(file)</a>"]
        }
        let results: [[HTML]] = detail.results.map { line in
            [text(line.targetName), text(line.creditCode), text(line.items.joined(separator: "、")), text(line.outcome), text(line.date)]
        }
        let published: HTML =
            if let day = detail.publishedOn {
                """
                <p>\(words("公示日期：", "Published on ")) \(day)</p>
                \(table([words("机构名称", "Name"), words("统一社会信用代码", "Credit code"), words("检查事项", "Items"), words("处理结果", "Outcome"), words("检查日期", "Date")],
                    results, empty: words("无。", "None."), id: "results"))
                """
            } else {
                "<p class=\"empty\">\(words("检查结果尚未公示。", "The results are not published yet."))</p>"
            }
        return """
            \(table([words("项目", "Field"), words("内容", "Value")], facts, empty: ""))
            <h2>\(words("随机抽取记录", "Draw records"))</h2>
            \(table([words("次序", "Attempt"), words("记录文件", "Record"), words("核验", "Verify"), words("状态", "State")], draws,
                empty: words("尚未抽取。", "Not drawn yet."), id: "draws"))
            <h2>\(words("执法人员匹配记录", "Match records"))</h2>
            \(table([words("版本", "Version"), words("记录文件", "Record")], matches, empty: words("尚未匹配。", "Not matched yet.")))
            <h2>\(words("检查结果公示", "Published results"))</h2>
            \(published)
            """
    }

    /// 核验随机抽取: recomputes a draw from its record and snapshot with the visitor's own browser
    /// (`drawverify.js`, written from docs/DRAW.md); the files come from this server or from the visitor's disk.
    static func verify(record: String?, _ words: Words) -> HTML {
        let preset: HTML? = record.map { "<p>\(words("正在核验：", "Verifying: "))<code>\($0)</code></p>" }
        return """
            <p class="lead">\(words(
                "核验在您的浏览器中进行：页面读取抽取记录和名录库快照，按公开的算法（docs/DRAW.md）重新计算每一层的抽取结果，并与记录比对。计算不经过本服务器，您也可以选择自己保存的文件。",
                "The check runs in your browser: the page reads the draw record and the registry snapshot, recomputes every stratum's draw by the published algorithm (docs/DRAW.md) and compares it with the record. Nothing is computed by this server; you may also choose files you saved yourself."))</p>
            <div id="verify" data-record="\(record ?? "")">
            \(preset)
            <form id="local" class="card">
            <h2>\(words("用自己保存的文件核验", "Verify files you saved"))</h2>
            <label>\(words("抽取记录（.xml）", "Draw record (.xml)")) <input type="file" id="recordFile" accept=".xml"></label>
            <label>\(words("名录库快照（.csv）", "Registry snapshot (.csv)")) <input type="file" id="snapshotFile" accept=".csv"></label>
            <label>\(words("上一次抽取的记录（重新抽取时，可选）", "The previous attempt's record (for a redraw, optional)")) <input type="file" id="previousFile" accept=".xml"></label>
            <button type="submit">\(words("核验", "Verify"))</button>
            </form>
            <div id="outcome" aria-live="polite"></div>
            </div>
            <p class="hint">\(words(
                "核验程序 drawverify.js 的 SHA-256：", "The SHA-256 of the verifier drawverify.js: "))<code id="verifier-sha256">\(Assets.verifierSHA256)</code>\(words(
                "。它由本服务器提供；如不信任本服务器，可将其与 SpotCheck 公开源代码中的同名文件比对，或自行按 docs/DRAW.md 编写程序核验。",
                ". This server serves it: if you do not trust the server, compare it with the file of that name in SpotCheck's published source, or check the draw with a program of your own written from docs/DRAW.md."))</p>
            <noscript><p class="problem">\(words("核验需要浏览器启用 JavaScript。", "Verification needs JavaScript."))</p></noscript>
            <script src="/static/drawverify.js"></script>
            <script src="/static/verify-page.js"></script>
            """
    }
}
