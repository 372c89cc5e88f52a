import CGit2

/// A git repository on disk, bare or not, opened through libgit2.
///
/// ```swift
/// let repository = try GitRepository(path: "/srv/sites/docs")
/// let commit = try repository.commit("main~1")
/// let report = try repository.export(commit.id, into: "/var/lib/chimera/workspaces/42")
/// ```
///
/// Calls block on disk and CPU (an export of 20,000 pages takes about a second): from async code, run them on a
/// thread pool, not on the cooperative pool.
///
/// - Important: Use one repository object from one task at a time; open another object for parallel work.
// @unchecked Sendable: a libgit2 repository handle is not thread-safe, so the compiler cannot prove this
// class safe to share. It may move between tasks, but only one task may use it at a time (the contract above).
public final class GitRepository: @unchecked Sendable {
    /// The `git_repository *` this object owns.
    let handle: OpaquePointer
    /// The path the repository was opened with.
    public let path: String
    /// The git directory (`.git` of a working copy, or the repository itself when bare), with a trailing `/`.
    public let gitDirectory: String
    /// Whether the repository has no working tree.
    public let isBare: Bool

    /// Opens the repository at `path`: a working copy's root (holding `.git`) or a bare repository.
    ///
    /// Parent folders are not searched: a path inside some other repository must not open that one.
    /// - Throws: `GitError` when `path` is missing or is not a repository.
    public init(path: String) throws(GitError) {
        guard libgit2Ready else { throw GitError.libgit2(-1, "libgit2 failed to initialise") }
        var handle: OpaquePointer?
        let status = path.withCString { git_repository_open_ext(&handle, $0, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) }
        guard status == 0, let handle else {
            if status == GIT_ENOTFOUND.rawValue {
                throw GitError(code: status, message: "not a git repository: \(path)")
            }
            throw GitError.libgit2(status, "cannot open the repository \(path)")
        }
        self.handle = handle
        self.path = path
        self.gitDirectory = String(cString: git_repository_path(handle))
        self.isBare = git_repository_is_bare(handle) == 1
    }

    deinit {
        git_repository_free(handle)
    }

    /// The commit id (40 hexadecimal digits) that `revision` names.
    ///
    /// - Parameter revision: anything `git rev-parse` takes: a branch, a tag (annotated tags are peeled to
    ///   their commit), a full or short id, `HEAD~2`, `main^`, `v1.0^{commit}`.
    /// - Throws: `GitError` when the revision is unknown, ambiguous, or names something that is not a commit.
    public func resolve(_ revision: String) throws(GitError) -> String {
        let commit = try lookupCommit(revision)
        defer { git_commit_free(commit) }
        return GitRepository.hex(git_commit_id(commit))
    }

    /// Reads the commit that `revision` names (see `resolve(_:)` for the forms it takes).
    public func commit(_ revision: String) throws(GitError) -> GitCommit {
        let commit = try lookupCommit(revision)
        defer { git_commit_free(commit) }
        return GitCommit(commit)
    }

    /// Looks up the commit `revision` names; the caller frees it with `git_commit_free`.
    func lookupCommit(_ revision: String) throws(GitError) -> OpaquePointer {
        var object: OpaquePointer?
        let status = revision.withCString { git_revparse_single(&object, handle, $0) }
        guard status == 0, let object else {
            switch status {
            case GIT_ENOTFOUND.rawValue:
                throw GitError(code: status, message: "revision '\(revision)' not found in \(path)")
            case GIT_EAMBIGUOUS.rawValue:
                throw GitError(code: status, message: "revision '\(revision)' is ambiguous in \(path): give more digits")
            case GIT_EINVALIDSPEC.rawValue:
                throw GitError(code: status, message: "'\(revision)' is not a valid revision")
            default:
                throw GitError.libgit2(status, "cannot resolve revision '\(revision)' in \(path)")
            }
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        guard peeled == 0, let commit else {
            let kind = String(cString: git_object_type2string(git_object_type(object)))
            throw GitError(code: peeled, message: "revision '\(revision)' names a \(kind), not a commit")
        }
        return commit
    }

    /// Lowercase hexadecimal form of an object id.
    static func hex(_ id: UnsafePointer<git_oid>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: id.pointee.id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { text in
                for (index, byte) in raw.enumerated() {
                    text[2 * index] = digits[Int(byte >> 4)]
                    text[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
                return raw.count * 2
            }
        }
    }
}
