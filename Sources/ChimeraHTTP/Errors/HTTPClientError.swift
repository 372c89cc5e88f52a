/// A request that got no HTTP response: bad URL, refused connection, timeout, TLS failure…
/// (An HTTP error status such as 404 is a response, not an ``HTTPClientError``.)
public struct HTTPClientError: Error, CustomStringConvertible {
    /// libcurl's result code (`CURLcode`), e.g. 7 for a refused connection, 28 for a timeout;
    /// 0 when the failure was found before libcurl ran.
    public var code: Int
    /// What went wrong, in words, with secrets from the URL masked.
    public var message: String
    /// The request's method.
    public var method: String
    /// The request URL as `scheme://host:port/path`: userinfo and query (where tokens live) are never included.
    public var url: String

    /// libcurl's code for "the operation timed out".
    public static let timeoutCode = 28

    /// Makes an error; `url` must already be redacted.
    public init(code: Int, message: String, method: String, url: String) {
        self.code = code
        self.message = message
        self.method = method
        self.url = url
    }

    /// Whether the request ran out of time.
    public var isTimeout: Bool { code == Self.timeoutCode }

    /// One line naming the request, the failure and libcurl's code.
    public var description: String {
        "HTTP \(method) \(url) failed: \(message) (libcurl code \(code))"
    }
}
