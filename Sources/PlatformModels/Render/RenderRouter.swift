/// Render's request routing for one static site: files first, then `routes` in order, and `headers`.
///
/// As Render documents (<https://render.com/docs/redirects-rewrites>): a rule never applies to a path where a
/// resource exists, the file is served; otherwise rules are tried from the top and the first match wins; a
/// redirect answers `301`; a rewrite serves the destination's content at the requested path. Chosen where the
/// docs are silent:
/// - a resource exists at a path when `SiteFileIndex.lookup` finds one (the file, `path.html`,
///   `path/index.html`);
/// - a rewrite to a site path serves that file, or `404` when there is none (rules are not applied again);
///   a rewrite to an `http(s)` URL is a proxy, answered by the upstream with no custom headers;
/// - the request's query string is kept on a redirect or proxy whose destination has none;
/// - no rule and no file: `404` with no body file (Render's docs describe a plain 404 and no `404.html`);
/// - every matching header rule applies in order, a later one overriding an earlier one per header name, and
///   header names are reported in lower case, as Render sends them.
///
/// ```swift
/// let router = RenderRouter(routes: site.routes, headers: site.headers, files: SiteFileIndex(paths: ["/index.html"]))
/// let answer = router.route(RouteRequest("/app/settings")!)
/// ```
public struct RenderRouter: SiteRouter {
    /// The `source` shown in `RouteResult.rule`.
    public static let ruleSource = "render.yaml"

    /// The redirect and rewrite rules in evaluation order.
    public let routes: [RenderRoute]
    /// The header rules in application order.
    public let headerRules: [RenderHeaderRule]
    /// The site's files.
    public let files: SiteFileIndex

    /// Builds a router over a static site's rules and files.
    public init(routes: [RenderRoute], headers: [RenderHeaderRule], files: SiteFileIndex) {
        self.routes = routes
        self.headerRules = headers
        self.files = files
    }

    /// Builds a router over a service's `routes` and `headers`.
    public init(service: RenderService, files: SiteFileIndex) {
        self.init(routes: service.routes, headers: service.headers, files: files)
    }

    /// Predicts Render's answer to `request`.
    ///
    /// - Parameter includeHeaders: false to skip the custom headers, for callers that only follow the answer.
    public func route(_ request: RouteRequest, includeHeaders: Bool = true) -> RouteResult {
        let decodedPath = PercentDecoding.decode(request.path)
        let headers = { includeHeaders ? customHeaders(for: decodedPath) : [:] }
        if let file = files.lookup(decodedPath) {
            return RouteResult(status: 200, file: file, headers: headers())
        }
        guard let (index, captures) = firstMatch(decodedPath: decodedPath) else {
            return RouteResult(status: 404, headers: headers())
        }
        let route = routes[index]
        let reference = RouteResult.RuleReference(source: Self.ruleSource, line: route.line)
        let target = RenderRoutePattern.substitute(route.destination, captures)
        let query = request.query.flatMap { $0.isEmpty ? nil : $0 }
        let targetWithQuery = query.map { target.contains("?") ? target : target + "?" + $0 } ?? target
        switch route.kind {
        case .redirect:
            return RouteResult(status: 301, location: targetWithQuery, rule: reference, headers: headers())
        case .rewrite where RenderRoute.isURL(target):
            return RouteResult(status: 200, proxy: targetWithQuery, rule: reference)
        case .rewrite:
            let path = PercentDecoding.decode(target.prefix(while: { $0 != "?" && $0 != "#" }))
            if let file = files.lookup(path) {
                return RouteResult(status: 200, file: file, rule: reference, headers: headers())
            }
            return RouteResult(status: 404, rule: reference, headers: headers())
        }
    }

    /// The first route whose source matches a decoded path, with its captures. Files are not consulted: callers
    /// that honour them check `files` first.
    public func firstMatch(decodedPath: String, excluding: Int? = nil) -> (index: Int, captures: RenderRoutePattern.Captures)? {
        for (index, route) in routes.enumerated() where index != excluding {
            if let captures = route.pattern.match(decodedPath) { return (index, captures) }
        }
        return nil
    }

    /// The custom headers Render adds to a response for a decoded path, names in lower case.
    public func customHeaders(for decodedPath: String) -> [String: String] {
        var headers: [String: String] = [:]
        for rule in headerRules where rule.pattern.matches(decodedPath) {
            headers[rule.name.lowercased()] = rule.value
        }
        return headers
    }
}
