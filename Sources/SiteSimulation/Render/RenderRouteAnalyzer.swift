import PlatformModels

/// Checks a static site's `routes` against its files and each other: routes that never fire (a file is there,
/// or an earlier route always matches first), targets nothing serves, and redirect loops.
public struct RenderRouteAnalyzer: Sendable {
    let router: RenderRouter
    let file: String

    /// Creates an analyzer; findings name `file` (render.yaml as shown to the user).
    public init(router: RenderRouter, file: String) {
        self.router = router
        self.file = file
    }

    /// `RENDER_ROUTE_SHADOWED`, `RENDER_ROUTE_UNREACHABLE`, `RENDER_ROUTE_TARGET_MISSING` and `RENDER_ROUTE_LOOP`.
    public func run() -> [Finding] {
        var findings: [Finding] = []
        let routes = router.routes
        for (index, route) in routes.enumerated() {
            let sourcePath = PercentDecoding.decode(route.source)
            if route.pattern.isLiteral, let file = router.files.lookup(sourcePath) {
                findings.append(
                    Finding(
                        .renderRouteShadowed,
                        file: self.file,
                        line: route.line,
                        message:
                            "route from \(route.source.abbreviated(60)) never fires: Render serves the file \(file.abbreviated(60)) there, and files always win over routes",
                        fix: "remove the route, or remove \(file.abbreviated(60)) from the build's output"
                    )
                )
                continue
            }
            if let earlier = routes[..<index].first(where: { Self.covers($0.pattern, route.pattern) }) {
                findings.append(
                    Finding(
                        .renderRouteUnreachable,
                        file: self.file,
                        line: route.line,
                        message:
                            "route from \(route.source.abbreviated(60)) never fires: the earlier route from \(earlier.source.abbreviated(60)) (line \(earlier.line)) matches every path it does, and the first match wins",
                        fix: "move this route above line \(earlier.line), or remove it"
                    )
                )
                continue
            }
            if let finding = loopFinding(route) {
                findings.append(finding)
                continue
            }
            if let finding = missingTargetFinding(route) { findings.append(finding) }
        }
        return findings
    }

    /// Whether every path `later` matches is matched by `earlier` too.
    static func covers(_ earlier: RenderRoutePattern, _ later: RenderRoutePattern) -> Bool {
        if earlier.isPrefixWildcard { return later.literalPrefix.hasPrefix(earlier.literalPrefix) }
        if later.isLiteral { return earlier.matches(PercentDecoding.decode(later.source)) }
        return false
    }

    /// A rewrite or internal redirect with a fixed destination that nothing serves.
    private func missingTargetFinding(_ route: RenderRoute) -> Finding? {
        // Destinations built from captures depend on the request; only fixed ones are checked.
        guard !route.destinationIsURL, !route.destination.contains("*"),
            RenderRoutePattern.placeholderNames(in: route.destination).isEmpty,
            let request = RouteRequest(route.destination)
        else { return nil }
        let served: Bool
        switch route.kind {
        case .rewrite:
            served = router.files.lookup(PercentDecoding.decode(request.path)) != nil
        case .redirect:
            served = follow(request).map { $0.status < 400 } ?? true
        }
        guard !served else { return nil }
        let verb = route.kind == .rewrite ? "rewrites" : "redirects"
        return Finding(
            .renderRouteTargetMissing,
            file: file,
            line: route.line,
            message:
                "route from \(route.source.abbreviated(60)) \(verb) to \(route.destination.abbreviated(60)), which no file serves: visitors get 404",
            fix: "add the file to the build's output, or correct the destination"
        )
    }

    /// A redirect that, followed from a path its source matches, comes back to a path already visited or never ends.
    private func loopFinding(_ route: RenderRoute) -> Finding? {
        guard route.kind == .redirect, !route.destinationIsURL else { return nil }
        let start = route.pattern.samplePath
        guard router.files.lookup(PercentDecoding.decode(start)) == nil, let request = RouteRequest(start) else { return nil }
        var visited: [String] = [start]
        var current = request
        for _ in 0..<10 {
            let answer = router.route(current, includeHeaders: false)
            guard answer.status == 301, let location = answer.location, location.hasPrefix("/"), !location.hasPrefix("//"),
                let next = RouteRequest(location)
            else { return nil }
            if visited.contains(next.path) {
                return Finding(
                    .renderRouteLoop,
                    file: file,
                    line: route.line,
                    message: "redirects loop: " + (visited + [next.path]).map { $0.abbreviated(40) }.joined(separator: " → "),
                    fix: "make one of the redirects end at a file, or narrow its source so it no longer matches its own destination"
                )
            }
            visited.append(next.path)
            current = next
        }
        return Finding(
            .renderRouteLoop,
            file: file,
            line: route.line,
            message: "redirects never end: " + visited.prefix(4).map { $0.abbreviated(40) }.joined(separator: " → ") + " → …",
            fix: "make the redirect chain end at a file"
        )
    }

    /// The final answer after following internal redirects (up to ten), or nil when the chain leaves the site.
    private func follow(_ request: RouteRequest) -> RouteResult? {
        var current = request
        for _ in 0..<10 {
            let answer = router.route(current, includeHeaders: false)
            guard answer.status == 301 else { return answer }
            guard let location = answer.location, location.hasPrefix("/"), !location.hasPrefix("//"), let next = RouteRequest(location) else {
                return nil
            }
            current = next
        }
        return nil
    }
}
