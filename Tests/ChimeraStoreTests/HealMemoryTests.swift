import ChimeraStore
import Testing

/// ARIE's memory: outcomes per site and code; two fixes that failed to hold bench a fixer on that site only.
@Suite struct HealMemoryTests {
    func outcome(_ site: String, _ code: String, deploy: String?, cleared: Bool = true) -> AppliedFix {
        AppliedFix(site: site, code: code, confidence: "safe", location: "_redirects:3", deployID: deploy, commit: nil, cleared: cleared)
    }

    @Test func aFixerThatFailsTwiceOnASiteIsBenchedThere() throws {
        let memory = HealMemory(database: try ChimeraDatabase.inMemory())
        try memory.record([outcome("docs", "REDIRECT_SYNTAX", deploy: "d-1"), outcome("docs", "HEADERS_SYNTAX", deploy: "d-1")])
        try memory.markVerified(deployID: "d-1", verified: false)
        #expect(try memory.failures(site: "docs", code: "REDIRECT_SYNTAX") == 1)
        #expect(try memory.benchedCodes(site: "docs").isEmpty)

        try memory.record([outcome("docs", "REDIRECT_SYNTAX", deploy: "d-2", cleared: false)])
        #expect(try memory.benchedCodes(site: "docs") == ["REDIRECT_SYNTAX"])
        // Another site keeps the fixer.
        try memory.record([outcome("blog", "REDIRECT_SYNTAX", deploy: "d-3")])
        try memory.markVerified(deployID: "d-3", verified: true)
        #expect(try memory.benchedCodes(site: "blog").isEmpty)

        let history = try memory.history(site: "docs")
        #expect(history.count == 3)
        #expect(history.first?.deployID == "d-2")
        #expect(history.last?.verified == false)
        #expect(try memory.history().count == 4)
    }
}
