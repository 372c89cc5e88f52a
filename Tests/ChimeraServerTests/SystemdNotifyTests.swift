import ChimeraHTTP
import ChimeraServer
import DeployPipeline
import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// sd_notify without libsystemd: a real datagram socket stands in for systemd's, and a real `chimeractl serve`
/// (or the in-process server) talks to it.
@Suite struct SystemdNotifyTests {
    @Test func readsTheEnvironmentLikeSdWatchdogEnabled() {
        let none = SystemdNotifier(environment: [:], processID: 42)
        #expect(!none.isEnabled && none.socketPath == nil && none.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""], processID: 42).isEnabled == false)

        let socket = ["NOTIFY_SOCKET": "/run/systemd/notify"]
        #expect(SystemdNotifier(environment: socket, processID: 42).socketPath == "/run/systemd/notify")
        // Half of WATCHDOG_USEC; WATCHDOG_PID unset or naming this process: the watchdog is ours.
        let ours = SystemdNotifier(environment: socket.merging(["WATCHDOG_USEC": "200000"]) { $1 }, processID: 42)
        #expect(ours.watchdogInterval == .milliseconds(100))
        let named = SystemdNotifier(environment: socket.merging(["WATCHDOG_USEC": "200000", "WATCHDOG_PID": "42"]) { $1 }, processID: 42)
        #expect(named.watchdogInterval == .milliseconds(100))
        // Another process's watchdog, or values that are not numbers: off.
        let other = SystemdNotifier(environment: socket.merging(["WATCHDOG_USEC": "200000", "WATCHDOG_PID": "7"]) { $1 }, processID: 42)
        #expect(other.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: socket.merging(["WATCHDOG_USEC": "soon"]) { $1 }, processID: 42).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: socket.merging(["WATCHDOG_USEC": "0"]) { $1 }, processID: 42).watchdogInterval == nil)
    }

    @Test func sendingWithoutASocketDoesNothingAndABadNameIsExplained() throws {
        try SystemdNotifier(socketPath: nil).send(SystemdNotifier.ready)
        let relative = SystemdNotifier(socketPath: "run/notify")
        let error = #expect(throws: SystemdNotifyError.self) { try relative.send(SystemdNotifier.ready) }
        #expect(error?.description.contains("NOTIFY_SOCKET=run/notify") == true)
        let long = SystemdNotifier(socketPath: "/" + String(repeating: "x", count: 200))
        let tooLong = #expect(throws: SystemdNotifyError.self) { try long.send(SystemdNotifier.ready) }
        #expect(tooLong?.description.contains("longer than") == true)
        // Nobody listens on this path: the error says which message and which socket.
        let path = "/tmp/chimera-notify-\(UUID().uuidString.prefix(8)).sock"
        let absent = #expect(throws: SystemdNotifyError.self) { try SystemdNotifier(socketPath: path).send("READY=1\nSTATUS=x") }
        #expect(absent?.description.contains("READY=1 to systemd's notification socket \(path)") == true)
    }

    @Test func sendsToAnAbstractSocket() async throws {
        let name = "@chimera-test-\(UUID().uuidString)"
        let listener = try NotifyListener(name: name)
        defer { listener.close() }
        try SystemdNotifier(socketPath: name).send("READY=1\nSTATUS=listening on port 8000")
        #expect(try await listener.receive() == "READY=1\nSTATUS=listening on port 8000")
    }

