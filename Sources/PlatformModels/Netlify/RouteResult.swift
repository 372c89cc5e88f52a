/// What Netlify answers to one request: status, redirect location, file served, proxy upstream, the rule
/// that decided, and the custom headers applied.
public struct RouteResult: Sendable, Hashable {
    /// The rule that decided the answer: its file kind and line.
    public struct RuleReference: Sendable, Hashable, Codable {
        /// `_redirects` or `netlify.toml`.
        public var source: String
        /// The 1-based line of the rule.
        public var line: Int

        /// Creates a reference.
        public init(source: String, line: Int) {
            self.source = source
            self.line = line
        }
    }

    /// The HTTP status.
    public var status: Int
    /// The `Location` of a 3xx answer.
    public var location: String?
    /// The publish-folder file sent as the body, with a leading `/`.
    public var file: String?
    /// The upstream URL of a proxied request.
    public var proxy: String?
    /// The rule applied, or nil when a file or the 404 page answered directly.
    public var rule: RuleReference?
    /// The custom headers applied, by name.
    public var headers: [String: String]

    /// Creates a result.
    public init(
        status: Int,
        location: String? = nil,
        file: String? = nil,
        proxy: String? = nil,
        rule: RuleReference? = nil,
        headers: [String: String] = [:]
    ) {
        self.status = status
        self.location = location
        self.file = file
        self.proxy = proxy
        self.rule = rule
        self.headers = headers
    }
}
