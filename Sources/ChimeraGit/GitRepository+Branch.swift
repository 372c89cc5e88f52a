import CGit2

extension GitRepository {
    /// The branch `HEAD` points at (`main`), or nil when `HEAD` is detached or the branch has no commit yet.
    ///
    /// Chimera takes it as the repository's default branch: the one that deploys to production.
    public var currentBranch: String? {
        var reference: OpaquePointer?
        guard git_repository_head(&reference, handle) == 0, let reference else { return nil }
        defer { git_reference_free(reference) }
        guard git_reference_is_branch(reference) == 1, let name = git_reference_shorthand(reference) else { return nil }
        return String(cString: name)
    }
}
