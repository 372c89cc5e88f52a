/// The answer to an ``HTTPRequest``: the final response only (after any redirects that were followed).
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields of the final response, in the order received (repeated names stay repeated).
    public var headers: [HTTPHeader]
    /// The body bytes as received (no content decoding is asked for, so none happens).
    public var body: [UInt8]

    /// Makes a response from its parts.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared without regard to case; nil when absent.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the header `name` in the order received, compared without regard to case.
    public func values(for name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
