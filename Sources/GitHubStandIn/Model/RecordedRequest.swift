/// One request the stand-in received, with what it answered.
public struct RecordedRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The path without the query, e.g. `/repos/o/r/statuses/abc…`.
    public var path: String
    /// The raw query string, if any.
    public var query: String?
    /// Header fields by lower-cased name (repeated fields joined with ", "); `host` holds the authority.
    public var headers: [String: String]
    /// The raw body.
    public var body: [UInt8]
    /// The body decoded as JSON, when it is JSON.
    public var json: JSONValue?
    /// The status code the stand-in answered.
    public var answeredStatus: Int
    /// The contract violations found in this request (empty for a valid one).
    public var violations: [String]

    /// Makes a record.
    public init(
        method: String, path: String, query: String?, headers: [String: String], body: [UInt8], json: JSONValue?,
        answeredStatus: Int, violations: [String]
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.json = json
        self.answeredStatus = answeredStatus
        self.violations = violations
    }

    /// The value of header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}
