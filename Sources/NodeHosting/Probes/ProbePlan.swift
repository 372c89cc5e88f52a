import PlatformModels

/// The live requests that verify a deployed release against its prediction, and what each must answer.
///
/// The plan is pure: the caller sends each `target` to the running site (GET, not following redirects, with the
/// `Host` given to `make` and no `Accept-Language`, `Cookie`, `X-Country` or `X-Forwarded-Proto` header) and
/// hands the answer to `ProbeExpectation.compare`.
///
/// What is probed, each target once, in this order:
/// - every redirect or rewrite rule's `from` (Netlify `_redirects` and `netlify.toml`, Render `routes`), made
///   concrete: a `:placeholder` becomes `x`; a splat or `*` becomes `x` or nothing, whichever the router answers
///   with something other than 404 (the rule then shows); a required query parameter is sent (`:capture` or any
///   value as `x`). Skipped: domain-level rules, and rules with Country, Language, Role or Cookie
///   conditions, which a plain request cannot meet;
/// - every header rule's path (placeholders and wildcards as `x`);
/// - `/` (the base path with its trailing slash for a Pages project site, and the base path without it), a
///   deterministic sample of up to `samplePages` HTML pages (evenly spaced in path order), and a path that does not
///   exist (`/__chimera_probe_404__`).
public enum ProbePlan {
    /// The path probed as a page that does not exist.
    public static let missingPath = "/__chimera_probe_404__"

    /// The probes for `site`, predicted with its router.
    ///
    /// - Parameters:
    ///   - samplePages: how many HTML pages to sample at most.
    ///   - host: the `Host` the probes will be sent with, so the prediction sees what the server will (Netlify
    ///     domain-level rules); nil predicts for a request without one.
    ///   - includeProxyRules: false when the node relays proxy rules: the upstream's answer is not the release's to
    ///     predict.
    public static func make(site: NodeSite, samplePages: Int = 20, host: String? = nil, includeProxyRules: Bool = true) -> [ProbeExpectation] {
        var plan = Plan(site: site, host: host)
        switch site.platformRouter {
        case .netlify(let router):
            // Proxy rules are probed too: a proxy the node does not relay (502) is live behaviour that differs from
            // what the commit's configuration promises, and the deploy must not stand.
            for rule in router.rules where rule.host == nil && rule.conditions.isEmpty && (includeProxyRules || !rule.isProxy) {
                let query = rule.query.map { requirement -> String in
                    let value = requirement.captureName != nil || requirement.value.isEmpty ? "x" : requirement.value
                    return encodeQueryComponent(requirement.name) + "=" + encodeQueryComponent(value)
                }
                let suffix = query.isEmpty ? "" : "?" + query.joined(separator: "&")
                let base = rule.pattern.samplePath
                var candidates = [base]
                if rule.pattern.hasSplat { candidates.insert(base == "/" ? "/x" : base + "/x", at: 0) }
                plan.addRule(candidates: candidates.map { encodePath($0) + suffix })
            }
            for rule in router.headerRules { plan.add(encodePath(rule.pattern.samplePath), origin: .headerRule) }
            plan.addPages(files: router.files, basePath: nil, samplePages: samplePages)
        case .render(let router):
            for route in router.routes where includeProxyRules || !(route.kind == .rewrite && route.destinationIsURL) {
                var candidates = [route.pattern.samplePath]
                if route.pattern.isPrefixWildcard { candidates.append(route.pattern.literalPrefix) }
                plan.addRule(candidates: candidates.filter { $0.hasPrefix("/") }.map { encodePath($0) })
            }
            for rule in router.headerRules { plan.add(encodePath(rule.pattern.samplePath), origin: .headerRule) }
            plan.addPages(files: router.files, basePath: nil, samplePages: samplePages)
        case .pages(let router):
            if let basePath = router.basePath { plan.add(encodePath(basePath), origin: .page) }
            plan.addPages(files: router.files, basePath: router.basePath, samplePages: samplePages)
        }
        return plan.expectations
    }

    /// The probes collected so far, each target once.
    private struct Plan {
        let site: NodeSite
        let host: String?
        var expectations: [ProbeExpectation] = []
        var seen: Set<String> = []

        init(site: NodeSite, host: String?) {
            self.site = site
            self.host = host
        }

        /// The router's prediction for a target sent with the plan's `Host` (and no other header).
        func predict(_ target: String) -> RouteResult {
            let headers: [(name: String, value: String)] = host.map { [("Host", $0)] } ?? []
            guard let request = RequestMapping.routeRequest(target: target, headers: headers) else { return RouteResult(status: 400) }
            return site.route(request)
        }

        /// Adds the first candidate the router does not answer with 404 (else the first), for a rule.
        mutating func addRule(candidates: [String]) {
            guard let first = candidates.first else { return }
            let chosen = candidates.first { predict($0).status != 404 } ?? first
            add(chosen, origin: .redirectRule)
        }

        mutating func add(_ target: String, origin: ProbeExpectation.Origin) {
            guard target.hasPrefix("/"), seen.insert(target).inserted else { return }
            expectations.append(ProbeExpectation(target: target, prediction: predict(target), origin: origin))
        }

        mutating func addPages(files: SiteFileIndex, basePath: String?, samplePages: Int) {
            let prefix = basePath ?? ""
            add(encodePath(prefix + "/"), origin: .page)
            let pages = files.paths.filter { $0.hasSuffix(".html") || $0.hasSuffix(".htm") }.sorted()
            // Evenly spaced over the sorted pages, so the sample is the same for the same files.
            let count = min(max(0, samplePages), pages.count)
            for position in 0..<count {
                add(encodePath(prefix + pages[position * pages.count / count]), origin: .page)
            }
            add(encodePath(prefix + ProbePlan.missingPath), origin: .missing)
        }
    }

    /// Percent-encodes a decoded path for a request target; `/` and the characters RFC 3986 allows in a path
    /// segment stay as they are.
    public static func encodePath(_ path: String) -> String {
        encode(path, keeping: "-._~!$&'()*+,;=:@/")
    }

    /// Percent-encodes a query name or value (`&`, `=`, `+` and `#` are encoded).
    public static func encodeQueryComponent(_ text: String) -> String {
        encode(text, keeping: "-._~!$'()*,;:@/?")
    }

    private static func encode(_ text: String, keeping allowed: String) -> String {
        let keep = Set(allowed.utf8)
        var result = ""
        for byte in text.utf8 {
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isAlphanumeric || keep.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
