#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.0 GET to a port on 127.0.0.1 over a plain TCP socket: Render's health check, locally.
///
/// ```swift
/// let status = HTTPProbe(port: 10000, path: "/healthz").waitForSuccess(timeout: .seconds(60))
/// ```
public struct HTTPProbe: Sendable, Hashable {
    /// The TCP port on 127.0.0.1.
    public var port: Int
    /// The request path, starting with `/`.
    public var path: String

    /// Creates a probe; a path without a leading slash gets one.
    public init(port: Int, path: String = "/") {
        self.port = port
        self.path = path.hasPrefix("/") ? path : "/" + path
    }

    /// Polls until the answer is 2xx or 3xx.
    /// - Parameters:
    ///   - interval: the pause between attempts.
    ///   - giveUp: checked between attempts; `true` stops polling (the service has exited, say).
    /// - Returns: the successful status, or `nil` when the timeout passed or `giveUp` said so.
    public func waitForSuccess(
        timeout: Duration,
        interval: Duration = .milliseconds(250),
        giveUp: () -> Bool = { false }
    ) -> Int? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let left = clock.now.duration(to: deadline)
            if let status = status(timeout: min(left, .seconds(5))), (200..<400).contains(status) { return status }
            if giveUp() || clock.now.advanced(by: interval) >= deadline { return nil }
            Self.sleep(interval)
        }
    }

    /// Polls `http://127.0.0.1:port/path` until a 2xx or 3xx answer or the timeout.
    /// - Returns: the successful status, or `nil`.
    public static func waitForHTTP(port: Int, path: String = "/", timeout: Duration) -> Int? {
        HTTPProbe(port: port, path: path).waitForSuccess(timeout: timeout)
    }

    /// One request: the status code of the answer, or `nil` when nothing answered HTTP in time.
    public func status(timeout: Duration = .seconds(5)) -> Int? {
        guard timeout > .zero, (1...65535).contains(port) else { return nil }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        guard connect(socket, deadline: deadline, clock: clock) else { return nil }

        var time = timeval(tv_sec: 0, tv_usec: 0)
        let left = clock.now.duration(to: deadline).components
        time.tv_sec = max(0, Int(left.seconds))
        time.tv_usec = max(1000, Int(left.attoseconds / 1_000_000_000_000))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))

        let request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: Chimera-HealthCheck\r\nAccept: */*\r\n\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return nil
            }
        }
        // Only the status line matters: "HTTP/1.1 200 OK".
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while !answer.contains(UInt8(ascii: "\n")) && answer.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                answer += buffer[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return Self.statusCode(answer)
    }

    /// The status code of a status line ("HTTP/1.x NNN ...").
    static func statusCode(_ answer: [UInt8]) -> Int? {
        let line = String(decoding: answer.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3, let code = Int(parts[1]) else { return nil }
        return (100...599).contains(code) ? code : nil
    }

    /// Connects to 127.0.0.1:port without blocking past the deadline.
    private func connect(_ socket: Int32, deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Bool {
        let flags = fcntl(socket, F_GETFL)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            guard errno == EINPROGRESS || errno == EINTR else { return false }
            var pollDescriptor = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat {
                ready = poll(&pollDescriptor, 1, SandboxRunner.milliseconds(until: deadline, clock: clock))
            } while ready < 0 && errno == EINTR
            guard ready > 0 else { return false }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 else { return false }
        }
        _ = fcntl(socket, F_SETFL, flags)
        return true
    }

    /// Sleeps the thread (this type is for blocking callers).
    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
