import ConfigHealing
import Foundation
import Testing

/// `--write` is atomic: the file is replaced by a rename (its inode changes, no temporary file is left), its
/// permission mode is kept, and a file that changed since the plan is not overwritten.
@Suite struct PatchWriterTests {
    @Test func writeKeepsModeAndLeavesNoTemporaryFile() throws {
        let site = try TemporarySite()
        try site.write("index.html", "<p>home</p>")
        try site.write("_redirects", "/old  /index.html  301 !\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: site.path("_redirects"))
        let inodeBefore = try FileManager.default.attributesOfItem(atPath: site.path("_redirects"))[.systemFileNumber] as? NSNumber
        let outcome = try Healer(target: site.netlify()).heal()
        #expect(outcome.appliedPatches.count == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: site.path("_redirects"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        #expect((attributes[.systemFileNumber] as? NSNumber) != inodeBefore)
        #expect(site.read("_redirects") == "/old  /index.html  301!\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.contains("chimera-heal") }
        #expect(leftovers.isEmpty)
    }

    @Test func aFileChangedSinceThePlanIsNotOverwritten() throws {
        let site = try TemporarySite()
        try site.write("index.html", "<p>home</p>")
        try site.write("_redirects", "/old  /index.html  301 !\n")
        let plan = try Healer(target: site.netlify()).plan()
        let patch = try #require(plan.patches.first)
        try site.write("_redirects", "/other  /index.html  301\n")
        #expect(throws: HealError.self) { try PatchWriter.write(patch) }
        #expect(site.read("_redirects") == "/other  /index.html  301\n")
    }

    @Test func maxAttemptsComesFromTheEnvironment() throws {
        #expect(try Healer.maxAttempts(from: [:]) == 3)
        #expect(try Healer.maxAttempts(from: ["CHIMERA_HEAL_MAX_ATTEMPTS": "5"]) == 5)
        #expect(throws: HealError.self) { try Healer.maxAttempts(from: ["CHIMERA_HEAL_MAX_ATTEMPTS": "zero"]) }
    }
}
