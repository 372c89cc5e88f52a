import PlatformModels
import Testing

@Suite("Netlify request routing")
struct NetlifyRouterTests {
    private static let fromFile = "_redirects"
    private static let fromTOML = "netlify.toml"

    private func rule(_ source: String, _ line: Int) -> RouteResult.RuleReference {
        RouteResult.RuleReference(source: source, line: line)
    }

    // MARK: Order

    @Test("the first matching rule wins")
    func firstMatchWins() {
        let router = makeRouter(redirects: "/a /first 302\n/a /second 302\n/* /catch-all 302")
        #expect(router.route("/a") == RouteResult(status: 302, location: "/first", rule: rule(Self.fromFile, 1)))
        #expect(router.route("/b").location == "/catch-all")
    }

    @Test("_redirects rules are tried before netlify.toml rules")
    func redirectsFileFirst() {
        let router = makeRouter(redirects: "/a /from-file 302", toml: "[[redirects]]\nfrom = \"/a\"\nto = \"/from-toml\"\nstatus = 302")
        #expect(router.route("/a") == RouteResult(status: 302, location: "/from-file", rule: rule(Self.fromFile, 1)))
    }

    @Test("`!` never reorders: an earlier unforced rule still wins when no file is there")
    func forceDoesNotReorder() {
        let router = makeRouter(
            redirects: "/a /one 302\n/a /two 302!",
            toml: "[[redirects]]\nfrom = \"/b\"\nto = \"/toml\"\nforce = true\nstatus = 302"
        )
        #expect(router.route("/a").location == "/one")
        // With a file at /a, the unforced rule is shadowed and the forced one answers.
        let shadowed = makeRouter(redirects: "/a /one 302\n/a /two 302!", files: ["/a.html"])
        #expect(shadowed.route("/a").location == "/two")
    }

    @Test("a later rule answers when an earlier rule's conditions do not hold")
    func conditionalFallThrough() {
        let router = makeRouter(redirects: "/ /anz 302 Country=au,nz\n/ /intl 302")
        #expect(router.route(RouteRequest(path: "/", country: "NZ")).location == "/anz")
        #expect(router.route(RouteRequest(path: "/", country: "fr")).location == "/intl")
        #expect(router.route(RouteRequest(path: "/")).location == "/intl")
    }

    // MARK: Matching

    @Test("one trailing slash is ignored", arguments: ["/about", "/about/"])
    func trailingSlash(request: String) {
        let router = makeRouter(redirects: "/about /about-us 301\n/team/ /people 301")
        #expect(router.route(request).location == "/about-us")
        let team = request.hasSuffix("/") ? "/team/" : "/team"
        #expect(router.route(team).location == "/people")
    }

    @Test("a splat matches the bare prefix with an empty splat")
    func splatBarePrefix() {
        let router = makeRouter(redirects: "/news/* /blog/:splat 301")
        #expect(router.route("/news").location == "/blog/")
        #expect(router.route("/news/").location == "/blog/")
        #expect(router.route("/news/2024/hello").location == "/blog/2024/hello")
        #expect(router.route("/newsletter").status == 404)
    }

    @Test(":placeholders match one segment and are substituted into `to`")
    func placeholders() {
        let router = makeRouter(redirects: "/news/:year/:month/:date/:slug /blog/:year/:month/:date/:slug\n/p/:a /q-:a.html 301")
        #expect(router.route("/news/2024/02/14/hi").location == "/blog/2024/02/14/hi")
        #expect(router.route("/news/2024/02/14").status == 404)
        #expect(router.route("/news/2024/02/14/hi/there").status == 404)
        #expect(router.route("/p/x").location == "/q-x.html")
    }

    @Test("paths are case-sensitive")
    func caseSensitive() {
        let router = makeRouter(redirects: "/About /x 301")
        #expect(router.route("/About").location == "/x")
        #expect(router.route("/about").rule == nil)
    }

    @Test("paths are compared percent-decoded")
    func percentDecoded() {
        let router = makeRouter(redirects: "/caf%C3%A9 /coffee 301", files: ["/menü.html"])
        #expect(router.route("/café").location == "/coffee")
        #expect(router.route("/caf%C3%A9").location == "/coffee")
        #expect(router.route("/men%C3%BC") == RouteResult(status: 200, file: "/menü.html"))
    }

