import Foundation
import Support
import Workflow

/// Long work started from a page — a task's documents with their PDFs, sealing a task, a check, an
/// export — run on a thread of its own while its page shows the progress and refreshes itself.
///
/// One job per task runs at a time (documents and the archive write the same folders and register): a
/// second click on 生成 while one runs leads to the job already running, not to a second. Jobs live in memory: what they make is recorded by the services
/// as it is made (atomically), so a restart of the server loses only the progress page. A finished
/// job's page is kept for a day, and at most `kept` jobs are.
final class Jobs: @unchecked Sendable {
    /// A link the finished job offers: its files, or the page to go back to.
    struct Link: Sendable, Hashable {
        var zh: String
        var en: String
        var href: String
    }

    enum State: Sendable { case running, finished, failed }

    /// What a job's work returns: lines to show, and links to what it made.
    struct Outcome: Sendable {
        var lines: [DocumentService.Note] = []
        var links: [Link] = []
    }

    struct Job: Sendable {
        let id: String
        /// task and kind: one such job runs at a time.
        let key: String
        let title: DocumentService.Note
        let owner: String
        /// The page the job belongs to.
        let back: String
        let started: Date
        var state = State.running
        var done = 0
        var total = 0
        var phase: DocumentService.Note?
        var outcome = Outcome()
        var error: DocumentService.Note?
        var finished: Date?

        /// Percent done, 0–100 (0 while the total is not known).
        var percent: Int { total > 0 ? min(100, done * 100 / total) : (state == .running ? 0 : 100) }
    }

    /// How the work reports its progress.
    struct Reporter: Sendable {
        let jobs: Jobs
        let id: String

        func progress(_ done: Int, of total: Int) { jobs.update(id) { $0.done = done; $0.total = total } }

        /// One more of `total` done (from any thread).
        func advance(of total: Int) { jobs.update(id) { $0.done += 1; $0.total = total } }

        func phase(_ zh: String, _ en: String) { jobs.update(id) { $0.phase = .init(zh: zh, en: en) } }
    }

    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    let kept = 200

    /// Starts `work` on its own thread, unless a job of the same key is running: then that job's id.
    func start(
        key: String, title: DocumentService.Note, owner: String, back: String, work: @escaping @Sendable (Reporter) throws -> Outcome
    ) -> String {
        let id = AccountService.newToken()
        let job = Job(id: id, key: key, title: title, owner: owner, back: back, started: Date())
        let running: String? = locked {
            if let running = jobs.values.first(where: { $0.key == key && $0.state == .running }) { return running.id }
            prune()
            jobs[id] = job
            return nil
        }
        if let running { return running }
        let reporter = Reporter(jobs: self, id: id)
        Thread {
            do {
                let outcome = try work(reporter)
                self.update(id) {
                    $0.outcome = outcome
                    $0.state = .finished
                    $0.done = max($0.done, $0.total)
                    $0.finished = Date()
                }
            } catch {
                let note: DocumentService.Note =
                    if let ours = error as? any SpotCheckError {
                        .init(zh: ours.localized(english: false), en: ours.localized(english: true))
                    } else {
                        // Not one of ours: its text (paths, library details) goes to the server's log, not the page.
                        .init(zh: "操作未能完成（服务器内部错误，详见服务器日志）", en: "the work could not be done (an internal error; see the server's log)")
                    }
                if !(error is any SpotCheckError) { FileHandle.standardError.write(Data("job \(key): \(error)\n".utf8)) }
                self.update(id) {
                    $0.error = note
                    $0.state = .failed
                    $0.finished = Date()
                }
            }
        }.start()
        return id
    }

    func job(_ id: String) -> Job? { locked { jobs[id] } }

    /// The jobs of one page (a task's documents or archive), newest first.
    func jobs(back: String) -> [Job] { locked { jobs.values.filter { $0.back == back }.sorted { $0.started > $1.started } } }

    func update(_ id: String, _ change: (inout Job) -> Void) {
        locked {
            if var job = jobs[id] {
                change(&job)
                jobs[id] = job
            }
        }
    }

    /// Finished jobs older than a day go, then the oldest finished ones beyond `kept`.
    private func prune() {
        let day = Date().addingTimeInterval(-86_400)
        jobs = jobs.filter { $0.value.finished.map { $0 > day } ?? true }
        let finished = jobs.values.filter { $0.state != .running }.sorted { $0.started < $1.started }
        for job in finished.prefix(max(0, jobs.count - kept)) { jobs[job.id] = nil }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
