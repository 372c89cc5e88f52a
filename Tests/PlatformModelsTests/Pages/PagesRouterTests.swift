import PlatformModels
import Testing

@Suite("GitHub Pages request routing")
struct PagesRouterTests {
    private func route(_ router: PagesRouter, _ request: String) -> RouteResult {
        router.route(RouteRequest(request)!)
    }

    // MARK: Files

    @Test("exact files, folder index pages and extensionless .html pages are served")
    func servesFiles() {
        let router = PagesRouter(paths: ["/index.html", "/about.html", "/docs/index.html", "/css/site.css", "/a b.html"])
        #expect(route(router, "/") == RouteResult(status: 200, file: "/index.html"))
        #expect(route(router, "/css/site.css") == RouteResult(status: 200, file: "/css/site.css"))
        #expect(route(router, "/about") == RouteResult(status: 200, file: "/about.html"))
        #expect(route(router, "/about.html") == RouteResult(status: 200, file: "/about.html"))
        #expect(route(router, "/docs/") == RouteResult(status: 200, file: "/docs/index.html"))
        #expect(route(router, "/a%20b") == RouteResult(status: 200, file: "/a b.html"))
    }

    @Test("a folder without its trailing slash is redirected to it, query kept")
    func folderRedirect() {
        let router = PagesRouter(paths: ["/docs/index.html", "/docs/guide/intro.html"])
        #expect(route(router, "/docs") == RouteResult(status: 301, location: "/docs/"))
        #expect(route(router, "/docs?x=1") == RouteResult(status: 301, location: "/docs/?x=1"))
        // A folder without index.html still gets the slash, then a 404.
        #expect(route(router, "/docs/guide") == RouteResult(status: 301, location: "/docs/guide/"))
        #expect(route(router, "/docs/guide/").status == 404)
    }

    @Test("a page file wins over a folder of the same name")
    func htmlBeforeFolder() {
        let router = PagesRouter(paths: ["/blog.html", "/blog/index.html"])
        #expect(route(router, "/blog") == RouteResult(status: 200, file: "/blog.html"))
        #expect(route(router, "/blog/") == RouteResult(status: 200, file: "/blog/index.html"))
    }

    @Test("a trailing slash does not find name.html")
    func trailingSlashNeedsIndex() {
        let router = PagesRouter(paths: ["/about.html"])
        #expect(route(router, "/about/").status == 404)
    }

    @Test("paths are case-sensitive")
    func caseSensitive() {
        let router = PagesRouter(paths: ["/About.html"])
        #expect(route(router, "/about").status == 404)
        #expect(route(router, "/About").status == 200)
    }

    // MARK: 404

    @Test("a missing path answers 404 with 404.html as the body")
    func notFoundPage() {
        let router = PagesRouter(paths: ["/index.html", "/404.html"])
        #expect(route(router, "/nowhere") == RouteResult(status: 404, file: "/404.html"))
        #expect(route(PagesRouter(paths: ["/index.html"]), "/nowhere") == RouteResult(status: 404))
    }

    // MARK: No rules

    @Test("_redirects, _headers and netlify.toml do nothing, even when published")
    func noRedirects() {
        let files = ["/.nojekyll", "/index.html", "/new.html", "/_redirects", "/_headers", "/netlify.toml"]
        let router = PagesRouter(paths: files)
        #expect(route(router, "/old") == RouteResult(status: 404))
        #expect(route(router, "/new").headers.isEmpty)
        // With .nojekyll the files themselves are plain files of the site.
        #expect(route(router, "/_redirects") == RouteResult(status: 200, file: "/_redirects"))
        #expect(route(router, "/netlify.toml") == RouteResult(status: 200, file: "/netlify.toml"))
    }

    // MARK: Jekyll

    @Test("without .nojekyll, paths starting with _ are not published")
    func underscoreDropped() throws {
        let router = PagesRouter(paths: ["/index.html", "/_next/app.js", "/docs/_static/site.css", "/_redirects"])
        #expect(router.runsJekyll)
        #expect(route(router, "/_next/app.js").status == 404)
        #expect(route(router, "/docs/_static/site.css").status == 404)
        #expect(route(router, "/_redirects").status == 404)
        let exclusion = try #require(router.unpublished["/docs/_static/site.css"])
        #expect(exclusion == JekyllEntryFilter.Exclusion(root: "/docs/_static", isDirectory: true, reason: .underscore))
        #expect(router.unpublished["/_next/app.js"]?.root == "/_next")
        #expect(router.unpublished["/index.html"] == nil)
    }

    @Test("with .nojekyll at the root, everything is published")
    func nojekyllPublishesAll() {
        let router = PagesRouter(paths: ["/.nojekyll", "/index.html", "/_next/app.js", "/.well-known/security.txt"])
        #expect(!router.runsJekyll)
        #expect(router.unpublished.isEmpty)
        #expect(route(router, "/_next/app.js") == RouteResult(status: 200, file: "/_next/app.js"))
        #expect(route(router, "/.well-known/security.txt").status == 200)
    }

