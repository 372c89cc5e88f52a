import DeployPipeline
import Foundation
import Testing

/// The sites file: the documented example parses, and every unusable file is refused with its line and a reason
/// that says what to do.
@Suite struct SitesFileTests {
    /// The example of `SiteConfiguration`'s documentation, with a second site around it.
    static let example = """
        [[site]]
        name = "docs"
        repository = "example-org/docs-site"
        clone_url = "https://github.com/example-org/docs-site.git"
        platform = "netlify"
        domains = ["docs.example.org"]
        [site.branches]
        main = "production"
        [[site.target]]
        kind = "node"

        [[site]]
        name = "shop"
        repository = "example-org/shop"
        clone_url = "/srv/git/shop.git"
        platform = "render"
        service = "shop-static"
        domains = ["Shop.Example.org", "www.shop.example.org"]
        [site.branches]
        main = "production"
        next = "staging"
        [[site.target]]
        kind = "node"
        proxy = true

        """

    /// Parses `text`, expecting a refusal; returns the error.
    private func refusal(_ text: String, path: String = "/etc/chimera/chimera.toml") -> SitesFileError? {
        do {
            let file = try SitesFile.parse(text, path: path)
            Issue.record("expected a refusal, got \(file.sites.map(\.name))")
            return nil
        } catch {
            return error
        }
    }

    /// One valid site with `extra` lines added inside its `[[site]]` table (after line 5).
    private func site(name: String = "docs", platform: String = "netlify", _ extra: String = "") -> String {
        """
        [[site]]
        name = "\(name)"
        repository = "example-org/\(name)"
        clone_url = "https://github.com/example-org/\(name).git"
        platform = "\(platform)"
        \(extra)
        [site.branches]
        main = "production"
        [[site.target]]
        kind = "node"

        """
    }

    @Test func theDocumentedExampleParses() throws {
        let file = try SitesFile.parse(Self.example, path: "chimera.toml")
        #expect(file.sites.count == 2)
        let docs = try #require(file.site(named: "docs"))
        #expect(docs.repository == "example-org/docs-site")
        #expect(docs.cloneURL == "https://github.com/example-org/docs-site.git")
        #expect(docs.platform == .netlify)
        #expect(docs.domains == ["docs.example.org"])
        #expect(docs.branches == ["main": "production"])
        #expect(docs.targets == [SiteConfiguration.Target(kind: .node, proxy: false)])
        #expect(docs.service == nil)
        #expect(docs.context(forBranch: "main") == "production")
        #expect(docs.context(forBranch: "dev") == nil)

        let shop = try #require(file.site(named: "shop"))
        #expect(shop.platform == .render)
        #expect(shop.service == "shop-static")
        #expect(shop.cloneURL == "/srv/git/shop.git")
        #expect(shop.branches == ["main": "production", "next": "staging"])
        #expect(shop.targets == [SiteConfiguration.Target(kind: .node, proxy: true)])
        // Domains are matched case-insensitively, and a request's host finds its site.
        #expect(shop.domains == ["shop.example.org", "www.shop.example.org"])
        #expect(file.site(servingHost: "SHOP.example.org")?.name == "shop")
        #expect(file.site(servingHost: "docs.example.org")?.name == "docs")
        #expect(file.site(servingHost: "other.example.org") == nil)
        #expect(file.sites(forRepository: "Example-Org/Docs-Site").map(\.name) == ["docs"])
        #expect(file.sites.map(\.name) == ["docs", "shop"])
    }

    @Test func anUnknownTopLevelKeyIsRefusedAtItsLine() throws {
        let error = try #require(refusal("listen = \"0.0.0.0:80\"\n" + site()))
        #expect(error.line == 1)
        #expect(error.reason.contains("unknown key 'listen'"))
        #expect(error.reason.contains("[[site]]"))
    }

    @Test func anUnknownKeyInASiteIsRefusedAtItsLineWithTheKnownKeys() throws {
        let error = try #require(refusal(site("domain = \"docs.example.org\"")))
        #expect(error.line == 6)
        #expect(error.reason.contains("unknown key 'domain'"))
        #expect(error.reason.contains("domains"))
        #expect(error.reason.contains("clone_url"))
    }

