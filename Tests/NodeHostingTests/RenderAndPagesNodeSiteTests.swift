import Foundation
import NodeHosting
import Testing

/// Render and GitHub Pages releases answer with their own platform's rules.
@Suite struct RenderAndPagesNodeSiteTests {
    @Test func aRenderReleaseFollowsRoutesAndHeaders() throws {
        let folder = try TestFolder()
        try folder.write("repo/public/index.html", "<h1>spa</h1>")
        try folder.write("repo/public/new.html", "<h1>new</h1>")
        try folder.write("repo/public/_redirects", "/x /y 301\n")
        try folder.write(
            "repo/render.yaml",
            """
            services:
              - type: web
                name: site
                runtime: static
                staticPublishPath: public
                routes:
                  - type: redirect
                    source: /old
                    destination: /new
                  - type: rewrite
                    source: /app/*
                    destination: /index.html
                  - type: rewrite
                    source: /api/*
                    destination: https://api.example.com/*
                headers:
                  - path: /*
                    name: X-Frame-Options
                    value: SAMEORIGIN

            """
        )
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let release = try installRelease(
            store,
            source: folder.path("repo/public"),
            platform: .render,
            options: .init(renderServiceName: "site"),
            configFiles: ["render.yaml": folder.path("repo/render.yaml")]
        )
        let site = try NodeSite.load(release: release)

        let redirect = site.respond(method: "GET", target: "/old?a=1", headers: [])
        #expect(redirect.status == 301 && redirect.header("Location") == "/new?a=1")
        #expect(redirect.header("x-frame-options") == "SAMEORIGIN")

        let rewrite = site.respond(method: "GET", target: "/app/settings/profile", headers: [])
        #expect(rewrite.status == 200 && bodyText(rewrite) == "<h1>spa</h1>")
        #expect(rewrite.header("x-frame-options") == "SAMEORIGIN")

        // Render has no 404 page: a plain-text 404.
        let missing = site.respond(method: "GET", target: "/nothing", headers: [])
        #expect(missing.status == 404 && missing.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(bodyText(missing).hasPrefix("404 Not Found"))

        // Render serves _redirects as a plain file and applies none of its rules.
        #expect(bodyText(site.respond(method: "GET", target: "/_redirects", headers: [])) == "/x /y 301\n")
        #expect(site.respond(method: "GET", target: "/x", headers: []).status == 404)

        #expect(site.respond(method: "GET", target: "/api/v1", headers: []).status == 502)
    }

    @Test func aRenderReleaseWithoutBlueprintServesFiles() throws {
        let folder = try TestFolder()
        try folder.write("public/index.html", "<h1>plain</h1>")
        // A render.yaml above the release must not be picked up.
        try folder.write(
            "render.yaml",
            "services:\n  - type: web\n    name: s\n    runtime: static\n    routes:\n      - type: redirect\n        source: /\n        destination: /elsewhere\n"
        )
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let site = try NodeSite.load(release: try installRelease(store, source: folder.path("public"), platform: .render))
        let response = site.respond(method: "GET", target: "/", headers: [])
        #expect(response.status == 200 && bodyText(response) == "<h1>plain</h1>")
    }

    @Test func aPagesProjectSiteIsServedUnderItsBasePath() throws {
        let folder = try TestFolder()
        try folder.write("public/index.html", "<h1>pages</h1>")
        try folder.write("public/docs/index.html", "<h1>docs</h1>")
        try folder.write("public/guide.html", "<h1>guide</h1>")
        try folder.write("public/404.html", "<h1>lost</h1>")
        try folder.write("public/.nojekyll", "")
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let release = try installRelease(store, source: folder.path("public"), platform: .pages, options: .init(pagesRepository: "octo/repo"))
        let site = try NodeSite.load(release: release)
        func get(_ target: String) -> NodeResponse { site.respond(method: "GET", target: target, headers: []) }

        #expect(get("/repo").status == 301 && get("/repo").header("Location") == "/repo/")
        #expect(bodyText(get("/repo/")) == "<h1>pages</h1>")
        #expect(get("/repo/docs").header("Location") == "/repo/docs/")
        #expect(bodyText(get("/repo/docs/")) == "<h1>docs</h1>")
        #expect(bodyText(get("/repo/guide")) == "<h1>guide</h1>")
        let missing = get("/repo/nothing")
        #expect(missing.status == 404 && bodyText(missing) == "<h1>lost</h1>")
        #expect(get("/other/").status == 404)
    }
}
