import PlatformModels
import Testing

@Suite("Render router")
struct RenderRouterTests {
    static let spaRoutes = """
              - type: redirect
                source: /old/*
                destination: /new/*
              - type: rewrite
                source: /api/*
                destination: https://api.example.com/*
              - type: redirect
                source: /posts/:id
                destination: /blog/:id
              - type: rewrite
                source: /*
                destination: /index.html

        """

    @Test("files win over every rule")
    func filesFirst() {
        let router = renderRouter(routes: Self.spaRoutes, files: ["/index.html", "/old/page.html", "/docs/index.html"])
        #expect(router.route(RouteRequest("/old/page.html")!) == RouteResult(status: 200, file: "/old/page.html"))
        #expect(router.route(RouteRequest("/old/page")!) == RouteResult(status: 200, file: "/old/page.html"))
        #expect(router.route(RouteRequest("/docs/")!) == RouteResult(status: 200, file: "/docs/index.html"))
        #expect(router.route(RouteRequest("/docs")!) == RouteResult(status: 200, file: "/docs/index.html"))
        #expect(router.route(RouteRequest("/")!) == RouteResult(status: 200, file: "/index.html"))
    }

    @Test("redirects answer 301 with the captures substituted, and keep the query")
    func redirects() {
        let router = renderRouter(routes: Self.spaRoutes, files: ["/index.html"])
        let reference = RouteResult.RuleReference(source: "render.yaml", line: 8)
        #expect(router.route(RouteRequest("/old/a/b?x=1")!) == RouteResult(status: 301, location: "/new/a/b?x=1", rule: reference))
        #expect(
            router.route(RouteRequest("/posts/42")!)
                == RouteResult(status: 301, location: "/blog/42", rule: RouteResult.RuleReference(source: "render.yaml", line: 14))
        )
    }

    @Test("a rewrite to a URL is a proxy; to a path, it serves that file")
    func rewrites() {
        let router = renderRouter(routes: Self.spaRoutes, files: ["/index.html"])
        #expect(
            router.route(RouteRequest("/api/users?page=2")!)
                == RouteResult(
                    status: 200,
                    proxy: "https://api.example.com/users?page=2",
                    rule: RouteResult.RuleReference(source: "render.yaml", line: 11)
                )
        )
        #expect(
            router.route(RouteRequest("/app/settings")!)
                == RouteResult(status: 200, file: "/index.html", rule: RouteResult.RuleReference(source: "render.yaml", line: 17))
        )
    }

    @Test("the first matching rule wins")
    func firstMatchWins() {
        let routes = """
                  - type: rewrite
                    source: /*
                    destination: /index.html
                  - type: redirect
                    source: /old
                    destination: /new

            """
        let router = renderRouter(routes: routes, files: ["/index.html"])
        #expect(router.route(RouteRequest("/old")!).file == "/index.html")
    }

    @Test("no file and no rule: 404 with no body file; a rewrite to nothing: 404 with the rule")
    func notFound() {
        #expect(renderRouter(files: ["/index.html", "/404.html"]).route(RouteRequest("/missing")!) == RouteResult(status: 404))
        let routes = "      - type: rewrite\n        source: /app/*\n        destination: /app.html\n"
        let answer = renderRouter(routes: routes, files: ["/index.html"]).route(RouteRequest("/app/x")!)
        #expect(answer == RouteResult(status: 404, rule: RouteResult.RuleReference(source: "render.yaml", line: 8)))
    }

    @Test("paths are matched percent-decoded")
    func decoded() {
        let routes = "      - type: redirect\n        source: /caf\u{e9}\n        destination: /cafe\n"
        let router = renderRouter(routes: routes)
        #expect(router.route(RouteRequest("/caf%C3%A9")!).location == "/cafe")
    }

    @Test("every matching header rule applies, later ones winning, names in lower case; proxies get none")
    func headers() {
        let headers = """
                  - path: /*
                    name: X-Frame-Options
                    value: DENY
                  - path: /assets/*
                    name: Cache-Control
                    value: public, max-age=31536000
                  - path: /assets/*.css
                    name: x-frame-options
                    value: SAMEORIGIN

            """
        let routes = "      - type: rewrite\n        source: /api/*\n        destination: https://api.example.com/*\n"
        let router = renderRouter(routes: routes, headers: headers, files: ["/index.html", "/assets/site.css", "/assets/app.js"])
        #expect(router.route(RouteRequest("/")!).headers == ["x-frame-options": "DENY"])
        #expect(router.route(RouteRequest("/assets/app.js")!).headers == ["x-frame-options": "DENY", "cache-control": "public, max-age=31536000"])
        #expect(
            router.route(RouteRequest("/assets/site.css")!).headers == ["x-frame-options": "SAMEORIGIN", "cache-control": "public, max-age=31536000"]
        )
        #expect(router.route(RouteRequest("/missing")!).headers == ["x-frame-options": "DENY"])
        #expect(router.route(RouteRequest("/api/x")!).headers == [:])
        #expect(router.route(RouteRequest("/assets/app.js")!, includeHeaders: false).headers == [:])
    }

    @Test("the router serves as a SiteRouter, like Netlify's")
    func siteRouter() {
        func answer(_ router: some SiteRouter, _ path: String) -> Int { router.route(RouteRequest(path)!, includeHeaders: false).status }
        #expect(answer(renderRouter(files: ["/index.html"]), "/") == 200)
        #expect(answer(NetlifyRouter(redirects: [], headers: [], files: SiteFileIndex(paths: ["/index.html"])), "/") == 200)
    }
}
