import Foundation
import PlatformModels
import Testing

@testable import SiteSimulation

@Suite struct NetlifySimulationTests {
    private func simulate(_ site: TemporarySite, dir: String = "public", config: String? = nil, workers: Int = 2) throws -> SimulationReport {
        try NetlifySimulation(publishDirectory: site.path(dir), configPath: config.map { site.path($0) }, workers: workers).run()
    }

    private func findings(_ report: SimulationReport, _ code: FindingCode) -> [Finding] {
        report.findings.filter { $0.code == code }
    }

    @Test func aCleanSitePasses() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page(["/about/", "blog/post.html", "https://example.com/", "#top"]))
        try site.write("public/about/index.html", TemporarySite.page(["../index.html"]))
        try site.write("public/blog/post.html", TemporarySite.page(["../about/"]))
        let report = try simulate(site)
        #expect(report.verdict == .pass)
        #expect(report.findings.isEmpty)
        #expect(report.stats.files == 3)
        #expect(report.stats.htmlFiles == 3)
        #expect(report.stats.references == 4)
    }

    @Test func reportsEachBrokenReferenceWithItsLine() throws {
        let site = try TemporarySite()
        try site.write(
            "public/index.html",
            """
            <html>
            <img src="/missing.png" srcset="/ok.png 1x, /gone.png 2x">
            <a href="/ok.png">fine</a>
            <a href="nope/">broken</a>
            </html>
            """
        )
        try site.write("public/ok.png", "png")
        let report = try simulate(site)
        let missing = findings(report, .assetMissing)
        #expect(missing.map(\.line) == [2, 2, 4])
        #expect(missing.allSatisfy { $0.file?.hasSuffix("public/index.html") == true && $0.severity == .error })
        #expect(missing[2].message.contains("/nope/"))
        #expect(report.verdict == .fail)
    }

    @Test func aReferenceARuleResolvesIsNotMissing() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page(["/old", "/app/anything/here", "/api/users", "/chain", "/gone", "/notfound"]))
        try site.write("public/new.html", "new")
        try site.write(
            "public/_redirects",
            """
            /old        /new.html   301
            /chain      /old        302
            /app/*      /index.html 200
            /api/*      https://api.example.com/:splat 200
            /gone       /nowhere    301
            /*          /404.html   404
            """
        )
        let report = try simulate(site)
        let missing = findings(report, .assetMissing).map(\.message)
        #expect(missing.count == 2)
        #expect(missing.contains { $0.contains("/gone") })
        #expect(missing.contains { $0.contains("/notfound") })
        #expect(findings(report, .redirectTargetMissing).count == 2)  // /nowhere, and /404.html is absent too
    }

    @Test func findsShadowedUnreachableLoopingAndSuspectRules() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("public/about.html", "about")
        try site.write(
            "public/_redirects",
            """
            /about      /index.html  301
            /about      /index.html  302!
            /blog/*     /index.html  301
            /blog/2020  /index.html  301
            /ping       /pong        301
            /pong       /ping        301
            /x/:id      /y/:slug     301
            /open       //evil.example.com  302
            /temp       /index.html  307
            /weird      /index.html  999
            """
        )
        let report = try simulate(site)
        #expect(findings(report, .redirectShadowed).map(\.line) == [1])
        #expect(findings(report, .redirectUnreachable).map(\.line) == [4])
        #expect(findings(report, .redirectLoop).map(\.line) == [5, 6])
        #expect(findings(report, .redirectPlaceholderUnbound).map(\.line) == [7])
        #expect(findings(report, .redirectOpen).map(\.line) == [8])
        #expect(findings(report, .redirectStatusSuspect).map(\.line) == [9, 10])
    }

    @Test func aForcedRuleAfterAnUnforcedOneStaysReachable() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("public/_redirects", "/docs/*  /index.html  200\n/docs/a  /index.html  301!\n")
        let report = try simulate(site)
        #expect(findings(report, .redirectUnreachable).isEmpty)
    }

    @Test func findsHeaderConflictsAndRestrictedNames() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("public/assets/app.js", "js")
        try site.write(
            "public/_headers",
            """
            /*
              Cache-Control: no-cache
              X-Frame-Options: DENY
            /assets/*
              cache-control: max-age=31536000
              Content-Length: 5
            """
        )
        let report = try simulate(site)
        let conflicts = findings(report, .headersConflict)
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.line == 4)
        #expect(conflicts.first?.message.contains("/assets/app.js") == true)
        #expect(findings(report, .headersRestricted).map(\.line) == [4])
    }

    @Test func looksForNetlifyTomlUpToTheRepositoryRoot() throws {
        let site = try TemporarySite()
        try site.makeDirectory(".git")
        try site.write("netlify.toml", "[build]\npublish = \"site/public\"\n\n[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = \"301!\"\n")
        try site.write("site/public/index.html", TemporarySite.page())
        let report = try simulate(site, dir: "site/public")
        let detached = findings(report, .redirectForceDetached)
        #expect(detached.count == 1)
        #expect(detached.first?.line == 7)
        #expect(detached.first?.file?.hasSuffix("netlify.toml") == true)
        #expect(findings(report, .redirectTargetMissing).count == 1)
    }

    @Test func stopsLookingAtTheRepositoryRoot() throws {
        let site = try TemporarySite()
        try site.write("netlify.toml", "not toml at all = = =")
        try site.makeDirectory("repo/.git")
        try site.write("repo/public/index.html", TemporarySite.page())
        let report = try simulate(site, dir: "repo/public")
        #expect(findings(report, .configTOMLSyntax).isEmpty)
    }

    @Test func reportsTOMLSyntaxWithLineAndColumn() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("netlify.toml", "[build]\npublish = \"public\"\ncommand = \n")
        let report = try simulate(site, config: "netlify.toml")
        let syntax = try #require(findings(report, .configTOMLSyntax).first)
        #expect(syntax.line == 3)
        #expect(syntax.message.contains("column"))
        #expect(report.verdict == .fail)
    }

    @Test func reportsAMissingPublishFolderAndMisplacedSideFiles() throws {
        let site = try TemporarySite()
        try site.makeDirectory(".git")
        try site.write("netlify.toml", "[build]\npublish = \"dist\"\nbase = \"web\"\n")
        try site.write("_redirects", "/a /b 301\n")
        try site.write("public/index.html", TemporarySite.page())
        let report = try simulate(site)
        #expect(findings(report, .configSideFileMisplaced).first?.file?.hasSuffix("_redirects") == true)
        #expect(findings(report, .configBaseMissing).map(\.line) == [3])
        #expect(findings(report, .publishDirMissing).map(\.line) == [2])
    }

    @Test func aPublishFolderThatDoesNotExistIsAFinding() throws {
        let site = try TemporarySite()
        let report = try simulate(site, dir: "nothing-here")
        #expect(findings(report, .publishDirMissing).count == 1)
        #expect(report.verdict == .fail)
    }

    @Test func aFileGivenAsThePublishFolderIsBadInput() throws {
        let site = try TemporarySite()
        try site.write("file.txt", "x")
        #expect(throws: SiteLoadError.self) { try simulate(site, dir: "file.txt") }
    }

    @Test func baseHrefChangesHowLaterReferencesResolve() throws {
        let site = try TemporarySite()
        try site.write("public/docs/guide.html", "<a href=\"early.html\"><base href=\"/assets/\"><img src=\"logo.png\"><a href=\"gone.html\">")
        try site.write("public/docs/early.html", "early")
        try site.write("public/assets/logo.png", "png")
        try site.write("public/elsewhere.html", "<base href=\"https://cdn.example.com/\"><img src=\"not-here.png\"><a href=\"/nor-here\">")
        let report = try simulate(site)
        let missing = findings(report, .assetMissing)
        #expect(missing.count == 1)
        #expect(missing.first?.message.contains("/assets/gone.html") == true)
    }

    @Test func linksLeavingTheFolderAndUnreachableNamesAreErrors() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("outside/secret.txt", "secret")
        try site.write("public/a#b.html", "x")
        try site.write("public/q?.txt", "x")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: site.path("public/secret.txt"), withDestinationPath: "../outside/secret.txt")
        try manager.createSymbolicLink(atPath: site.path("public/etc"), withDestinationPath: "/etc")
        try manager.createSymbolicLink(atPath: site.path("public/home.html"), withDestinationPath: "index.html")
        let report = try simulate(site)
        #expect(findings(report, .symlinkEscapes).compactMap(\.file).map { $0.split(separator: "/").last! } == ["etc", "secret.txt"])
        #expect(findings(report, .fileNameInvalid).count == 2)
        #expect(report.findings.allSatisfy { $0.code != .symlinkEscapes || $0.severity == .error })
        #expect(report.verdict == .fail)
    }

    @Test(arguments: ["render", "pages"])
    func deployFolderChecksHoldOnEveryPlatform(platform: String) throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page())
        try site.write("public/a#b.html", "x")
        try FileManager.default.createSymbolicLink(atPath: site.path("public/host"), withDestinationPath: "/etc/hostname")
        let report =
            platform == "render"
            ? try RenderSimulation(publishDirectory: site.path("public")).run()
            : try PagesSimulation(publishDirectory: site.path("public")).run()
        #expect(findings(report, .symlinkEscapes).count == 1)
        #expect(findings(report, .fileNameInvalid).count == 1)
    }

    @Test func hiddenFilesAreNotDeployed() throws {
        let site = try TemporarySite()
        try site.write("public/index.html", TemporarySite.page(["/.env", "/.well-known/security.txt"]))
        try site.write("public/.env", "SECRET=1")
        try site.write("public/.well-known/security.txt", "contact")
        let report = try simulate(site)
        #expect(findings(report, .assetMissing).count == 1)
        #expect(report.stats.files == 2)
    }

    @Test func garbageSideFilesGiveFindingsNotCrashes() throws {
        let site = try TemporarySite()
        var generator = SystemRandomNumberGenerator()
        let binary = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try site.write("public/index.html", bytes: binary)
        try site.write("public/_redirects", bytes: binary)
        try site.write("public/_headers", bytes: Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [0xFF, 0xFE])
        try site.write("netlify.toml", String(repeating: "a = [", count: 20_000))
        let report = try simulate(site, config: "netlify.toml")
        #expect(report.verdict == .fail)
        #expect(!findings(report, .configTOMLSyntax).isEmpty)
        #expect(!findings(report, .fileEncodingInvalid).isEmpty)
        #expect(findings(report, .headersSyntax).allSatisfy { $0.message.count < 400 })
    }

    @Test func oneWorkerAndTwoWorkersAgree() throws {
        let site = try TemporarySite()
        for index in 0..<40 {
            try site.write("public/p\(index).html", TemporarySite.page(["/p\(index + 1).html", "/img/\(index % 7).png"]))
        }
        for index in 0..<5 { try site.write("public/img/\(index).png", "png") }
        let one = try simulate(site, workers: 1)
        let two = try simulate(site, workers: 2)
        #expect(one.findings == two.findings)
        // /p40.html, and /img/5.png and /img/6.png from the ten pages whose index % 7 is 5 or 6.
        #expect(one.findings.filter { $0.code == .assetMissing }.count == 11)
    }
}
