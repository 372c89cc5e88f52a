import PlatformModels

/// What a live request to a node-hosted release must answer, as the platform's router predicts it.
public struct ProbeExpectation: Sendable, Hashable, Codable {
    /// Why the target is probed.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// A redirect or rewrite rule's `from`.
        case redirectRule
        /// A header rule's path.
        case headerRule
        /// A page of the site, `/` or the base path.
        case page
        /// A path that does not exist.
        case missing
    }

    /// The request target, `/path?query`, percent-encoded.
    public var target: String
    /// The expected status.
    public var status: Int
    /// The expected `Location`, for a 3xx.
    public var location: String?
    /// The custom headers the rules add, by name.
    public var headers: [String: String]
    /// Why the target is probed.
    public var origin: Origin
    /// The rule that decides the answer, as `_redirects line 3`, when one does.
    public var rule: String?

    /// Creates an expectation.
    public init(target: String, status: Int, location: String? = nil, headers: [String: String] = [:], origin: Origin, rule: String? = nil) {
        self.target = target
        self.status = status
        self.location = location
        self.headers = headers
        self.origin = origin
        self.rule = rule
    }

    /// The expectation of `target` from a router's prediction.
    public init(target: String, prediction: RouteResult, origin: Origin) {
        self.init(
            target: target,
            status: prediction.status,
            location: (300..<400).contains(prediction.status) ? prediction.location : nil,
            headers: prediction.headers,
            origin: origin,
            rule: prediction.rule.map { "\($0.source) line \($0.line)" }
        )
    }

    /// Compares a live answer (not following redirects) with the expectation.
    ///
    /// - Parameters:
    ///   - status: the status received.
    ///   - headers: the headers received; names compare case-insensitively, repeated fields are joined with `, `.
    /// - Returns: every difference: the status; the `Location` (a received absolute URL is compared by its path
    ///   and query when the expected one is a path); each expected header missing or with another value
    ///   (surrounding spaces ignored). Empty when the answer is as predicted.
    public func compare(status: Int, headers: [(String, String)]) -> [ProbeMismatch] {
        var mismatches: [ProbeMismatch] = []
        let received = Self.fields(headers)
        let receivedLocation = received["location"]
        if status != self.status {
            let got = (300..<400).contains(status) ? "\(status)" + (receivedLocation.map { " → \($0)" } ?? "") : "\(status)"
            mismatches.append(
                ProbeMismatch(
                    target: target,
                    kind: .status,
                    expected: expectedText,
                    actual: got,
                    description: "\(target): expected \(expectedText), got \(got)" + ruleSuffix
                )
            )
        } else if let location, !Self.sameLocation(expected: location, received: receivedLocation) {
            let got = receivedLocation ?? "none"
            mismatches.append(
                ProbeMismatch(
                    target: target,
                    kind: .location,
                    expected: location,
                    actual: got,
                    description: "\(target): expected \(self.status) → \(location), got \(status) → \(got)" + ruleSuffix
                )
            )
        }
        for (name, value) in self.headers.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            let got = received[name.lowercased()]
            guard got?.trimmingSpaces != value.trimmingSpaces else { continue }
            mismatches.append(
                ProbeMismatch(
                    target: target,
                    kind: .header,
                    headerName: name,
                    expected: value,
                    actual: got ?? "none",
                    description: "\(target): expected header \(name): \(value), got " + (got.map { "\(name): \($0)" } ?? "none") + ruleSuffix
                )
            )
        }
        return mismatches
    }

    /// `301 → /new` or `200`.
    private var expectedText: String {
        location.map { "\(status) → \($0)" } ?? "\(status)"
    }

    private var ruleSuffix: String { rule.map { " (\($0))" } ?? "" }

    /// Received fields by lowercased name, repeated ones joined.
    private static func fields(_ headers: [(String, String)]) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            fields[key] = fields[key].map { $0 + ", " + value } ?? value
        }
        return fields
    }

    /// Whether a received `Location` is the expected one as the server sends it.
    static func sameLocation(expected: String, received: String?) -> Bool {
        guard let received = received?.trimmingSpaces else { return false }
        if received == expected { return true }
        // A front proxy may make a relative Location absolute: compare path and query then.
        if expected.hasPrefix("/"), RedirectRule.isURL(received), let request = RouteRequest(received) {
            return request.path + (request.query.map { "?" + $0 } ?? "") == expected
        }
        return false
    }
}
