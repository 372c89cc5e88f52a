extension SandboxedCommand {
    /// Resource limits for one sandboxed command, on top of its timeout.
    ///
    /// Memory and CPU are not limited: that needs cgroups, which bubblewrap does not set up, and an
    /// address-space limit breaks runtimes that reserve large virtual ranges (Node, Go, the JVM).
    public struct Limits: Sendable, Hashable {
        /// The size of the private `/tmp` in bytes (a tmpfs, so it is memory); `nil` keeps the kernel's
        /// default of half the RAM. Needs bubblewrap 0.7 or later (`--size`); ignored before.
        public var temporarySpace: Int?
        /// The largest file a process may write, in bytes (`RLIMIT_FSIZE`); `nil` for no limit.
        public var fileSize: Int?
        /// The most bytes of output written to the log file; later output is still streamed and kept in
        /// the tail, but the log ends with a note saying it was cut.
        public var logSize: Int

        /// Creates limits: 1 GiB of `/tmp`, 4 GiB files, 100 MiB of log.
        public init(temporarySpace: Int? = 1 << 30, fileSize: Int? = 4 << 30, logSize: Int = 100 << 20) {
            self.temporarySpace = temporarySpace
            self.fileSize = fileSize
            self.logSize = logSize
        }
    }
}
