import CGit2
import Foundation

/// A commit as read from a repository: its id, parents, author, committer and message.
public struct GitCommit: Hashable, Sendable {
    /// The commit id, 40 lowercase hexadecimal digits.
    public var id: String
    /// The parent commit ids, first parent first (none for a root commit, two or more for a merge).
    public var parentIDs: [String]
    /// Who wrote the change.
    public var author: GitSignature
    /// Who made the commit (differs from the author after a rebase or a cherry-pick).
    public var committer: GitSignature
    /// The full message, as stored (usually ending with a newline).
    public var message: String

    /// The commit id's first 7 digits, as git prints it.
    public var shortID: String { String(id.prefix(7)) }
    /// The message's first paragraph on one line, as `git log --oneline` shows it.
    public var summary: String {
        let paragraph = message.split(separator: "\n\n", maxSplits: 1).first ?? ""
        return paragraph.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
    /// When the commit was made (the committer's time), which is what platforms show as the deploy's commit time.
    public var date: Date { committer.date }

    /// Creates a commit value.
    public init(id: String, parentIDs: [String], author: GitSignature, committer: GitSignature, message: String) {
        self.id = id
        self.parentIDs = parentIDs
        self.author = author
        self.committer = committer
        self.message = message
    }

    /// Reads a `git_commit *` (not freed here).
    init(_ commit: OpaquePointer) {
        self.id = GitRepository.hex(git_commit_id(commit))
        self.parentIDs = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map(GitRepository.hex)
        }
        self.author = GitSignature(git_commit_author(commit))
        self.committer = GitSignature(git_commit_committer(commit))
        self.message = git_commit_message(commit).map { String(cString: $0) } ?? ""
    }
}