    /// The server in-process, stopped by the service group's graceful shutdown (what SIGTERM starts).
    @Test func theServerSaysReadyOnceItListensAndStoppingOnGracefulShutdown() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-notify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let name = "@chimera-test-\(UUID().uuidString)"
        let listener = try NotifyListener(name: name)
        defer { listener.close() }
        var logger = Logger(label: "chimera-test")
        logger.logLevel = .warning
        let settings = ServiceSettings(port: 0, stateDirectory: state)
        let server = try ChimeraApplication(settings: settings, sites: SitesFile(sites: []), logger: logger)
        let group = ServiceGroup(
            services: [server.application(systemd: SystemdNotifier(socketPath: name))],
            gracefulShutdownSignals: [],
            cancellationSignals: [],
            logger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let ready = try await listener.receive()
            #expect(ready == "READY=1\nSTATUS=listening on port \(server.port)")
            // READY=1 means the port answers.
            let answer = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(server.port)/"))
            #expect(answer.status == 200)
            await group.triggerGracefulShutdown()
            // No watchdog was asked for: the next message is STOPPING=1.
            #expect(try await listener.receive() == "STOPPING=1")
            try await tasks.waitForAll()
        }
    }

    /// The real daemon, with systemd's variables, a path socket and SIGTERM.
    @Test func chimeractlServeSendsReadyWatchdogAndStoppingAfterSIGTERM() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // A short path: sun_path holds 107 bytes.
        let path = "/tmp/chimera-notify-\(UUID().uuidString.prefix(8)).sock"
        let listener = try NotifyListener(name: path)
        defer { listener.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeProcess.executable)
        // The example sites file of systemd/ is the one the daemon reads: it must load.
        process.arguments = ["serve", "--config", Self.repositoryRoot + "/systemd/chimera.toml.example"]
        var environment = ProcessInfo.processInfo.environment
        environment["CHIMERA_STATE_DIR"] = root.path + "/state"
        environment["CHIMERA_LISTEN"] = "127.0.0.1:0"
        environment["CHIMERA_LOG_LEVEL"] = "warning"
        environment["NOTIFY_SOCKET"] = path
        environment["WATCHDOG_USEC"] = "200000"
        environment.removeValue(forKey: "WATCHDOG_PID")
        environment.removeValue(forKey: "GITHUB_TOKEN")
        process.environment = environment
        let log = root.appendingPathComponent("serve.log")
        try Data().write(to: log)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        process.standardError = logHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) } }
        func output() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        // Watchdog pings may come before READY=1 (the watchdog runs from the start): collect until READY=1.
        var messages: [String] = []
        while !messages.contains(where: { $0.hasPrefix("READY=1") }) {
            let message = try await listener.receive()
            try #require(message != nil, "no READY=1 from chimeractl serve; it printed: \(output())")
            messages.append(message ?? "")
        }
        let ready = try #require(messages.first { $0.hasPrefix("READY=1") })
        let port = try #require(ready.split(separator: " ").last.flatMap { Int($0) }, "no port in \(ready)")
        #expect(ready == "READY=1\nSTATUS=listening on port \(port)")
        let answer = try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        #expect(answer.status == 200)

        // WATCHDOG_USEC=200000: a WATCHDOG=1 every 100 ms. Wait for three after READY=1.
        var pings = 0
        while pings < 3 {
            let message = try #require(try await listener.receive(), "no WATCHDOG=1; chimeractl serve printed: \(output())")
            #expect(message == "WATCHDOG=1")
            if message == "WATCHDOG=1" { pings += 1 } else { break }
        }

        process.terminate()
        var last = ""
        while last != "STOPPING=1" {
            let message = try await listener.receive()
            try #require(message != nil, "no STOPPING=1 after SIGTERM; chimeractl serve printed: \(output())")
            last = message ?? ""
            if last != "STOPPING=1" { #expect(last == "WATCHDOG=1") }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                done.resume()
            }
        }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(output())")
        // READY=1 was said once.
        #expect(messages.filter { $0.hasPrefix("READY=1") }.count == 1)
    }

    /// The package's root, from this file's path (Tests/ChimeraServerTests/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}

/// systemd's side of `NOTIFY_SOCKET`: a bound datagram socket (a path, or `@name` for an abstract one).
final class NotifyListener: Sendable {
    let descriptor: Int32
    let path: String?

    init(name: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw FixtureFailure(description: "socket: \(String(cString: strerror(errno)))") }
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        path = abstract ? nil : name
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw FixtureFailure(description: "bind \(name): \(reason)")
        }
    }

    /// The next datagram, or nil when none came within `seconds` (a guard against hanging, not a timing check).
    /// Blocking `poll`/`recv` run on a Dispatch thread, off the cooperative pool.
    func receive(within seconds: Int32 = 30) async throws -> String? {
        let descriptor = self.descriptor
        return await withCheckedContinuation { (done: CheckedContinuation<String?, Never>) in
            DispatchQueue.global().async {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                var ready: Int32
                repeat { ready = poll(&poller, 1, seconds * 1000) } while ready < 0 && errno == EINTR
                guard ready > 0 else { return done.resume(returning: nil) }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                done.resume(returning: count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self))
            }
        }
    }

    func close() {
        Glibc.close(descriptor)
        if let path { unlink(path) }
    }
}
