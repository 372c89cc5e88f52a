import Foundation

/// A GitHub API call that failed: refused input, an HTTP error answer, a rate limit too long to wait out,
/// or no answer at all. Never carries the token.
public struct GitHubError: Error, CustomStringConvertible {
    /// The HTTP status GitHub answered, or nil when no answer came (or the call was refused before sending).
    public var status: Int?
    /// GitHub's `message` field when it sent one (with validation details), otherwise what went wrong.
    public var message: String
    /// The method and API path called, e.g. `POST /repos/o/r/statuses/abc…` (no host, no query, no token).
    public var path: String
    /// When rate limited beyond the wait the policy allows: the earliest time a retry can succeed.
    public var retryAt: Date?
    /// What to do about it.
    public var hint: String?

    /// Makes an error.
    public init(status: Int?, message: String, path: String, retryAt: Date? = nil, hint: String? = nil) {
        self.status = status
        self.message = message
        self.path = path
        self.retryAt = retryAt
        self.hint = hint
    }

    /// One line: the call, the status, GitHub's message and the hint.
    public var description: String {
        var text = "GitHub API \(path) failed"
        if let status { text += " with HTTP \(status)" }
        text += ": \(message)"
        if let retryAt { text += " (retry after \(retryAt.formatted(.iso8601)))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}
