import Foundation
import PlatformModels
import SiteSimulation
import Testing

@Suite("Render simulation")
struct RenderSimulationTests {
    static let blueprint = """
        services:
          - type: web
            name: site
            runtime: static
            rootDir: web
            buildCommand: npm run build
            staticPublishPath: dist
            envVars:
              - fromGroup: shared
              - key: NODE_VERSION
                value: "20"
            routes:
              - type: redirect
                source: /old/*
                destination: /docs/*
              - type: rewrite
                source: /app/*
                destination: /index.html
            headers:
              - path: /*
                name: X-Frame-Options
                value: DENY
          - type: web
            name: api
            runtime: node
            buildCommand: npm ci
            startCommand: npm start
        envVarGroups:
          - name: shared
            envVars:
              - key: API_URL
                value: https://api.example.com
        """

    /// A repository with `render.yaml` at its root and a built static site under `web/dist`.
    private func makeRepository(blueprint: String = blueprint, pages: [String: String] = [:]) throws -> TemporarySite {
        let site = try TemporarySite()
        try site.makeDirectory(".git")
        try site.write("render.yaml", blueprint)
        let defaults = [
            "index.html": TemporarySite.page(["/docs/", "/app/settings", "/old/guide.html"]), "docs/index.html": TemporarySite.page(),
            "docs/guide.html": TemporarySite.page(),
        ]
        for (path, text) in defaults.merging(pages, uniquingKeysWith: { $1 }) { try site.write("web/dist/" + path, text) }
        return site
    }

    private func codes(_ report: SimulationReport) -> [String] {
        report.findings.map { "\($0.code.rawValue)@\($0.line.map(String.init) ?? "-")" }
    }

    @Test("a repository's static site is found through rootDir and staticPublishPath, and passes")
    func repositoryPasses() throws {
        let site = try makeRepository()
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(report.platform == "render")
        #expect(report.findings.isEmpty, "\(codes(report))")
        #expect(report.verdict == .pass)
        #expect(report.stats.files == 3)
        #expect(report.stats.rules == 3)
        #expect(report.stats.references == 3)
        #expect(report.configuration.first?.contains("static site `site`") == true)
    }

    @Test("what a build needs is exposed: commands, folders, literal environment")
    func buildInputs() throws {
        let site = try makeRepository()
        let loaded = try RenderSimulation(repositoryDirectory: site.path()).loadSite()
        let service = try #require(loaded.service)
        #expect(service.name == "site")
        #expect(service.buildCommand == "npm run build")
        #expect(loaded.buildDirectory == site.path("web"))
        #expect(loaded.publishDirectory == site.path("web/dist"))
        #expect(loaded.environment == ["API_URL": "https://api.example.com", "NODE_VERSION": "20"])
        #expect(loaded.blueprint.service(named: "api")?.startCommand == "npm start")
        #expect(loaded.router.route(RouteRequest("/old/guide.html")!).location == "/docs/guide.html")
    }

    @Test("from a publish folder, render.yaml is looked for up to the repository root")
    func publishFolder() throws {
        let site = try makeRepository()
        let report = try RenderSimulation(publishDirectory: site.path("web/dist"), workers: 1).run()
        #expect(report.findings.isEmpty, "\(codes(report))")
        let outside = try TemporarySite()
        try outside.makeDirectory("repo/.git")
        try outside.write("render.yaml", Self.blueprint)
        try outside.write("repo/public/index.html", TemporarySite.page())
        let stopped = try RenderSimulation(publishDirectory: outside.path("repo/public"), workers: 1).run()
        #expect(codes(stopped) == ["RENDER_BLUEPRINT_MISSING@-"])
        #expect(stopped.verdict == .pass)
    }

    @Test("an explicit blueprint path and service name are honoured")
    func explicitBlueprint() throws {
        let site = try makeRepository()
        let text = Self.blueprint.replacingOccurrences(of: "name: site", with: "name: other")
        try site.write("deploy/render.yaml", text)
        let loaded = try RenderSite.load(repositoryDirectory: site.path(), blueprintPath: site.path("deploy/render.yaml"), serviceName: "other")
        #expect(loaded.service?.name == "other")
        #expect(throws: SiteLoadError.self) { try RenderSite.load(repositoryDirectory: site.path(), blueprintPath: site.path("nope.yaml")) }
        #expect(throws: SiteLoadError.self) { try RenderSite.load(repositoryDirectory: site.path("render.yaml")) }
    }

