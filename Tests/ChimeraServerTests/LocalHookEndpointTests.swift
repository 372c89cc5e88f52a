import ChimeraHTTP
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /api/chimera/hooks/local`: roles, the service switch, clear errors, and a deploy queued with trigger `hook`
/// and its ledger entry; then the real post-commit hook, installed by `chimeractl hooks install` in a real clone,
/// sending a commit to a running server that deploys it.
@Suite struct LocalHookEndpointTests {
    private let folder: ServerTestFolder

    init() throws { folder = try ServerTestFolder() }

    private func withRouter(
        _ server: ChimeraApplication,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: server.router()).test(.router) { client in try await test(client) }
    }

    private static func body(repository: String = TestSites.repository, branch: String = "main", commit: String) -> ByteBuffer {
        ByteBuffer(string: #"{"repository": "\#(repository)", "branch": "\#(branch)", "commit": "\#(commit)"}"#)
    }

    /// A real repository the sites clone from (`file://`), with one commit on main.
    private func repository() throws -> (cloneURL: String, commit: String) {
        let commit = try makeGitRepository(at: folder.path("docs-site"))
        return ("file://" + folder.path("docs-site"), commit)
    }

    @Test func withoutATokenIs401AndAnObserverTokenIs403() async throws {
        let (cloneURL, commit) = try repository()
        let server = try makeServer(folder, sites: [TestSites.docs(cloneURL: cloneURL)])
        let observer = try makeToken(server, name: "watcher", role: .observer)
        try await withRouter(server) { client in
            let none = try await client.execute(uri: "/api/chimera/hooks/local", method: .post, body: Self.body(commit: commit))
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            #expect(try errorMessage(none.body).contains("Authorization: Bearer"))
            let unknown = try await client.execute(
                uri: "/api/chimera/hooks/local",
                method: .post,
                headers: bearer("chm_unknown"),
                body: Self.body(commit: commit)
            )
            #expect(unknown.status == .unauthorized)
            let watcher = try await client.execute(
                uri: "/api/chimera/hooks/local",
                method: .post,
                headers: bearer(observer),
                body: Self.body(commit: commit)
            )
            #expect(watcher.status == .forbidden)
            #expect(try errorMessage(watcher.body).contains("observer"))
            #expect(try jsonObject(watcher.body)["status"] as? Int == 403)
        }
        #expect(try DeployQueue(database: server.database).deploys(limit: 10).isEmpty)
        #expect(try server.database.ledgerEntries().map(\.action) == ["token.create"])
    }

    @Test func whileChimeraIsDisabledItIs503() async throws {
        let (cloneURL, commit) = try repository()
        let server = try makeServer(folder, sites: [TestSites.docs(cloneURL: cloneURL)], enabled: false)
        let admiral = try makeToken(server, name: "ops", role: .admiral)
        try await withRouter(server) { client in
            let response = try await client.execute(
                uri: "/api/chimera/hooks/local",
                method: .post,
                headers: bearer(admiral),
                body: Self.body(commit: commit)
            )
            #expect(response.status == .serviceUnavailable)
            #expect(try errorMessage(response.body).contains("CHIMERA_ENABLED=false"))
        }
        #expect(try DeployQueue(database: server.database).deploys(limit: 10).isEmpty)
    }

    @Test func anUnknownRepositoryBranchCommitOrBodyIsAClearError() async throws {
        let (cloneURL, commit) = try repository()
        let server = try makeServer(folder, sites: [TestSites.docs(cloneURL: cloneURL)])
        let core = try makeToken(server, name: "laptop", role: .systemCore)
        try await withRouter(server) { client in
            func post(_ body: ByteBuffer) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.execute(uri: "/api/chimera/hooks/local", method: .post, headers: bearer(core), body: body)
                return (response.status, try errorMessage(response.body))
            }
            let (repositoryStatus, repositoryMessage) = try await post(Self.body(repository: "someone/else", commit: commit))
            #expect(repositoryStatus == .notFound)
            #expect(repositoryMessage.contains("no site deploys repository someone/else"))
            #expect(repositoryMessage.contains(TestSites.repository))

            let (branchStatus, branchMessage) = try await post(Self.body(branch: "staging", commit: commit))
            #expect(branchStatus == .unprocessableContent)
            #expect(branchMessage.contains("deploys branch staging"))
            #expect(branchMessage.contains("docs: main"))

            let (missingStatus, missingMessage) = try await post(Self.body(commit: String(repeating: "e", count: 40)))
            #expect(missingStatus == .unprocessableContent)
            #expect(missingMessage.contains("push the commit there first"))

            for bad in [
                #"{"repository": "example-org/docs-site", "branch": "main"}"#, #"{"repository": "docs-site", "branch": "main", "commit": "abcd"}"#,
                #"{"repository": "example-org/docs-site", "branch": "main", "commit": "HEAD~1"}"#, "not json",
            ] {
                let (status, message) = try await post(ByteBuffer(string: bad))
                #expect(status == .badRequest, "\(bad)")
                #expect(message.contains("repository") || message.contains("commit"), "\(bad): \(message)")
            }
        }
        #expect(try DeployQueue(database: server.database).deploys(limit: 10).isEmpty)
    }

    @Test func aCommitIsQueuedForEverySiteDeployingTheBranchWithTriggerHookAndALedgerEntryNamingTheToken() async throws {
        let (cloneURL, commit) = try repository()
        var preview = TestSites.docs(cloneURL: cloneURL)
        preview.name = "docs-preview"
        preview.domains = ["preview.docs.example.org"]
        preview.branches = ["main": "preview", "next": "production"]
        let server = try makeServer(folder, sites: [TestSites.docs(cloneURL: cloneURL), preview, TestSites.blog()])
        let core = try makeToken(server, name: "laptop", role: .systemCore)
        try await withRouter(server) { client in
            // A short id names the commit too: the server resolves it after fetching the branch.
            let response = try await client.execute(
                uri: "/api/chimera/hooks/local",
                method: .post,
                headers: bearer(core),
                body: Self.body(commit: String(commit.prefix(12)))
            )
            #expect(response.status == .accepted, "\(bodyString(response.body))")
            let object = try jsonObject(response.body)
            #expect(object["commit"] as? String == commit)
            let deploys = try #require(object["deploys"] as? [[String: Any]])
            #expect(deploys.compactMap { $0["site"] as? String }.sorted() == ["docs", "docs-preview"])
            #expect(
                deploys.allSatisfy { $0["trigger"] as? String == "hook" && $0["state"] as? String == "queued" && $0["commit"] as? String == commit }
            )
            #expect(Set(deploys.compactMap { $0["context"] as? String }) == ["production", "preview"])
        }
        let queued = try DeployQueue(database: server.database).deploys(limit: 10)
        #expect(queued.count == 2)
        #expect(queued.allSatisfy { $0.trigger == .hook && $0.commit == commit && $0.branch == "main" && $0.repository == TestSites.repository })
        let entries = try server.database.ledgerEntries().filter { $0.action == "hooks.local" }
        #expect(entries.map(\.subject).sorted() == ["docs", "docs-preview"])
        #expect(
            entries.allSatisfy { $0.actor == "token:laptop" && $0.details.contains("system_core") && $0.details.contains(String(commit.prefix(12))) }
        )
        #expect(try server.database.ledgerEntries().allSatisfy { !$0.details.contains(core) })
    }

    @Test func theDocumentDescribesTheRoute() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            let response = try await client.execute(uri: "/api/chimera/openapi.json", method: .get)
            let paths = try #require(try jsonObject(response.body)["paths"] as? [String: Any])
            let route = try #require(paths["/api/chimera/hooks/local"] as? [String: Any])
            let responses = try #require((route["post"] as? [String: Any])?["responses"] as? [String: Any])
            #expect(Set(responses.keys).isSuperset(of: ["202", "401", "403", "404", "422", "503"]))
        }
    }

    // MARK: - The hook and a running server

    @Test func thePostCommitHookSendsTheCommitToTheServerWhichDeploysIt() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let settings = ServiceSettings(host: "127.0.0.1", port: 0, stateDirectory: fixture.state, webhookSecret: "local-hook-test-secret")
        let sites = try SitesFile.parse(fixture.sitesFile, path: "chimera.toml")
        let installed = try fixture.run(ServeProcess.executable, ["hooks", "install", "--repo", fixture.repository])
        #expect(installed.contains("post-commit: installed"))
        try await EndToEndFixture.withServer(settings: settings, sites: sites) { server, base in
            let secret = try makeToken(server, name: "laptop", role: .systemCore)
            // The repository's name comes from origin's URL; the server fetches from the sites file's clone_url.
            try fixture.git("remote", "add", "origin", "git@github.com:example-org/docs-site.git", in: fixture.repository)
            try fixture.git("config", "chimera.url", base + "/", in: fixture.repository)
            try fixture.git("config", "chimera.token", secret, in: fixture.repository)

            let commit = try fixture.commitSite(redirects: "/old /new/ 301\n", message: "From the laptop")
            let deploys = try await fixture.waitForFinalDeploys(server.database, count: 1)
            let deploy = try #require(deploys.first)
            #expect(deploy.trigger == .hook)
            #expect(deploy.commit == commit)
            #expect(deploy.site == "docs")
            #expect(deploy.state == .succeeded, "\(deploy.lastError ?? "")")
            // The hook logs the server's answer once curl has it (in the background, so it is waited for).
            let logFile = fixture.repository + "/.git/chimera/post-commit.log"
            var log = ""
            let deadline = ContinuousClock.now + .seconds(60)
            while !log.contains("HTTP "), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            }
            #expect(log.contains("HTTP 202"), "\(log)")
            #expect(!log.contains(secret))

            let live = try await HTTPClient().send(
                ChimeraHTTP.HTTPRequest(method: "GET", url: base + "/old", headers: [HTTPHeader(name: "Host", value: "docs.example.test")])
            )
            #expect(live.status == 301)
            #expect(live.value(for: "Location") == "/new/")
        }
    }
}
