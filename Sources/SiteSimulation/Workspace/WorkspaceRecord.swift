import Foundation

/// What happened in one workspace, written as `workspace.json` beside its build log, so that a
/// simulation can be examined after its files are gone.
public struct WorkspaceRecord: Sendable, Codable, Hashable {
    /// The outcome of the build step.
    public struct Build: Sendable, Codable, Hashable {
        /// The command run, or nil when there was none or `--no-build` skipped it.
        public var command: String?
        /// The folder it ran in, relative to the repository root.
        public var directory: String
        /// The exit status, or nil when it was killed.
        public var exitStatus: Int32?
        /// True when `CHIMERA_SIM_TIMEOUT` killed it.
        public var timedOut: Bool
        /// Wall time in milliseconds.
        public var durationMs: Int
        /// The full output, as a file name inside the workspace folder.
        public var log: String
    }

    /// The workspace's identifier (its folder name).
    public var id: String
    /// The repository the commit came from, absolute.
    public var repository: String
    /// The commit id, full.
    public var commit: String
    /// The branch deployed, if known.
    public var branch: String?
    /// The deploy context.
    public var context: String?
    /// The platform model.
    public var platform: String
    /// When the workspace was made (ISO 8601).
    public var created: String
    /// The build, if one ran.
    public var build: Build?
    /// The simulation verdict, once known.
    public var verdict: String?
    /// Whether the exported tree is still on disk.
    public var treeKept: Bool

    /// Writes the record into `folder/workspace.json` atomically: a reader never sees half a file.
    public func write(into folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let destination = URL(fileURLWithPath: folder + "/workspace.json")
        try data.write(to: destination, options: .atomic)
    }
}
