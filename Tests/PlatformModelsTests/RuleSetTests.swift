import PlatformModels
import Testing

@Suite("merging _redirects and netlify.toml rules")
struct RuleSetTests {
    private func ruleSet(redirects: String, toml: String, headers: String = "") -> NetlifyRuleSet {
        let config = parseConfig(toml)
        return NetlifyRuleSet(
            redirectsFile: parseRedirects(redirects).rules,
            configRedirects: config.redirects,
            headersFile: parseHeaders(headers).rules,
            configHeaders: config.headers
        )
    }

    @Test("all _redirects rules come first, then netlify.toml rules, each in file order")
    func order() {
        let set = ruleSet(
            redirects: "/r1 /x\n/r2 /x",
            toml: """
                [[redirects]]
                  from = "/t1"
                  to = "/x"
                [[redirects]]
                  from = "/t2"
                  to = "/x"
                """
        )
        #expect(set.redirects.map(\.from) == ["/r1", "/r2", "/t1", "/t2"])
        #expect(set.redirects.map(\.source.kind) == [.redirectsFile, .redirectsFile, .netlifyTOML, .netlifyTOML])
        #expect(set.findings.isEmpty)
    }

    @Test("an exact duplicate is removed keeping the LAST copy, and the removed copy is reported")
    func duplicateKeepsLast() throws {
        let set = ruleSet(
            redirects: "/a /b 302\n/c /d\n",
            toml: """
                [[redirects]]
                  from = "/a"
                  to = "/b"
                  status = 302
                """
        )
        // The `_redirects` copy of /a is dropped, so /a now comes after /c.
        #expect(set.redirects.map(\.from) == ["/c", "/a"])
        #expect(set.redirects.last?.source.kind == .netlifyTOML)
        let finding = try #require(set.findings.first)
        #expect(set.findings.count == 1)
        #expect(finding.code == .redirectDuplicate)
        #expect(finding.file == "_redirects")
        #expect(finding.line == 1)
        #expect(finding.message.contains("netlify.toml:1"))
        #expect(finding.severity == .warning)
    }

    @Test("a rule without a status and one with status 301 are different rules to Netlify's duplicate removal")
    func writtenAndDefaultStatusDiffer() {
        let set = ruleSet(
            redirects: "/a /b\n",
            toml: """
                [[redirects]]
                  from = "/a"
                  to = "/b"
                  status = 301
                """
        )
        #expect(set.redirects.map(\.source.kind) == [.redirectsFile, .netlifyTOML])
        #expect(set.findings.isEmpty)
    }

    @Test("duplicates inside one file: three copies leave the last")
    func duplicatesInOneFile() {
        let set = ruleSet(redirects: "/a /b\n/x /y\n/a /b\n/a /b", toml: "")
        #expect(set.redirects.map(\.source.line) == [2, 4])
        #expect(codeLines(set.findings) == ["REDIRECT_DUPLICATE@1", "REDIRECT_DUPLICATE@3"])
    }

    @Test("rules differing in any field are not duplicates", arguments: ["/a /b 302", "/a /b 301!", "/a /c", "/a q=1 /b", "/a /b 301 Country=us"])
    func nearDuplicatesKept(variant: String) {
        let set = ruleSet(redirects: "/a /b\n\(variant)", toml: "")
        #expect(set.redirects.count == 2)
        #expect(set.findings.isEmpty)
    }

    @Test("a forced copy in netlify.toml does not move ahead of _redirects: `!` never reorders")
    func forceDoesNotReorder() {
        let set = ruleSet(
            redirects: "/a /from-file 302",
            toml: """
                [[redirects]]
                  from = "/a"
                  to = "/from-toml"
                  force = true
                """
        )
        #expect(set.redirects.map(\.to) == ["/from-file", "/from-toml"])
    }

    @Test("header rules: _headers first, then [[headers]]; exact duplicates keep the last")
    func headerOrder() {
        let set = ruleSet(
            redirects: "",
            toml: """
                [[headers]]
                  for = "/*"
                  values = {X-A = "toml"}
                [[headers]]
                  for = "/dup"
                  values = {X-D = "1"}
                """,
            headers: "/dup\n  X-D: 1\n/*\n  X-A: file"
        )
        #expect(set.headers.map(\.forPath) == ["/*", "/*", "/dup"])
        #expect(set.headers.map(\.source.kind) == [.headersFile, .netlifyTOML, .netlifyTOML])
    }
}
