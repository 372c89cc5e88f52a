import Foundation
import NodeHosting
import Testing

/// The live verification plan: predicted by release A, checked against the answers of A and of B.
@Suite struct ProbePlanTests {
    private func release(_ folder: TestFolder, _ name: String, redirects: String, frame: String) throws -> NodeSite {
        try folder.write("\(name)/index.html", "<h1>home</h1>")
        try folder.write("\(name)/new.html", "<h1>new</h1>")
        try folder.write("\(name)/other.html", "<h1>other</h1>")
        try folder.write("\(name)/posts/hello.html", "<h1>hello</h1>")
        for index in 0..<30 { try folder.write("\(name)/pages/p\(index).html", "<p>\(index)</p>") }
        try folder.write("\(name)/_redirects", redirects)
        try folder.write("\(name)/_headers", "/*\n  X-Frame-Options: \(frame)\n")
        let store = ReleaseStore(siteFolder: folder.path("site"))
        return try NodeSite.load(release: try installRelease(store, source: folder.path(name)))
    }

    private static let rulesA = """
        /old          /new                        301
        /blog/*       /posts/:splat               200
        /u/:id        /new?user=:id               302
        /search q=:q  /other                      302
        /api/*        https://api.example.com/    200
        /fr           /new                        302  Language=fr

        """

    private func answers(_ site: NodeSite, _ plan: [ProbeExpectation]) -> [ProbeMismatch] {
        plan.flatMap { probe in
            let response = site.respond(method: "GET", target: probe.target, headers: [])
            return probe.compare(status: response.status, headers: response.headerPairs)
        }
    }

    @Test func thePlanCoversRulesPagesAndAMissingPath() throws {
        let folder = try TestFolder()
        let site = try release(folder, "a", redirects: Self.rulesA, frame: "DENY")
        let plan = ProbePlan.make(site: site, samplePages: 10)
        let targets = plan.map(\.target)

        #expect(plan.first { $0.target == "/old" }?.status == 301)
        #expect(plan.first { $0.target == "/old" }?.location == "/new")
        // The splat is made concrete so the rewrite shows; placeholders become x; required queries are sent.
        #expect(targets.contains("/blog") || targets.contains("/blog/x"))
        #expect(plan.first { $0.target == "/u/x" }?.location == "/new?user=x")
        #expect(plan.first { $0.target == "/search?q=x" }?.status == 302)
        // Rules with conditions are not probed; proxy rules are (the node must honour them or fail verification).
        #expect(!targets.contains("/fr"))
        #expect(targets.contains { $0.hasPrefix("/api") })
        #expect(targets.contains("/"))
        #expect(plan.first { $0.target == ProbePlan.missingPath }?.status == 404)
        #expect(plan.first { $0.target == ProbePlan.missingPath }?.origin == .missing)
        #expect(plan.filter { $0.origin == .page }.count == 11)
        #expect(plan.filter { !$0.target.hasPrefix("/api") }.allSatisfy { $0.headers["X-Frame-Options"] == "DENY" })
        #expect(ProbePlan.make(site: site, samplePages: 10) == plan, "deterministic")
        #expect(Set(targets).count == targets.count)
    }

    @Test func theSameReleaseAnswersWithoutMismatchAndAChangedOneIsCaught() throws {
        let folder = try TestFolder()
        let rulesA = Self.rulesA.replacingOccurrences(of: "/api/*        https://api.example.com/    200\n", with: "")
        let a = try release(folder, "a", redirects: rulesA, frame: "DENY")
        let rulesB = rulesA.replacingOccurrences(
            of: "/old          /new                        301",
            with: "/old          /other                      301"
        )
        let b = try release(folder, "b", redirects: rulesB, frame: "SAMEORIGIN")
        let plan = ProbePlan.make(site: a)

        #expect(answers(a, plan) == [])

        let mismatches = answers(b, plan)
        let old = mismatches.filter { $0.target == "/old" && $0.kind == .location }
        #expect(old.count == 1)
        #expect(old.first?.description == "/old: expected 301 → /new, got 301 → /other (_redirects line 1)")
        #expect(mismatches.contains { $0.kind == .header && $0.headerName == "X-Frame-Options" && $0.actual == "SAMEORIGIN" })
        #expect(!mismatches.contains { $0.kind == .status })
    }

    @Test func aProxyRuleTheNodeDoesNotRelayIsAMismatch() throws {
        let folder = try TestFolder()
        let site = try release(folder, "a", redirects: Self.rulesA, frame: "DENY")
        let plan = ProbePlan.make(site: site)
        let mismatches = answers(site, plan)
        #expect(mismatches.map(\.description) == ["/api/x: expected 200, got 502 (_redirects line 5)"])
    }

    @Test func compareDescribesEachDifference() {
        let probe = ProbeExpectation(target: "/old", status: 301, location: "/new", headers: ["Cache-Control": "no-cache"], origin: .redirectRule)
        #expect(probe.compare(status: 200, headers: [("cache-control", "no-cache")]).map(\.description) == ["/old: expected 301 → /new, got 200"])
        #expect(probe.compare(status: 301, headers: [("Location", "http://127.0.0.1:8080/new"), ("Cache-Control", " no-cache ")]) == [])
        let header = probe.compare(status: 301, headers: [("Location", "/new")])
        #expect(header.map(\.description) == ["/old: expected header Cache-Control: no-cache, got none"])
        #expect(header.first?.kind == .header)
    }

    @Test func predictionsSeeTheHostTheProbesAreSentWith() throws {
        let folder = try TestFolder()
        try folder.write("d/index.html", "<h1>home</h1>")
        try folder.write("d/new.html", "<h1>new</h1>")
        try folder.write("d/_redirects", "http://old.example.com/*  http://example.com/:splat  301!\n")
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let site = try NodeSite.load(release: try installRelease(store, source: folder.path("d")))
        let host: [(name: String, value: String)] = [("Host", "old.example.com:8080")]
        func answers(_ plan: [ProbeExpectation]) -> [ProbeMismatch] {
            plan.flatMap { probe in
                let response = site.respond(method: "GET", target: probe.target, headers: host)
                return probe.compare(status: response.status, headers: response.headerPairs)
            }
        }

        let withHost = ProbePlan.make(site: site, host: "old.example.com")
        #expect(withHost.first { $0.target == "/new.html" }?.location == "http://example.com/new.html")
        #expect(answers(withHost) == [])
        // Predicted without the host, the domain-level rule is missed, and the live answers differ.
        #expect(answers(ProbePlan.make(site: site)).contains { $0.target == "/" && $0.kind == .status })
    }
}
