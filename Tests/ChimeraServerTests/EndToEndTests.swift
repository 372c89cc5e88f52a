import Certification
import ChimeraHTTP
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import GitHubStandIn
import Logging
import NodeHosting
import ServiceLifecycle
import Testing

/// The whole chain on real parts: a git repository, the server on a free port with a temporary state directory,
/// signed push webhooks, bubblewrap builds, the node target served by `Host`, and a local stand-in for GitHub
/// that checks every status request against the documented contract.
@Suite(.serialized) struct EndToEndTests {
    static let secret = "e2e-webhook-secret"
    static let token = "ghp_e2eTokenNeverLogged0123456789"

    @Test func pushesDeployVerifyAndRollBackWithStatusesOnGitHubStandIn() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let github = GitHubStandIn(token: Self.token)
        try await github.start()
        let settings = fixture.settings(reportingTo: github)
        let sites = try SitesFile.parse(fixture.sitesFile, path: "chimera.toml")
        try await EndToEndFixture.withServer(settings: settings, sites: sites) { server, base in
            let http = HTTPClient()

            // 1. A push of a good commit: built in the sandbox, simulated, certified, deployed, verified.
            let first = try fixture.commitSite(redirects: "/old /new/ 301\n/docs/* /new/ 200\n", message: "First")
            let accepted = try await http.send(fixture.push(commit: first, delivery: "delivery-1", base: base))
            #expect(accepted.status == 202)
            let deployed = try await fixture.waitForFinalDeploys(server.database, count: 1)
            #expect(deployed.map(\.state) == [.succeeded], "\(deployed.map { $0.lastError ?? "" })")

            let old = try await http.send(ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/old", headers: [HTTPHeader(name: "Host", value: "docs.example.test")]))
            #expect(old.status == 301)
            #expect(old.value(for: "Location") == "/new/")
            #expect(old.value(for: "X-Frame-Options") == "DENY")
            let rewritten = try await http.send(
                ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/docs/guide", headers: [HTTPHeader(name: "Host", value: "docs.example.test")])
            )
            #expect(rewritten.status == 200)
            #expect(String(decoding: rewritten.body, as: UTF8.self).contains("the new page"))

            let firstStatuses = github.statuses(for: first)
            #expect(Self.sequence(of: "chimera/simulate", in: firstStatuses) == ["pending", "success"])
            #expect(Self.sequence(of: "chimera/certify", in: firstStatuses) == ["pending", "success"])
            #expect(Self.sequence(of: "chimera/deploy/node", in: firstStatuses) == ["pending", "success"])
            #expect(firstStatuses.allSatisfy { $0.targetURL?.hasPrefix(settings.baseURL + "/api/chimera/deploys/d-") == true })
            let liveRelease = try #require(ReleaseStore(siteFolder: fixture.state + "/sites/docs").currentID())

            // 2. A commit whose live behaviour differs from its prediction: a proxy rule, which the node does not
            // relay (502) while the rules promise the upstream's answer. Verify catches it and rolls back.
            let second = try fixture.commitSite(
                redirects: "/old /new/ 301\n/docs/* /new/ 200\n/api/* https://api.example.test/:splat 200\n",
                message: "Proxy the API"
            )
            let acceptedSecond = try await http.send(fixture.push(commit: second, delivery: "delivery-2", base: base))
            #expect(acceptedSecond.status == 202)
            let both = try await fixture.waitForFinalDeploys(server.database, count: 2)
            let failed = try #require(both.first { $0.commit == second })
            #expect(failed.state == .failed)
            #expect(failed.lastError?.contains("rolled back") == true)
            #expect(ReleaseStore(siteFolder: fixture.state + "/sites/docs").currentID() == liveRelease)
            let progress = DeployProgress.decode(failed.details)
            #expect(progress.mismatches?.contains { $0.hasPrefix("/api/x: expected 200, got 502") } == true)
            #expect(progress.rollbackMilliseconds != nil)

            let secondStatuses = github.statuses(for: second)
            #expect(Self.sequence(of: "chimera/simulate", in: secondStatuses) == ["pending", "success"])
            #expect(Self.sequence(of: "chimera/deploy/node", in: secondStatuses) == ["pending", "failure"])
            #expect(secondStatuses.last { $0.context == "chimera/deploy/node" }?.description?.hasPrefix("rolled back to") == true)
            #expect(github.violations == [])

            // The old release still answers, the events and the ledger tell what happened, and no secret leaked.
            let stillOld = try await http.send(ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/api/x", headers: [HTTPHeader(name: "Host", value: "docs.example.test")]))
            #expect(stillOld.status == 404)
            let names = try server.database.events().map(\.name.rawValue)
            for name in ["github.webhook.received", "deploy.initiated", "chimera.simulate.start", "chimera.simulate.complete", "chimera.certify.start",
                "chimera.certify.complete", "deploy.certified", "chimera.deploy.start", "chimera.deploy.complete", "chimera.verify.complete",
                "chimera.rollback.triggered", "deploy.failed"]
            {
                #expect(names.contains(name), "no \(name) event")
            }
            let ledger = try server.database.ledgerEntries()
            #expect(ledger.filter { $0.action == "deploy" }.count == 2)
            #expect(ledger.filter { $0.action == "rollback" }.count == 1)
            #expect(try server.database.verifyLedger(keys: nil).isIntact)
            let everything = try server.database.events().map(\.payload).joined() + ledger.map(\.details).joined()
            #expect(!everything.contains(Self.token) && !everything.contains(Self.secret))

        }
        await github.stop()
    }

    @Test func aHealableCommitIsHealedCertifiedDeployedAndCommentedOnGitHubStandIn() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let github = GitHubStandIn(token: Self.token)
        try await github.start()
        let settings = fixture.settings(reportingTo: github)
        let sites = try SitesFile.parse(fixture.sitesFile, path: "chimera.toml")
        try await EndToEndFixture.withServer(settings: settings, sites: sites) { server, base in
            let http = HTTPClient()
            // A detached `!` (an error: Netlify would drop the force) that ARIE glues back in the workspace.
            let commit = try fixture.commitSite(redirects: "# moved pages\n/old /new/ 301 !\n", message: "Detached force")
            #expect(try await http.send(fixture.push(commit: commit, delivery: "heal-1", base: base)).status == 202)
            let first = try await fixture.waitForFinalDeploys(server.database, count: 1)
            #expect(first.map(\.state) == [.succeeded], "\(first.map { $0.lastError ?? "" })")
            let progress = DeployProgress.decode(first[0].details)
            #expect(progress.healedCodes == ["REDIRECT_FORCE_DETACHED"])
            let old = try await http.send(ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/old", headers: [HTTPHeader(name: "Host", value: "docs.example.test")]))
            #expect(old.status == 301)

            // The certificate records the healing and the digest of the patch; the repository is unchanged.
            let certificate = try Certificate(contentsOf: try #require(progress.certificate))
            let healing = try #require(try certificate.unverifiedStatement().predicate.healing)
            #expect(healing.fixed == ["REDIRECT_FORCE_DETACHED"])
            #expect(healing.patchSHA256 == progress.healPatchDigest)
            #expect(try String(contentsOfFile: fixture.repository + "/pages/_redirects", encoding: .utf8).contains("301 !"))

            // One comment on the commit with the patch; a second run of the same commit edits it.
            let comments = github.comments(for: commit)
            #expect(comments.count == 1)
            #expect(comments.first?.body.contains("REDIRECT_FORCE_DETACHED") == true)
            #expect(comments.first?.body.contains("+/old /new/ 301!") == true)
            #expect(try await http.send(fixture.push(commit: commit, delivery: "heal-2", base: base)).status == 202)
            _ = try await fixture.waitForFinalDeploys(server.database, count: 2)
            #expect(github.comments(for: commit).count == 1)
            #expect(github.comments(for: commit).first?.edits == 1)
            #expect(github.violations == [])

            // ARIE remembers that the fix held: it cleared its finding and the deploy verified.
            let history = try HealMemory(database: server.database).history(site: "docs")
            #expect(history.count == 2)
            #expect(history.allSatisfy { $0.cleared && $0.verified == true })
            let names = try server.database.events().map(\.name.rawValue)
            #expect(names.contains("deploy.heal.intent") && names.contains("deploy.heal.complete"))
        }
        await github.stop()
    }

    @Test func proxyRulesAreRelayedWhenTheTargetEnablesThem() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let settings = ServiceSettings(host: "127.0.0.1", port: 0, stateDirectory: fixture.state, webhookSecret: Self.secret)
        let sites = try SitesFile.parse(fixture.sitesFile + "proxy = true\n", path: "chimera.toml")
        #expect(sites.sites.first?.targets.first?.proxy == true)
        try await EndToEndFixture.withServer(settings: settings, sites: sites) { server, base in
            // The upstream is this server's own API (its OpenAPI document needs no token).
            let commit = try fixture.commitSite(redirects: "/api/*  \(base)/api/chimera/:splat  200\n", message: "Proxy")
            let http = HTTPClient()
            #expect(try await http.send(fixture.push(commit: commit, delivery: "proxy-1", base: base)).status == 202)
            let deploys = try await fixture.waitForFinalDeploys(server.database, count: 1)
            #expect(deploys.map(\.state) == [.succeeded], "\(deploys.map { $0.lastError ?? "" })")
            let relayed = try await http.send(
                ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/api/openapi.json", headers: [HTTPHeader(name: "Host", value: "docs.example.test")])
            )
            #expect(relayed.status == 200)
            #expect(String(decoding: relayed.body, as: UTF8.self).contains("\"openapi\": \"3.1.0\""))
        }
    }

    /// The states posted for `context`, oldest first, with repeats in a row shown once (`pending` is posted when
    /// the deploy is queued and again, with another description, when its stage starts).
    static func sequence(of context: String, in statuses: [StandInStatus]) -> [String] {
        var states: [String] = []
        for status in statuses where status.context == context && states.last != status.state { states.append(status.state) }
        return states
    }
}
