import ChimeraGit
import Foundation
import Testing

@Suite struct GitFetchTests {
    @Test func fetchesPushedCommitsIntoACacheRepository() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let source = try fixture.makeRepository("source")
        try fixture.write("index.html", "<p>one</p>\n", in: source)
        let first = try fixture.commitAll("One", in: source)

        let cache = try GitRepository.openOrCreateBare(path: fixture.path("cache/site.git"))
        #expect(cache.isBare)
        try cache.fetch(from: "file://" + source, refspecs: ["+refs/heads/main:refs/heads/main"])
        #expect(try cache.resolve("main") == first)

        try fixture.write("index.html", "<p>two</p>\n", in: source)
        let second = try fixture.commitAll("Two", in: source)
        // Opening the existing cache again reuses it; a plain path works as a remote too.
        let again = try GitRepository.openOrCreateBare(path: fixture.path("cache/site.git"))
        try again.fetch(from: source, refspecs: ["+refs/heads/main:refs/heads/main"])
        #expect(try again.resolve("main") == second)
        #expect(try again.commit(first).id == first)
    }

    @Test func aMissingRemoteIsAReadableErrorWithoutCredentials() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let cache = try GitRepository.openOrCreateBare(path: fixture.path("cache.git"))
        let error = #expect(throws: GitError.self) {
            try cache.fetch(from: "file://" + fixture.path("nowhere"), refspecs: ["+refs/heads/main:refs/heads/main"])
        }
        #expect(error?.message.contains("cannot fetch from file://") == true)
        #expect(throws: GitError.self) { try GitRepository.openOrCreateBare(path: fixture.path("cache.git/HEAD")) }
    }
}
