import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells systemd how the service is doing (`sd_notify(3)` without libsystemd): one datagram per message to the
/// `AF_UNIX` socket named by `NOTIFY_SOCKET`, which systemd sets for `Type=notify` units.
///
/// ```swift
/// let notifier = SystemdNotifier()          // reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID
/// try notifier.send(SystemdNotifier.ready)  // does nothing when not started by systemd
/// ```
public struct SystemdNotifier: Sendable, Hashable {
    /// `READY=1`: start-up is finished (the unit becomes active; `systemctl start` returns).
    public static let ready = "READY=1"
    /// `STOPPING=1`: the service is shutting down.
    public static let stopping = "STOPPING=1"
    /// `WATCHDOG=1`: the service is alive (systemd restarts it when none arrives within `WatchdogSec`).
    public static let watchdog = "WATCHDOG=1"

    /// The notification socket: an absolute path, or `@name` for an abstract socket; nil when systemd did not ask
    /// for notifications (then every `send` does nothing).
    public var socketPath: String?
    /// How often to send `WATCHDOG=1`: half of `WATCHDOG_USEC`, as `sd_watchdog_enabled(3)` advises; nil when the
    /// watchdog is off or meant for another process (`WATCHDOG_PID`).
    public var watchdogInterval: Duration?

    /// A notifier for the given socket and watchdog interval (tests, or a caller that read them itself).
    public init(socketPath: String?, watchdogInterval: Duration? = nil) {
        self.socketPath = socketPath.flatMap { $0.isEmpty ? nil : $0 }
        self.watchdogInterval = watchdogInterval
    }

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    ///
    /// - Parameter processID: this process; a `WATCHDOG_PID` naming another one (a parent that exec'd a helper)
    ///   turns the watchdog off here, as in `sd_watchdog_enabled(3)`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, processID: Int32 = getpid()) {
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 {
            let owner = environment["WATCHDOG_PID"].map { Int32($0) }
            // WATCHDOG_PID unset: the watchdog is ours. Set but unreadable or another pid: it is not.
            if owner == nil || owner == processID {
                interval = .microseconds(max(microseconds / 2, 1))
            }
        }
        self.init(socketPath: environment["NOTIFY_SOCKET"], watchdogInterval: interval)
    }

    /// Whether systemd listens (`NOTIFY_SOCKET` was set).
    public var isEnabled: Bool { socketPath != nil }

    /// Sends `message` (newline-separated `KEY=VALUE` assignments) in one datagram; does nothing when disabled.
    ///
    /// Non-blocking: a full socket queue is an error, not a wait, so it is safe on the cooperative pool.
    /// - Throws: ``SystemdNotifyError`` when the socket name cannot be used or the datagram cannot be sent.
    public func send(_ message: String) throws(SystemdNotifyError) {
        guard let socketPath else { return }
        var address = try Self.address(socketPath)
        let descriptor = socket(AF_UNIX, Self.datagramType, 0)
        guard descriptor >= 0 else { throw SystemdNotifyError(message: message, socket: socketPath, errno: errno) }
        defer { close(descriptor) }
        let bytes = Array(message.utf8)
        var sent = -1
        repeat {
            sent = withUnsafePointer(to: &address.storage) { storage in
                storage.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Self.sendFlags, pointer, address.length) }
                }
            }
        } while sent < 0 && errno == EINTR
        guard sent == bytes.count else { throw SystemdNotifyError(message: message, socket: socketPath, errno: sent < 0 ? errno : EMSGSIZE) }
    }

    /// Sends `message` and logs a failure instead of throwing: a missed notification must not stop the service
    /// (systemd then reports the start as timed out, or the watchdog fires, which says what went wrong).
    /// - Returns: whether the message was sent (or there was nothing to send to).
    @discardableResult
    public func send(_ message: String, logger: Logger) -> Bool {
        do {
            try send(message)
            return true
        } catch {
            logger.warning("systemd notification failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// `sockaddr_un` for a path or an abstract name (`@name`: a leading NUL byte, and a length without terminator).
    static func address(_ path: String) throws(SystemdNotifyError) -> (storage: sockaddr_un, length: socklen_t) {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        guard abstract || bytes.first == UInt8(ascii: "/"), bytes.count > 1 else {
            throw SystemdNotifyError(
                "NOTIFY_SOCKET=\(path) is not an absolute path or an abstract socket name (@name); unset it, or start the service from systemd"
            )
        }
        if abstract { bytes[0] = 0 }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        // A path needs room for its terminating NUL; an abstract name uses every byte.
        guard bytes.count <= (abstract ? capacity : capacity - 1) else {
            throw SystemdNotifyError("NOTIFY_SOCKET=\(path) is longer than the \(capacity - 1) bytes a unix socket name can have")
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1)
        return (storage, socklen_t(length))
    }

    #if canImport(Glibc)
    private static let datagramType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
    #else
    private static let datagramType = SOCK_DGRAM
    private static let sendFlags = MSG_DONTWAIT
    #endif
}

/// A systemd notification that could not be sent.
public struct SystemdNotifyError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, where, and what to check.
    public var description: String

    /// Creates an error from a full description.
    public init(_ description: String) { self.description = description }

    /// An error of the socket calls, with the message's first assignment (never a secret: only state words are sent).
    init(message: String, socket: String, errno code: Int32) {
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        let reason = String(cString: strerror(code))
        self.init(
            "could not send \(first) to systemd's notification socket \(socket): \(reason); "
                + "check that the unit is Type=notify and that NOTIFY_SOCKET names its socket"
        )
    }
}
