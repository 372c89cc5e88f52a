import Certification
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NodeHosting
import Testing

/// `/api/chimera/*` through the router: tokens and roles, the service switch, the documents, the event stream,
/// and the ledger entries writes leave.
@Suite struct APIEndpointTests {
    private let folder: ServerTestFolder

    init() throws { folder = try ServerTestFolder() }

    private func withRouter(
        _ server: ChimeraApplication,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: server.router()).test(.router) { client in try await test(client) }
    }

    // MARK: - Tokens and roles

    @Test func withoutATokenReadsAndWritesAreRefused401WithBearerChallenge() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            for (uri, method) in [("/api/chimera/status", HTTPRequest.Method.get), ("/api/chimera/deploy", .post), ("/api/chimera/events?follow=false", .get)] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(uri)")
                #expect(try errorMessage(response.body).contains("Authorization: Bearer"), "\(uri)")
            }
            // Basic credentials are not a bearer token.
            let basic = try await client.execute(uri: "/api/chimera/status", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
        }
    }

    @Test func anUnknownOrRevokedTokenIsRefused401() async throws {
        let server = try makeServer(folder)
        let secret = try makeToken(server, name: "gone", role: .admiral)
        try TokenStore(database: server.database).revoke(name: "gone", actor: "test", signer: try ledgerSigner(server))
        try await withRouter(server) { client in
            for candidate in ["chm_notARealTokenAtAll", secret, "not-even-prefixed"] {
                let response = try await client.execute(uri: "/api/chimera/status", method: .get, headers: bearer(candidate))
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                let message = try errorMessage(response.body)
                #expect(message.contains("unknown or revoked"))
                #expect(!message.contains(candidate))
            }
        }
    }

    @Test func anObserverReadsButMayNotWrite() async throws {
        let server = try makeServer(folder, sites: [TestSites.docs(), TestSites.blog()])
        let observer = try makeToken(server, name: "watcher", role: .observer)
        try await withRouter(server) { client in
            let status = try await client.execute(uri: "/api/chimera/status", method: .get, headers: bearer(observer))
            #expect(status.status == .ok)
            let object = try jsonObject(status.body)
            #expect(object["service"] as? String == "chimera")
            #expect(object["enabled"] as? Bool == true)
            let sites = try #require(object["sites"] as? [[String: Any]])
            #expect(sites.compactMap { $0["name"] as? String } == ["docs", "blog"])
            #expect(sites.first?["repository"] as? String == TestSites.repository)
            #expect(sites.first?["domains"] as? [String] == ["docs.example.org"])
            #expect(sites.first?["platform"] as? String == "netlify")

            for path in ["deploy", "simulate", "verify", "rollback"] {
                let write = try await client.execute(
                    uri: "/api/chimera/\(path)", method: .post, headers: bearer(observer), body: ByteBuffer(string: #"{"site":"docs"}"#))
                #expect(write.status == .forbidden, "\(path)")
                let message = try errorMessage(write.body)
                #expect(message.contains("observer"))
                #expect(message.contains("admiral or system_core"))
                #expect(!message.contains(observer))
            }
        }
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        // A refused write leaves no ledger entry: only the token's creation is there.
        #expect(try server.database.ledgerEntries().map(\.action) == ["token.create"])
    }

    @Test func whileDisabledWritesAnswer503AndReadsStillWork() async throws {
        let server = try makeServer(folder, enabled: false)
        let admiral = try makeToken(server, name: "boss", role: .admiral)
        try await withRouter(server) { client in
            for path in ["deploy", "simulate", "verify", "rollback"] {
                let response = try await client.execute(
                    uri: "/api/chimera/\(path)", method: .post, headers: bearer(admiral), body: ByteBuffer(string: #"{"site":"docs"}"#))
                #expect(response.status == .serviceUnavailable, "\(path)")
                #expect(try errorMessage(response.body).contains("CHIMERA_ENABLED=false"))
            }
            let status = try await client.execute(uri: "/api/chimera/status", method: .get, headers: bearer(admiral))
            #expect(status.status == .ok)
            #expect(try jsonObject(status.body)["enabled"] as? Bool == false)
        }
        #expect(try server.database.ledgerEntries().map(\.action) == ["token.create"])
    }

    // MARK: - Documents

    @Test func theOpenAPIDocumentIsServedWithoutATokenAndListsTheRoutes() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            let response = try await client.execute(uri: "/api/chimera/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try jsonObject(response.body)
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: Any])
            for path in [
                "/webhooks/github", "/api/chimera/status", "/api/chimera/simulate", "/api/chimera/deploy", "/api/chimera/verify",
                "/api/chimera/rollback", "/api/chimera/deploys", "/api/chimera/deploys/{id}", "/api/chimera/events",
                "/api/chimera/openapi.json",
            ] {
                #expect(paths[path] != nil, "\(path) is not documented")
            }
        }
    }

    @Test func anUnknownDeployIs404() async throws {
        let server = try makeServer(folder)
        let observer = try makeToken(server, name: "watcher", role: .observer)
        try await withRouter(server) { client in
            let response = try await client.execute(uri: "/api/chimera/deploys/d-unknown", method: .get, headers: bearer(observer))
            #expect(response.status == .notFound)
            #expect(try errorMessage(response.body).contains("d-unknown"))
        }
    }

    @Test func deploysAreListedAndShownOneByOne() async throws {
        let server = try makeServer(folder, sites: [TestSites.docs(), TestSites.blog()])
        let observer = try makeToken(server, name: "watcher", role: .observer)
        let (deploy, _) = try DeployQueue(database: server.database).enqueue(
            DeployRequest(site: "docs", branch: "main", commit: "5555555555555555555555555555555555555555", repository: TestSites.repository, trigger: .cli)
        )
        try await withRouter(server) { client in
            let list = try await client.execute(uri: "/api/chimera/deploys?site=docs", method: .get, headers: bearer(observer))
            #expect(list.status == .ok)
            let deploys = try #require(try jsonObject(list.body)["deploys"] as? [[String: Any]])
            #expect(deploys.compactMap { $0["id"] as? String } == [deploy.id])
            let none = try await client.execute(uri: "/api/chimera/deploys?site=blog", method: .get, headers: bearer(observer))
            #expect(try jsonObject(none.body)["deploys"] as? [Any] != nil)
            #expect((try jsonObject(none.body)["deploys"] as? [Any])?.isEmpty == true)

            let one = try await client.execute(uri: "/api/chimera/deploys/\(deploy.id)", method: .get, headers: bearer(observer))
            #expect(one.status == .ok)
            let object = try jsonObject(one.body)
            #expect(object["state"] as? String == "queued")
            #expect(object["commit"] as? String == deploy.commit)
            #expect((object["url"] as? String)?.hasSuffix("/api/chimera/deploys/\(deploy.id)") == true)
        }
    }

    // MARK: - The event stream

    /// The `(id, event, data)` of each frame of an event stream.
    private func frames(_ text: String) -> [(id: Int64, event: String, data: String)] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id: Int64?
            var event: String?
            var data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard let id, let event, let data else { return nil }
            return (id, event, data)
        }
    }

    @Test func theEventStreamSendsStoredEventsAndResumesAfterLastEventID() async throws {
        let server = try makeServer(folder)
        let observer = try makeToken(server, name: "watcher", role: .observer)  // event 1: token.created
        _ = try server.database.append(Event(.webhookReceived, payload: ["delivery_id": "d-1"]))
        _ = try server.database.append(Event(.simulateStart, subject: EventSubject(site: "docs", commit: "abc123"), payload: ["platform": "netlify"]))
        _ = try server.database.append(Event(.webhookIgnored, payload: ["reason": "tag push"]))
        let stored = try server.database.events()
        #expect(stored.count == 4)
        try await withRouter(server) { client in
            let all = try await client.execute(uri: "/api/chimera/events?follow=false", method: .get, headers: bearer(observer))
            #expect(all.status == .ok)
            #expect(all.headers[.contentType] == "text/event-stream")
            #expect(all.headers[.cacheControl] == "no-cache")
            let received = frames(bodyString(all.body))
            #expect(received.map(\.id) == stored.compactMap(\.sequence))
            #expect(received.map(\.event) == stored.map(\.name.rawValue))
            // Each data line is the event as one line of JSON.
            for frame in received {
                let data = try #require(try JSONSerialization.jsonObject(with: Data(frame.data.utf8)) as? [String: Any])
                #expect(data["name"] as? String == frame.event)
            }
            let simulate = try #require(received.first { $0.event == "chimera.simulate.start" })
            #expect(simulate.data.contains("\"site\":\"docs\""))
            #expect(simulate.data.contains("abc123"))

            // Reconnecting with the last id seen sends only what came after it.
            let last = try #require(stored[1].sequence)
            var headers = bearer(observer)
            headers[HTTPField.Name("Last-Event-ID")!] = String(last)
            let resumed = try await client.execute(uri: "/api/chimera/events?follow=false", method: .get, headers: headers)
            let after = frames(bodyString(resumed.body))
            #expect(after.map(\.id) == stored.compactMap(\.sequence).filter { $0 > last })
            #expect(after.map(\.event) == ["chimera.simulate.start", "github.webhook.ignored"])

            // `?since=` does the same for clients that cannot set headers.
            let since = try await client.execute(uri: "/api/chimera/events?follow=false&since=\(last)", method: .get, headers: bearer(observer))
            #expect(frames(bodyString(since.body)).map(\.id) == after.map(\.id))
        }
    }

    // MARK: - Bodies and sites

    @Test func aBodyThatIsNotJSONIsRefused400WithWhatItTakes() async throws {
        let server = try makeServer(folder)
        let admiral = try makeToken(server, name: "boss", role: .admiral)
        try await withRouter(server) { client in
            for body in ["site=docs", #"{"site": 42}"#, "[1,2]"] {
                let response = try await client.execute(uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral), body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                let message = try errorMessage(response.body)
                #expect(message.contains("not the JSON"))
                #expect(message.contains("site, platform"))
            }
        }
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
    }

    @Test func aPlatformWithTwoSitesAsksForTheSite() async throws {
        let server = try makeServer(folder, sites: [TestSites.docs(), TestSites.blog()])
        let admiral = try makeToken(server, name: "boss", role: .admiral)
        try await withRouter(server) { client in
            let response = try await client.execute(
                uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral), body: ByteBuffer(string: #"{"platform": "netlify"}"#))
            #expect(response.status == .badRequest)
            let message = try errorMessage(response.body)
            #expect(message.contains("docs, blog"))
            #expect(message.contains("\"site\""))

            let unknown = try await client.execute(
                uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral), body: ByteBuffer(string: #"{"site": "shop"}"#))
            #expect(unknown.status == .notFound)
            #expect(try errorMessage(unknown.body).contains("no site named shop"))

            let mismatch = try await client.execute(
                uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral), body: ByteBuffer(string: #"{"site": "docs", "platform": "render"}"#))
            #expect(mismatch.status == .badRequest)

            let none = try await client.execute(
                uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral), body: ByteBuffer(string: #"{"platform": "pages"}"#))
            #expect(none.status == .badRequest)
            #expect(try errorMessage(none.body).contains("no site matches platform pages"))
        }
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
    }

    // MARK: - The ledger of writes

    @Test func everySuccessfulWriteIsALedgerEntryNamingTheTokenNeverItsSecret() async throws {
        let repository = folder.path("origin")
        let commit = try makeGitRepository(at: repository)
        let server = try makeServer(folder, sites: [TestSites.docs(cloneURL: repository)])
        let admiral = try makeToken(server, name: "release-bot", role: .admiral)
        let core = try makeToken(server, name: "ci-core", role: .systemCore)

        // Two releases of docs, so a rollback has somewhere to go.
        try folder.write("v1/index.html", "<h1>one</h1>")
        try folder.write("v2/index.html", "<h1>two</h1>")
        let store = ReleaseStore(siteFolder: folder.state + "/sites/docs")
        let first = try installRelease(store, source: folder.path("v1"), site: "docs")
        _ = try store.activate(first.id)
        let second = try installRelease(store, source: folder.path("v2"), site: "docs")
        _ = try store.activate(second.id)

        try await withRouter(server) { client in
            let deploy = try await client.execute(
                uri: "/api/chimera/deploy", method: .post, headers: bearer(admiral),
                body: ByteBuffer(string: #"{"site": "docs", "auto_heal": true, "certify": true}"#))
            #expect(deploy.status == .accepted, "\(bodyString(deploy.body))")
            let queued = try jsonObject(deploy.body)
            #expect(queued["commit"] as? String == commit)
            #expect(queued["trigger"] as? String == "api")
            #expect(queued["state"] as? String == "queued")

            let rollback = try await client.execute(
                uri: "/api/chimera/rollback", method: .post, headers: bearer(core), body: ByteBuffer(string: #"{"site": "docs"}"#))
            #expect(rollback.status == .ok, "\(bodyString(rollback.body))")
            let rolled = try jsonObject(rollback.body)
            #expect(rolled["from"] as? String == second.id)
            #expect(rolled["to"] as? String == first.id)
        }
        #expect(store.currentID() == first.id)

        let entries = try server.database.ledgerEntries().filter { $0.action != "token.create" }
        let byAction = Dictionary(entries.map { ($0.action, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byAction["api.deploy"]?.actor == "token:release-bot")
        #expect(byAction["api.deploy"]?.subject == "docs")
        #expect(byAction["rollback"]?.actor == "token:ci-core")
        #expect(entries.count == 2)
        for entry in try server.database.ledgerEntries() {
            for secret in [admiral, core] {
                for field in [entry.actor, entry.action, entry.subject, entry.details] {
                    #expect(!field.contains(secret), "ledger entry \(entry.sequence) holds a token secret")
                }
            }
        }
        // The events do not hold them either.
        for event in try server.database.events() {
            #expect(!event.payload.contains(admiral) && !event.payload.contains(core))
        }
        // The chain is intact and signed by the state directory's key.
        let verification = try server.database.verifyLedger(keys: try CertificationLedgerKeyring(store: SigningKeys(stateDirectory: folder.state)))
        #expect(verification.isIntact)
        #expect(verification.signaturesChecked)
        let deployEntry = try #require(byAction["api.deploy"])
        #expect(deployEntry.details.contains("release-bot"))
        #expect(deployEntry.details.contains("admiral"))
    }
}
