import Foundation
import Hummingbird
import Store

/// What the workbench knows about a request beyond the request itself: who is logged in (if anyone)
/// and in which language to answer.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The logged-in person and their session; nil for the public and for anyone not logged in.
    public var staff: Staff?
    /// English when the browser prefers it (Accept-Language), Chinese otherwise.
    public var english = false

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Uploads are read route by route with their own limits (`Limits`); this is the ceiling for any body.
    public var maxUploadSize: Int { Limits.largestUpload }
}

/// A logged-in person.
public struct Staff: Sendable {
    public var session: StaffSession
    public var account: Account
}

/// The sizes the workbench accepts.
public enum Limits {
    /// A form of fields (no file): 64 KiB.
    public static let form = 64 * 1024
    /// Any request body at all.
    public static let largestUpload = 64 * 1024 * 1024
}
