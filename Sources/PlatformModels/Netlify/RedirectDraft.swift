/// A redirect rule as read from either file, before Netlify's shared validation.
///
/// Both `_redirects` and `netlify.toml` produce drafts; `validated()` applies the checks Netlify's
/// redirect parser applies to both (forward rules, `from` URLs, `/.netlify` paths) and decides whether
/// the rule is kept.
struct RedirectDraft {
    var source: RuleSource
    var from: String
    var query: [RedirectRule.QueryRequirement] = []
    var to: String?
    var status: Int?
    var force = false
    var conditions = RedirectConditions()
    var signed: String?
    var headers: [String: String] = [:]

    /// The reason Netlify drops a rule.
    struct Rejection: Error {
        var message: String
        var fix: String?
    }

    /// The rule Netlify keeps, or the reason it drops it.
    func validated() -> Result<RedirectRule, Rejection> {
        var to = self.to
        if to == nil {
            // Forward rule: `/path/* 200` means `to = /path/:splat`.
            guard from.hasSuffix("/*"), let status, (200..<300).contains(status) else {
                return .failure(
                    Rejection(
                        message: "rule for \(from.abbreviated()) has no destination",
                        fix: "write the destination after `from` (a path starting with /, or an http(s):// URL)"
                    )
                )
            }
            to = String(from.dropLast(2)) + "/:splat"
        }
        var scheme: String?
        var host: String?
        var path = from
        if RedirectRule.isURL(from) {
            guard let parts = URLParts(from) else {
                return .failure(
                    Rejection(
                        message: "`from` \(from.abbreviated()) is not a valid URL",
                        fix: "write a full URL such as https://example.com/path/*"
                    )
                )
            }
            scheme = parts.scheme
            host = parts.host
            path = parts.path
        } else if !from.hasPrefix("/") {
            // Netlify's parser accepts it, but no request path can ever match it: the rule is lost all the same.
            return .failure(
                Rejection(
                    message: "`from` \(from.abbreviated()) does not start with / so it never matches a request",
                    fix: "write `/\(from.abbreviated())`"
                )
            )
        }
        if path.hasPrefix("/.netlify") {
            return .failure(
                Rejection(
                    message: "`from` must not start with /.netlify (reserved by Netlify)",
                    fix: "choose a path outside /.netlify"
                )
            )
        }
        var rule = RedirectRule(
            source: source,
            from: from,
            scheme: scheme,
            host: host,
            path: path,
            query: query,
            to: to!,
            status: status ?? 301,
            force: force,
            conditions: conditions,
            signed: signed,
            headers: headers
        )
        rule.statusWasWritten = status != nil
        return .success(rule)
    }
}

/// The scheme, host and path of an absolute `http(s)://` URL, as WHATWG's URL parser would split them.
struct URLParts: Sendable, Hashable {
    var scheme: String
    var host: String
    var path: String
    var query: String?

    /// Splits `text`, or returns nil when a browser would reject it as a URL.
    init?(_ text: some StringProtocol) {
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            let port = authority[authority.index(after: colon)...]
            guard port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber), (Int(port) ?? 0) <= 65535 else { return nil }
            host = authority[..<colon]
        }
        guard !host.isEmpty,
            host.unicodeScalars.allSatisfy({ !Self.forbiddenHostCharacters.contains($0) && $0.value > 0x20 })
        else { return nil }
        let afterAuthority = rest[authorityEnd...]
        var path = afterAuthority
        var query: String?
        if let mark = afterAuthority.firstIndex(of: "?") {
            path = afterAuthority[..<mark]
            query = String(afterAuthority[afterAuthority.index(after: mark)...])
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.path = path.isEmpty ? "/" : String(path)
        self.query = query
    }

    private static let forbiddenHostCharacters: Set<Unicode.Scalar> = [
        "<", ">", "^", "|", "%", "\\", " ", "#", "/", "?", "@",
    ]
}