    @Test("RENDER_SERVICE_NOT_FOUND: an unknown name, a web service, or no static site at all")
    func serviceNotFound() throws {
        let site = try makeRepository()
        let unknown = try RenderSimulation(repositoryDirectory: site.path(), serviceName: "nope", workers: 1).run()
        #expect(codes(unknown) == ["RENDER_SERVICE_NOT_FOUND@-"])
        #expect(unknown.verdict == .fail)
        let web = try RenderSimulation(repositoryDirectory: site.path(), serviceName: "api", workers: 1).run()
        #expect(codes(web) == ["RENDER_SERVICE_NOT_FOUND@23"])
        let noStatic = try makeRepository(blueprint: "services:\n  - type: worker\n    name: w\n    runtime: node\n    startCommand: node w.js\n")
        #expect(codes(try RenderSimulation(repositoryDirectory: noStatic.path(), workers: 1).run()) == ["RENDER_SERVICE_NOT_FOUND@-"])
        // A blueprint that cannot be read reports that, not a missing service.
        let broken = try makeRepository(blueprint: "services: [\n")
        #expect(codes(try RenderSimulation(repositoryDirectory: broken.path(), workers: 1).run()).map { $0.prefix(18) } == ["RENDER_YAML_SYNTAX"])
    }

    @Test("RENDER_PUBLISH_DIR_MISSING: the folder staticPublishPath names does not exist")
    func publishDirMissing() throws {
        let site = try makeRepository()
        try site.write("render.yaml", Self.blueprint.replacingOccurrences(of: "staticPublishPath: dist", with: "staticPublishPath: build"))
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_PUBLISH_DIR_MISSING@7"])
        #expect(report.findings[0].file?.hasSuffix("render.yaml") == true)
        // From --dir, the folder given is analyzed, and the configured one is still checked.
        let fromDir = try RenderSimulation(publishDirectory: site.path("web/dist"), workers: 1).run()
        #expect(codes(fromDir) == ["RENDER_PUBLISH_DIR_MISSING@7"])
        let missingDir = try RenderSimulation(publishDirectory: site.path("web/nothing"), workers: 1).run()
        #expect(codes(missingDir).contains("RENDER_PUBLISH_DIR_MISSING@-"))
    }

    @Test("RENDER_VALUE_INVALID: a publish path that leaves the repository is not read")
    func publishOutside() throws {
        let site = try makeRepository()
        try site.write("render.yaml", Self.blueprint.replacingOccurrences(of: "staticPublishPath: dist", with: "staticPublishPath: ../../etc"))
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_VALUE_INVALID@7"])
        #expect(report.stats.files == 0)
    }

    @Test("RENDER_SIDE_FILE_IGNORED: _redirects and _headers are served as files, their rules ignored")
    func sideFiles() throws {
        let site = try makeRepository(pages: ["_redirects": "/a /b 301\n", "_headers": "/*\n  X-A: b\n"])
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_SIDE_FILE_IGNORED@-", "RENDER_SIDE_FILE_IGNORED@-"])
        #expect(report.verdict == .pass)
        let loaded = try RenderSite.load(repositoryDirectory: site.path())
        #expect(loaded.router.route(RouteRequest("/_redirects")!).file == "/_redirects")
    }

