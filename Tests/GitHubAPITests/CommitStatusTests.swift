import GitHubAPI
import Testing

/// The description limit of commit statuses.
@Suite struct CommitStatusTests {
    @Test func longDescriptionIsCutTo140WithAnEllipsis() throws {
        let long = String(repeating: "Deploy of docs-site to production failed at step verify. ", count: 5)
        let status = CommitStatus(state: .failure, context: "chimera/deploy", description: long, targetURL: nil)
        let description = try #require(status.description)
        #expect(description.count == 140)
        #expect(description.hasSuffix("…"))
        #expect(long.hasPrefix(String(description.dropLast())))
    }

    @Test func shortAndExactDescriptionsAreKept() {
        let exact = String(repeating: "x", count: 140)
        #expect(CommitStatus(state: .success, context: "c", description: exact, targetURL: nil).description == exact)
        #expect(CommitStatus(state: .success, context: "c", description: "ok", targetURL: nil).description == "ok")
        #expect(CommitStatus(state: .pending, context: "c", description: nil, targetURL: nil).description == nil)
    }

    @Test func cutNeverSplitsACharacterNorExceedsGitHubsCount() throws {
        // A family emoji is one Character made of several Unicode scalars; GitHub counts the scalars.
        let family = "👨‍👩‍👧‍👦"
        let text = "Status " + String(repeating: family, count: 40)
        let description = try #require(CommitStatus(state: .error, context: "c", description: text, targetURL: nil).description)
        #expect(description.unicodeScalars.count <= 140)
        #expect(description.count <= 140)
        #expect(description.hasSuffix("…"))
        let kept = description.dropLast()
        #expect(text.hasPrefix(String(kept)))
        #expect(kept.dropFirst("Status ".count).allSatisfy { String($0) == family })
    }
}
