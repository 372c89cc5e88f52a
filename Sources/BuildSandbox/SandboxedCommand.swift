/// A shell command to run under bubblewrap, with everything that decides what it may see and do.
///
/// The command runs as `/bin/sh -c command` with `workspace` as the only writable host folder. It sees
/// the environment given here plus `PATH` and `HOME`, and nothing of Chimera's own environment, so
/// secrets in Chimera's environment cannot leak into an untrusted build.
///
/// ```swift
/// var command = SandboxedCommand("npm run build", workspace: "/var/lib/chimera/workspaces/abc")
/// command.environment = ["CONTEXT": "production", "NETLIFY": "true"]
/// command.hiddenPaths.append("/var/lib/chimera")  // the workspace itself stays visible
/// let outcome = try SandboxRunner().run(command, logFile: logPath) { print($0) }
/// ```
public struct SandboxedCommand: Sendable, Hashable {
    /// The shell command, run with `/bin/sh -c`.
    public var command: String
    /// The absolute host folder bound read-write at the same path inside the sandbox.
    public var workspace: String
    /// The working directory, relative to `workspace` (Netlify's `base`); empty means the workspace itself.
    public var workingDirectory: String
    /// Exactly the variables the command gets, besides `PATH` and `HOME` (added when missing here).
    public var environment: [String: String]
    /// Whether the command may use the network (Chimera maps `CHIMERA_BUILD_NETWORK=1` to this); off by default.
    public var networkAllowed: Bool
    /// How long the command may run before the whole sandbox is killed.
    public var timeout: Duration
    /// Host paths replaced by an empty folder (or, for a file, by an empty file) inside the sandbox.
    ///
    /// Paths that do not exist are skipped. The workspace is bound after these, so it stays visible even
    /// when it lies under a hidden folder such as Chimera's state directory.
    public var hiddenPaths: [String]
    /// `HOME`, relative to `workspace`, created if missing; `nil` gives an empty folder in the private `/tmp`.
    public var homeFolder: String?
    /// Resource limits.
    public var limits: Limits

    /// Paths hidden by default: users' homes, runtime sockets (`/run` holds the D-Bus, systemd and often
    /// Docker sockets), shared temporary and log folders, password hashes and the SSH host keys.
    ///
    /// The list matters because Chimera usually runs as root: the build runs as the host's root user
    /// (without capabilities), so file permissions alone do not keep it from reading root-only files.
    public static let defaultHiddenPaths = [
        "/root", "/home", "/run", "/var/run", "/var/tmp", "/var/log", "/var/mail", "/var/spool", "/var/backups",
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/ssh",
    ]

    /// The `PATH` used when `environment` has none.
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Where `HOME` points when `homeFolder` is `nil`: inside the private `/tmp`, so it starts empty each run.
    public static let temporaryHome = "/tmp/home"

    /// Creates a command; network off, a five-minute timeout and the default hidden paths and limits.
    public init(
        _ command: String,
        workspace: String,
        workingDirectory: String = "",
        environment: [String: String] = [:],
        networkAllowed: Bool = false,
        timeout: Duration = .seconds(300)
    ) {
        self.command = command
        self.workspace = workspace
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.networkAllowed = networkAllowed
        self.timeout = timeout
        self.hiddenPaths = Self.defaultHiddenPaths
        self.homeFolder = nil
        self.limits = Limits()
    }

    /// The folder `HOME` names inside the sandbox.
    public var homePath: String {
        guard let homeFolder else { return Self.temporaryHome }
        return Self.join(workspace, homeFolder)
    }

    /// The directory the command starts in.
    public var workingPath: String { Self.join(workspace, workingDirectory) }

    /// The complete environment the command sees: `environment`, plus `PATH` and `HOME` unless it sets them.
    public var sandboxEnvironment: [String: String] {
        var variables = environment
        if variables["PATH"] == nil { variables["PATH"] = Self.defaultPath }
        if variables["HOME"] == nil { variables["HOME"] = homePath }
        return variables
    }

    /// `relative` under `base`, without doubled or trailing slashes.
    static func join(_ base: String, _ relative: String) -> String {
        let parts = relative.split(separator: "/").filter { $0 != "." }
        guard !parts.isEmpty else { return base }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/" + parts.joined(separator: "/")
    }
}
