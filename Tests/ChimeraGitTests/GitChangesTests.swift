import ChimeraGit
import Testing

@Suite struct GitChangesTests {
    @Test func listsAddedModifiedDeletedAndRenamedPaths() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        let long = (1...40).map { "line \($0) of a page long enough for rename detection" }.joined(separator: "\n") + "\n"
        try fixture.write("index.html", "home\n", in: repository)
        try fixture.write("old.html", "gone soon\n", in: repository)
        try fixture.write("docs/guide.html", long, in: repository)
        try fixture.write("run.sh", "echo\n", in: repository)
        let first = try fixture.commitAll("First", in: repository)
        try fixture.write("index.html", "home, edited\n", in: repository)
        try fixture.git("rm", "-q", "old.html", in: repository)
        try fixture.git("mv", "docs/guide.html", "docs/manual.html", in: repository)
        try fixture.write("docs/manual.html", long + "one more line\n", in: repository)
        try fixture.write("new.html", "new\n", in: repository)
        try fixture.write("run.sh", "echo\n", in: repository, executable: true)
        try fixture.commitAll("Second", in: repository)

        let git = try GitRepository(path: repository)
        #expect(
            try git.changes(from: first, to: "HEAD") == [
                GitChange(kind: .renamed, path: "docs/manual.html", oldPath: "docs/guide.html"),
                GitChange(kind: .modified, path: "index.html"),
                GitChange(kind: .added, path: "new.html"),
                GitChange(kind: .deleted, path: "old.html"),
                GitChange(kind: .modified, path: "run.sh"),
            ]
        )
        #expect(try git.changes(from: "HEAD", to: "HEAD").isEmpty)
        #expect(
            try git.changes(from: nil, to: first).map(\.path) == ["docs/guide.html", "index.html", "old.html", "run.sh"]
        )
        #expect(try git.changes(from: nil, to: first).allSatisfy { $0.kind == .added })
    }

    @Test func reportsATypeChangeAsModified() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("a.html", "a\n", in: repository)
        try fixture.write("b.html", "b\n", in: repository)
        let first = try fixture.commitAll("Files", in: repository)
        try fixture.git("rm", "-q", "b.html", in: repository)
        try fixture.symlink("b.html", to: "a.html", in: repository)
        try fixture.commitAll("Link", in: repository)

        #expect(try GitRepository(path: repository).changes(from: first, to: "main") == [GitChange(kind: .modified, path: "b.html")])
    }

    @Test func reportsAnUnknownRevision() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("a.html", "a\n", in: repository)
        try fixture.commitAll("Files", in: repository)
        let error = #expect(throws: GitError.self) { try GitRepository(path: repository).changes(from: "nope", to: "HEAD") }
        #expect(error?.message == "revision 'nope' not found in \(repository)")
    }
}