    @Test("required query parameters: all must be present; `:name` captures the value")
    func queryParameters() {
        let router = makeRouter(
            redirects: """
                /store id=:id /blog/:id 301
                /articles id=:id tag=:tag /posts/:tag/:id 301
                /search q=swift /swift 302
                /search /search-page 302
                """
        )
        #expect(router.route("/store?id=my-post").location == "/blog/my-post?id=my-post")
        #expect(router.route("/store").status == 404)
        #expect(router.route("/store?other=1").status == 404)
        #expect(router.route("/articles?id=7&tag=news").location == "/posts/news/7?id=7&tag=news")
        #expect(router.route("/articles?id=7").status == 404)
        #expect(router.route("/search?q=swift").location == "/swift?q=swift")
        #expect(router.route("/search?q=rust").location == "/search-page?q=rust")
        #expect(router.route("/search?q=swift").rule?.line == 3)
    }

    @Test("query captures are decoded values")
    func queryCaptureDecoded() {
        let router = makeRouter(redirects: "/go to=:to /out/:to?x=1 302")
        #expect(router.route("/go?to=a%2Db").location == "/out/a-b?x=1")
    }

    @Test("domain-level rules match scheme and host; path requests do not match them")
    func domainLevel() {
        let router = makeRouter(
            redirects: """
                https://old.example.com/* https://www.example.com/:splat 301!
                http://blog.example.com/* https://www.example.com/blog/:splat 301!
                """
        )
        #expect(router.route("https://old.example.com/a/b").location == "https://www.example.com/a/b")
        #expect(router.route("https://OLD.Example.com/a").location == "https://www.example.com/a")
        #expect(router.route("http://old.example.com/a").rule == nil)
        #expect(router.route("https://other.example.com/a").rule == nil)
        #expect(router.route("/a").rule == nil)
        #expect(router.route("http://blog.example.com/post").location == "https://www.example.com/blog/post")
    }

    @Test("path rules apply on any host")
    func pathRulesAnyHost() {
        let router = makeRouter(redirects: "/a /b 302")
        #expect(router.route("https://anything.example/a").location == "/b")
    }

    // MARK: What a matching rule does

    @Test("the default status is 301")
    func defaultStatus() {
        #expect(makeRouter(redirects: "/a /b").route("/a") == RouteResult(status: 301, location: "/b", rule: rule(Self.fromFile, 1)))
    }

    @Test("a 200 rewrite serves the target file with status 200 and no Location")
    func rewrite() {
        let router = makeRouter(redirects: "/* /index.html 200", files: ["/index.html", "/app.js"])
        #expect(router.route("/dashboard/settings") == RouteResult(status: 200, file: "/index.html", rule: rule(Self.fromFile, 1)))
        // A file at the path shadows the unforced rewrite.
        #expect(router.route("/app.js") == RouteResult(status: 200, file: "/app.js"))
    }

    @Test("a rewrite resolves its target like a request: pretty URLs and index files")
    func rewriteTargetLookup() {
        let router = makeRouter(redirects: "/a /docs 200\n/b /guide/ 200\n/c /missing 200", files: ["/docs.html", "/guide/index.html", "/404.html"])
        #expect(router.route("/a").file == "/docs.html")
        #expect(router.route("/b").file == "/guide/index.html")
        #expect(router.route("/c") == RouteResult(status: 404, file: "/404.html", rule: rule(Self.fromFile, 3)))
    }

