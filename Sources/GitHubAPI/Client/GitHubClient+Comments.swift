import ChimeraHTTP
import Foundation

/// Commit comments: ARIE posts its patch on the commit once and edits that comment on later runs.
///
/// See <https://docs.github.com/rest/commits/comments#create-a-commit-comment> and
/// <https://docs.github.com/rest/commits/comments#update-a-commit-comment>.
extension GitHubClient {
    /// A comment as GitHub returns it.
    public struct CommitComment: Sendable, Hashable, Decodable {
        /// The comment's id, for editing it.
        public var id: Int
        /// Its page on GitHub.
        public var htmlURL: String?

        enum CodingKeys: String, CodingKey {
            case id
            case htmlURL = "html_url"
        }
    }

    /// Posts `body` (Markdown) as a comment on commit `sha` of `repository` (`owner/name`).
    public func createCommitComment(repository: String, sha: String, body: String) async throws -> CommitComment {
        try Self.validateComment(repository: repository, sha: sha, call: "create a commit comment")
        let response = try await call(
            method: "POST",
            path: "/repos/\(repository)/commits/\(sha)/comments",
            body: Array(try JSONEncoder().encode(["body": body]))
        )
        return try Self.decodeComment(response.body, path: "POST /repos/\(repository)/commits/\(sha)/comments")
    }

    /// Replaces the text of comment `id` in `repository`.
    public func updateCommitComment(repository: String, id: Int, body: String) async throws -> CommitComment {
        try Self.validateComment(repository: repository, sha: nil, call: "edit a commit comment")
        let response = try await call(
            method: "PATCH",
            path: "/repos/\(repository)/comments/\(id)",
            body: Array(try JSONEncoder().encode(["body": body]))
        )
        return try Self.decodeComment(response.body, path: "PATCH /repos/\(repository)/comments/\(id)")
    }

    private static func decodeComment(_ body: [UInt8], path: String) throws -> CommitComment {
        do {
            return try JSONDecoder().decode(CommitComment.self, from: Data(body))
        } catch {
            throw GitHubError(status: nil, message: "GitHub's answer is not a commit comment: \(error)", path: path)
        }
    }

    private static func validateComment(repository: String, sha: String?, call: String) throws {
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw GitHubError(status: nil, message: "repository \"\(repository)\" is not owner/name", path: call)
        }
        if let sha {
            guard sha.count == 40 || sha.count == 64, sha.allSatisfy(\.isHexDigit) else {
                throw GitHubError(status: nil, message: "\"\(sha)\" is not a full commit id (40 or 64 hex digits)", path: call)
            }
        }
    }
}