    @Test(".nojekyll in a subfolder does not count")
    func nojekyllOnlyAtRoot() {
        let router = PagesRouter(paths: ["/docs/.nojekyll", "/docs/_static/a.css"])
        #expect(router.runsJekyll)
        #expect(route(router, "/docs/_static/a.css").status == 404)
    }

    @Test("a workflow artifact is published as it is")
    func workflowSkipsJekyll() {
        let router = PagesRouter(paths: ["/index.html", "/_app/a.js"], source: .workflow)
        #expect(!router.runsJekyll)
        #expect(route(router, "/_app/a.js").status == 200)
    }

    @Test("Jekyll also drops dotfiles, # and ~ names, backups and node_modules, but keeps .htaccess")
    func otherJekyllExclusions() {
        let router = PagesRouter(paths: [
            "/.well-known/x", "/#notes.html", "/~tmp.html", "/page.html~", "/node_modules/lib/a.js", "/.htaccess",
            "/vendor/bundle/x.rb", "/vendor/app.js", "/lib/node_modules/b.js",
        ])
        #expect(router.unpublished["/.well-known/x"]?.reason == .dot)
        #expect(router.unpublished["/#notes.html"]?.reason == .hash)
        #expect(router.unpublished["/~tmp.html"]?.reason == .tilde)
        #expect(router.unpublished["/page.html~"]?.reason == .backup)
        #expect(router.unpublished["/node_modules/lib/a.js"]?.reason == .excluded(pattern: "node_modules"))
        #expect(router.unpublished["/vendor/bundle/x.rb"]?.root == "/vendor/bundle")
        #expect(router.files.contains("/.htaccess"))
        #expect(router.files.contains("/vendor/app.js"))
        // `exclude` patterns are anchored at the site root.
        #expect(router.files.contains("/lib/node_modules/b.js"))
    }

    @Test("_config.yml include and exclude change what is published")
    func configIncludeExclude() {
        let config = JekyllConfig(include: ["_static"], exclude: ["drafts/", "*.psd"])
        let router = PagesRouter(paths: ["/docs/_static/a.css", "/drafts/x.html", "/art/cover.psd", "/_other/b.css"], jekyllConfig: config)
        #expect(router.files.contains("/docs/_static/a.css"))
        #expect(router.unpublished["/drafts/x.html"]?.reason == .excluded(pattern: "drafts/"))
        #expect(router.unpublished["/art/cover.psd"]?.reason == .excluded(pattern: "*.psd"))
        #expect(router.unpublished["/_other/b.css"]?.reason == .underscore)
    }

    @Test("Jekyll publishes Markdown pages as HTML, and a README as its folder's index")
    func markdownRendered() {
        let router = PagesRouter(paths: ["/README.md", "/about.md", "/guide/index.md", "/guide/README.md", "/notes.html", "/notes.md"])
        #expect(route(router, "/") == RouteResult(status: 200, file: "/README.md"))
        #expect(route(router, "/about") == RouteResult(status: 200, file: "/about.md"))
        #expect(route(router, "/about.md").status == 404)
        #expect(route(router, "/guide/") == RouteResult(status: 200, file: "/guide/index.md"))
        #expect(route(router, "/guide/README.html") == RouteResult(status: 200, file: "/guide/README.md"))
        // A page written as HTML wins over the Markdown page that would render to the same path.
        #expect(route(router, "/notes") == RouteResult(status: 200, file: "/notes.html"))
        // With .nojekyll nothing is rendered.
        #expect(route(PagesRouter(paths: ["/.nojekyll", "/about.md"]), "/about.md").status == 200)
    }

    // MARK: Base path

    @Test("a project site answers under its base path only")
    func basePath() {
        let router = PagesRouter(paths: ["/index.html", "/about.html", "/docs/index.html", "/404.html"], basePath: "/repo")
        #expect(router.basePath == "/repo")
        #expect(route(router, "/repo/") == RouteResult(status: 200, file: "/index.html"))
        #expect(route(router, "/repo") == RouteResult(status: 301, location: "/repo/"))
        #expect(route(router, "/repo/about") == RouteResult(status: 200, file: "/about.html"))
        #expect(route(router, "/repo/docs") == RouteResult(status: 301, location: "/repo/docs/"))
        #expect(route(router, "/repo/missing") == RouteResult(status: 404, file: "/404.html"))
        // Outside the base path another site of the host answers: nothing from this folder.
        #expect(route(router, "/about") == RouteResult(status: 404))
        #expect(route(router, "/repository/about") == RouteResult(status: 404))
    }

    @Test("base paths are normalized", arguments: [("repo", "/repo"), ("/repo/", "/repo"), ("//a//b/", "/a/b"), ("/", nil), ("", nil)])
    func basePathNormalized(input: String, expected: String?) {
        #expect(PagesRouter.normalizedBasePath(input) == expected)
        #expect(PagesRouter(paths: ["/index.html"], basePath: input).basePath == expected)
    }
}