    @Test("a 200 to an absolute URL is a proxy, with the query passed on and no custom headers")
    func proxy() {
        let router = makeRouter(redirects: "/api/* https://api.example.com/:splat 200", headers: "/*\n  X-Site: 1")
        #expect(
            router.route("/api/v1/users?page=2")
                == RouteResult(status: 200, proxy: "https://api.example.com/v1/users?page=2", rule: rule(Self.fromFile, 1))
        )
    }

    @Test("404 and 410 rules serve `to` with that status", arguments: [404, 410])
    func errorStatusServesTarget(status: Int) {
        let router = makeRouter(redirects: "/en/* /en/404.html \(status)", files: ["/en/404.html"])
        #expect(router.route("/en/missing") == RouteResult(status: status, file: "/en/404.html", rule: rule(Self.fromFile, 1)))
    }

    @Test("a 404 rule whose `to` is missing gives the status with no body file")
    func errorStatusMissingTarget() {
        let router = makeRouter(redirects: "/gone /nothing-here 410")
        #expect(router.route("/gone") == RouteResult(status: 410, rule: rule(Self.fromFile, 1)))
    }

    @Test(
        "the query passes through for 200, 301 and 302 unless `to` has its own",
        arguments: [
            ("/a /b 301", "/b?x=1&y=2"), ("/a /b 302", "/b?x=1&y=2"), ("/a /b?z=3 301", "/b?z=3"), ("/a /b 307", "/b"),
            ("/a /b 303", "/b"),
        ]
    )
    func queryPassthrough(line: String, location: String) {
        #expect(makeRouter(redirects: line).route("/a?x=1&y=2").location == location)
    }

    @Test("no query, nothing appended")
    func noQueryNothingAppended() {
        #expect(makeRouter(redirects: "/a /b 301").route("/a").location == "/b")
        #expect(makeRouter(redirects: "/a /b 301").route("/a?").location == "/b")
    }

    @Test("a forward rule `/admin/* 200!` rewrites to the same path")
    func forwardRule() {
        let router = makeRouter(redirects: "/admin/* 200!", files: ["/admin/index.html", "/admin/users.html"])
        #expect(router.route("/admin/users") == RouteResult(status: 200, file: "/admin/users.html", rule: rule(Self.fromFile, 1)))
        #expect(router.route("/admin") == RouteResult(status: 200, file: "/admin/index.html", rule: rule(Self.fromFile, 1)))
        #expect(router.route("/admin/none") == RouteResult(status: 404, rule: rule(Self.fromFile, 1)))
    }

    @Test("unbound placeholders stay as written in the target")
    func unboundPlaceholder() {
        #expect(makeRouter(redirects: "/a /b/:missing 302").route("/a").location == "/b/:missing")
    }

    // MARK: Shadowing

    @Test(
        "an unforced rule does not apply where a file exists at the path",
        arguments: [("/about", "/about"), ("/about", "/about.html"), ("/about", "/about/index.html"), ("/about/", "/about/index.html")]
    )
    func shadowing(request: String, file: String) {
        let router = makeRouter(redirects: "/about /new-about 301", files: [file])
        #expect(router.route(request) == RouteResult(status: 200, file: file))
        let forced = makeRouter(redirects: "/about /new-about 301!", files: [file])
        #expect(forced.route(request).location == "/new-about")
    }

    @Test("Country, Language and Role rules act as forced", arguments: ["Country=us", "Language=en", "Role=admin"])
    func conditionalRulesActAsForced(condition: String) {
        let router = makeRouter(redirects: "/ /special 302 \(condition)", files: ["/index.html"])
        let request = RouteRequest(path: "/", country: "us", languages: ["en"], roles: ["admin"])
        #expect(router.route(request).location == "/special")
        #expect(router.route(RouteRequest(path: "/")).file == "/index.html")
    }

    @Test("a Cookie rule does not act as forced: a file shadows it")
    func cookieRuleIsShadowed() {
        let rules = "/ /beta 302 Cookie=beta"
        let request = RouteRequest(path: "/", cookies: ["beta": "1"])
        #expect(makeRouter(redirects: rules, files: ["/index.html"]).route(request).file == "/index.html")
        #expect(makeRouter(redirects: rules).route(request).location == "/beta")
    }

    @Test("a Cookie condition tests presence, whatever the value")
    func cookiePresence() {
        let router = makeRouter(redirects: "/* /beta/:splat 302 Cookie=nf_ab")
        #expect(router.route(RouteRequest(path: "/x", cookies: ["nf_ab": ""])).location == "/beta/x")
        #expect(router.route(RouteRequest(path: "/x", cookies: ["nf_ab": "anything"])).location == "/beta/x")
        #expect(router.route(RouteRequest(path: "/x", cookies: ["other": "1"])).rule == nil)
    }

    @Test(
        "Language=zh matches zh-tw, not the reverse",
        arguments: [("zh", ["zh-TW"], true), ("zh", ["zh"], true), ("zh-tw", ["zh"], false), ("zh", ["zhx"], false), ("en", ["fr", "en-GB"], true)]
    )
    func languagePrefix(ruleLanguage: String, requestLanguages: [String], matches: Bool) {
        let router = makeRouter(redirects: "/ /localized 302 Language=\(ruleLanguage)")
        #expect((router.route(RouteRequest(path: "/", languages: requestLanguages)).location == "/localized") == matches)
    }

    @Test("Country matches case-insensitively; a request without a country never matches")
    func countryMatching() {
        let router = makeRouter(redirects: "/ /us 302 Country=US")
        #expect(router.route(RouteRequest(path: "/", country: "us")).location == "/us")
        #expect(router.route(RouteRequest(path: "/")).rule == nil)
    }

    @Test("Role rules need one of the roles")
    func roleMatching() {
        let router = makeRouter(redirects: "/admin/* 200! Role=admin,editor", files: ["/admin/index.html", "/admin/panel.html"])
        #expect(router.route(RouteRequest(path: "/admin/panel", roles: ["editor"])).rule?.line == 1)
        #expect(router.route(RouteRequest(path: "/admin/panel", roles: ["viewer"])) == RouteResult(status: 200, file: "/admin/panel.html"))
    }

    // MARK: No rule

    @Test("no rule and no file: 404 with /404.html as the body when it exists")
    func notFound() {
        #expect(makeRouter(files: ["/404.html"]).route("/nope") == RouteResult(status: 404, file: "/404.html"))
        #expect(makeRouter(files: ["/index.html"]).route("/nope") == RouteResult(status: 404))
    }

    @Test("no rule and a file: the file, found like a CDN finds it")
    func fileServed() {
        let router = makeRouter(files: ["/index.html", "/docs/index.html", "/about.html"])
        #expect(router.route("/").file == "/index.html")
        #expect(router.route("/docs").file == "/docs/index.html")
        #expect(router.route("/docs/").file == "/docs/index.html")
        #expect(router.route("/about").file == "/about.html")
        #expect(router.route("/about/").file == "/about.html")
        #expect(router.route("/about.html").file == "/about.html")
    }

    // MARK: Headers

    @Test("every matching header rule applies in order, _headers first; a later one overrides per name")
    func headersMerge() {
        let router = makeRouter(
            toml: """
                [[headers]]
                  for = "/*"
                  [headers.values]
                    X-Frame-Options = "SAMEORIGIN"
                    X-Toml = "yes"
                """,
            headers: """
                /*
                  X-Frame-Options: DENY
                  X-All: 1
                /docs/*
                  X-All: 2
                  Cache-Control: max-age=0
                  Cache-Control: no-cache
                """,
            files: ["/docs/a.html", "/index.html"]
        )
        #expect(
            router.route("/docs/a").headers
                == ["X-Frame-Options": "SAMEORIGIN", "X-All": "2", "X-Toml": "yes", "Cache-Control": "max-age=0, no-cache"]
        )
        #expect(router.route("/").headers == ["X-Frame-Options": "SAMEORIGIN", "X-All": "1", "X-Toml": "yes"])
    }

    @Test("header `for` patterns match case-insensitively, with :name for one segment")
    func headerPatterns() {
        let router = makeRouter(headers: "/Blog/:slug\n  X-Post: 1", files: ["/blog/a.html", "/blog/a/b.html"])
        #expect(router.route("/blog/a").headers == ["X-Post": "1"])
        #expect(router.route("/blog/a/b").headers == [:])
    }

    @Test("overriding is case-insensitive on the header name")
    func headerOverrideIgnoresCase() {
        let router = makeRouter(headers: "/*\n  x-a: 1\n/*\n  X-A: 2", files: ["/index.html"])
        #expect(router.route("/").headers == ["X-A": "2"])
    }

    @Test("restricted headers are not applied", arguments: ["Content-Length", "set-cookie", "Server", "Date", "Transfer-Encoding"])
    func restrictedHeaders(name: String) {
        let router = makeRouter(headers: "/*\n  \(name): x\n  X-Ok: 1", files: ["/index.html"])
        #expect(router.route("/").headers == ["X-Ok": "1"])
    }

    @Test("custom headers also go on redirects, rewrites and 404 pages")
    func headersOnEveryLocalAnswer() {
        let router = makeRouter(redirects: "/old /new 301\n/spa/* /index.html 200", headers: "/*\n  X-H: 1", files: ["/index.html", "/404.html"])
        #expect(router.route("/old").headers == ["X-H": "1"])
        #expect(router.route("/spa/x").headers == ["X-H": "1"])
        #expect(router.route("/missing").headers == ["X-H": "1"])
    }

    // MARK: Requests

    @Test("RouteRequest reads paths, queries, fragments and absolute URLs")
    func requests() throws {
        let path = try #require(RouteRequest("/a/b?x=1&y=two+words#frag"))
        #expect(path.path == "/a/b")
        #expect(path.query == "x=1&y=two+words")
        #expect(path.queryItems.map { "\($0.name)=\($0.value)" } == ["x=1", "y=two words"])
        #expect(path.host == nil)
        let url = try #require(RouteRequest("https://User@Example.COM:8443/p?q"))
        #expect(url.scheme == "https")
        #expect(url.host == "example.com")
        #expect(url.path == "/p")
        #expect(url.query == "q")
        #expect(RouteRequest("https://example.com")?.path == "/")
        #expect(RouteRequest("relative") == nil)
        #expect(RouteRequest("ftp://example.com/") == nil)
        #expect(RouteRequest("https://:80/x") == nil)
    }

    @Test("the router answers many rules and one request quickly (rules are indexed)")
    func manyRules() {
        let lines = (0..<20_000).map { "/page-\($0) /new-\($0) 301" }.joined(separator: "\n")
        let router = makeRouter(redirects: lines + "\n/* /fallback 302")
        #expect(router.route("/page-19999").location == "/new-19999")
        #expect(router.route("/zzz").location == "/fallback")
        #expect(router.route("/page-5").rule?.line == 6)
    }
}
