import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `SandboxedCommand`s under bubblewrap: builds to completion with `run`, web services with `start`.
///
/// Every call blocks its thread: run it off Swift's cooperative pool (on a thread pool), never in a task
/// of the pool itself.
///
/// ```swift
/// let runner = try SandboxRunner()  // throws when bwrap is missing
/// let outcome = try runner.run(command, logFile: "/var/lib/chimera/logs/build.log") { line in print(line) }
/// if outcome.timedOut { /* BUILD_TIMEOUT */ } else if !outcome.succeeded { /* BUILD_FAILED, outcome.tail */ }
/// ```
public struct SandboxRunner: Sendable {
    /// The number of output lines kept in `BuildOutcome.tail` and `RunningService.outputTail`.
    public static let tailLength = 50

    /// How long to wait for the sandbox to come up in `start`.
    static let startLimit: Duration = .seconds(30)

    /// The bubblewrap executable used.
    public let bubblewrap: Bubblewrap

    /// Finds bubblewrap.
    /// - Throws: `SandboxError` saying to install bubblewrap when it is not there.
    public init(bubblewrapPath: String? = nil) throws(SandboxError) {
        bubblewrap = try Bubblewrap.locate(bubblewrapPath)
    }

    /// Runs a command to completion, or until its timeout, in the sandbox.
    ///
    /// Output (stdout and stderr together, in the order written) goes line by line to `output` as it
    /// comes and, as raw bytes, to `logFile` (created or emptied); only the last lines are kept in memory.
    /// On timeout every process of the sandbox is killed, whatever it did to detach itself.
    ///
    /// - Parameters:
    ///   - logFile: the file that receives the whole output (its folder is created if missing).
    ///   - output: called on this thread for every line, without the newline.
    /// - Returns: how it ended, how long it took, the tail and the log's path.
    /// - Throws: `SandboxError` when the sandbox could not be set up (bubblewrap missing or failing, a
    ///   missing workspace); a failing build is an outcome, not an error.
    public func run(
        _ command: SandboxedCommand,
        logFile: String,
        output: (String) -> Void = { _ in }
    ) throws(SandboxError) -> BuildOutcome {
        let invocation = try bubblewrap.invocation(for: command, shareNetwork: command.networkAllowed)
        let log = try Self.openLog(logFile)
        defer { close(log) }
        let pipe = try ChildProcess.pipe()
        defer { close(pipe.read) }
        let marker: (read: Int32, write: Int32)
        do {
            marker = try ChildProcess.pipe()
        } catch {
            close(pipe.write)
            throw error
        }
        defer { close(marker.read) }

        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started.advanced(by: command.timeout)
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                bubblewrap.path,
                arguments: invocation.arguments,
                environment: invocation.environment,
                output: pipe.write,
                descriptor3: marker.write
            )
        } catch {
            close(pipe.write)
            close(marker.write)
            throw error
        }
        // Only the sandbox may hold the write ends, so the end of its output is the end of the sandbox.
        close(pipe.write)
        close(marker.write)

        var recorder = OutputRecorder(log: log, logLimit: command.limits.logSize, tailLength: Self.tailLength)
        var timedOut = false
        if !Self.drain(pipe.read, into: &recorder, until: deadline, clock: clock, emit: output) {
            timedOut = true
            // SIGKILL to bubblewrap's process group: bubblewrap dies, its init inside the sandbox follows
            // (--die-with-parent), and the end of that init ends the pid namespace: the kernel kills every
            // process in it, including those that made their own session or process group.
            child.killGroup()
            // Whatever is still in the pipe belongs in the log; the writers are gone within milliseconds.
            _ = Self.drain(pipe.read, into: &recorder, until: clock.now.advanced(by: .seconds(5)), clock: clock, emit: output)
        }
        recorder.finish(emit: output)
        let termination = child.wait()
        let duration = clock.now - started

        if !timedOut && !Self.markerArrived(marker.read) {
            let reason = recorder.tail.lines.suffix(5).joined(separator: "\n")
            throw SandboxError("bubblewrap could not set up the sandbox (\(termination)): \(reason)")
        }
        return BuildOutcome(
            termination: timedOut ? .timedOut : termination,
            duration: duration,
            tail: recorder.tail.lines,
            logPath: logFile,
            outputBytes: recorder.totalBytes,
            logTruncated: recorder.logTruncated
        )
    }

    /// Starts a long-running command (a web service) in the sandbox and returns once the sandbox is up.
    ///
    /// The sandbox is the same as `run`'s (read-only system, private `/tmp`, hidden paths, own pid
    /// namespace) except that it always shares the host's network namespace: Render checks a service's
    /// health from outside, on 127.0.0.1:PORT, and a service in a network namespace of its own would be
    /// unreachable from Chimera. `networkAllowed` is therefore ignored here, and the service can reach
    /// the network and the host's loopback services. Output goes straight to `logFile`.
    ///
    /// - Important: bubblewrap's `--die-with-parent` watches the *thread* that started it: call `start`,
    ///   the health check and `stop` from one blocking job, on a thread that lives as long as the service.
    /// - Throws: `SandboxError` when the sandbox could not be set up; the message holds bubblewrap's output.
    public func start(_ command: SandboxedCommand, logFile: String) throws(SandboxError) -> RunningService {
        let invocation = try bubblewrap.invocation(for: command, shareNetwork: true)
        let log = try Self.openLog(logFile)
        let marker: (read: Int32, write: Int32)
        do {
            marker = try ChildProcess.pipe()
        } catch {
            close(log)
            throw error
        }
        defer { close(marker.read) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                bubblewrap.path,
                arguments: invocation.arguments,
                environment: invocation.environment,
                output: log,
                descriptor3: marker.write
            )
        } catch {
            close(log)
            close(marker.write)
            throw error
        }
        close(log)
        close(marker.write)

        // Wait for the prelude's byte: it comes once the sandbox is set up; the end of the pipe without it
        // means bubblewrap gave up (its message is in the log).
        var pollDescriptor = pollfd(fd: marker.read, events: Int16(POLLIN), revents: 0)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: min(Self.startLimit, command.timeout))
        while true {
            let ready = poll(&pollDescriptor, 1, Self.milliseconds(until: deadline, clock: clock))
            if ready < 0 && errno == EINTR { continue }
            if ready > 0 || clock.now >= deadline { break }
        }
        guard Self.markerArrived(marker.read) else {
            child.killGroup()
            let termination = child.wait()
            let reason = LineTail.lastLines(ofFile: logFile, count: 5).joined(separator: "\n")
            throw SandboxError("bubblewrap could not set up the sandbox (\(termination)): \(reason)")
        }
        return RunningService(process: child, logPath: logFile)
    }

    /// Reads the pipe into the recorder until its end (`true`) or the deadline (`false`).
    private static func drain(
        _ descriptor: Int32,
        into recorder: inout OutputRecorder,
        until deadline: ContinuousClock.Instant,
        clock: ContinuousClock,
        emit: (String) -> Void
    ) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let remaining = milliseconds(until: deadline, clock: clock)
            guard remaining > 0 else { return false }
            let ready = poll(&pollDescriptor, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.withUnsafeBytes { recorder.consume(UnsafeRawBufferPointer(rebasing: $0[..<count]), emit: emit) }
            } else if count == 0 {
                return true
            } else if errno != EINTR && errno != EAGAIN {
                return true
            }
        }
    }

    /// Whether the prelude wrote its byte (read without blocking: all writers may still be alive).
    private static func markerArrived(_ descriptor: Int32) -> Bool {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&pollDescriptor, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return read(descriptor, &byte, 1) == 1
    }

    /// Milliseconds left until `deadline`, for `poll` (0 when past, rounded up otherwise).
    static func milliseconds(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Int32 {
        let left = clock.now.duration(to: deadline)
        guard left > .zero else { return 0 }
        let (seconds, attoseconds) = left.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }

    /// Opens (creating or emptying) the log file, creating its folder.
    private static func openLog(_ path: String) throws(SandboxError) -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SandboxError("could not open the log file \(path): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }
}
