import Foundation
import Testing

/// `chimeractl deploy --platform node`, `rollback`, `tokens`, `quarantine` and `monitor`, run as real processes
/// against one state directory.
@Suite struct NodeDeployCommandTests {
    func site(_ folder: Folder, _ name: String, redirects: String) throws -> String {
        try folder.write("\(name)/index.html", "<html><body><a href=\"/new/\">new</a></body></html>\n")
        try folder.write("\(name)/new/index.html", "<html><body>new</body></html>\n")
        try folder.write("\(name)/_redirects", redirects)
        return folder.path(name)
    }

    @Test func deploysVerifiesRollsBackAndRecordsIt() throws {
        let folder = try Folder()
        let environment = ["CHIMERA_STATE_DIR": folder.path("state"), "CHIMERA_CONFIG": folder.path("none.toml")]
        let first = try site(folder, "one", redirects: "/old /new/ 301\n")
        let deployed = try CommandRunner.run(
            ["deploy", "--platform", "node", "--certify", "--dir", first, "--site", "docs"],
            environment: environment
        )
        #expect(deployed.status == 0, "\(deployed.standardError)")
        #expect(deployed.standardOutput.contains("succeeded at done"))
        #expect(deployed.standardOutput.contains("verified:"))
        let firstRelease = try #require(deployed.standardOutput.split(separator: "\n").first { $0.hasPrefix("release: ") }).dropFirst(9)

        // A proxy rule the node does not relay: the live answer (502) differs from the prediction, so it rolls back.
        let second = try site(folder, "two", redirects: "/old /new/ 301\n/api/* https://api.example.test/:splat 200\n")
        let refused = try CommandRunner.run(["deploy", "--platform", "node", "--certify", "--dir", second, "--site", "docs"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("mismatch: /api/x: expected 200, got 502"))
        #expect(refused.standardOutput.contains("rolled back to \(firstRelease)"))
        let current = try FileManager.default.destinationOfSymbolicLink(atPath: folder.path("state/sites/docs/current"))
        #expect(current.hasSuffix(String(firstRelease)))

        let third = try site(folder, "three", redirects: "/old /new/ 302\n")
        #expect(try CommandRunner.run(["deploy", "--platform", "node", "--certify", "--dir", third, "--site", "docs"], environment: environment).status == 0)
        let back = try CommandRunner.run(["rollback", "--site", "docs", "--to", String(firstRelease)], environment: environment)
        #expect(back.status == 0, "\(back.standardError)")
        #expect(back.standardOutput.contains("→ \(firstRelease)"))
        let unknown = try CommandRunner.run(["rollback", "--site", "docs", "--to", "nope"], environment: environment)
        #expect(unknown.status == 2)

        let monitor = try CommandRunner.run(["monitor", "--format", "json"], environment: environment)
        #expect(monitor.status == 0)
        #expect(monitor.standardOutput.split(separator: "\n").count == 3)
        #expect(monitor.standardOutput.contains("\"state\":\"failed\""))
        let ledger = try CommandRunner.run(["ledger", "verify"], environment: environment)
        #expect(ledger.status == 0, "\(ledger.standardOutput)\(ledger.standardError)")
        let entries = try CommandRunner.run(["ledger", "show", "--format", "json"], environment: environment).standardOutput
        #expect(entries.contains("\"action\":\"rollback\""))
    }

    @Test func usageErrorsExitTwo() throws {
        let folder = try Folder()
        let environment = ["CHIMERA_STATE_DIR": folder.path("state"), "CHIMERA_CONFIG": folder.path("none.toml")]
        #expect(try CommandRunner.run(["deploy", "--platform", "netlify", "--dir", ".", "--site", "x"], environment: environment).status == 2)
        #expect(try CommandRunner.run(["deploy", "--platform", "node", "--site", "x"], environment: environment).status == 2)
        #expect(try CommandRunner.run(["deploy", "--platform", "node", "--dir", folder.path("missing"), "--site", "x"], environment: environment).status == 2)
        #expect(try CommandRunner.run(["tokens", "create", "--role", "king", "--name", "x"], environment: environment).status == 2)
        let badSites = try CommandRunner.run(["serve"], environment: ["CHIMERA_STATE_DIR": folder.path("state"), "CHIMERA_CONFIG": folder.path("none.toml")])
        #expect(badSites.status == 2)
        #expect(badSites.standardError.contains("none.toml"))
        try folder.write("bad.toml", "[[site]]\nname = \"docs\"\nplatform = \"heroku\"\n")
        let bad = try CommandRunner.run(["serve"], environment: ["CHIMERA_STATE_DIR": folder.path("state"), "CHIMERA_CONFIG": folder.path("bad.toml")])
        #expect(bad.status == 2)
        #expect(bad.standardError.contains("bad.toml:"), "\(bad.standardError)")
    }

    @Test func tokensAreShownOnceAndQuarantineListsNothingAtFirst() throws {
        let folder = try Folder()
        let environment = ["CHIMERA_STATE_DIR": folder.path("state"), "CHIMERA_CONFIG": folder.path("none.toml")]
        let created = try CommandRunner.run(["tokens", "create", "--role", "observer", "--name", "viewer"], environment: environment)
        #expect(created.status == 0)
        let secret = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("chm_"))
        let list = try CommandRunner.run(["tokens", "list"], environment: environment)
        #expect(list.standardOutput == "viewer\tobserver\tactive\n")
        #expect(try CommandRunner.run(["tokens", "create", "--role", "admiral", "--name", "viewer"], environment: environment).status == 2)
        let database = try Data(contentsOf: URL(fileURLWithPath: folder.path("state/chimera.sqlite")))
        #expect(database.range(of: Data(secret.utf8)) == nil)
        #expect(try CommandRunner.run(["quarantine", "list"], environment: environment).standardOutput == "nothing quarantined\n")
        #expect(try CommandRunner.run(["quarantine", "replay", "7"], environment: environment).status == 2)
    }
}
