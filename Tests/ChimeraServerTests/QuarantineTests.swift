import ChimeraHTTP
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubStandIn
import Logging
import ServiceLifecycle
import Testing

/// A stage that keeps failing for a transient reason is retried with backoff, then quarantined with its error and
/// a final status; once the cause is gone, a replay finishes it.
@Suite(.serialized) struct QuarantineTests {
    @Test func aFetchThatKeepsFailingIsQuarantinedThenReplayed() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let commit = try fixture.commitSite(redirects: "/old /new/ 301\n", message: "One")
        // The clone URL names a folder that does not exist yet: every fetch fails.
        let missing = fixture.root + "/moved-away"
        let github = GitHubStandIn(token: EndToEndTests.token)
        try await github.start()
        var settings = fixture.settings(reportingTo: github)
        settings.retryBaseDelay = .milliseconds(20)
        let sites = try SitesFile.parse(fixture.sitesFile.replacingOccurrences(of: "file://\(fixture.repository)", with: "file://\(missing)"), path: "t.toml")
        try await EndToEndFixture.withServer(settings: settings, sites: sites, logLevel: .critical) { server, base in
            let answer = try await HTTPClient().send(fixture.push(commit: commit, delivery: "q-1", base: base))
            #expect(answer.status == 202)

            let quarantined = try await fixture.waitForFinalDeploys(server.database, count: 1)
            #expect(quarantined.map(\.state) == [.quarantined])
            #expect(quarantined.first?.attempts == 3, "three retries before quarantine")
            #expect(quarantined.first?.lastError?.contains("moved-away") == true)
            let queue = DeployQueue(database: server.database)
            let entry = try #require(try queue.quarantined().first)
            #expect(entry.deployID == quarantined.first?.id)
            // Nothing stays pending on the commit.
            let statuses = github.statuses(for: commit).filter { $0.context == "chimera/simulate" }
            #expect(statuses.last?.state == "error")
            #expect(statuses.last?.description?.hasPrefix("quarantined:") == true)

            // The cause goes away; a replay runs the deploy to the end.
            try FileManager.default.moveItem(atPath: fixture.repository, toPath: missing)
            let replayed = try queue.replay(id: try #require(entry.id))
            #expect(replayed.state == .queued)
            server.pipeline.wake()
            let deadline = ContinuousClock.now + .seconds(120)
            while try queue.deploy(id: replayed.id)?.state.isFinal != true, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try queue.deploy(id: replayed.id)?.state == .succeeded)
            #expect(try queue.quarantined().isEmpty)
            #expect(github.statuses(for: commit).last { $0.context == "chimera/deploy/node" }?.state == "success")
            #expect(github.violations == [])
        }
        await github.stop()
    }
}
