/// Netlify's request routing for one deploy: which rule answers a request, and with what.
///
/// Rules are tried in order and the first match wins. A rule without force does not apply where a file
/// exists at the request path (Country, Language and Role rules act as forced). Without a rule, the file is
/// served, or 404 with `/404.html` as the body when it exists.
///
/// ```swift
/// let router = NetlifyRouter(rules: ruleSet, files: SiteFileIndex(paths: ["/index.html"]))
/// let answer = router.route(RouteRequest("/old?x=1")!)
/// ```
public struct NetlifyRouter: SiteRouter {
    /// The redirect rules in evaluation order.
    public let rules: [RedirectRule]
    /// The header rules in application order.
    public let headerRules: [HeaderRule]
    /// The deploy's files.
    public let files: SiteFileIndex
    private let rulesByFirstSegment: [String: [Int]]
    private let rulesForAnyPath: [Int]

    /// A rule that matched a request, with what it captured.
    public struct Match: Sendable {
        /// The rule's position in `rules`.
        public var index: Int
        /// Placeholder, splat and query captures, raw.
        public var captures: [String: String]
    }

    /// Builds a router over a rule set and a file index.
    public init(rules: NetlifyRuleSet, files: SiteFileIndex) {
        self.init(redirects: rules.redirects, headers: rules.headers, files: files)
    }

    /// Builds a router over explicit rule lists.
    public init(redirects: [RedirectRule], headers: [HeaderRule], files: SiteFileIndex) {
        self.rules = redirects
        self.headerRules = headers
        self.files = files
        // Most rules start with a literal segment; indexing them keeps routing cost independent of rule count.
        var byFirst: [String: [Int]] = [:]
        var any: [Int] = []
        for (index, rule) in redirects.enumerated() {
            if let first = rule.pattern.firstLiteral { byFirst[first, default: []].append(index) } else { any.append(index) }
        }
        self.rulesByFirstSegment = byFirst
        self.rulesForAnyPath = any
    }

    /// Predicts Netlify's answer to `request`.
    ///
    /// - Parameter includeHeaders: false to skip the custom headers, for callers that only follow the answer.
    public func route(_ request: RouteRequest, includeHeaders: Bool = true) -> RouteResult {
        let decodedPath = PercentDecoding.decode(request.path)
        let file = files.lookup(decodedPath)
        let headers = { includeHeaders ? customHeaders(for: decodedPath) : [:] }
        if let match = firstMatch(for: request, fileExists: file != nil) {
            return apply(rules[match.index], captures: match.captures, request: request, headers: headers)
        }
        if let file { return RouteResult(status: 200, file: file, headers: headers()) }
        return RouteResult(status: 404, file: files.lookup("/404.html"), headers: headers())
    }

    /// The positions, ascending, of the rules that can match a path whose first (decoded) segment is
    /// `firstSegment`: those starting with that literal, and those starting with a placeholder or splat.
    public func candidateRules(firstSegment: String?) -> [Int] {
        let bucket = firstSegment.flatMap { rulesByFirstSegment[$0] } ?? []
        guard !bucket.isEmpty else { return rulesForAnyPath }
        guard !rulesForAnyPath.isEmpty else { return bucket }
        // Merge the two ascending lists so rules are still tried in file order.
        var merged: [Int] = []
        merged.reserveCapacity(bucket.count + rulesForAnyPath.count)
        var bucketPosition = 0
        var anyPosition = 0
        while bucketPosition < bucket.count || anyPosition < rulesForAnyPath.count {
            if anyPosition >= rulesForAnyPath.count
                || (bucketPosition < bucket.count && bucket[bucketPosition] < rulesForAnyPath[anyPosition])
            {
                merged.append(bucket[bucketPosition])
                bucketPosition += 1
            } else {
                merged.append(rulesForAnyPath[anyPosition])
                anyPosition += 1
            }
        }
        return merged
    }

    /// The first rule that applies to `request`, honouring shadowing; `excluding` skips one rule.
    public func firstMatch(for request: RouteRequest, fileExists: Bool, excluding: Int? = nil) -> Match? {
        let raw = PathPattern.splitSegments(request.path)
        let decoded = raw.map { PercentDecoding.decode($0) }
        let queryItems = request.queryItems
        for index in candidateRules(firstSegment: decoded.first) {
            if index == excluding { continue }
            let rule = rules[index]
            if let host = rule.host {
                guard request.host == host, request.scheme == rule.scheme else { continue }
            }
            guard var captures = rule.pattern.match(raw: raw, decoded: decoded) else { continue }
            guard Self.matchQuery(rule.query, queryItems, into: &captures) else { continue }
            guard rule.conditions.accept(request) else { continue }
            if fileExists && !rule.bypassesShadowing { continue }
            return Match(index: index, captures: captures)
        }
        return nil
    }

