import CGit2

extension GitRepository {
    /// The paths that differ between the commits `old` and `new`, sorted by path; renames are detected.
    ///
    /// - Parameters:
    ///   - old: the older revision, or nil for an empty tree (every path of `new` is then added).
    ///   - new: the newer revision.
    /// - Throws: `GitError` when a revision is unknown or a tree cannot be read.
    public func changes(from old: String?, to new: String) throws(GitError) -> [GitChange] {
        let oldTree = try old.map { revision throws(GitError) in try tree(of: revision) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try tree(of: new)
        defer { git_tree_free(newTree) }

        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        // File ↔ link ↔ submodule changes come as one change, not a deletion plus an addition.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        let status = git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options)
        guard status == 0, let diff else {
            throw GitError.libgit2(status, "cannot compare '\(old ?? "(empty tree)")' with '\(new)' in \(path)")
        }
        defer { git_diff_free(diff) }

        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        let found = git_diff_find_similar(diff, &find)
        guard found == 0 else { throw GitError.libgit2(found, "cannot detect renames between '\(old ?? "")' and '\(new)'") }

        var changes: [GitChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
            let newPath = delta.new_file.path.map { String(cString: $0) } ?? ""
            switch delta.status {
            case GIT_DELTA_ADDED, GIT_DELTA_COPIED:
                changes.append(GitChange(kind: .added, path: newPath))
            case GIT_DELTA_DELETED:
                changes.append(GitChange(kind: .deleted, path: oldPath))
            case GIT_DELTA_MODIFIED, GIT_DELTA_TYPECHANGE:
                changes.append(GitChange(kind: .modified, path: newPath))
            case GIT_DELTA_RENAMED:
                changes.append(GitChange(kind: .renamed, path: newPath, oldPath: oldPath))
            default:
                continue
            }
        }
        return changes.sorted { ($0.path, $0.oldPath ?? "") < ($1.path, $1.oldPath ?? "") }
    }

    /// The root tree of the commit `revision` names; the caller frees it with `git_tree_free`.
    func tree(of revision: String) throws(GitError) -> OpaquePointer {
        let commit = try lookupCommit(revision)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        let status = git_commit_tree(&tree, commit)
        guard status == 0, let tree else { throw GitError.libgit2(status, "cannot read the tree of '\(revision)' in \(path)") }
        return tree
    }
}
