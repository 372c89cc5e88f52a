import Foundation
import Testing

/// `simulate --auto-heal[=all]` and `heal --history`, run as real processes.
@Suite struct AutoHealCommandTests {
    func site(_ folder: Folder) throws -> String {
        try folder.write("site/index.html", "<a href=\"/new/\">new</a>\n")
        try folder.write("site/new/index.html", "new\n")
        try folder.write("site/_redirects", "# keep this comment\n/old /new/ 301 !\n/tmp /new/ 307\n")
        return folder.path("site")
    }

    @Test func autoHealFixesSafeFindingsAndPassesTheVerdict() throws {
        let folder = try Folder()
        let environment = ["CHIMERA_STATE_DIR": folder.path("state")]
        let dir = try site(folder)
        let before = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", dir], environment: environment)
        #expect(before.status == 1)
        let healed = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", dir, "--auto-heal"], environment: environment)
        #expect(healed.status == 0, "\(healed.standardOutput)\(healed.standardError)")
        #expect(healed.standardError.contains("+/old /new/ 301!"))
        // Safe fixes only: the suspect 307 (a suggested fix) stays.
        #expect(try String(contentsOfFile: dir + "/_redirects", encoding: .utf8) == "# keep this comment\n/old /new/ 301!\n/tmp /new/ 307\n")
        let all = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", dir, "--auto-heal=all"], environment: environment)
        #expect(all.status == 0)
        #expect(try String(contentsOfFile: dir + "/_redirects", encoding: .utf8) == "# keep this comment\n/old /new/ 301!\n/tmp /new/ 302\n")
        let events = try CommandRunner.run(["ledger", "show"], environment: environment)
        #expect(events.status == 0)
    }

    @Test func historyNeedsNoSiteOptions() throws {
        let folder = try Folder()
        let history = try CommandRunner.run(["heal", "--history"], environment: ["CHIMERA_STATE_DIR": folder.path("state")])
        #expect(history.status == 0, "\(history.standardError)")
        #expect(history.standardOutput == "no fixes applied yet\n")
        let json = try CommandRunner.run(["heal", "--history", "--format", "json"], environment: ["CHIMERA_STATE_DIR": folder.path("state")])
        #expect(json.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || json.standardOutput.contains("[]"))
    }
}
