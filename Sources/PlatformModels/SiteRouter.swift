/// A platform's routing for one deploy: how it answers a request, over which files.
///
/// Analyzers that only follow answers (such as the HTML reference check) are generic over it, so one analyzer
/// serves Netlify, Render and later platforms.
public protocol SiteRouter: Sendable {
    /// The deploy's files.
    var files: SiteFileIndex { get }

    /// Predicts the platform's answer to `request`; `includeHeaders` false skips computing custom headers.
    func route(_ request: RouteRequest, includeHeaders: Bool) -> RouteResult
}
