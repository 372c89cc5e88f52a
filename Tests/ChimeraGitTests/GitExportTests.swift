import ChimeraGit
import Foundation
import Testing

@Suite struct GitExportTests {
    /// The permissions of the file at `path` (not following a link).
    func permissions(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    @Test func keepsContentFoldersAndExecBits() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "<h1>Home</h1>\n", in: repository)
        try fixture.write("docs/deep/page.html", "<p>deep</p>\n", in: repository)
        try fixture.write("build.sh", "#!/bin/sh\necho built\n", in: repository, executable: true)
        try fixture.write("empty.txt", "", in: repository)
        let id = try fixture.commitAll("Site", in: repository)

        let out = fixture.path("out/nested")  // missing, parents included: created
        let report = try GitRepository(path: repository).export("main", into: out)
        #expect(report.commitID == id)
        #expect(report.files == 4)
        #expect(report.bytes == Int64(("<h1>Home</h1>\n" + "<p>deep</p>\n" + "#!/bin/sh\necho built\n").utf8.count))
        #expect(report.symlinks == 0 && report.escapingSymlinks.isEmpty && report.submodules.isEmpty)
        #expect(try contents("\(out)/index.html") == "<h1>Home</h1>\n")
        #expect(try contents("\(out)/docs/deep/page.html") == "<p>deep</p>\n")
        #expect(try contents("\(out)/empty.txt") == "")
        #expect(try permissions("\(out)/build.sh") & 0o111 != 0)
        #expect(try permissions("\(out)/index.html") & 0o111 == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.git"))
    }

    @Test func exportsAnOlderCommitWithOneWorkerOrManyFromAnyClone() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        for index in 0..<300 { try fixture.write("pages/p\(index).html", "page \(index) v1\n", in: repository) }
        try fixture.commitAll("v1", in: repository)
        for index in 0..<300 { try fixture.write("pages/p\(index).html", "page \(index) v2\n", in: repository) }
        try fixture.commitAll("v2", in: repository)

        let bare = fixture.path("bare.git")
        try fixture.git("clone", "-q", "--bare", repository, bare)

        // Each extra worker opens its own handle on the git directory: from a working copy and from a bare one.
        for (source, workers) in [(repository, 1), (repository, 3), (bare, 3)] {
            let out = fixture.path("out-\(UUID().uuidString)")
            let report = try GitRepository(path: source).export("HEAD~1", into: out, workers: workers)
            #expect(report.files == 300)
            #expect(report.bytes == Int64((0..<300).map { "page \($0) v1\n".utf8.count }.reduce(0, +)))
            #expect(try contents("\(out)/pages/p299.html") == "page 299 v1\n")
            #expect(try contents("\(out)/pages/p0.html") == "page 0 v1\n")
        }
    }

    @Test func keepsSymlinksAndReportsThoseThatEscape() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "home\n", in: repository)
        try fixture.write("docs/page.html", "page\n", in: repository)
        try fixture.symlink("home.html", to: "index.html", in: repository)
        try fixture.symlink("docs/up.html", to: "../index.html", in: repository)
        try fixture.symlink("docs/self", to: ".", in: repository)
        try fixture.symlink("dangling", to: "missing/file", in: repository)
        try fixture.symlink("passwd", to: "/etc/passwd", in: repository)
        try fixture.symlink("docs/secret", to: "../../secret.txt", in: repository)
        try fixture.symlink("parent", to: "..", in: repository)
        try fixture.commitAll("Links", in: repository)

        let out = fixture.path("out")
        let report = try GitRepository(path: repository).export("HEAD", into: out)
        #expect(report.files == 2)
        #expect(report.symlinks == 7)
        #expect(
            report.escapingSymlinks == [
                ExportReport.Symlink(path: "docs/secret", target: "../../secret.txt"),
                ExportReport.Symlink(path: "parent", target: ".."),
                ExportReport.Symlink(path: "passwd", target: "/etc/passwd"),
            ]
        )
        let manager = FileManager.default
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(out)/home.html") == "index.html")
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(out)/passwd") == "/etc/passwd")
        #expect(try manager.destinationOfSymbolicLink(atPath: "\(out)/docs/up.html") == "../index.html")
        #expect(try contents("\(out)/docs/up.html") == "home\n")
    }

    @Test func reportsSubmodulesAsEmptyFolders() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "home\n", in: repository)
        try fixture.commitAll("Site", in: repository)
        // A gitlink without any network: the submodule's commit need not exist here.
        let theme = "0123456789abcdef0123456789abcdef01234567"
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(theme),themes/hugo-theme", in: repository)
        try fixture.git("commit", "-q", "-m", "Add the theme", in: repository)

        let out = fixture.path("out")
        let report = try GitRepository(path: repository).export("HEAD", into: out)
        #expect(report.submodules == [ExportReport.Submodule(path: "themes/hugo-theme", commitID: theme)])
        #expect(report.files == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(out)/themes/hugo-theme").isEmpty)
    }

    @Test func refusesANonEmptyFolderOrAFile() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "home\n", in: repository)
        try fixture.commitAll("Site", in: repository)
        let git = try GitRepository(path: repository)

        let used = fixture.path("used")
        try fixture.write("old.html", "stale\n", in: used)
        let error = #expect(throws: GitError.self) { try git.export("HEAD", into: used) }
        #expect(error?.message == "\(used) is not empty (1 entries): export into a new or empty folder")
        #expect(!FileManager.default.fileExists(atPath: "\(used)/index.html"))

        try fixture.write("file", "x", in: fixture.root)
        let notFolder = #expect(throws: GitError.self) { try git.export("HEAD", into: fixture.path("file")) }
        #expect(notFolder?.message == "\(fixture.path("file")) exists and is not a folder")

        let empty = fixture.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try git.export("HEAD", into: empty).files == 1)

        let unknown = #expect(throws: GitError.self) { try git.export("nope", into: fixture.path("other")) }
        #expect(unknown?.message == "revision 'nope' not found in \(repository)")
    }

    @Test func exportsFromABareClone() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write("index.html", "home\n", in: repository)
        try fixture.write("bin/run", "#!/bin/sh\n", in: repository, executable: true)
        try fixture.symlink("start.html", to: "index.html", in: repository)
        try fixture.commitAll("Site", in: repository)
        let bare = fixture.path("bare.git")
        try fixture.git("clone", "-q", "--bare", repository, bare)

        let out = fixture.path("out")
        let report = try GitRepository(path: bare).export("main", into: out)
        #expect(report.files == 2)
        #expect(report.symlinks == 1)
        #expect(try contents("\(out)/index.html") == "home\n")
        #expect(try permissions("\(out)/bin/run") & 0o111 != 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(out)/start.html") == "index.html")
    }

    @Test func appliesTheCommitsAttributesLikeACheckout() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        try fixture.write(".gitattributes", "*.bat eol=crlf\n", in: repository)
        try fixture.write("run.bat", "echo one\necho two\n", in: repository)
        try fixture.write("page.html", "a\nb\n", in: repository)
        try fixture.commitAll("Windows script", in: repository)
        let bare = fixture.path("bare.git")
        try fixture.git("clone", "-q", "--bare", repository, bare)

        for source in [repository, bare] {
            let out = fixture.path("out-\(UUID().uuidString)")
            let report = try GitRepository(path: source).export("HEAD", into: out)
            #expect(try contents("\(out)/run.bat") == "echo one\r\necho two\r\n")
            #expect(try contents("\(out)/page.html") == "a\nb\n")
            #expect(report.files == 3)
        }
    }

    @Test func refusesTreesWithUnsafeNames() throws {
        let fixture = try GitFixture()
        defer { fixture.remove() }
        let repository = try fixture.makeRepository()
        let blob = try fixture.git("hash-object", "-w", "--stdin", in: repository, input: "[core]\n")
        // `git add` refuses such names, but a pushed commit can hold anything: build the tree by hand.
        let inner = try fixture.git("mktree", in: repository, input: "100644 blob \(blob)\tconfig\n")
        let tree = try fixture.git("mktree", in: repository, input: "040000 tree \(inner)\t.git\n")
        let commit = try fixture.git("commit-tree", tree, "-m", "Planted", in: repository)

        let out = fixture.path("out")
        let error = #expect(throws: GitError.self) { try GitRepository(path: repository).export(commit, into: out) }
        #expect(error?.message == "refusing to export the unsafe path '.git' of \(repository)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.git"))
    }
}
