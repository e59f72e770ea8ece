import Foundation
import Hummingbird
import Inspection

/// The page of a job: its progress while it runs (the page refreshes itself, no script needed), then
/// what it did and links to what it made, or what went wrong.
extension Workbench {
    func addJobs(to router: Router<WebContext>, routes: inout Routes) {
        staff(router, &routes, .get, "/jobs/{job}", .read) { _, context, _, _ in
            let id = try Self.parameter(context, "job")
            guard let job = self.jobs.job(id) else { throw WebError.notFound(id) }
            let words = Words(english: context.english)
            return self.page(context, title: words(job.title.zh, job.title.en), body: Pages.job(job, words))
        }
    }
}
