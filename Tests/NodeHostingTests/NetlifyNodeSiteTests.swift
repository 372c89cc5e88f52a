import Foundation
import NodeHosting
import PlatformModels
import Testing

/// A Netlify release answering requests: files, ETags, redirects, rewrites, shadowing, headers, proxies.
@Suite struct NetlifyNodeSiteTests {
    private let folder: TestFolder
    private let site: NodeSite

    init() throws {
        folder = try TestFolder()
        try folder.write("repo/public/index.html", "<h1>home</h1>")
        try folder.write("repo/public/about.html", "<h1>about</h1>")
        try folder.write("repo/public/posts/hello.html", "<h1>hello</h1>")
        try folder.write("repo/public/style.css", "body{margin:0}")
        try folder.write("repo/public/app.js", "console.log(1)")
        try folder.write("repo/public/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3])
        try folder.write("repo/public/notes.unknownext", "x")
        try folder.write("repo/public/404.html", "<h1>not here</h1>")
        try folder.write(
            "repo/public/_redirects",
            """
            /old            /about                          301
            /blog/*         /posts/:splat                   200
            /about.html     /index.html                     200!
            /style.css      /index.html                     200
            /api/*          https://api.example.com/:splat  200
            /               /fr/                            302  Language=fr
            /fr/*           /index.html                     200

            """
        )
        try folder.write(
            "repo/public/_headers",
            """
            /*
              X-Frame-Options: DENY
            /style.css
              Cache-Control: public, max-age=31536000

            """
        )
        try folder.write("repo/netlify.toml", "[[redirects]]\nfrom = \"/toml-old\"\nto = \"/\"\nstatus = 302\n")
        let store = ReleaseStore(siteFolder: folder.path("state/sites/blog"))
        let release = try installRelease(store, source: folder.path("repo/public"), configFiles: ["netlify.toml": folder.path("repo/netlify.toml")])
        site = try NodeSite.load(release: release)
    }

    private func get(_ target: String, _ headers: [(name: String, value: String)] = []) -> NodeResponse {
        site.respond(method: "GET", target: target, headers: headers)
    }

    @Test func aFileIsServedWithItsTypeLengthETagAndCustomHeaders() throws {
        let response = get("/style.css")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/css; charset=utf-8")
        #expect(response.header("content-length") == "14")
        let sha = try #require(site.fileEntry("/style.css")?.sha256)
        #expect(response.header("ETag") == "\"" + sha.prefix(32) + "\"")
        #expect(response.header("Cache-Control") == "public, max-age=31536000")
        #expect(response.header("X-Frame-Options") == "DENY")
        #expect(bodyText(response) == "body{margin:0}")
        guard case .file(let path, let size) = response.body else {
            Issue.record("expected a file body")
            return
        }
        #expect(path.hasPrefix(site.release.filesPath + "/") && size == 14)

        #expect(get("/app.js").header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(get("/logo.png").header("Content-Type") == "image/png")
        #expect(get("/notes.unknownext").header("Content-Type") == "application/octet-stream")
        #expect(get("/").header("Content-Type") == "text/html; charset=utf-8")
        #expect(bodyText(get("/")) == "<h1>home</h1>")
    }

    @Test func ifNoneMatchAnswers304() throws {
        let tag = try #require(get("/style.css").header("ETag"))
        for condition in [tag, "\"other\", W/\(tag)", "*", "\"other\",\(tag)"] {
            let response = get("/style.css", [("If-None-Match", condition)])
            #expect(response.status == 304, "\(condition)")
            #expect(response.body == .empty)
            #expect(response.header("ETag") == tag)
            #expect(response.header("Content-Length") == nil)
        }
        #expect(get("/style.css", [("If-None-Match", "\"0123\"")]).status == 200)
        // A 404 page is never turned into a 304.
        let missing = get("/nothing")
        #expect(get("/nothing", [("If-None-Match", missing.header("ETag") ?? "*")]).status == 404)
    }

    @Test func headHasTheHeadersAndNoBody() {
        let head = site.respond(method: "HEAD", target: "/style.css", headers: [])
        let full = get("/style.css")
        #expect(head.status == 200)
        #expect(head.headers == full.headers)
        #expect(head.body == .empty)
    }

    @Test func aMissingPageGetsThe404Page() {
        let response = get("/no/such/page")
        #expect(response.status == 404)
        #expect(bodyText(response) == "<h1>not here</h1>")
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("X-Frame-Options") == "DENY")
    }

    @Test func redirectsCarryTheirLocationAndTheQuery() {
        let response = get("/old")
        #expect(response.status == 301)
        #expect(response.header("Location") == "/about")
        #expect(response.body == .empty)
        #expect(get("/old?ref=mail").header("Location") == "/about?ref=mail")
        // A rule from the netlify.toml copied into the release's config folder.
        let toml = get("/toml-old")
        #expect(toml.status == 302 && toml.header("Location") == "/")
    }

    @Test func rewritesServeTheTargetFile() {
        let response = get("/blog/hello")
        #expect(response.status == 200)
        #expect(bodyText(response) == "<h1>hello</h1>")
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        // The splat captured nothing that exists: the rewrite finds no file and answers 404.
        #expect(get("/blog/missing").status == 404)
    }

    @Test func forcedRulesShadowFilesAndOthersDoNot() {
        #expect(bodyText(get("/about.html")) == "<h1>home</h1>")
        #expect(bodyText(get("/style.css")) == "body{margin:0}")
        // The forced rule names /about.html only: /about is answered by the file about.html.
        #expect(bodyText(get("/about")) == "<h1>about</h1>")
    }

    @Test func languageConditionsReadAcceptLanguage() {
        let french = get("/", [("Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8")])
        #expect(french.status == 302 && french.header("Location") == "/fr/")
        #expect(get("/", [("Accept-Language", "en-GB, fr;q=0")]).status == 200)
        #expect(get("/").status == 200)
    }

    @Test func proxyRulesAnswer502UnlessEnabled() {
        let refused = get("/api/users?id=3")
        #expect(refused.status == 502)
        let text = bodyText(refused)
        #expect(text.contains("https://api.example.com/users?id=3"))
        #expect(text.contains("proxying is disabled on the node target"))
        #expect(text.contains("_redirects line 5"))
        #expect(refused.header("Content-Type") == "text/plain; charset=utf-8")

        let enabled = site.respond(method: "GET", target: "/api/users", headers: [], proxyEnabled: true)
        #expect(enabled.status == 0)
        #expect(enabled.proxy == "https://api.example.com/users")
    }

    @Test func otherMethodsAre405() {
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let response = site.respond(method: method, target: "/", headers: [])
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
        }
    }

    @Test func nothingOutsideTheFilesFolderIsServed() {
        for target in ["/../release.json", "/%2e%2e/release.json", "/..%2fmanifest.json", "/_redirects", "/_headers"] {
            let response = get(target)
            #expect(response.status == 404, "\(target)")
            #expect(bodyText(response) == "<h1>not here</h1>", "\(target)")
        }
        #expect(get("no-slash").status == 400)
    }

    @Test func routeIsThePrediction() {
        let predicted = site.route("/old?x=1")
        #expect(predicted.status == 301 && predicted.location == "/about?x=1")
        #expect(site.route("/blog/hello").file == "/posts/hello.html")
    }
}
