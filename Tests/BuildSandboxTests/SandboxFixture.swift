import Foundation
import Testing

@testable import BuildSandbox

#if canImport(Glibc)
import Glibc
#endif

/// Real folders for one test: a workspace, a folder beside it, and a log file; removed afterwards.
///
/// The root is not under `/tmp`: inside the sandbox `/tmp` is a private tmpfs, so a write "outside the
/// workspace" under `/tmp` would prove nothing about the read-only system.
final class SandboxFixture {
    let root: String
    let workspace: String
    let outside: String
    let logFile: String
    /// A marker unique to this test, for finding its processes in the host's process table.
    let marker = String(UInt32.random(in: 100_000...999_999))

    init() throws {
        let id = "chimera-sandbox-test-\(UUID().uuidString)"
        let bases = ["/var/lib", FileManager.default.currentDirectoryPath]
        guard let base = bases.first(where: { access($0, W_OK) == 0 }) else { throw SandboxError("no writable folder for tests") }
        root = base + "/" + id
        workspace = root + "/workspace"
        outside = root + "/outside"
        logFile = root + "/logs/build.log"
        for folder in [workspace, outside] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    deinit {
        // Whatever the test proved, never leave its processes behind.
        for pid in Self.processes(containing: marker) { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A command in this fixture's workspace.
    func command(_ script: String, timeout: Duration = .seconds(60)) -> SandboxedCommand {
        SandboxedCommand(script, workspace: workspace, timeout: timeout)
    }

    /// The path of `name` in the workspace.
    func inWorkspace(_ name: String) -> String { workspace + "/" + name }

    /// Reads a file as text, `nil` when it does not exist.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Host processes whose command line contains `marker`, from `/proc`.
    static func processes(containing marker: String) -> [Int32] {
        let own = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != own,
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let commandLine = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return commandLine.contains(marker) ? pid : nil
        }
    }

    /// Waits up to two seconds for the processes carrying `marker` to be gone; returns those left.
    static func survivors(of marker: String) -> [Int32] {
        for _ in 0..<20 {
            if processes(containing: marker).isEmpty { return [] }
            usleep(100_000)
        }
        return processes(containing: marker)
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: a connection shows as a pending one in its backlog.
final class LoopbackListener {
    let socket: Int32
    let port: Int

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socket = socket
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 16) == 0 else { throw SandboxError("cannot listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socket) }

    /// Whether a client has connected (the listening socket is readable).
    var receivedConnection: Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// A port nothing listens on right now (bound, read, released).
    static func freePort() throws -> Int {
        try LoopbackListener().port
    }
}
