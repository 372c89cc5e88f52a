import PlatformModels

/// Checks the redirect rule set as a whole: rules that never fire, targets that serve nothing, loops,
/// suspicious statuses, unbound placeholders and open redirects.
public struct RedirectAnalyzer: Sendable {
    let router: NetlifyRouter

    /// Creates an analyzer over the router that holds the rules and the files.
    public init(router: NetlifyRouter) {
        self.router = router
    }

    /// Every finding about the rules, in rule order.
    public func run() -> [Finding] {
        var findings: [Finding] = []
        for (index, rule) in router.rules.enumerated() {
            findings += check(rule, at: index)
        }
        return findings
    }

    private func check(_ rule: RedirectRule, at index: Int) -> [Finding] {
        var findings: [Finding] = []
        func finding(_ code: FindingCode, _ message: String, fix: String? = nil) {
            findings.append(Finding(code, file: rule.source.displayPath, line: rule.source.line, message: message, fix: fix))
        }
        let fromText = rule.from.abbreviated()

        if !(100...599).contains(rule.status) {
            finding(.redirectStatusSuspect, "status \(rule.status) is not an HTTP status (100–599)", fix: "use 301, 302, 200, 404 or 410")
        } else if [303, 307, 308].contains(rule.status) {
            let suggestion = rule.status == 308 ? 301 : 302
            finding(
                .redirectStatusSuspect,
                "status \(rule.status) is not one Netlify documents for redirects; it may be served as \(suggestion) or ignored",
                fix: "use \(suggestion)"
            )
        }

        if rule.to.hasPrefix("//") {
            finding(
                .redirectOpen,
                "`to` \(rule.to.abbreviated()) is protocol-relative: browsers treat it as another host (an open redirect)",
                fix: "write a path with one leading slash, or a full https:// URL"
            )
        }

        let unbound = Set(NetlifyRouter.placeholderNames(in: rule.to)).subtracting(rule.boundNames)
        for name in unbound.sorted() where !(rule.targetIsURL && isInAuthority(name, of: rule.to)) {
            finding(
                .redirectPlaceholderUnbound,
                "`:\(name)` in `to` is not bound by `from` \(fromText); it is sent literally",
                fix: name == "splat" ? "end `from` with `/*`" : "add `:\(name)` to `from`, or remove it from `to`"
            )
        }

        if !rule.bypassesShadowing, rule.pattern.isStatic, rule.host == nil,
            let file = router.files.lookup(PercentDecoding.decode(rule.pattern.samplePath))
        {
            finding(
                .redirectShadowed,
                "`\(fromText)` is a file of the deploy (\(file)), so this rule without force never fires",
                fix: "add `!` to the status to force it (e.g. `\(rule.status)!`), or delete the file"
            )
        }

        if let earlier = coveringRule(for: rule, before: index) {
            finding(
                .redirectUnreachable,
                "never fires: the rule at \(earlier.source.displayPath):\(earlier.source.line) (`\(earlier.from.abbreviated())`) matches every request this one does, first",
                fix: "move this rule above the more general one"
            )
        }

        if rule.to.hasPrefix("/"), !rule.to.hasPrefix("//") {
            let targetPath = NetlifyRouter.pathPart(of: rule.to)
            if NetlifyRouter.placeholderNames(in: targetPath).isEmpty, !serves(targetPath, excluding: index) {
                let action =
                    (200..<300).contains(rule.status)
                    ? "rewrites to" : (300..<400).contains(rule.status) ? "redirects to" : "answers \(rule.status) with the body of"
                finding(
                    .redirectTargetMissing,
                    "`\(fromText)` \(action) \(targetPath.abbreviated()), which no file and no rule serves",
                    fix: "add \(targetPath.abbreviated()) to the deploy or correct `to`"
                )
            }
            if (300..<400).contains(rule.status), let loop = loopDescription(startingWith: rule, at: index) {
                finding(.redirectLoop, "redirect loop: \(loop)", fix: "make one of these rules point at a page that exists")
            }
        }
        return findings
    }

    /// Whether some file, or some other rule, answers `path` with content.
    private func serves(_ path: String, excluding index: Int) -> Bool {
        let decoded = PercentDecoding.decode(path)
        let file = router.files.lookup(decoded)
        let request = RouteRequest(path: path)
        if let match = router.firstMatch(for: request, fileExists: file != nil, excluding: index) {
            let rule = router.rules[match.index]
            if (200..<400).contains(rule.status) {
                // A rewrite must itself land on something; a redirect is followed by the browser and checked as a rule.
                if (200..<300).contains(rule.status), !rule.targetIsURL {
                    return router.files.lookup(PercentDecoding.decode(NetlifyRouter.pathPart(of: NetlifyRouter.substitute(rule.to, match.captures))))
                        != nil
                }
                return true
            }
            return false
        }
        return file != nil
    }

    /// The chain of requests when following redirects from a sample of `rule`'s `from` returns to a path
    /// already visited, or never ends.
    private func loopDescription(startingWith rule: RedirectRule, at index: Int) -> String? {
        guard rule.host == nil else { return nil }
        var request = RouteRequest(path: rule.pattern.samplePath)
        for (name, value) in rule.query.map({ ($0.name, $0.captureName != nil ? "x" : $0.value) }) {
            request.query = (request.query.map { $0 + "&" } ?? "") + "\(name)=\(value)"
        }
        let first = router.route(request, includeHeaders: false)
        guard first.rule?.line == rule.source.line, first.rule?.source == rule.source.kind.rawValue else { return nil }
        var visited = [PercentDecoding.decode(request.path)]
        var answer = first
        for _ in 0..<10 {
            guard (300..<400).contains(answer.status), let location = answer.location, location.hasPrefix("/"), !location.hasPrefix("//"),
                let next = RouteRequest(location)
            else { return nil }
            let path = PercentDecoding.decode(next.path)
            let normalized = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            visited.append(path)
            if visited.dropLast().contains(where: { ($0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0) == normalized }) {
                return visited.map { $0.abbreviated(60) }.joined(separator: " → ")
            }
            answer = router.route(next, includeHeaders: false)
        }
        return visited.prefix(4).map { $0.abbreviated(60) }.joined(separator: " → ") + " → … (more than 10 redirects)"
    }

    /// An earlier rule that matches every request `rule` matches and so always wins, if any.
    private func coveringRule(for rule: RedirectRule, before index: Int) -> RedirectRule? {
        // Only a rule with the same first literal segment, or one starting with a placeholder or splat, can cover it.
        for earlier in router.candidateRules(firstSegment: rule.pattern.firstLiteral).prefix(while: { $0 < index }).map({ router.rules[$0] }) {
            guard earlier.conditions.isEmpty || rule.conditions == earlier.conditions else { continue }
            guard earlier.host == nil || (earlier.host == rule.host && earlier.scheme == rule.scheme) else { continue }
            // Every query parameter the earlier rule needs must be needed by this one too.
            guard
                earlier.query.allSatisfy({ need in rule.query.contains { $0.name == need.name && (need.captureName != nil || $0.value == need.value) }
                })
            else { continue }
            // Where a file exists, an earlier rule without force steps aside and a forced later one still fires.
            guard earlier.bypassesShadowing || !rule.bypassesShadowing else { continue }
            if rule.pattern.isCovered(by: earlier.pattern) { return earlier }
        }
        return nil
    }

    private func isInAuthority(_ name: String, of url: String) -> Bool {
        guard let schemeEnd = url.firstRange(of: "://") else { return false }
        let authority = url[schemeEnd.upperBound...].prefix(while: { $0 != "/" })
        return authority.contains(":" + name)
    }
}
