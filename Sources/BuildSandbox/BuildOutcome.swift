/// How a sandboxed command ended, with what it printed last and where the full log is.
public struct BuildOutcome: Sendable, Hashable {
    /// Why the sandbox stopped.
    public enum Termination: Sendable, Hashable {
        /// The command exited with this status. bubblewrap passes the command's status through, and a
        /// command killed by signal N inside the sandbox shows as 128 + N, as a shell reports it.
        case exited(Int32)
        /// bubblewrap itself was killed by this signal (by us when a service is stopped, or by the kernel).
        case signaled(Int32)
        /// The timeout ran out and every process of the sandbox was killed.
        case timedOut
    }

    /// Why the sandbox stopped.
    public var termination: Termination
    /// The time from start to the end of the command's output.
    public var duration: Duration
    /// The last lines of output (stdout and stderr interleaved as they came), oldest first.
    public var tail: [String]
    /// The log file holding the whole output (up to `SandboxedCommand.Limits.logSize`).
    public var logPath: String
    /// The number of bytes the command printed, including any not written to a truncated log.
    public var outputBytes: Int
    /// Whether the log was cut at the size limit.
    public var logTruncated: Bool

    /// Creates an outcome.
    public init(
        termination: Termination,
        duration: Duration,
        tail: [String],
        logPath: String,
        outputBytes: Int,
        logTruncated: Bool
    ) {
        self.termination = termination
        self.duration = duration
        self.tail = tail
        self.logPath = logPath
        self.outputBytes = outputBytes
        self.logTruncated = logTruncated
    }

    /// Whether the command exited with status 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// The exit status, when the command exited by itself.
    public var exitStatus: Int32? {
        if case .exited(let status) = termination { return status }
        return nil
    }

    /// Whether the timeout killed the command.
    public var timedOut: Bool { termination == .timedOut }
}
