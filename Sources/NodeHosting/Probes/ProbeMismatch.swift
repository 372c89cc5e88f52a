/// One difference between a live answer and its probe's expectation.
public struct ProbeMismatch: Sendable, Hashable, CustomStringConvertible {
    /// What differs.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The status.
        case status
        /// The `Location` of a redirect.
        case location
        /// A custom header from the rules.
        case header
        /// No answer at all (connection refused, timeout): set by the caller that sends the probes.
        case noAnswer
    }

    /// The probed target (`/path?query`).
    public var target: String
    /// What differs.
    public var kind: Kind
    /// The header's name, for `.header`.
    public var headerName: String?
    /// What was expected, as text.
    public var expected: String
    /// What came back, as text (`none` for a missing header or location).
    public var actual: String
    /// The one-line description, such as `/old: expected 301 → /new, got 200`.
    public var description: String

    /// Creates a mismatch with its description; `kind` defaults to `.noAnswer`, for a probe that got no answer.
    public init(
        target: String,
        kind: Kind = .noAnswer,
        headerName: String? = nil,
        expected: String = "",
        actual: String = "",
        description: String
    ) {
        self.target = target
        self.kind = kind
        self.headerName = headerName
        self.expected = expected
        self.actual = actual
        self.description = description
    }
}
