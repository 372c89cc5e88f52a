/// One request to predict: a path or absolute URL, and what Netlify's conditions look at.
public struct RouteRequest: Sendable, Hashable {
    /// `http` or `https` for an absolute URL.
    public var scheme: String?
    /// The host of an absolute URL, lowercased.
    public var host: String?
    /// The path as requested, still percent-encoded, starting with `/`.
    public var path: String
    /// The query string without `?`, or nil.
    public var query: String?
    /// The visitor's country (ISO code), for `Country=` rules.
    public var country: String?
    /// The visitor's languages, for `Language=` rules.
    public var languages: [String]
    /// The visitor's JWT roles, for `Role=` rules.
    public var roles: [String]
    /// The visitor's cookies, by name.
    public var cookies: [String: String]

    /// Creates a request for a path, with an optional query.
    public init(
        path: String,
        query: String? = nil,
        scheme: String? = nil,
        host: String? = nil,
        country: String? = nil,
        languages: [String] = [],
        roles: [String] = [],
        cookies: [String: String] = [:]
    ) {
        self.scheme = scheme
        self.host = host
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.country = country
        self.languages = languages
        self.roles = roles
        self.cookies = cookies
    }

    /// Reads `/path?query` or `https://host/path?query`; nil when it is neither.
    public init?(_ text: String) {
        if RedirectRule.isURL(text) {
            guard let parts = URLParts(text) else { return nil }
            self.init(path: parts.path, query: parts.query, scheme: parts.scheme, host: parts.host)
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var pathPart = Substring(text)
        if let hash = pathPart.firstIndex(of: "#") { pathPart = pathPart[..<hash] }
        if let mark = pathPart.firstIndex(of: "?") {
            self.init(path: String(pathPart[..<mark]), query: String(pathPart[pathPart.index(after: mark)...]))
        } else {
            self.init(path: String(pathPart))
        }
    }

    /// The query parameters, decoded, in order.
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (
                PercentDecoding.decodeQueryComponent(pair[0]), pair.count > 1 ? PercentDecoding.decodeQueryComponent(pair[1]) : ""
            )
        }
    }
}
