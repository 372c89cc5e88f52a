import Foundation
import Testing

/// `chimeractl heal`, run as a real child process: the dry run prints the patch and writes nothing (exit 1),
/// `--write` applies safe fixes (exit 0 when nothing is left), suggested fixes need `--all`, `--repo` heals an
/// exported workspace and never the repository, and usage errors exit 2.
@Suite struct HealCommandTests {
    private func site() throws -> Folder {
        let folder = try Folder()
        try folder.write("index.html", "<p>home</p>")
        try folder.write("_redirects", "# rules\n/old  /index.html  301 !\n")
        return folder
    }

    @Test func dryRunPrintsThePatchAndWritesNothing() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path])
        #expect(outcome.status == 1, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("--- a/_redirects\n+++ b/_redirects\n@@ -1,2 +1,2 @@\n # rules\n-/old  /index.html  301 !\n+/old  /index.html  301!\n"))
        #expect(outcome.standardOutput.contains("REDIRECT_FORCE_DETACHED"))
        #expect(outcome.standardOutput.contains("safe to apply"))
        #expect(String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("_redirects")), as: UTF8.self) == "# rules\n/old  /index.html  301 !\n")
    }

    @Test func writeAppliesSafeFixesAndExitsZero() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path, "--write"])
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("safe applied"))
        #expect(String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("_redirects")), as: UTF8.self) == "# rules\n/old  /index.html  301!\n")
        // Nothing left: a second dry run exits 0 and prints no patch.
        let again = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path])
        #expect(again.status == 0, "\(again.standardOutput)")
        #expect(!again.standardOutput.contains("--- a/"))
    }

    @Test func suggestedFixesNeedAll() throws {
        let folder = try Folder()
        try folder.write("index.html", "<p>home</p>")
        try folder.write("_redirects", "/t  https://example.com/t  307\n")
        let shown = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path, "--write"])
        #expect(shown.status == 1)
        #expect(shown.standardOutput.contains("# suggested, not applied (use --all): REDIRECT_STATUS_SUSPECT"))
        #expect(shown.standardOutput.contains("suggested shown-only"))
        #expect(String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("_redirects")), as: UTF8.self) == "/t  https://example.com/t  307\n")
        let applied = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path, "--write", "--all"])
        #expect(applied.status == 0, "\(applied.standardOutput)")
        #expect(String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("_redirects")), as: UTF8.self) == "/t  https://example.com/t  302\n")
    }

    @Test func notFixedFindingsSayWhyAndExitOne() throws {
        let folder = try Folder()
        try folder.write("index.html", "<p>home</p>")
        try folder.write("_redirects", "/c\n")
        let outcome = try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path, "--write"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("REDIRECT_SYNTAX"))
        #expect(outcome.standardOutput.contains("not fixed:"))
    }

    @Test func repoHealsAnExportedWorkspaceNotTheRepository() throws {
        let folder = try Folder()
        try folder.write("repo/index.html", "<p>home</p>")
        try folder.write("repo/_redirects", "/old  /index.html  301 !\n")
        let repository = folder.path("repo")
        for arguments in [["init", "-q", "-b", "main"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "site"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git", "-C", repository] + arguments
            try git.run()
            git.waitUntilExit()
            try #require(git.terminationStatus == 0)
        }
        let outcome = try CommandRunner.run(
            ["heal", "--platform", "netlify", "--repo", repository, "--commit", "HEAD", "--write"],
            environment: ["CHIMERA_STATE_DIR": folder.path("state")]
        )
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.standardError.contains("healing the exported tree in"))
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: repository + "/_redirects")), as: UTF8.self) == "/old  /index.html  301 !\n")
        let line = try #require(outcome.standardError.split(separator: "\n").first { $0.contains("healing the exported tree in") })
        let tree = String(line.split(separator: " ")[6])
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: tree + "/_redirects")), as: UTF8.self) == "/old  /index.html  301!\n")
    }

    @Test func usageErrorsExitTwo() throws {
        let folder = try site()
        #expect(try CommandRunner.run(["heal", "--platform", "netlify"]).status == 2)
        #expect(try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.url.path, "--repo", folder.url.path]).status == 2)
        #expect(try CommandRunner.run(["heal", "--platform", "netlify", "--dir", folder.path("missing")]).status == 2)
        let badAttempts = try CommandRunner.run(
            ["heal", "--platform", "netlify", "--dir", folder.url.path, "--write"],
            environment: ["CHIMERA_HEAL_MAX_ATTEMPTS": "x"]
        )
        #expect(badAttempts.status == 2)
        #expect(badAttempts.standardError.contains("CHIMERA_HEAL_MAX_ATTEMPTS"))
    }
}
