#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process started with `posix_spawn` in a process group of its own, with a clean slate: only the
/// descriptors and environment given, default signal handlers and an empty signal mask.
struct ChildProcess: Sendable {
    /// The process id, which is also its process group id.
    let pid: pid_t

    /// Starts `executable`.
    /// - Parameters:
    ///   - environment: the child's whole environment; nothing is inherited.
    ///   - output: the descriptor that becomes both stdout and stderr. Stdin is `/dev/null`.
    ///   - descriptor3: a descriptor passed on as fd 3; every other descriptor of ours is closed in the child.
    static func spawn(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        output: Int32,
        descriptor3: Int32? = nil
    ) throws(SandboxError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        if let descriptor3 { posix_spawn_file_actions_adddup2(&actions, descriptor3, 3) }
        // Chimera's own descriptors (database, sockets, other builds' pipes) must not reach the sandbox:
        // bubblewrap passes every open descriptor through to the command.
        closeDescriptors(from: descriptor3 == nil ? 3 : 4, in: &actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        // A server process often ignores SIGPIPE; ignored signals survive exec, and a build that gets
        // EPIPE instead of SIGPIPE behaves differently (`yes | head` never ends).
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        // Its own process group, so the whole group can be killed without touching Chimera.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw SandboxError("could not start \(executable): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Sends SIGKILL to the process group (processes that started their own session are not in it).
    func killGroup() {
        kill(-pid, SIGKILL)
    }

    /// Waits for the process to end.
    func wait() -> BuildOutcome.Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .signaled(SIGKILL) }
        }
        return Self.termination(status)
    }

    /// The termination if the process has ended (and reaps it), `nil` while it runs.
    func poll() -> BuildOutcome.Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result < 0 && errno != EINTR ? .signaled(SIGKILL) : nil }
        return Self.termination(status)
    }

    /// Decodes a `waitpid` status (the W* macros are not visible from Swift).
    static func termination(_ status: Int32) -> BuildOutcome.Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Makes a pipe whose ends are closed on exec (the child gets its copy through `dup2`).
    ///
    /// `pipe2` is not visible through Swift's Glibc module, so the flag is set just after: a process
    /// spawned by another thread in between could inherit the ends, but not one spawned here (see
    /// `closeDescriptors`).
    static func pipe() throws(SandboxError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else {
            throw SandboxError("could not create a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// Closes every descriptor from `first` on in the child.
    ///
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) is not visible through Swift's Glibc module,
    /// so it is looked up at run time; without it the descriptors open now are closed one by one.
    private static func closeDescriptors(from first: Int32, in actions: inout posix_spawn_file_actions_t) {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, first) == 0 { return }
        }
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let descriptor = Int32(name), descriptor >= first, descriptor != own {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    }
}
