import ChimeraGit
import Foundation
import Testing

@Suite struct GitRepositoryTests {
    /// A repository with three commits on `main` (the second tagged `v1`, the third tagged `v2` with an
    /// annotated tag) and a branch `feature` on the first.
    func makeHistory(_ fixture: GitFixture) throws -> (path: String, ids: [String]) {
        let repository = try fixture.makeRepository()
        var ids: [String] = []
        for index in 1...3 {
            try fixture.write("page.html", "<p>version \(index)</p>\n", in: repository)
            ids.append(try fixture.commitAll("Version \(index)", in: repository))
            if index == 1 { try fixture.git("branch", "feature", in: repository) }
        }
        try fixture.git("tag", "v1", ids[1], in: repository)
        try fixture.git("tag", "-a", "v2", "-m", "Release 2", ids[2], in: repository)
        return (repository, ids)
    }

    @Test func opensAWorkingCopyAndABareClone() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (path, ids) = try makeHistory(fixture)
        try fixture.git("clone", "-q", "--bare", path, fixture.path("bare.git"))

        let working = try GitRepository(path: path)
        #expect(!working.isBare)
        #expect(working.path == path)
        #expect(working.gitDirectory.hasSuffix("/.git/"))
        let bare = try GitRepository(path: fixture.path("bare.git"))
        #expect(bare.isBare)
        #expect(try bare.resolve("main") == ids[2])
    }

    @Test func refusesWhatIsNotARepository() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try FileManager.default.createDirectory(atPath: fixture.path("plain"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(repository)/sub", withIntermediateDirectories: true)

        for path in [fixture.path("plain"), fixture.path("missing"), "\(repository)/sub"] {
            let error = #expect(throws: GitError.self) { try GitRepository(path: path) }
            // A folder inside a repository must not open that repository: parents are not searched.
            #expect(error?.message == "not a git repository: \(path)")
        }
    }

    @Test(arguments: [
        ("main", 2), ("feature", 0), ("v1", 1), ("v2", 2), ("HEAD~2", 0), ("main^", 1), ("HEAD", 2), ("v2^{commit}", 2),
    ])
    func resolvesRevisions(revision: String, index: Int) throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (path, ids) = try makeHistory(fixture)
        let repository = try GitRepository(path: path)
        #expect(try repository.resolve(revision) == ids[index])
    }

    @Test func resolvesFullAndShortIds() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (path, ids) = try makeHistory(fixture)
        let repository = try GitRepository(path: path)
        #expect(try repository.resolve(ids[1]) == ids[1])
        #expect(try repository.resolve(String(ids[1].prefix(7))) == ids[1])
        // An annotated tag's own id is peeled to the commit it tags.
        let tagObject = try fixture.git("rev-parse", "v2", in: path)
        #expect(tagObject != ids[2])
        #expect(try repository.resolve(tagObject) == ids[2])
    }

    @Test func reportsUnknownAndNonCommitRevisions() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let (path, _) = try makeHistory(fixture)
        let repository = try GitRepository(path: path)

        let unknown = #expect(throws: GitError.self) { try repository.resolve("nope") }
        #expect(unknown?.message == "revision 'nope' not found in \(path)")
        #expect(unknown?.code == -3)  // GIT_ENOTFOUND
        let tooFar = #expect(throws: GitError.self) { try repository.resolve("HEAD~9") }
        #expect(tooFar?.message == "revision 'HEAD~9' not found in \(path)")
        let tree = #expect(throws: GitError.self) { try repository.resolve("HEAD^{tree}") }
        #expect(tree?.message == "revision 'HEAD^{tree}' names a tree, not a commit")
    }

    @Test func readsCommitFields() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("a.txt", "a\n", in: repository)
        let first = try fixture.commitAll("First", in: repository)
        try fixture.write("a.txt", "b\n", in: repository)
        try fixture.git("add", "-A", in: repository)
        try fixture.git(
            "commit",
            "-q",
            "-m",
            "Second change\n\nWhy it was made,\non two lines.",
            in: repository,
            environment: [
                "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_AUTHOR_DATE": "@1700000000 +0200",
                "GIT_COMMITTER_NAME": "Cy Committer", "GIT_COMMITTER_EMAIL": "cy@example.com", "GIT_COMMITTER_DATE": "@1700003600 -0130",
            ]
        )
        let second = try fixture.git("rev-parse", "HEAD", in: repository)

        let commit = try GitRepository(path: repository).commit("HEAD")
        #expect(commit.id == second)
        #expect(commit.shortID == String(second.prefix(7)))
        #expect(commit.parentIDs == [first])
        #expect(commit.author == GitSignature(name: "Ada Author", email: "ada@example.com", seconds: 1_700_000_000, offsetMinutes: 120))
        #expect(commit.committer == GitSignature(name: "Cy Committer", email: "cy@example.com", seconds: 1_700_003_600, offsetMinutes: -90))
        #expect(commit.date == Date(timeIntervalSince1970: 1_700_003_600))
        #expect(commit.message == "Second change\n\nWhy it was made,\non two lines.\n")
        #expect(commit.summary == "Second change")
        #expect(try GitRepository(path: repository).commit(first).parentIDs.isEmpty)
    }

    @Test func readsAMergeCommitsParents() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("a.txt", "a\n", in: repository)
        try fixture.commitAll("Base", in: repository)
        try fixture.git("checkout", "-q", "-b", "side", in: repository)
        try fixture.write("b.txt", "b\n", in: repository)
        let side = try fixture.commitAll("Side", in: repository)
        try fixture.git("checkout", "-q", "main", in: repository)
        try fixture.write("c.txt", "c\n", in: repository)
        let main = try fixture.commitAll("Main", in: repository)
        try fixture.git("merge", "-q", "--no-ff", "-m", "Merge side", "side", in: repository)

        let merge = try GitRepository(path: repository).commit("HEAD")
        #expect(merge.parentIDs == [main, side])
    }
}

@Suite struct GitOwnershipTests {
    /// libgit2 1.5 refuses another user's repository ("safe.directory"), even as root; Chimera turns that
    /// check off (see Libgit2.swift). Only root can hand a repository to another user.
    @Test(.enabled(if: geteuid() == 0, "needs root to chown the repository"))
    func opensARepositoryOwnedByAnotherUser() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "home\n", in: repository)
        let id = try fixture.commitAll("Site", in: repository)
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chown.arguments = ["chown", "-R", "65534:65534", repository]
        try chown.run()
        chown.waitUntilExit()
        try #require(chown.terminationStatus == 0)

        let git = try GitRepository(path: repository)
        #expect(try git.resolve("HEAD") == id)
        #expect(try git.export("HEAD", into: fixture.path("out")).files == 1)
    }
}
