import CGit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The first pass of an export: walks a tree, creates its folders, symbolic links and submodule folders
/// under `root`, and lists the regular files for the writers.
struct TreeWalk {
    /// A regular file to write.
    struct File: Sendable {
        /// Path in the tree, `/`-separated.
        var path: String
        /// The blob holding its content.
        var id: git_oid
        /// Mode 100755 in the tree.
        var executable: Bool
    }

    /// The export folder's file descriptor; every path is created relative to it.
    let root: Int32
    /// The export folder, for messages.
    let folder: String
    /// Regular files, in tree order.
    var files: [File] = []
    /// Symbolic links written, with their targets.
    var symlinks = SymlinkTargets()
    /// Submodules found.
    var submodules: [ExportReport.Submodule] = []
    /// Whether some folder of the tree holds a `.gitattributes` file (then content filters may apply).
    var hasAttributes = false

    /// Creates a walk writing under `root`.
    init(root: Int32, folder: String) {
        self.root = root
        self.folder = folder
    }

    /// Visits the entries of `tree` (a `git_tree *`), whose path in the exported tree is `prefix`.
    mutating func visit(_ tree: OpaquePointer, prefix: String, repository: GitRepository) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let path = prefix + name
            // Trees are data from whoever pushed the commit: a name that would leave its folder, or write
            // into a `.git` folder, is refused as git refuses to check it out.
            guard TreeWalk.isSafeName(name) else {
                throw GitError.chimera("refusing to export the unsafe path '\(path)' of \(repository.path)")
            }
            let id = git_tree_entry_id(entry)!
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE:
                try makeFolder(path)
                var subtree: OpaquePointer?
                let status = git_tree_lookup(&subtree, repository.handle, id)
                guard status == 0, let subtree else { throw GitError.libgit2(status, "cannot read the folder '\(path)' of \(repository.path)") }
                defer { git_tree_free(subtree) }
                try visit(subtree, prefix: path + "/", repository: repository)
            case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
                if name == ".gitattributes" { hasAttributes = true }
                files.append(File(path: path, id: id.pointee, executable: git_tree_entry_filemode(entry) == GIT_FILEMODE_BLOB_EXECUTABLE))
            case GIT_FILEMODE_LINK:
                try makeSymlink(path, blob: id, repository: repository)
            case GIT_FILEMODE_COMMIT:
                // A gitlink: the submodule's commit lives in another repository. A clone without
                // --recurse-submodules leaves an empty folder, and so does this.
                try makeFolder(path)
                submodules.append(ExportReport.Submodule(path: path, commitID: GitRepository.hex(id)))
            default:
                throw GitError.chimera("unknown entry mode for '\(path)' in \(repository.path)")
            }
        }
    }

    /// Whether a tree entry name is one file name that stays in its folder and is not `.git`.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && name.lowercased() != ".git"
    }

    /// Creates the folder `path` under the export root.
    private func makeFolder(_ path: String) throws(GitError) {
        let status = path.withCString { mkdirat(root, $0, 0o777) }
        guard status == 0 else { throw GitRepository.systemError("cannot create the folder \(folder)/\(path)") }
    }

    /// Writes the symbolic link `path`, whose target is the content of `blob`.
    private mutating func makeSymlink(_ path: String, blob id: UnsafePointer<git_oid>, repository: GitRepository) throws(GitError) {
        var blob: OpaquePointer?
        let status = git_blob_lookup(&blob, repository.handle, id)
        guard status == 0, let blob else { throw GitError.libgit2(status, "cannot read the link '\(path)' of \(repository.path)") }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        let bytes = UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size)
        // A target is bytes up to the first NUL, as the kernel reads it.
        let target = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        let made = target.withCString { target in path.withCString { symlinkat(target, root, $0) } }
        guard made == 0 else { throw GitRepository.systemError("cannot create the link \(folder)/\(path)") }
        symlinks.targets[path] = target
    }
}
