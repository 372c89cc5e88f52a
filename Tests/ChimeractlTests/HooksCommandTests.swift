import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chimeractl hooks install|uninstall|show` and the scripts in `hooks/`, on real clones with hooks of their own,
/// pushed to a real bare remote; the scripts run under git (and under `sh` with git's input fed directly).
@Suite struct HooksCommandTests {
    /// The repository's `hooks/` folder (the scripts the binary carries must be these).
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hooks").path

    static let passingRedirects = "/old /index.html 301\n"
    /// A `!` detached from its status: Netlify ignores it (REDIRECT_FORCE_DETACHED, an error).
    static let failingRedirects = "/old /index.html 301 !\n"

    // MARK: - The scripts

    @Test func theScriptsInTheBinaryAreTheFilesInHooksAndParseAsPOSIXShell() throws {
        for name in ["post-commit", "pre-push"] {
            let file = try #require(FileManager.default.contents(atPath: Self.scripts + "/" + name), "hooks/\(name) is missing")
            let shown = try CommandRunner.run(["hooks", "show", name])
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(
                Data(shown.standardOutput.utf8) == file,
                "chimeractl hooks show \(name) differs from hooks/\(name): copy the script into Sources/chimeractl/Hooks.swift"
            )
            #expect(access(Self.scripts + "/" + name, X_OK) == 0, "hooks/\(name) is not executable")
            #expect(String(decoding: file, as: UTF8.self).hasPrefix("#!/bin/sh\n# chimera-hook: \(name)\n"))
            for shell in ["/bin/sh", "/usr/bin/dash"] where FileManager.default.isExecutableFile(atPath: shell) {
                let parsed = try HookFixture.run(shell, ["-n", Self.scripts + "/" + name], in: Self.scripts)
                #expect(parsed.status == 0, "\(shell) -n hooks/\(name): \(parsed.standardError)")
            }
        }
        #expect(try CommandRunner.run(["hooks", "show", "pre-commit"]).status == 2)
    }

    // MARK: - Install, commit, push, uninstall

    @Test func existingHooksAreKeptAndRunFirstAndUninstallRestoresTheCloneExactly() async throws {
        let clone = try HookFixture()
        try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        let hooks = clone.path("work/.git/hooks")
        // Hooks of the clone's own: they record that they ran, and whether Chimera's part had run before them.
        try clone.writeHook(
            "work/.git/hooks/post-commit",
            "#!/bin/sh\nif [ -d .git/chimera ]; then echo 'own post-commit after chimera'; else echo 'own post-commit first'; fi >> \(clone.path("markers"))\n",
            mode: 0o755
        )
        try clone.writeHook(
            "work/.git/hooks/pre-push",
            "#!/bin/sh\necho \"own pre-push $1 $(wc -l | tr -d ' ') line(s)\" >> \(clone.path("markers"))\nexit 0\n",
            mode: 0o700
        )
        let before = try snapshot(hooks)
        #expect(before["post-commit"] != nil && before["pre-push"] != nil)

        let installed = try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment)
        #expect(installed.status == 0, "\(installed.standardError)")
        #expect(installed.standardOutput.contains("post-commit.chimera-saved"))
        #expect(installed.standardOutput.contains("runs first"))
        let afterInstall = try snapshot(hooks)
        #expect(afterInstall["post-commit.chimera-saved"]?.sameContent(as: before["post-commit"]) == true)
        #expect(afterInstall["pre-push.chimera-saved"]?.sameContent(as: before["pre-push"]) == true)
        #expect(afterInstall["post-commit"]?.bytes == FileManager.default.contents(atPath: Self.scripts + "/post-commit"))
        #expect(afterInstall["pre-push"].map { $0.mode & 0o7777 } == 0o755)

        // Installing again changes nothing, not even a timestamp.
        let again = try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("already installed"))
        #expect(try snapshot(hooks) == afterInstall)

        // A commit: the clone's hook runs first, then Chimera's simulates in the background.
        let second = try clone.commitSite(redirects: Self.passingRedirects + "/older /index.html 302\n", message: "second")
        let verdict = try await clone.waitForVerdict(commit: second)
        #expect(verdict["verdict"] as? String == "pass")
        #expect(verdict["platform"] as? String == "netlify")
        #expect(try clone.markers() == ["own post-commit first"])

        // A passing push goes through; the clone's pre-push ran first with git's input.
        let pushed = try clone.git(["push", "-q", "origin", "main"])
        #expect(pushed.status == 0, "\(pushed.standardError)")
        #expect(try clone.remoteHead() == second)
        #expect(try clone.markers().last == "own pre-push origin 1 line(s)")

        // A failing commit: the post-commit verdict says so, and the push is refused with the findings.
        let third = try clone.commitSite(redirects: Self.failingRedirects, message: "third")
        let failing = try await clone.waitForVerdict(commit: third)
        #expect(failing["verdict"] as? String == "fail")
        let refused = try clone.git(["push", "origin", "main"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("REDIRECT_FORCE_DETACHED"))
        #expect(refused.standardError.contains("the push is refused"))
        #expect(refused.standardError.contains("git push --no-verify"))
        #expect(try clone.remoteHead() == second)
        #expect(try clone.markers().filter { $0.hasPrefix("own pre-push") }.count == 2)
        // --no-verify skips every pre-push hook, as the message says.
        let forced = try clone.git(["push", "-q", "--no-verify", "origin", "main"])
        #expect(forced.status == 0, "\(forced.standardError)")
        #expect(try clone.remoteHead() == third)

        // Uninstall: the hooks folder is byte for byte (and mode for mode) what it was, and .git/chimera is gone.
        let removed = try CommandRunner.run(["hooks", "uninstall", "--repo", clone.work], environment: clone.environment)
        #expect(removed.status == 0, "\(removed.standardError)")
        #expect(try snapshot(hooks) == before)
        #expect(!FileManager.default.fileExists(atPath: clone.path("work/.git/chimera")))
        // Nothing left to undo the second time.
        let twice = try CommandRunner.run(["hooks", "uninstall", "--repo", clone.work], environment: clone.environment)
        #expect(twice.status == 0)
        #expect(try snapshot(hooks) == before)
    }

    @Test func aRefusingExistingPrePushDecidesWithItsOwnStatus() throws {
        let clone = try HookFixture()
        let head = try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        try clone.writeHook("work/.git/hooks/pre-push", "#!/bin/sh\ncat > \(clone.path("seen"))\nexit 3\n", mode: 0o755)
        #expect(try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment).status == 0)
        let line = "refs/heads/main \(head) refs/heads/main \(String(repeating: "0", count: 40))\n"
        let outcome = try HookFixture.run(
            "/bin/sh",
            [clone.work + "/.git/hooks/pre-push", "origin", "url"],
            in: clone.work,
            environment: clone.environment,
            input: line
        )
        #expect(outcome.status == 3)
        #expect(try String(contentsOfFile: clone.path("seen"), encoding: .utf8) == line)
        // git refuses the push too.
        #expect(try clone.git(["push", "origin", "main"]).status != 0)
    }

    @Test func prePushSkipsDeletionsOfEitherHashLengthAndRefsThatDoNotDeploy() throws {
        let clone = try HookFixture()
        let good = try clone.commitSite(redirects: Self.passingRedirects, message: "good")
        let bad = try clone.commitSite(redirects: Self.failingRedirects, message: "bad")
        let zero40 = String(repeating: "0", count: 40)
        let zero64 = String(repeating: "0", count: 64)
        func prePush(_ lines: [String]) throws -> HookFixture.ProcessOutcome {
            let input = lines.map { $0 + "\n" }.joined()
            return try HookFixture.run(
                "/bin/sh",
                [Self.scripts + "/pre-push", "origin", "file:///nowhere"],
                in: clone.work,
                environment: clone.environment,
                input: input
            )
        }

        // Skipped: exit 0 and not a word (a deletion that reached chimeractl would print why it cannot be checked).
        func expectSkipped(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            let outcome = try prePush(lines)
            #expect(outcome.status == 0, sourceLocation: sourceLocation)
            #expect(outcome.standardError.isEmpty, "\(outcome.standardError)", sourceLocation: sourceLocation)
        }

        let refused = try prePush(["refs/heads/main \(bad) refs/heads/main \(good)"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("REDIRECT_FORCE_DETACHED"))
        #expect(refused.standardError.contains("git push --no-verify"))
        #expect(try prePush(["refs/heads/main \(good) refs/heads/main \(zero40)"]).status == 0)

        // Deletions (SHA-1 and SHA-256 lengths), a branch that does not deploy, a tag, and no input at all.
        try expectSkipped(["(delete) \(zero40) refs/heads/main \(bad)"])
        try expectSkipped(["(delete) \(zero64) refs/heads/main \(bad)\(bad.prefix(24))"])
        try expectSkipped(["refs/heads/topic \(bad) refs/heads/topic \(zero40)"])
        try expectSkipped(["refs/tags/v1 \(bad) refs/tags/v1 \(zero40)"])
        try expectSkipped([])
        // master deploys by default too; a deletion beside a failing tip does not hide it.
        #expect(try prePush(["(delete) \(zero64) refs/heads/old \(zero64)", "refs/heads/main \(bad) refs/heads/master \(zero40)"]).status == 1)

        // chimera.branch replaces the default list.
        #expect(try clone.git(["config", "--add", "chimera.branch", "release"]).status == 0)
        try expectSkipped(["refs/heads/main \(bad) refs/heads/main \(good)"])
        #expect(try prePush(["refs/heads/main \(bad) refs/heads/release \(zero40)"]).status == 1)
    }

    @Test func coreHooksPathIsHonouredRelativeToTheWorkTreeAndFoldersInstallMadeGoAway() async throws {
        let clone = try HookFixture()
        try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        #expect(try clone.git(["config", "core.hooksPath", "tools/git-hooks"]).status == 0)
        try FileManager.default.createDirectory(atPath: clone.path("work/sub"), withIntermediateDirectories: true)
        let defaultHooks = try snapshot(clone.path("work/.git/hooks"))

        // Given a subfolder, install still resolves the relative path from the work tree's top.
        let installed = try CommandRunner.run(["hooks", "install", "--repo", clone.path("work/sub")], environment: clone.environment)
        #expect(installed.status == 0, "\(installed.standardError)")
        #expect(FileManager.default.isExecutableFile(atPath: clone.path("work/tools/git-hooks/post-commit")))
        #expect(FileManager.default.isExecutableFile(atPath: clone.path("work/tools/git-hooks/pre-push")))
        #expect(!FileManager.default.fileExists(atPath: clone.path("work/sub/tools")))
        #expect(try snapshot(clone.path("work/.git/hooks")) == defaultHooks)

        let second = try clone.commitSite(redirects: Self.passingRedirects + "/x /index.html 302\n", message: "second")
        #expect(try await clone.waitForVerdict(commit: second)["verdict"] as? String == "pass")

        let removed = try CommandRunner.run(["hooks", "uninstall", "--repo", clone.work], environment: clone.environment)
        #expect(removed.status == 0, "\(removed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: clone.path("work/tools")))
        #expect(try snapshot(clone.path("work/.git/hooks")) == defaultHooks)
    }

    @Test func aFolderInstallCreatedIsKeptWhenSomethingElseWasPutInIt() throws {
        let clone = try HookFixture()
        try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        let absolute = clone.path("shared-hooks")
        #expect(try clone.git(["config", "core.hooksPath", absolute]).status == 0)
        #expect(try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment).status == 0)
        try clone.writeHook("shared-hooks/pre-commit", "#!/bin/sh\nexit 0\n", mode: 0o755)
        let removed = try CommandRunner.run(["hooks", "uninstall", "--repo", clone.work], environment: clone.environment)
        #expect(removed.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: absolute) == ["pre-commit"])
    }

    @Test func aHookThatIsASymbolicLinkIsKeptAsTheLinkAndStillRuns() async throws {
        let clone = try HookFixture()
        try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        try clone.writeHook("own-post-commit.sh", "#!/bin/sh\necho 'linked post-commit' >> \(clone.path("markers"))\n", mode: 0o755)
        try FileManager.default.createSymbolicLink(
            atPath: clone.path("work/.git/hooks/post-commit"),
            withDestinationPath: "../../../own-post-commit.sh"
        )
        let before = try snapshot(clone.path("work/.git/hooks"))
        #expect(try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment).status == 0)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: clone.path("work/.git/hooks/post-commit.chimera-saved"))
                == "../../../own-post-commit.sh"
        )

        let second = try clone.commitSite(redirects: Self.passingRedirects + "/y /index.html 302\n", message: "second")
        #expect(try await clone.waitForVerdict(commit: second)["verdict"] as? String == "pass")
        #expect(try clone.markers() == ["linked post-commit"])

        #expect(try CommandRunner.run(["hooks", "uninstall", "--repo", clone.work], environment: clone.environment).status == 0)
        let after = try snapshot(clone.path("work/.git/hooks"))
        #expect(after == before)
    }

    @Test func postCommitNeverFailsTheCommitEvenWithoutChimeractlOrAServer() throws {
        let clone = try HookFixture(configureChimeractl: false)
        try clone.commitSite(redirects: Self.passingRedirects, message: "first")
        #expect(try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment).status == 0)
        // No chimeractl in PATH and none configured.
        var environment = clone.environment
        environment["PATH"] = "/usr/bin:/bin"
        let committed = try clone.commitSite(redirects: Self.failingRedirects, message: "second", environment: environment)
        #expect(try clone.git(["rev-parse", "HEAD"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == committed)
        #expect(try clone.lastCommitOutput.contains("chimeractl not found"))
        // A server that is not there, with a token: the commit still succeeds at once.
        #expect(try clone.git(["config", "chimera.url", "http://127.0.0.1:1"]).status == 0)
        #expect(try clone.git(["config", "chimera.repository", "example-org/docs-site"]).status == 0)
        environment["CHIMERA_TOKEN"] = "chm_not_a_real_token"
        let third = try clone.commitSite(redirects: Self.passingRedirects, message: "third", environment: environment)
        #expect(try clone.git(["rev-parse", "HEAD"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == third)
        // The hook's own run, read directly: exit 0.
        #expect(try HookFixture.run("/bin/sh", [Self.scripts + "/post-commit"], in: clone.work, environment: environment).status == 0)
    }

    @Test func installRefusesWhatItCannotKeepAndPlacesThatAreNotClones() throws {
        let folder = try Folder()
        let notAClone = try CommandRunner.run(
            ["hooks", "install", "--repo", folder.url.path],
            environment: ["GIT_CEILING_DIRECTORIES": folder.url.deletingLastPathComponent().path]
        )
        #expect(notAClone.status == 2)
        #expect(notAClone.standardError.contains("not in a git clone"))
        #expect(try CommandRunner.run(["hooks", "install", "--repo", folder.path("missing")]).status == 2)

        let clone = try HookFixture()
        try clone.writeHook("work/.git/hooks/post-commit", "#!/bin/sh\necho mine\n", mode: 0o755)
        try clone.writeHook("work/.git/hooks/post-commit.chimera-saved", "#!/bin/sh\necho older\n", mode: 0o755)
        let before = try snapshot(clone.path("work/.git/hooks"))
        let refused = try CommandRunner.run(["hooks", "install", "--repo", clone.work], environment: clone.environment)
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("post-commit.chimera-saved already exists"))
        #expect(try snapshot(clone.path("work/.git/hooks")) == before)
    }

    // MARK: - Helpers

    /// A file's bytes, mode and identity (inode, modification time), by lstat (a link is not followed).
    struct Entry: Equatable {
        var bytes: Data?
        var link: String?
        var mode: mode_t
        var inode: UInt64
        var modified: Int

        /// The same bytes (or link) and mode.
        func sameContent(as other: Entry?) -> Bool { other.map { $0.bytes == bytes && $0.mode == mode && $0.link == link } ?? false }
    }

    /// Every entry under `folder`, by relative path.
    func snapshot(_ folder: String) throws -> [String: Entry] {
        var entries: [String: Entry] = [:]
        guard let names = FileManager.default.enumerator(atPath: folder) else { return [:] }
        for case let name as String in names {
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { throw HookTestError("lstat \(path) failed") }
            let kind = status.st_mode & S_IFMT
            entries[name] = Entry(
                bytes: kind == S_IFREG ? FileManager.default.contents(atPath: path) : nil,
                link: kind == S_IFLNK ? try FileManager.default.destinationOfSymbolicLink(atPath: path) : nil,
                mode: status.st_mode,
                inode: UInt64(status.st_ino),
                modified: Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
            )
        }
        return entries
    }
}

/// A clone (`work`, branch main) with a bare remote (`remote.git`) in a temporary folder, its own state directory, and
/// git isolated from the machine's configuration.
final class HookFixture {
    let folder: Folder
    var root: String { folder.url.path }
    var work: String { path("work") }
    private(set) var lastCommitOutput = ""

    init(configureChimeractl: Bool = true) throws {
        folder = try Folder()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try mustRun(["init", "-q", "-b", "main", work], in: root)
        try mustRun(["init", "-q", "--bare", "-b", "main", path("remote.git")], in: root)
        try mustRun(["remote", "add", "origin", path("remote.git")])
        if configureChimeractl { try mustRun(["config", "chimera.chimeractl", CommandRunner.executable.path]) }
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// git and the hooks see no global or system configuration; simulations keep their state in the fixture.
    var environment: [String: String] {
        [
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e", "CHIMERA_STATE_DIR": path("state"),
        ]
    }

    func git(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil) throws -> HookFixture.ProcessOutcome {
        try HookFixture.run("/usr/bin/env", ["git"] + arguments, in: directory ?? work, environment: environment ?? self.environment)
    }

    private func mustRun(_ arguments: [String], in directory: String? = nil) throws {
        let outcome = try git(arguments, in: directory)
        guard outcome.status == 0 else { throw HookTestError("git \(arguments.joined(separator: " ")): \(outcome.standardError)") }
    }

    /// Writes a small Netlify site (the folder is its own publish folder) with `_redirects`, commits it (the hooks
    /// run) and returns the commit id.
    @discardableResult
    func commitSite(redirects: String, message: String, environment: [String: String]? = nil) throws -> String {
        try Data("<h1>\(message)</h1>\n".utf8).write(to: URL(fileURLWithPath: work + "/index.html"))
        try Data(redirects.utf8).write(to: URL(fileURLWithPath: work + "/_redirects"))
        try mustRun(["add", "index.html", "_redirects"])
        let committed = try git(["commit", "-q", "-m", message], environment: environment)
        guard committed.status == 0 else { throw HookTestError("git commit failed (\(committed.status)): \(committed.standardError)") }
        lastCommitOutput = committed.standardOutput + committed.standardError
        return try git(["rev-parse", "HEAD"]).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func writeHook(_ relative: String, _ text: String, mode: mode_t) throws {
        try folder.write(relative, text)
        guard chmod(path(relative), mode) == 0 else { throw HookTestError("chmod \(relative) failed") }
    }

    /// The lines the clone's own hooks wrote.
    func markers() throws -> [String] {
        guard let text = try? String(contentsOfFile: path("markers"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// The head of `main` in the bare remote, or nil.
    func remoteHead() throws -> String? {
        let outcome = try git(["rev-parse", "--verify", "--quiet", "refs/heads/main"], in: path("remote.git"))
        return outcome.status == 0 ? outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Waits (up to two minutes: the simulation runs in the background) for `.git/chimera/last-simulate.json` to be
    /// the verdict of `commit`, and returns it.
    func waitForVerdict(commit: String) async throws -> [String: Any] {
        let file = work + "/.git/chimera/last-simulate.json"
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: file),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["commit"] as? String == commit
            {
                return object
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOfFile: work + "/.git/chimera/last-simulate.log", encoding: .utf8)) ?? "no log"
        throw HookTestError("no verdict for \(commit) in \(file) after two minutes; last-simulate.log: \(log)")
    }

    /// A child process's status and output.
    struct ProcessOutcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `executable` with `arguments` in `directory`, `environment` added to this process's, `input` on its standard input.
    static func run(
        _ executable: String,
        _ arguments: [String],
        in directory: String,
        environment: [String: String] = [:],
        input: String = ""
    ) throws -> HookFixture.ProcessOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Output goes to files, not pipes: nothing can block on a full pipe, or on a background child that kept one open.
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-test-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: capture.path + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: capture.path + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: capture.path + ".out")
            try? FileManager.default.removeItem(atPath: capture.path + ".err")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: capture.path + ".out"))
        let error = try FileHandle(forWritingTo: URL(fileURLWithPath: capture.path + ".err"))
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = standardInput
        try process.run()
        try output.close()
        try error.close()
        // A hook that does not read its input may exit first: the write to the closed pipe then fails (SIGPIPE ignored,
        // rather than ending the test process) and the outcome is the hook's.
        signal(SIGPIPE, SIG_IGN)
        try? standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? standardInput.fileHandleForWriting.close()
        process.waitUntilExit()
        return HookFixture.ProcessOutcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: FileManager.default.contents(atPath: capture.path + ".out") ?? Data(), as: UTF8.self),
            standardError: String(decoding: FileManager.default.contents(atPath: capture.path + ".err") ?? Data(), as: UTF8.self)
        )
    }
}

struct HookTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
