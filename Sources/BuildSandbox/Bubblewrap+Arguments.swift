import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Bubblewrap {
    /// A command ready to spawn: bubblewrap's arguments and the environment, with the workspace resolved.
    struct Invocation: Sendable {
        var arguments: [String]
        var environment: [String: String]
    }

    /// The bubblewrap arguments that run `command` in the sandbox.
    ///
    /// - Parameter shareNetwork: keep the host's network namespace; otherwise the sandbox gets an empty one
    ///   (only its own loopback). Services need it: Render's health check reaches them from outside.
    /// - Throws: when the workspace or the working directory does not exist or the working directory is
    ///   outside the workspace.
    public func arguments(for command: SandboxedCommand, shareNetwork: Bool) throws(SandboxError) -> [String] {
        try invocation(for: command, shareNetwork: shareNetwork).arguments
    }

    /// Resolves the paths of `command` (creating its home folder) and builds the invocation.
    func invocation(for command: SandboxedCommand, shareNetwork: Bool) throws(SandboxError) -> Invocation {
        guard let workspace = Self.realPath(command.workspace), Self.isDirectory(workspace) else {
            throw SandboxError("the workspace \(command.workspace) does not exist or is not a folder")
        }
        var resolved = command
        resolved.workspace = workspace
        let workingPath = resolved.workingPath
        guard let working = Self.realPath(workingPath), Self.isDirectory(working) else {
            throw SandboxError("the working directory \(workingPath) does not exist or is not a folder")
        }
        guard Self.isInside(working, workspace) else {
            throw SandboxError("the working directory \(workingPath) is outside the workspace \(workspace)")
        }
        if command.homeFolder != nil {
            let home = resolved.homePath
            do {
                try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            } catch {
                throw SandboxError("could not create the home folder \(home): \(error)")
            }
            guard let realHome = Self.realPath(home), Self.isInside(realHome, workspace) else {
                throw SandboxError("the home folder \(home) is outside the workspace \(workspace)")
            }
        }

        // Namespaces: everything private (user, mount, pid, ipc, uts, cgroup, network), the network kept
        // only when asked. The pid namespace is what kills leftovers: when its first process (bubblewrap's
        // init) dies, the kernel kills every process in it, daemonized or not.
        var arguments = ["--unshare-all"]
        if shareNetwork { arguments += ["--share-net"] }
        // A build that cannot create user namespaces cannot regain capabilities inside a nested one
        // (and user namespaces are a common way into kernel bugs). The option appeared in 0.8.
        if isAtLeast(0, 8) { arguments += ["--unshare-user", "--disable-userns"] }
        // --die-with-parent: if Chimera dies, bubblewrap gets SIGKILL and the pid namespace goes with it.
        // --new-session: the build cannot reach Chimera's terminal (TIOCSTI injection).
        // --cap-drop ALL: run as root, bubblewrap would keep every capability in the sandbox's user
        // namespace, enough to unmount the tmpfs that hides a folder and read what is under it.
        arguments += ["--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        arguments += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
        if let size = command.limits.temporarySpace, isAtLeast(0, 7) { arguments += ["--size", String(size)] }
        arguments += ["--tmpfs", "/tmp"]

        var hiddenFolders: [String] = []
        for path in Self.hiddenTargets(command.hiddenPaths) {
            if Self.isDirectory(path) {
                arguments += ["--tmpfs", path]
                hiddenFolders.append(path)
            } else {
                arguments += ["--ro-bind", "/dev/null", path]
            }
        }
        // /etc/resolv.conf is often a link into /run (systemd-resolved), hidden above: keep name
        // resolution working when the network is there.
        if shareNetwork, let resolver = Self.realPath("/etc/resolv.conf"), resolver != "/etc/resolv.conf",
            hiddenFolders.contains(where: { Self.isInside(resolver, $0) })
        {
            arguments += ["--ro-bind", resolver, resolver]
        }
        // Bound last, so the workspace shows through a hidden folder that holds it (the state directory).
        arguments += ["--bind", workspace, workspace]
        if command.homeFolder == nil { arguments += ["--dir", SandboxedCommand.temporaryHome] }
        arguments += ["--chdir", working]
        arguments += ["--", "/bin/sh", "-c", Self.prelude(command.limits), "sh", command.command]
        return Invocation(arguments: arguments, environment: resolved.sandboxEnvironment)
    }

    /// The script that starts the command: it sets the limits, tells Chimera that the sandbox is up by
    /// writing one byte to fd 3 (a failure before that is bubblewrap's, not the build's), closes fd 3 so
    /// the build does not hold it, and replaces itself with `/bin/sh -c command`.
    static func prelude(_ limits: SandboxedCommand.Limits) -> String {
        var script = "ulimit -c 0"
        if let fileSize = limits.fileSize {
            // POSIX counts `ulimit -f` in 512-byte blocks (dash, and bash when run as sh). Raising a hard
            // limit fails without privileges; the stricter existing limit then stays, which is fine.
            script += "; ulimit -f \((fileSize + 511) / 512) 2>/dev/null"
        }
        return script + "; printf s >&3; exec 3>&-; exec /bin/sh -c \"$1\" sh"
    }

    /// The hidden paths that exist, resolved, without duplicates, and without `/` or anything under the
    /// private `/tmp` (already empty).
    static func hiddenTargets(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        var targets: [String] = []
        for path in paths where path.hasPrefix("/") {
            guard let real = realPath(path), real != "/", !isInside(real, "/tmp"), seen.insert(real).inserted else { continue }
            targets.append(real)
        }
        return targets
    }

    /// The canonical absolute path, or `nil` when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is a folder (following links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` is `folder` or inside it (both canonical).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }
}
