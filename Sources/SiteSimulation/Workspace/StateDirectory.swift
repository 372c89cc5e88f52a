import Foundation

/// Where Chimera keeps its state: workspaces, logs, later the store and keys.
///
/// `CHIMERA_STATE_DIR` wins; under systemd (`StateDirectory=chimera` sets `STATE_DIRECTORY`) it is that
/// folder, normally `/var/lib/chimera`; otherwise `$XDG_STATE_HOME/chimera`, by default
/// `~/.local/state/chimera`.
public struct StateDirectory: Sendable, Hashable {
    /// The folder, absolute.
    public let path: String

    /// Uses `path` as the state directory.
    public init(path: String) {
        self.path = FilePaths.absolute(path)
    }

    /// The state directory for this process's environment.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        if let explicit = environment["CHIMERA_STATE_DIR"], !explicit.isEmpty { return Self(path: explicit) }
        if let systemd = environment["STATE_DIRECTORY"], !systemd.isEmpty {
            // systemd may list several folders separated by colons; Chimera's unit declares one.
            return Self(path: String(systemd.split(separator: ":").first ?? "/var/lib/chimera"))
        }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return Self(path: xdg + "/chimera") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return Self(path: home + "/.local/state/chimera")
    }

    /// The folder holding one folder per workspace.
    public var workspaces: String { path + "/workspaces" }
}
