import Foundation
import Testing

@Suite struct ChimeractlTests {
    private func site() throws -> Folder {
        let folder = try Folder()
        try folder.write("public/index.html", "<a href=\"/blog/\">blog</a>")
        try folder.write("public/blog/index.html", "<a href=\"../index.html\">home</a>")
        try folder.write("public/404.html", "not found")
        try folder.write(
            "public/_redirects",
            """
            # moved pages
            /old      /blog/     301
            /api/*    https://api.example.com/:splat  200
            /fr/*     /blog/     302  Language=fr
            """
        )
        try folder.write("public/_headers", "/*\n  X-Frame-Options: DENY\n")
        try folder.write("netlify.toml", "[[redirects]]\nfrom = \"/toml\"\nto = \"/blog/\"\nstatus = 302\n")
        return folder
    }

    @Test func routePrintsOneJSONObjectPerRequestWithExactlyTheDocumentedKeys() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(
            [
                "route", "--platform", "netlify", "--dir", folder.path("public"), "--config", folder.path("netlify.toml"), "--format",
                "json", "/old?x=1", "/api/users?id=7", "/toml", "/", "/missing", "/fr/page",
            ])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for object in objects {
            #expect(Set(object.keys) == ["request", "status", "location", "file", "proxy", "rule", "headers"])
        }
        #expect(objects.map { $0["request"] as? String } == ["/old?x=1", "/api/users?id=7", "/toml", "/", "/missing", "/fr/page"])
        #expect(objects[0]["status"] as? Int == 301)
        #expect(objects[0]["location"] as? String == "/blog/?x=1")
        #expect((objects[0]["rule"] as? [String: Any])?["line"] as? Int == 2)
        #expect((objects[0]["rule"] as? [String: Any])?["source"] as? String == "_redirects")
        #expect(objects[1]["proxy"] as? String == "https://api.example.com/users?id=7")
        #expect((objects[2]["rule"] as? [String: Any])?["source"] as? String == "netlify.toml")
        #expect(objects[3]["file"] as? String == "/index.html")
        #expect(objects[3]["rule"] is NSNull)
        #expect((objects[3]["headers"] as? [String: String]) == ["X-Frame-Options": "DENY"])
        #expect(objects[4]["status"] as? Int == 404)
        #expect(objects[4]["file"] as? String == "/404.html")
        #expect(objects[5]["status"] as? Int == 404)
    }

    @Test func routeHonoursVisitorConditions() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(
            ["route", "--platform", "netlify", "--dir", folder.path("public"), "--language", "fr-CA", "--format", "json", "/fr/page"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains(#""status":302"#))
    }

    @Test func simulatePrintsOneJSONDocumentAndExitsOneOnErrors() throws {
        let folder = try site()
        try folder.write("public/broken.html", "<img src=\"/nope.png\">")
        let outcome = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", folder.path("public"), "--format", "json"])
        #expect(outcome.status == 1)
        let document = try #require(JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["platform", "verdict", "findings", "stats"])
        #expect(document["platform"] as? String == "netlify")
        #expect(document["verdict"] as? String == "fail")
        let stats = try #require(document["stats"] as? [String: Any])
        #expect(Set(stats.keys) == ["files", "bytes", "html_files", "references", "rules", "duration_ms"])
        #expect(stats["html_files"] as? Int == 4)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let missing = try #require(findings.first { $0["code"] as? String == "ASSET_MISSING" })
        #expect(Set(missing.keys) == ["code", "severity", "file", "line", "message", "fix"])
        #expect(missing["severity"] as? String == "error")
        #expect(missing["line"] as? Int == 1)
    }

    @Test func simulateExitsZeroOnACleanSite() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", folder.path("public")])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("netlify: PASS"))
        // The netlify.toml one folder above the publish folder is found (the temporary folder is not a repository).
        #expect(outcome.standardOutput.hasPrefix("config: \(folder.path("netlify.toml")) (context production): no build settings"))
    }

    @Test(arguments: [
        ["simulate", "--platform", "netlify"],
        ["simulate", "--dir", "."],
        ["simulate", "--platform", "heroku", "--dir", "."],
        ["simulate", "--platform", "netlify", "--dir", ".", "--format", "yaml"],
        ["simulate", "--platform", "netlify", "--dir", ".", "--config", "/no/such/netlify.toml"],
        ["route", "--platform", "netlify", "--dir", "."],
        ["route", "--platform", "netlify", "--dir", ".", "not-a-path"],
        ["route", "--platform", "netlify", "--dir", ".", "--cookie", "novalue", "/"],
        ["route", "--platform", "netlify", "--dir", "/no/such/folder", "/"],
        ["route", "--platform", "netlify", "--dir", ".", "--service", "web", "/"],
        ["simulate", "--platform", "pages", "--dir", ".", "--base-path", "repo"],
        ["simulate", "--platform", "pages", "--dir", ".", "--config", "netlify.toml"],
        ["verify", "--platform", "netlify", "--dir", "."],
        ["no-such-command"],
    ])
    func badUsageExitsTwoWithAMessage(arguments: [String]) throws {
        let folder = try site()
        let outcome = try CommandRunner.run(arguments, in: folder.url)
        #expect(outcome.status == 2)
        #expect(!outcome.standardError.isEmpty)
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func aFileAsThePublishFolderIsBadInput() throws {
        let folder = try site()
        let outcome = try CommandRunner.run(["simulate", "--platform", "netlify", "--dir", folder.path("netlify.toml")])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("not a folder"))
    }

    @Test func theTextReportNamesTheConfigurationApplied() throws {
        let folder = try site()
        try folder.write(
            "netlify.toml",
            "[build]\npublish = \"public\"\ncommand = \"make site\"\n[context.deploy-preview]\ncommand = \"make preview\"\n"
        )
        let outcome = try CommandRunner.run(
            ["simulate", "--platform", "netlify", "--dir", folder.path("public"), "--context", "deploy-preview"])
        #expect(outcome.status == 0)
        let firstLine = try #require(outcome.standardOutput.split(separator: "\n").first)
        #expect(firstLine.hasSuffix(#"(context deploy-preview): publish "public", command "make preview""#))
    }

    @Test func routeAnswersForRenderAndPagesToo() throws {
        let folder = try Folder()
        try folder.write("public/index.html", "<a href=\"/docs/\">docs</a>")
        try folder.write("public/docs/index.html", "docs")
        try folder.write(
            "render.yaml",
            """
            services:
              - type: web
                name: site
                runtime: static
                staticPublishPath: public
                routes:
                  - type: redirect
                    source: /old
                    destination: /docs/
            """
        )
        let render = try CommandRunner.run(
            ["route", "--platform", "render", "--dir", folder.path("public"), "--format", "json", "/old", "/docs"])
        #expect(render.status == 0)
        let renderLines = render.standardOutput.split(separator: "\n")
        #expect(renderLines.first?.contains(#""location":"/docs/""#) == true)
        #expect(renderLines.first?.contains(#""source":"render.yaml""#) == true)
        let pages = try CommandRunner.run(
            ["route", "--platform", "pages", "--dir", folder.path("public"), "--base-path", "/repo", "--format", "json", "/repo/docs", "/docs/"])
        #expect(pages.status == 0)
        let pagesLines = pages.standardOutput.split(separator: "\n")
        #expect(pagesLines.first?.contains(#""status":301"#) == true)
        #expect(pagesLines.last?.contains(#""status":404"#) == true)
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CommandRunner.run(["--help"]).status == 0)
        #expect(try CommandRunner.run(["--version"]).standardOutput.contains("0.1.0"))
    }
}
