/// One redirect, rewrite or proxy rule, normalized the way Netlify normalizes `_redirects` lines and
/// `[[redirects]]` entries.
public struct RedirectRule: Sendable, Hashable {
    /// A required query parameter: a literal value, or `:name` to capture whatever value it has.
    public struct QueryRequirement: Sendable, Hashable {
        /// The parameter name.
        public var name: String
        /// The value as written (`:name` captures).
        public var value: String

        /// Creates a requirement.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The capture name when the value is a `:placeholder`.
        public var captureName: String? { value.hasPrefix(":") && value.count > 1 ? String(value.dropFirst()) : nil }
    }

    /// Where the rule was written.
    public var source: RuleSource
    /// `from` as written.
    public var from: String
    /// The scheme of a domain-level rule (`https://host/*`), lowercased.
    public var scheme: String?
    /// The host of a domain-level rule, lowercased.
    public var host: String?
    /// The path pattern of `from`.
    public var pattern: PathPattern
    /// Query parameters the request must carry.
    public var query: [QueryRequirement]
    /// The destination as written (after forward-rule completion).
    public var to: String
    /// The HTTP status: 301 when none is given.
    public var status: Int
    /// Whether the rule applies even where a file exists.
    public var force: Bool
    /// The conditions on the request.
    public var conditions: RedirectConditions
    /// The secret a proxy request is signed with (`Sign=`/`signed`), by name only.
    public var signed: String?
    /// Headers sent to a proxy upstream (`netlify.toml` only).
    public var headers: [String: String]
    /// False when the rule gave no status and 301 was assumed; Netlify's duplicate removal tells the two apart.
    var statusWasWritten = true

    /// Creates a rule; `from` must already be split into scheme, host and path.
    public init(
        source: RuleSource,
        from: String,
        scheme: String? = nil,
        host: String? = nil,
        path: String,
        query: [QueryRequirement] = [],
        to: String,
        status: Int = 301,
        force: Bool = false,
        conditions: RedirectConditions = .init(),
        signed: String? = nil,
        headers: [String: String] = [:]
    ) {
        self.source = source
        self.from = from
        self.scheme = scheme
        self.host = host
        self.pattern = PathPattern(path)
        self.query = query
        self.to = to
        self.status = status
        self.force = force
        self.conditions = conditions
        self.signed = signed
        self.headers = headers
    }

    /// True for a forced rule and for Country, Language and Role rules, which Netlify applies over files.
    public var bypassesShadowing: Bool { force || conditions.actsAsForced }

    /// True when `to` is an absolute `http://` or `https://` URL.
    public var targetIsURL: Bool { Self.isURL(to) }

    /// True for a 2xx rule to an absolute URL: Netlify proxies the request.
    public var isProxy: Bool { (200..<300).contains(status) && targetIsURL }

    /// The names `from` binds (placeholders, `splat`, captured query values).
    public var boundNames: Set<String> { pattern.boundNames.union(query.compactMap(\.captureName)) }

    /// Everything that makes two rules the same rule, for Netlify's duplicate removal.
    public var identity: Identity {
        Identity(
            from: from,
            query: query,
            to: to,
            status: statusWasWritten ? status : nil,
            force: force,
            conditions: conditions,
            signed: signed,
            headers: headers
        )
    }

    /// The fields Netlify compares when it removes duplicate rules.
    public struct Identity: Hashable, Sendable {
        let from: String
        let query: [QueryRequirement]
        let to: String
        let status: Int?
        let force: Bool
        let conditions: RedirectConditions
        let signed: String?
        let headers: [String: String]
    }

    /// Whether `text` starts the way Netlify's parser recognizes a URL.
    public static func isURL(_ text: some StringProtocol) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://")
    }
}
