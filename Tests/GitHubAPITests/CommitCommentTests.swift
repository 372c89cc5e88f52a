import ChimeraHTTP
import GitHubAPI
import GitHubStandIn
import Testing

/// Commit comments against a local stand-in for GitHub that checks each request against the contract.
@Suite struct CommitCommentTests {
    static let sha = "0123456789abcdef0123456789abcdef01234567"

    @Test func aCommentIsCreatedThenEditedOnGitHubStandIn() async throws {
        let github = GitHubStandIn(token: "ghp_comments")
        try await github.start()
        let client = GitHubClient(apiURL: github.url, token: "ghp_comments", retry: .none)
        let created = try await client.createCommitComment(repository: "acme/docs", sha: Self.sha, body: "ARIE fixed **2** findings")
        #expect(created.htmlURL?.hasSuffix("#commitcomment-\(created.id)") == true)
        let edited = try await client.updateCommitComment(repository: "acme/docs", id: created.id, body: "ARIE fixed **3** findings")
        #expect(edited.id == created.id)
        let comments = github.comments(for: Self.sha)
        #expect(comments.count == 1)
        #expect(comments.first?.body == "ARIE fixed **3** findings")
        #expect(comments.first?.edits == 1)
        #expect(github.violations == [])
        #expect(github.requests.map(\.method) == ["POST", "PATCH"])

        // Editing a comment that does not exist is GitHub's 404, with its message.
        await #expect(throws: GitHubError.self) { try await client.updateCommitComment(repository: "acme/docs", id: 999, body: "x") }
        await github.stop()
    }

    @Test func theContractCatchesABadCommentRequest() async throws {
        let github = GitHubStandIn()
        try await github.start()
        let bad = ChimeraHTTP.HTTPRequest(
            method: "POST",
            url: github.url + "/repos/acme/docs/commits/\(Self.sha)/comments",
            headers: [
                HTTPHeader(name: "Accept", value: "application/vnd.github+json"),
                HTTPHeader(name: "User-Agent", value: "test"),
                HTTPHeader(name: "Authorization", value: "Bearer t"),
                HTTPHeader(name: "Content-Type", value: "application/json"),
            ],
            body: Array(#"{"text": "no body field"}"#.utf8)
        )
        let answer = try await HTTPClient().send(bad)
        #expect(answer.status == 422)
        #expect(github.violations.count >= 1)
        #expect(github.comments(for: Self.sha).isEmpty)
        await github.stop()
    }
}
