import ChimeraHTTP
import ChimeraServer
import DeployPipeline
import Foundation
import NIOCore
import NodeHosting
import Testing

/// The node-hosted sites through a real server on 127.0.0.1: a request is served by `Host` from the site's live
/// release with its platform's rules, and every other host reaches Chimera's own routes.
@Suite struct NodeHostingRouteTests {
    private let folder: ServerTestFolder

    init() throws {
        folder = try ServerTestFolder()
        try folder.write("v1/index.html", "<h1>home</h1>")
        try folder.write("v1/about.html", "<h1>about</h1>")
        try folder.write("v1/style.css", "body{margin:0}")
        try folder.write("v1/_redirects", "/old    /about    301\n")
        try folder.write("v1/_headers", "/*\n  X-Frame-Options: DENY\n/style.css\n  Cache-Control: public, max-age=31536000\n")
        try folder.write("v2/index.html", "<h1>home, second</h1>")
    }

    /// Installs the folder `source` as a release of `site` and makes it live.
    @discardableResult
    private func goLive(_ site: String, from source: String) throws -> Release {
        let store = ReleaseStore(siteFolder: folder.state + "/sites/" + site)
        let release = try installRelease(store, source: folder.path(source), site: site)
        return try store.activate(release.id)
    }

    @Test func aSiteDomainIsServedFromTheLiveReleaseWithItsRules() async throws {
        let server = try makeServer(folder, sites: [TestSites.docs(), TestSites.blog()])
        try goLive("docs", from: "v1")
        try await withLiveServer(server) { port in
            let home = try await send(port: port, "/", host: "docs.example.org")
            #expect(home.status == 200)
            #expect(String(decoding: home.body, as: UTF8.self) == "<h1>home</h1>")
            #expect(home.value(for: "Content-Type") == "text/html; charset=utf-8")
            #expect(home.value(for: "X-Frame-Options") == "DENY")

            let style = try await send(port: port, "/style.css", host: "docs.example.org")
            #expect(style.status == 200)
            #expect(style.value(for: "Content-Type") == "text/css; charset=utf-8")
            #expect(style.value(for: "Cache-Control") == "public, max-age=31536000")
            #expect(String(decoding: style.body, as: UTF8.self) == "body{margin:0}")
            let tag = try #require(style.value(for: "ETag"))
            #expect(tag.hasPrefix("\"") && tag.count > 2)

            let unchanged = try await send(port: port, "/style.css", host: "docs.example.org", headers: [("If-None-Match", tag)])
            #expect(unchanged.status == 304)
            #expect(unchanged.body.isEmpty)
            let changed = try await send(port: port, "/style.css", host: "docs.example.org", headers: [("If-None-Match", "\"other\"")])
            #expect(changed.status == 200)

            let moved = try await send(port: port, "/old", host: "docs.example.org")
            #expect(moved.status == 301)
            #expect(moved.value(for: "Location") == "/about")

            let missing = try await send(port: port, "/nowhere", host: "docs.example.org")
            #expect(missing.status == 404)

            // The host's case and port do not matter.
            let upper = try await send(port: port, "/", host: "DOCS.Example.ORG:\(port)")
            #expect(upper.status == 200)
            #expect(String(decoding: upper.body, as: UTF8.self) == "<h1>home</h1>")
        }
    }

    @Test func aLocalhostNameServesTheSiteOfThatName() async throws {
        let server = try makeServer(folder)
        try goLive("docs", from: "v1")
        try await withLiveServer(server) { port in
            let home = try await send(port: port, "/about", host: "docs.localhost:\(port)")
            #expect(home.status == 200)
            #expect(String(decoding: home.body, as: UTF8.self) == "<h1>about</h1>")
            // A localhost name of no site is not a site.
            let other = try await send(port: port, "/", host: "shop.localhost")
            #expect(other.status == 200)
            #expect(String(decoding: other.body, as: UTF8.self).hasPrefix("Chimera:"))
        }
    }

    @Test func anotherHostReachesChimerasOwnRoutes() async throws {
        let server = try makeServer(folder)
        try goLive("docs", from: "v1")
        try await withLiveServer(server) { port in
            for host in ["127.0.0.1:\(port)", "deploy.example.net", "localhost"] {
                let root = try await send(port: port, "/", host: host)
                #expect(root.status == 200, "\(host)")
                #expect(String(decoding: root.body, as: UTF8.self).hasPrefix("Chimera: POST /webhooks/github"), "\(host)")
                let status = try await send(port: port, "/api/chimera/status", host: host)
                #expect(status.status == 401, "\(host)")
            }
            // On a site's domain the API paths are the site's, not Chimera's.
            let onSite = try await send(port: port, "/api/chimera/status", host: "docs.example.org")
            #expect(onSite.status == 404)
            #expect(onSite.value(for: "WWW-Authenticate") == nil)
        }
    }

    @Test func aSiteWithoutAReleaseAnswers404SayingSo() async throws {
        let server = try makeServer(folder)
        try await withLiveServer(server) { port in
            let response = try await send(port: port, "/", host: "docs.example.org")
            #expect(response.status == 404)
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(body.contains("docs has no live release yet"))
            #expect(response.value(for: "Content-Type")?.hasPrefix("text/plain") == true)
        }
    }

    @Test func aSwitchOrRollbackIsServedFromTheNextRequest() async throws {
        let server = try makeServer(folder)
        let first = try goLive("docs", from: "v1")
        try await withLiveServer(server) { port in
            #expect(String(decoding: try await send(port: port, "/", host: "docs.example.org").body, as: UTF8.self) == "<h1>home</h1>")
            try goLive("docs", from: "v2")
            #expect(String(decoding: try await send(port: port, "/", host: "docs.example.org").body, as: UTF8.self) == "<h1>home, second</h1>")
            _ = try ReleaseStore(siteFolder: folder.state + "/sites/docs").rollback(to: first.id)
            #expect(String(decoding: try await send(port: port, "/", host: "docs.example.org").body, as: UTF8.self) == "<h1>home</h1>")
        }
    }

    @Test func aHeadRequestHasTheHeadersButNoBody() async throws {
        let server = try makeServer(folder)
        try goLive("docs", from: "v1")
        try await withLiveServer(server) { port in
            let head = try await send(port: port, "/style.css", host: "docs.example.org", method: "HEAD")
            #expect(head.status == 200)
            #expect(head.value(for: "ETag") != nil)
            #expect(head.body.isEmpty)
        }
    }

    /// libcurl transfers (ChimeraHTTP) block threads of NIO's shared blocking pool until answered. The live
    /// probes the server sends to its own sites are such transfers, so reading a site's files must never wait
    /// for one of those threads: with more clients than the pool has threads, every request would hang.
    @Test func moreInProcessClientsThanTheSharedPoolHasThreadsAreAllServed() async throws {
        let server = try makeServer(folder)
        try goLive("docs", from: "v1")
        let count = NIOSingletons.blockingPoolThreadCountSuggestion * 3
        try await withLiveServer(server) { port in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<count {
                    group.addTask {
                        // The limit only bounds a hang; the answer is checked, not the time it took.
                        try await send(port: port, index.isMultiple(of: 2) ? "/style.css" : "/", host: "docs.example.org", timeout: .seconds(60)).status
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses == Array(repeating: 200, count: count))
        }
    }
}