    /// The custom headers Netlify adds to a response for `path`: every matching rule in order, later ones
    /// overriding earlier ones per header name; names Netlify does not let a site set are left out.
    public func customHeaders(for decodedPath: String) -> [String: String] {
        var byLowercasedName: [String: (name: String, value: String)] = [:]
        for rule in headerRules where rule.pattern.matches(decodedPath) {
            for value in rule.values where !HeaderName.restricted.contains(value.name.lowercased()) {
                byLowercasedName[value.name.lowercased()] = (value.name, value.value)
            }
        }
        return Dictionary(uniqueKeysWithValues: byLowercasedName.values.map { ($0.name, $0.value) })
    }

    private func apply(
        _ rule: RedirectRule,
        captures: [String: String],
        request: RouteRequest,
        headers: () -> [String: String]
    ) -> RouteResult {
        let target = Self.substitute(rule.to, captures)
        let reference = RouteResult.RuleReference(source: rule.source.kind.rawValue, line: rule.source.line)
        let passesQuery = [200, 301, 302].contains(rule.status) && !target.contains("?") && !(request.query ?? "").isEmpty
        let targetWithQuery = passesQuery ? target + "?" + request.query! : target
        // Proxied answers come from the upstream: Netlify adds no custom headers to them.
        switch rule.status {
        case 200..<300 where RedirectRule.isURL(target):
            return RouteResult(status: rule.status, proxy: targetWithQuery, rule: reference)
        case 200..<300:
            if let file = files.lookup(PercentDecoding.decode(Self.pathPart(of: target))) {
                return RouteResult(status: rule.status, file: file, rule: reference, headers: headers())
            }
            return RouteResult(status: 404, file: files.lookup("/404.html"), rule: reference, headers: headers())
        case 300..<400:
            return RouteResult(status: rule.status, location: targetWithQuery, rule: reference, headers: headers())
        default:
            let file = RedirectRule.isURL(target) ? nil : files.lookup(PercentDecoding.decode(Self.pathPart(of: target)))
            return RouteResult(status: rule.status, file: file, rule: reference, headers: headers())
        }
    }

    private static func matchQuery(
        _ requirements: [RedirectRule.QueryRequirement],
        _ items: [(name: String, value: String)],
        into captures: inout [String: String]
    ) -> Bool {
        for requirement in requirements {
            guard let item = items.first(where: { $0.name == requirement.name }) else { return false }
            if let name = requirement.captureName {
                captures[name] = item.value
            } else if !requirement.value.isEmpty, item.value != requirement.value {
                return false
            }
        }
        return true
    }

    /// The path of a target, without its query or fragment.
    public static func pathPart(of target: String) -> String {
        String(target.prefix(while: { $0 != "?" && $0 != "#" }))
    }

    /// Replaces `:name` with its capture; unknown names stay as written.
    public static func substitute(_ target: String, _ captures: [String: String]) -> String {
        guard target.contains(":") else { return target }
        var result = ""
        var index = target.startIndex
        while index < target.endIndex {
            let character = target[index]
            if character == ":", let name = placeholderName(in: target, after: index) {
                if let value = captures[String(name)] {
                    result += value
                } else {
                    result += ":" + name
                }
                index = name.endIndex
            } else {
                result.append(character)
                index = target.index(after: index)
            }
        }
        return result
    }

    /// Every `:name` in a destination.
    public static func placeholderNames(in target: String) -> [String] {
        var names: [String] = []
        var index = target.startIndex
        while let colon = target[index...].firstIndex(of: ":") {
            if let name = placeholderName(in: target, after: colon) {
                names.append(String(name))
                index = name.endIndex
            } else {
                index = target.index(after: colon)
            }
        }
        return names
    }

    private static func placeholderName(in text: String, after colon: String.Index) -> Substring? {
        let start = text.index(after: colon)
        guard start < text.endIndex, text[start].isASCII, text[start].isLetter || text[start] == "_" else { return nil }
        let end = text[start...].firstIndex(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }) ?? text.endIndex
        return text[start..<end]
    }
}
