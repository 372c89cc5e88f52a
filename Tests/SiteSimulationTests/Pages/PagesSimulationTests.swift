import Foundation
import PlatformModels
import Testing

@testable import SiteSimulation

@Suite struct PagesSimulationTests {
    private func simulate(
        _ site: TemporarySite,
        dir: String = "site",
        basePath: String? = nil,
        repository: String? = nil,
        source: PagesPublishingSource = .branch
    ) throws -> SimulationReport {
        try PagesSimulation(publishDirectory: site.path(dir), basePath: basePath, repository: repository, source: source, workers: 2).run()
    }

    private func findings(_ report: SimulationReport, _ code: FindingCode) -> [Finding] {
        report.findings.filter { $0.code == code }
    }

    /// A site that passes every Pages check: index, 404 page, a folder, an asset.
    private func cleanSite() throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("site/index.html", TemporarySite.page(["about", "docs", "docs/", "css/site.css", "https://example.com/", "#top"]))
        try site.write("site/about.html", TemporarySite.page(["index.html", "./docs/intro.html"]))
        try site.write("site/docs/index.html", TemporarySite.page(["../", "intro"]))
        try site.write("site/docs/intro.html", TemporarySite.page([]))
        try site.write("site/css/site.css", "body {}")
        try site.write("site/404.html", TemporarySite.page([]))
        return site
    }

    @Test func aCleanSitePasses() throws {
        let report = try simulate(try cleanSite())
        #expect(report.platform == "pages")
        #expect(report.findings.isEmpty)
        #expect(report.verdict == .pass)
        #expect(report.stats.files == 6)
        #expect(report.stats.htmlFiles == 5)
        #expect(report.stats.references == 8)
        #expect(report.stats.rules == 0)
    }

    @Test func aMissingFolderIsReported() throws {
        let site = try TemporarySite()
        let report = try simulate(site, dir: "nowhere")
        #expect(findings(report, .publishDirMissing).count == 1)
        #expect(report.verdict == .fail)
        #expect(throws: SiteLoadError.self) { try simulate(try site.write("file.txt", "x"), dir: "file.txt") }
    }

    // MARK: ASSET_MISSING

    @Test func aReferenceNothingServesIsMissing() throws {
        let site = try cleanSite()
        try site.write("site/blog/post.html", "<html>\n<a href=\"../gone.html\">x</a>\n<img src=\"/about/\">\n</html>\n")
        let report = try simulate(site)
        let missing = findings(report, .assetMissing)
        #expect(missing.map(\.line) == [2, 3])
        #expect(missing.allSatisfy { $0.severity == .error && $0.file?.hasSuffix("site/blog/post.html") == true })
        #expect(missing[0].message.contains("/gone.html"))
        #expect(report.verdict == .fail)
    }

    @Test func aRedirectFileRescuesNothing() throws {
        let site = try cleanSite()
        try site.write("site/.nojekyll", "")
        try site.write("site/_redirects", "/old /about 301\n")
        try site.write("site/links.html", TemporarySite.page(["/old"]))
        let report = try simulate(site)
        #expect(findings(report, .assetMissing).count == 1)
        #expect(findings(report, .pagesUnsupportedConfig).count == 1)
    }

    // MARK: PAGES_UNSUPPORTED_CONFIG

    @Test func netlifyRulesAreReportedAsLost() throws {
        let site = try cleanSite()
        try site.write("site/_redirects", "/old /about 301\n/app/* /index.html 200\n")
        try site.write("site/_headers", "/*\n  X-Frame-Options: DENY\n")
        try site.write("site/netlify.toml", "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-Robots-Tag = \"noindex\"\n")
        let report = try simulate(site)
        let lost = findings(report, .pagesUnsupportedConfig)
        #expect(lost.compactMap { $0.file?.split(separator: "/").last.map(String.init) } == ["_headers", "_redirects", "netlify.toml"])
        #expect(lost.allSatisfy { $0.severity == .error })
        #expect(report.verdict == .fail)
        // _redirects and _headers are Netlify's files: they are not also reported as dropped by Jekyll.
        #expect(findings(report, .pagesJekyllUnderscore).isEmpty)
    }

    // MARK: PAGES_JEKYLL_UNDERSCORE

    @Test func unreferencedUnderscorePathsAreAWarning() throws {
        let site = try cleanSite()
        try site.write("site/_drafts-of-mine/a.txt", "x")
        try site.write("site/docs/_notes.txt", "x")
        let report = try simulate(site)
        let dropped = try #require(findings(report, .pagesJekyllUnderscore).first)
        #expect(findings(report, .pagesJekyllUnderscore).count == 1)
        #expect(dropped.severity == .warning)
        #expect(dropped.file == nil)
        #expect(dropped.message.contains("2 paths (2 files) are not published"))
        #expect(dropped.message.contains("/_drafts-of-mine/ (1 file)"))
        #expect(dropped.message.contains("/docs/_notes.txt"))
        #expect(report.verdict == .pass)
    }

    @Test func referencedUnderscorePathsAreAnErrorAtTheFirstReference() throws {
        let site = try cleanSite()
        try site.write("site/_next/static/app.js", "js")
        try site.write("site/_next/static/app.css", "css")
        try site.write("site/app.html", "<html>\n<script src=\"/_next/static/app.js\"></script>\n<link href=\"_next/static/app.css\">\n</html>\n")
        let report = try simulate(site)
        let dropped = try #require(findings(report, .pagesJekyllUnderscore).first)
        #expect(dropped.severity == .error)
        #expect(dropped.file?.hasSuffix("site/app.html") == true)
        #expect(dropped.line == 2)
        #expect(dropped.message.contains("/_next/ (2 files), referenced 2 times"))
        #expect(dropped.fix?.contains(".nojekyll") == true)
        // The references are reported once, through the dropped path, not also as missing assets.
        #expect(findings(report, .assetMissing).isEmpty)
        #expect(report.verdict == .fail)
    }

    @Test func nojekyllPublishesUnderscorePaths() throws {
        let site = try cleanSite()
        try site.write("site/.nojekyll", "")
        try site.write("site/_next/app.js", "js")
        try site.write("site/app.html", TemporarySite.page(["/_next/app.js"]))
        let report = try simulate(site)
        #expect(report.findings.isEmpty)
        #expect(report.configuration.contains { $0.contains("with .nojekyll") })
    }

    @Test func aWorkflowArtifactPublishesUnderscorePaths() throws {
        let site = try cleanSite()
        try site.write("site/_app/app.js", "js")
        try site.write("site/app.html", TemporarySite.page(["/_app/app.js"]))
        #expect(try simulate(site, source: .workflow).findings.isEmpty)
    }

    @Test func jekyllsOwnSourcesAreNotReported() throws {
        let site = try cleanSite()
        try site.write("site/_config.yml", "title: x\ncollections: [recipes]\n")
        try site.write("site/_layouts/default.html", "{{ content }}")
        try site.write("site/_posts/2024-01-01-hello.md", "# hi")
        try site.write("site/_recipes/soup.md", "# soup")
        #expect(try simulate(site).findings.isEmpty)
    }

    @Test func aReferencedNodeModulesFolderIsReported() throws {
        let site = try cleanSite()
        try site.write("site/node_modules/lib/lib.js", "js")
        try site.write("site/node_modules/other/unused.js", "js")
        try site.write("site/.editorconfig", "x")
        #expect(try simulate(site).findings.isEmpty)
        try site.write("site/app.html", TemporarySite.page(["/node_modules/lib/lib.js"]))
        let dropped = try #require(findings(try simulate(site), .pagesJekyllUnderscore).first)
        #expect(dropped.severity == .error)
        #expect(dropped.message.contains("/node_modules/ (2 files), dropped because it matches Jekyll's `exclude: node_modules`"))
    }

    @Test func pagesWithFrontMatterAreTemplatesWhenJekyllRuns() throws {
        let site = try cleanSite()
        try site.write("site/post.html", "---\nlayout: default\n---\n<a href=\"{{ site.baseurl }}/missing\">x</a>\n")
        let report = try simulate(site)
        #expect(report.findings.isEmpty)
        #expect(report.stats.htmlFiles == 5)
        #expect(report.configuration.contains { $0.contains("1 page(s) with front matter") })
        try site.write("site/.nojekyll", "")
        #expect(findings(try simulate(site), .assetMissing).count == 1)
    }

    // MARK: PAGES_BASEPATH

    @Test func rootAbsoluteReferencesMissTheBasePath() throws {
        let site = try cleanSite()
        try site.write(
            "site/links.html",
            "<html>\n<a href=\"/about\">x</a>\n<a href=\"/repo/about\">ok</a>\n<a href=\"about\">ok</a>\n<a href=\"/other-project/\">x</a>\n</html>\n"
        )
        let report = try simulate(site, basePath: "/repo")
        let base = findings(report, .pagesBasePath)
        #expect(base.map(\.line) == [2, 5])
        #expect(base.map(\.severity) == [.error, .warning])
        #expect(base[0].message.contains("/repo/about"))
        #expect(base[0].fix?.contains("/repo/about") == true)
        #expect(findings(report, .assetMissing).isEmpty)
        #expect(findings(try simulate(site), .pagesBasePath).isEmpty)
    }

    @Test func theBasePathIsInferredFromTheRepository() throws {
        let site = try cleanSite()
        try site.write("site/links.html", TemporarySite.page(["/about"]))
        let project = try simulate(site, repository: "octo/docs")
        #expect(findings(project, .pagesBasePath).count == 1)
        #expect(project.configuration.first?.contains("/docs/ (project site of repository octo/docs)") == true)
        #expect(findings(try simulate(site, repository: "octo/octo.github.io"), .pagesBasePath).isEmpty)
        #expect(findings(try simulate(site, basePath: "/", repository: "octo/docs"), .pagesBasePath).isEmpty)
        try site.write("site/CNAME", "docs.example.com\n")
        let custom = try simulate(site, repository: "octo/docs")
        #expect(findings(custom, .pagesBasePath).isEmpty)
        #expect(custom.configuration.first?.contains("custom domain docs.example.com") == true)
    }

    // MARK: PAGES_CNAME_INVALID

    @Test func anInvalidCNAMEIsAnError() throws {
        let site = try cleanSite()
        try site.write("site/CNAME", "https://www.example.com/\n")
        let report = try simulate(site)
        let invalid = try #require(findings(report, .pagesCNAMEInvalid).first)
        #expect(invalid.severity == .error)
        #expect(invalid.file?.hasSuffix("site/CNAME") == true)
        #expect(report.verdict == .fail)
        // A workflow ignores CNAME altogether.
        #expect(try simulate(site, source: .workflow).findings.isEmpty)
    }

    @Test func aLowercaseCNAMEIsAnError() throws {
        let site = try cleanSite()
        try site.write("site/cname", "www.example.com\n")
        #expect(findings(try simulate(site), .pagesCNAMEInvalid).count == 1)
    }

    @Test func aValidCNAMEIsClean() throws {
        let site = try cleanSite()
        try site.write("site/CNAME", "www.example.com\n")
        #expect(try simulate(site).findings.isEmpty)
    }

    // MARK: Sizes

    /// A sparse file: its size is real to `stat`, its blocks are never written.
    private func sparse(_ site: TemporarySite, _ relative: String, bytes: UInt64) throws {
        try site.write(relative, "")
        let handle = try #require(FileHandle(forWritingAtPath: site.path(relative)))
        try handle.truncate(atOffset: bytes)
        try handle.close()
    }

    @Test func aFileOver100MiBIsAnError() throws {
        let site = try cleanSite()
        try sparse(site, "site/video.mp4", bytes: 100 * 1024 * 1024 + 1)
        let report = try simulate(site)
        let large = try #require(findings(report, .pagesFileTooLarge).first)
        #expect(large.severity == .error)
        #expect(large.file?.hasSuffix("site/video.mp4") == true)
        #expect(findings(report, .pagesSiteTooLarge).isEmpty)
    }

    @Test func aSiteOver1GiBIsAnError() throws {
        let site = try cleanSite()
        for part in 1...11 { try sparse(site, "site/data/part\(part).bin", bytes: 100 * 1024 * 1024) }
        // Unpublished files do not count.
        try sparse(site, "site/_backup/huge.bin", bytes: 2 * 1024 * 1024 * 1024)
        let report = try simulate(site)
        #expect(findings(report, .pagesSiteTooLarge).count == 1)
        #expect(findings(report, .pagesFileTooLarge).isEmpty)
        #expect(report.stats.bytes > 1024 * 1024 * 1024)
        #expect(report.stats.bytes < 2 * 1024 * 1024 * 1024)
    }

    // MARK: PAGES_404_MISSING

    @Test func aMissing404PageIsInfo() throws {
        let site = try cleanSite()
        try FileManager.default.removeItem(atPath: site.path("site/404.html"))
        let report = try simulate(site)
        let missing = try #require(findings(report, .pages404Missing).first)
        #expect(missing.severity == .info)
        #expect(report.verdict == .pass)
        // A 404 page that Jekyll renders from Markdown counts.
        try site.write("site/404.md", "# Not found")
        #expect(findings(try simulate(site), .pages404Missing).isEmpty)
    }
}
