/// What `GitRepository.export(_:into:)` wrote, and what a deploy must be warned about.
public struct ExportReport: Hashable, Sendable {
    /// A symbolic link of the exported tree whose target resolves outside the tree.
    public struct Symlink: Hashable, Sendable {
        /// The link's path in the tree, with `/` separators and no leading `/`.
        public var path: String
        /// The link's target, as stored in the commit.
        public var target: String

        /// Creates a symlink entry.
        public init(path: String, target: String) {
            self.path = path
            self.target = target
        }
    }

    /// A submodule (gitlink) of the exported tree: exported as an empty folder, like a non-recursive clone.
    public struct Submodule: Hashable, Sendable {
        /// The submodule's path in the tree.
        public var path: String
        /// The submodule commit the tree records.
        public var commitID: String

        /// Creates a submodule entry.
        public init(path: String, commitID: String) {
            self.path = path
            self.commitID = commitID
        }
    }

    /// The exported commit's id.
    public var commitID: String
    /// Regular files written (symbolic links not included).
    public var files: Int
    /// Bytes written into regular files.
    public var bytes: Int64
    /// Symbolic links written.
    public var symlinks: Int
    /// Symbolic links whose target is absolute or climbs out of the tree with `..`, sorted by path.
    public var escapingSymlinks: [Symlink]
    /// Submodules, sorted by path.
    public var submodules: [Submodule]

    /// Creates a report.
    public init(commitID: String, files: Int, bytes: Int64, symlinks: Int, escapingSymlinks: [Symlink], submodules: [Submodule]) {
        self.commitID = commitID
        self.files = files
        self.bytes = bytes
        self.symlinks = symlinks
        self.escapingSymlinks = escapingSymlinks
        self.submodules = submodules
    }
}