    @Test("route findings: shadowed, unreachable, missing target, loop — and their clean counterparts")
    func routeFindings() throws {
        let routes = """
                  - type: redirect
                    source: /docs/guide.html
                    destination: /guide
                  - type: redirect
                    source: /blog/*
                    destination: /news/*
                  - type: redirect
                    source: /blog/2024/*
                    destination: /archive/*
                  - type: rewrite
                    source: /app
                    destination: /app.html
                  - type: redirect
                    source: /a
                    destination: /b
                  - type: redirect
                    source: /b
                    destination: /a
                  - type: rewrite
                    source: /spa/*
                    destination: /index.html

            """
        let text = "services:\n  - type: web\n    name: site\n    runtime: static\n    staticPublishPath: public\n    routes:\n" + routes
        let site = try TemporarySite()
        try site.write("render.yaml", text)
        try site.write("public/index.html", TemporarySite.page())
        try site.write("public/docs/guide.html", TemporarySite.page())
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(
            codes(report) == [
                "RENDER_ROUTE_SHADOWED@7", "RENDER_ROUTE_UNREACHABLE@13", "RENDER_ROUTE_TARGET_MISSING@16", "RENDER_ROUTE_LOOP@19",
                "RENDER_ROUTE_LOOP@22",
            ]
        )
        #expect(report.findings.first { $0.code == .renderRouteLoop }?.message.contains("/a → /b → /a") == true)
        let severities = Dictionary(report.findings.map { ($0.code, $0.severity) }, uniquingKeysWith: { first, _ in first })
        #expect(severities[.renderRouteShadowed] == .warning)
        #expect(severities[.renderRouteTargetMissing] == .error)

        // The same rules with the problems fixed: no findings.
        let fixed = routes.replacingOccurrences(of: "source: /docs/guide.html", with: "source: /guide-old")
            .replacingOccurrences(of: "destination: /guide\n", with: "destination: /docs/guide.html\n")
            .replacingOccurrences(of: "source: /blog/2024/*", with: "source: /archive-2024/*")
            .replacingOccurrences(of: "destination: /app.html", with: "destination: /index.html")
            .replacingOccurrences(of: "destination: /a\n", with: "destination: /\n")
        try site.write(
            "render.yaml",
            "services:\n  - type: web\n    name: site\n    runtime: static\n    staticPublishPath: public\n    routes:\n" + fixed
        )
        let clean = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(clean) == [], "\(clean.findings.map(\.message))")
    }

    @Test("a catch-all redirect to a missing page loops")
    func catchAllLoop() throws {
        let site = try TemporarySite()
        try site.write("render.yaml", staticBlueprint(routes: "      - type: redirect\n        source: /*\n        destination: /index.html\n"))
        try site.write("public/about.html", TemporarySite.page())
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_ROUTE_LOOP@7"])
    }

    @Test("RENDER_HEADERS_CONFLICT: two rules give one header two values for one path")
    func headersConflict() throws {
        let headers = """
                  - path: /*
                    name: Cache-Control
                    value: no-cache
                  - path: /assets/*
                    name: cache-control
                    value: max-age=31536000
                  - path: /assets/*
                    name: X-Extra
                    value: "1"

            """
        let site = try TemporarySite()
        try site.write("render.yaml", staticBlueprint(headers: headers))
        try site.write("public/index.html", TemporarySite.page())
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_HEADERS_CONFLICT@10"])
        #expect(report.verdict == .pass)
        try site.write("render.yaml", staticBlueprint(headers: headers.replacingOccurrences(of: "value: max-age=31536000", with: "value: no-cache")))
        #expect(codes(try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()) == [])
    }

    @Test("ASSET_MISSING follows Render's rules: a reference a rewrite serves is not missing")
    func assetsThroughRules() throws {
        let site = try TemporarySite()
        try site.write("render.yaml", staticBlueprint(routes: "      - type: rewrite\n        source: /app/*\n        destination: /index.html\n"))
        try site.write("public/index.html", TemporarySite.page(["/app/settings", "/missing.png", "https://example.com/x"]))
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["ASSET_MISSING@3"])
        #expect(report.findings[0].file?.hasSuffix("public/index.html") == true)
    }

    @Test("blueprint findings flow into the report with their lines")
    func blueprintFindings() throws {
        let site = try makeRepository(blueprint: Self.blueprint.replacingOccurrences(of: "runtime: static", with: "env: static"))
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(codes(report) == ["RENDER_KEY_DEPRECATED@4"])
        #expect(report.verdict == .pass)
    }

    @Test("a garbage render.yaml gives findings, not a crash or a thrown error")
    func garbage() throws {
        let site = try makeRepository()
        try site.write("render.yaml", bytes: (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        let report = try RenderSimulation(repositoryDirectory: site.path(), workers: 1).run()
        #expect(report.verdict == .fail)
        #expect(report.findings.allSatisfy { $0.code.rawValue.hasPrefix("RENDER_") })
    }

    private func staticBlueprint(routes: String = "", headers: String = "") -> String {
        var text = "services:\n  - type: web\n    name: site\n    runtime: static\n    staticPublishPath: public\n"
        if !routes.isEmpty { text += "    routes:\n" + routes }
        if !headers.isEmpty { text += "    headers:\n" + headers }
        return text
    }
}
