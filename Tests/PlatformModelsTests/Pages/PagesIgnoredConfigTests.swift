import PlatformModels
import Testing

@Suite("Netlify configuration on GitHub Pages")
struct PagesIgnoredConfigTests {
    @Test("_redirects rules are listed, with their lines, in one error")
    func redirects() throws {
        let config = PagesIgnoredConfig(redirectsFile: textFile("# moved pages\n/old /new 301\n/api/* https://api.example.com/:splat 200\n"))
        let finding = try #require(config.findings.first)
        #expect(config.findings.count == 1)
        #expect(finding.code == .pagesUnsupportedConfig)
        #expect(finding.severity == .error)
        #expect(finding.file == "_redirects")
        #expect(finding.line == 2)
        #expect(finding.message.contains("2 redirect rules"))
        #expect(finding.message.contains("line 2: /old → /new (301 redirect)"))
        #expect(finding.message.contains("line 3: /api/* → https://api.example.com/:splat (200 proxy)"))
    }

    @Test("past five rules, the rest are counted")
    func manyRules() throws {
        let text = (1...8).map { "/old\($0) /new\($0) 302" }.joined(separator: "\n")
        let finding = try #require(PagesIgnoredConfig(redirectsFile: textFile(text)).findings.first)
        #expect(finding.message.contains("8 redirect rules"))
        #expect(finding.message.contains("line 5: /old5"))
        #expect(!finding.message.contains("/old6"))
        #expect(finding.message.hasSuffix("and 3 more"))
    }

    @Test("_headers blocks are listed with the headers they set")
    func headers() throws {
        let config = PagesIgnoredConfig(headersFile: textFile("/*\n  X-Frame-Options: DENY\n  Cache-Control: no-cache\n", path: "_headers"))
        let finding = try #require(config.findings.first)
        #expect(finding.code == .pagesUnsupportedConfig)
        #expect(finding.file == "_headers")
        #expect(finding.line == 1)
        #expect(finding.message.contains("1 header rule"))
        #expect(finding.message.contains("/* sets X-Frame-Options, Cache-Control"))
    }

    @Test("netlify.toml rules and build command are listed")
    func netlifyTOML() throws {
        let toml = """
            [build]
            command = "npm run build"

            [[redirects]]
            from = "/blog/*"
            to = "/news/:splat"
            """
        let finding = try #require(PagesIgnoredConfig(netlifyTOML: textFile(toml, path: "netlify.toml")).findings.first)
        #expect(finding.file == "netlify.toml")
        #expect(finding.line == 4)
        #expect(finding.message.contains("1 redirect rule that"))
        #expect(finding.message.contains("/blog/* → /news/:splat"))
        #expect(finding.message.contains("npm run build"))
    }

    @Test("files that configure nothing give no finding")
    func nothingToLose() {
        let config = PagesIgnoredConfig(
            redirectsFile: textFile("# nothing yet\n"),
            headersFile: textFile("", path: "_headers"),
            netlifyTOML: textFile("[build]\npublish = \"dist\"\n", path: "netlify.toml")
        )
        #expect(config.findings.isEmpty)
        #expect(PagesIgnoredConfig().findings.isEmpty)
    }
}
