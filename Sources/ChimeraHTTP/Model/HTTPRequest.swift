/// One outbound HTTP request, described as plain values so it can cross threads.
public struct HTTPRequest: Sendable {
    /// The method, upper case: `GET`, `POST`, `PATCH`, `HEAD`, `PUT`, `DELETE`…
    public var method: String
    /// The absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields sent as given, in order. A `Host` field replaces the one derived from the URL;
    /// `User-Agent` replaces the client's default.
    public var headers: [HTTPHeader]
    /// The request body, or nil for none. A non-nil empty body is sent as `Content-Length: 0`.
    public var body: [UInt8]?
    /// The limit for the whole exchange (connect, send, receive).
    public var timeout: Duration
    /// Whether 3xx answers are followed (at most 10 hops). Off by default so callers see `Location`.
    public var followRedirects: Bool

    /// Describes a request; only the URL is required (a GET with a 30 second limit).
    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(30),
        followRedirects: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.followRedirects = followRedirects
    }
}