    @Test(arguments: ["name", "repository", "clone_url", "platform"])
    func aMissingRequiredKeyIsRefusedAtTheSiteHeader(key: String) throws {
        let lines = site().split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(key + " =") }
        // A second, valid site first, so the line must be the second [[site]]'s header, not line 1.
        let text = site(name: "first") + "\n" + lines.joined(separator: "\n")
        let header = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element == "[[site]]" }.map { $0.offset + 1 }
        let error = try #require(refusal(text))
        #expect(error.line == header.last)
        #expect(error.reason.contains("site #2 has no '\(key)'"))
    }

    @Test func aPlatformThatIsNotKnownIsRefusedWithTheChoices() throws {
        let error = try #require(refusal(site(platform: "vercel")))
        #expect(error.line == 5)
        #expect(error.reason.contains("'vercel'"))
        #expect(error.reason.contains("netlify, render, pages"))
    }

    @Test(arguments: ["docs-site", "a/b/c", "/docs", "owner/"])
    func aRepositoryThatIsNotOwnerSlashNameIsRefused(repository: String) throws {
        let text = site().replacingOccurrences(of: "repository = \"example-org/docs\"", with: "repository = \"\(repository)\"")
        let error = try #require(refusal(text))
        #expect(error.line == 3)
        #expect(error.reason.contains("must be owner/name"))
    }

    @Test func aSiteWithoutBranchesIsRefusedWithWhatToAdd() throws {
        let text = """
            [[site]]
            name = "docs"
            repository = "example-org/docs"
            clone_url = "https://github.com/example-org/docs.git"
            platform = "netlify"
            [[site.target]]
            kind = "node"

            """
        let error = try #require(refusal(text))
        #expect(error.line == 1)
        #expect(error.reason.contains("deploys no branch"))
        #expect(error.reason.contains("[site.branches]"))
    }

    @Test func anUnknownTargetKindIsRefusedAtItsLine() throws {
        let text = site(name: "first") + "\n" + site().replacingOccurrences(of: "kind = \"node\"", with: "kind = \"s3\"")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kindLine = try #require(lines.lastIndex { $0 == "kind = \"s3\"" }) + 1
        let error = try #require(refusal(text))
        #expect(error.reason.contains("target kind 's3' is not supported"))
        #expect(error.reason.contains("node"))
        #expect(error.line == kindLine)
    }

    @Test func anUnknownKeyOrABadProxyInATargetIsRefusedAtItsLine() throws {
        let unknown = site(name: "first") + "\n" + site().replacingOccurrences(of: "kind = \"node\"", with: "kind = \"node\"\nport = 8080")
        let error = try #require(refusal(unknown))
        #expect(error.line == 22)
        #expect(error.reason.contains("unknown key 'port' in [[site.target]]"))
        #expect(error.reason.contains("kind, proxy"))

        let proxy = site().replacingOccurrences(of: "kind = \"node\"", with: "kind = \"node\"\nproxy = \"yes\"")
        let badProxy = try #require(refusal(proxy))
        #expect(badProxy.line == 11)
        #expect(badProxy.reason.contains("'proxy' must be true or false"))
    }

    @Test func anInlineTargetIsRefusedAtItsLine() throws {
        let text = """
            [[site]]
            name = "docs"
            repository = "example-org/docs"
            clone_url = "https://github.com/example-org/docs.git"
            platform = "netlify"
            branches = { main = "production" }
            target = [{ kind = "ftp" }]

            """
        let error = try #require(refusal(text))
        #expect(error.line == 7)
        #expect(error.reason.contains("target kind 'ftp'"))
    }

    @Test func aSiteWithoutTargetsIsRefusedWithWhatToAdd() throws {
        let text = site().replacingOccurrences(of: "[[site.target]]\nkind = \"node\"\n", with: "")
        let error = try #require(refusal(text))
        #expect(error.line == 1)
        #expect(error.reason.contains("has no target"))
        #expect(error.reason.contains("[[site.target]]"))
    }

    @Test func aSecondSiteWithTheSameNameIsRefusedAtItsName() throws {
        let text = site() + "\n" + site()
        let error = try #require(refusal(text))
        #expect(error.line == 13)
        #expect(error.reason.contains("a second site is named 'docs'"))
        #expect(error.reason.contains("unique"))
    }

    @Test func aDomainClaimedTwiceIsRefusedAtTheSecondClaim() throws {
        let text = site(name: "docs", "domains = [\"docs.example.org\"]") + "\n" + site(name: "other", "domains = [\"DOCS.example.org\"]")
        let error = try #require(refusal(text))
        #expect(error.line == 17)
        #expect(error.reason.contains("already served by site 'docs'"))
    }

    @Test func invalidTOMLIsRefusedAtTheSyntaxErrorLine() throws {
        let text = site().replacingOccurrences(of: "platform = \"netlify\"", with: "platform = \"netlify")
        let error = try #require(refusal(text))
        #expect(error.line == 5)
        #expect(error.reason.contains("not valid TOML"))

        // Input that would crash the TOML parser is refused the same way, at its line.
        let crash = try #require(refusal(site() + "[[[\n"))
        #expect(crash.line == 11)
        #expect(crash.reason.contains("not valid TOML"))
    }

    @Test func aServiceOnASiteThatIsNotRenderIsRefused() throws {
        let error = try #require(refusal(site("service = \"web\"")))
        #expect(error.line == 6)
        #expect(error.reason.contains("'service' applies to platform = \"render\" only"))
        #expect(try SitesFile.parse(site(platform: "render", "service = \"web\""), path: "x").sites.first?.service == "web")
    }

    @Test func anEmptyFileAsksForASite() throws {
        let error = try #require(refusal("# nothing yet\n"))
        #expect(error.reason.contains("no [[site]] table"))
    }

    @Test func aMissingFileIsRefusedWithWhereToPointTheService() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-\(UUID().uuidString).toml").path
        do {
            _ = try SitesFile.load(path: path)
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.path == path)
            #expect(error.line == nil)
            #expect(error.reason.contains("no such sites file"))
            #expect(error.reason.contains("CHIMERA_CONFIG"))
            #expect(error.description == "\(path): \(error.reason)")
        }
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let folder = try ServerTestFolder()
        try folder.write("chimera.toml", Self.example)
        #expect(try SitesFile.load(path: folder.path("chimera.toml")).sites.map(\.name) == ["docs", "shop"])

        try folder.write("bad.toml", site(platform: "heroku"))
        do {
            _ = try SitesFile.load(path: folder.path("bad.toml"))
            Issue.record("a bad file was accepted")
        } catch {
            #expect(error.description == "\(folder.path("bad.toml")):5: \(error.reason)")
        }
    }

    @Test func theDescriptionIsPathLineReason() {
        #expect(SitesFileError(path: "/etc/chimera/chimera.toml", line: 7, reason: "bad").description == "/etc/chimera/chimera.toml:7: bad")
        #expect(SitesFileError(path: "a.toml", line: nil, reason: "gone").description == "a.toml: gone")
    }
}
