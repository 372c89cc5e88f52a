import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A long-running command started with `SandboxRunner.start`, killed with `stop()` or when released.
///
/// A class rather than a struct: it owns a live process, and copies of a value could stop it twice,
/// the second time killing whatever process group reused its id.
public final class RunningService: Sendable {
    /// The process id of bubblewrap (outside the sandbox's pid namespace).
    public let processID: Int32
    /// The file receiving the service's output.
    public let logPath: String

    private let process: ChildProcess
    /// `nil` while running; how it ended once reaped (after that the pid is never signalled again).
    private let ended = Mutex<BuildOutcome.Termination?>(nil)

    init(process: ChildProcess, logPath: String) {
        self.process = process
        self.processID = process.pid
        self.logPath = logPath
    }

    deinit { stop() }

    /// The last lines the service printed, read from the end of its log.
    public var outputTail: [String] { LineTail.lastLines(ofFile: logPath, count: SandboxRunner.tailLength) }

    /// How the service ended, or `nil` while it is running.
    public var termination: BuildOutcome.Termination? {
        ended.withLock { ended in
            if ended == nil { ended = process.poll() }
            return ended
        }
    }

    /// Kills the service and every process in its sandbox, then waits for bubblewrap; calling it again
    /// returns the same answer.
    @discardableResult
    public func stop() -> BuildOutcome.Termination {
        ended.withLock { ended in
            if let ended { return ended }
            // bubblewrap's death takes its init in the sandbox with it (--die-with-parent), which ends the
            // pid namespace, so nothing inside survives.
            process.killGroup()
            let termination = process.wait()
            ended = termination
            return termination
        }
    }

    /// Polls `http://127.0.0.1:port/path` until it answers 2xx or 3xx, like Render's health check.
    ///
    /// Gives up early when the service exits, instead of waiting out the timeout.
    /// - Returns: the successful status, or `nil` when the timeout passed or the service ended first.
    public func waitForHTTP(port: Int, path: String = "/", timeout: Duration) -> Int? {
        HTTPProbe(port: port, path: path).waitForSuccess(timeout: timeout) { termination != nil }
    }
}
