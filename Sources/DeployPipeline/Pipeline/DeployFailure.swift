/// Why a stage did not complete.
public struct DeployFailure: Error, Sendable, CustomStringConvertible {
    /// Whether trying again later may succeed (a network or disk hiccup), as opposed to a verdict on the commit.
    public var transient: Bool
    /// What happened and, where it helps, what to do.
    public var message: String

    /// A failure that retrying will not change (a failing simulation, a missing commit).
    public static func permanent(_ message: String) -> Self { Self(transient: false, message: message) }
    /// A failure worth retrying with backoff.
    public static func transient(_ message: String) -> Self { Self(transient: true, message: message) }

    /// The message.
    public var description: String { message }
}
