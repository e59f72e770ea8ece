import Support

/// The web layer, for `WebError`.
public enum WebLayer: ErrorLayer { public static let name = "web" }

/// A request the workbench cannot answer: something named that is not there, an upload too large.
public typealias WebError = LayerError<WebLayer>

extension LayerError where Layer == WebLayer {
    static func notFound(_ what: String) -> WebError {
        WebError(zh: "没有找到“\(what)”", en: "“\(what)” was not found", code: .notFound)
    }
}
