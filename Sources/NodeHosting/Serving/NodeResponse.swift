/// The node target's answer to one request, ready for the web server to send.
///
/// When `proxy` is set (a proxy rule, with proxying enabled) the answer is not this value: `status` is 0 and the
/// server must forward the request to `proxy` itself.
public struct NodeResponse: Sendable, Hashable {
    /// What is sent as the body.
    public enum Body: Sendable, Hashable {
        /// No body (HEAD, 304, redirects).
        case empty
        /// These bytes.
        case bytes([UInt8])
        /// The whole file at `path` (inside the release's `files/`), `size` bytes long.
        case file(path: String, size: Int64)
    }

    /// The HTTP status; 0 when `proxy` is set.
    public var status: Int
    /// The header fields, in order.
    public var headers: [NodeHeader]
    /// The body.
    public var body: Body
    /// The upstream URL to forward the request to, when a proxy rule answered and proxying is enabled.
    public var proxy: String?

    /// Creates a response.
    public init(status: Int, headers: [NodeHeader] = [], body: Body = .empty, proxy: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.proxy = proxy
    }

    /// The value of the first header named `name` (compared case-insensitively), or nil.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    /// The headers as name/value pairs.
    public var headerPairs: [(String, String)] { headers.map { ($0.name, $0.value) } }
}
