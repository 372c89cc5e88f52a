/// How ``GitHubClient`` retries: server errors and transport failures with exponential backoff, rate limits by
/// waiting for the time GitHub names (up to a cap).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first try (each retry, for any reason, uses one).
    public var attempts: Int
    /// The wait before the first backoff retry; it doubles for each further one.
    public var baseDelay: Duration
    /// The longest rate-limit wait accepted; a longer one fails at once with the time to retry.
    public var maxRateLimitWait: Duration

    /// Makes a policy.
    public init(attempts: Int = 3, baseDelay: Duration = .seconds(1), maxRateLimitWait: Duration = .seconds(15 * 60)) {
        self.attempts = max(0, attempts)
        self.baseDelay = baseDelay
        self.maxRateLimitWait = maxRateLimitWait
    }

    /// 3 retries from 1 s (1, 2, 4 s), rate limits waited out up to 15 minutes.
    public static let standard = RetryPolicy()

    /// No retries at all.
    public static let none = RetryPolicy(attempts: 0, baseDelay: .zero, maxRateLimitWait: .zero)
}
