import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /webhooks/github` through the router, then the pipeline's delivery processor over what it stored.
@Suite struct WebhookEndpointTests {
    private let folder: ServerTestFolder

    init() throws { folder = try ServerTestFolder() }

    /// Runs `test` against the router of `server`.
    private func withRouter(
        _ server: ChimeraApplication,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Application(router: server.router()).test(.router) { client in try await test(client) }
    }

    /// Sends a signed delivery; returns the status and the body.
    @discardableResult
    private func deliver(
        _ client: any TestClientProtocol,
        _ body: String,
        event: String = "push",
        delivery: String = UUID().uuidString,
        hook: String = "4242"
    ) async throws -> (HTTPResponse.Status, ByteBuffer) {
        let bytes = Array(body.utf8)
        return try await client.execute(
            uri: "/webhooks/github",
            method: .post,
            headers: webhookHeaders(body: bytes, event: event, delivery: delivery, hook: hook),
            body: ByteBuffer(bytes: bytes)
        ) { response in (response.status, response.body) }
    }

    // MARK: - The endpoint

    @Test func aSignedPushIsStoredAndAnswered202() async throws {
        let server = try makeServer(folder)
        let body = pushPayload()
        try await withRouter(server) { client in
            let (status, answer) = try await deliver(client, body, delivery: "d-push-1")
            #expect(status == .accepted)
            let object = try jsonObject(answer)
            #expect(object["accepted"] as? Bool == true)
            #expect(object["delivery"] as? String == "d-push-1")
        }
        let stored = try server.database.pendingDeliveries()
        #expect(stored.count == 1)
        let delivery = try #require(stored.first)
        #expect(delivery.deliveryID == "d-push-1")
        #expect(delivery.hookID == "4242")
        #expect(delivery.event == "push")
        #expect(delivery.state == .received)
        #expect(delivery.body == Data(body.utf8))
        // The endpoint stores the row only; the intake loop writes `github.webhook.received` when it handles it.
        #expect(try !server.database.events().contains { $0.name == .webhookReceived })
        try await makeProcessor(server).processPending()
        #expect(try server.database.events().contains { $0.name == .webhookReceived })
    }

    @Test func aWrongOrMissingSignatureIsRefused401AndNothingIsStored() async throws {
        let server = try makeServer(folder)
        let bytes = Array(pushPayload().utf8)
        try await withRouter(server) { client in
            var wrong = webhookHeaders(body: bytes, secret: "not-the-secret")
            var response = try await client.execute(uri: "/webhooks/github", method: .post, headers: wrong, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unauthorized)
            #expect(try errorMessage(response.body).contains("X-Hub-Signature-256"))

            // Signed right, but over other bytes than those sent.
            wrong = webhookHeaders(body: bytes)
            response = try await client.execute(
                uri: "/webhooks/github", method: .post, headers: wrong, body: ByteBuffer(bytes: bytes + Array(" ".utf8)))
            #expect(response.status == .unauthorized)

            let missing = webhookHeaders(body: bytes, secret: nil)
            response = try await client.execute(uri: "/webhooks/github", method: .post, headers: missing, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unauthorized)
        }
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    @Test func withoutASecretEveryDeliveryIsRefusedNamingTheVariable() async throws {
        let server = try makeServer(folder, secret: nil)
        try await withRouter(server) { client in
            let bytes = Array(pushPayload().utf8)
            let response = try await client.execute(
                uri: "/webhooks/github", method: .post, headers: webhookHeaders(body: bytes), body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unauthorized)
            #expect(try errorMessage(response.body).contains("GITHUB_WEBHOOK_SECRET"))
        }
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    @Test func aPingIsAnswered200() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            let (status, answer) = try await deliver(client, #"{"zen":"Keep it simple.","hook_id":4242}"#, event: "ping", delivery: "d-ping")
            #expect(status == .ok)
            let object = try jsonObject(answer)
            #expect(object["ok"] as? Bool == true)
            #expect(object["event"] as? String == "ping")
        }
        // The ping is processed without a deploy or an "ignored" event.
        #expect(try await makeProcessor(server).processPending() == 1)
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        #expect(try !server.database.events().contains { $0.name == .webhookIgnored })
    }

    @Test func aRedeliveryIsAcknowledgedAsADuplicateAndStoredOnce() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            let first = try await deliver(client, pushPayload(), delivery: "d-same", hook: "77")
            #expect(first.0 == .accepted)
            let second = try await deliver(client, pushPayload(), delivery: "d-same", hook: "77")
            #expect(second.0 == .ok)
            let object = try jsonObject(second.1)
            #expect(object["duplicate"] as? Bool == true)
            #expect(object["accepted"] as? Bool == true)
            // The same delivery id from another hook is another delivery.
            let other = try await deliver(client, pushPayload(), delivery: "d-same", hook: "78")
            #expect(other.0 == .accepted)
        }
        let stored = try server.database.pendingDeliveries()
        #expect(stored.filter { $0.hookID == "77" }.count == 1)
        #expect(stored.count == 2)
    }

    @Test func aFormEncodedDeliveryIsVerifiedOverTheRawBodyAndStoredAsJSON() async throws {
        let server = try makeServer(folder)
        let json = pushPayload()
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let form = "payload=" + (json.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        #expect(form.contains("%7B"))
        let bytes = Array(form.utf8)
        try await withRouter(server) { client in
            let headers = webhookHeaders(body: bytes, delivery: "d-form", contentType: "application/x-www-form-urlencoded")
            let response = try await client.execute(uri: "/webhooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .accepted)

            // A signature over the decoded JSON instead of the raw form body does not verify.
            let overJSON = webhookHeaders(body: Array(json.utf8), delivery: "d-form-2", contentType: "application/x-www-form-urlencoded")
            let refused = try await client.execute(uri: "/webhooks/github", method: .post, headers: overJSON, body: ByteBuffer(bytes: bytes))
            #expect(refused.status == .unauthorized)
        }
        let delivery = try #require(try server.database.pendingDeliveries().first)
        #expect(delivery.deliveryID == "d-form")
        #expect(String(decoding: delivery.body, as: UTF8.self) == json)
    }

    @Test func aBodyThatIsNeitherJSONNorFormIsRefused400() async throws {
        let server = try makeServer(folder)
        let bytes = Array(pushPayload().utf8)
        try await withRouter(server) { client in
            let headers = webhookHeaders(body: bytes, contentType: "text/plain")
            let response = try await client.execute(uri: "/webhooks/github", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .badRequest)
            #expect(try errorMessage(response.body).contains("application/json"))
        }
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    @Test func aDeliveryClaimingMoreThan25MBIsRefused413() async throws {
        let server = try makeServer(folder)
        try await withRouter(server) { client in
            var headers = webhookHeaders(body: [])
            headers[.contentLength] = String(25 * 1024 * 1024 + 1)
            let response = try await client.execute(uri: "/webhooks/github", method: .post, headers: headers)
            #expect(response.status == .contentTooLarge)
            #expect(try errorMessage(response.body).contains("25 MB"))
        }
    }

    @Test func aRealBodyOver25MBIsRefused413() async throws {
        let server = try makeServer(folder)
        // Valid JSON, correctly signed: only its size is wrong.
        let padding = String(repeating: "a", count: 25 * 1024 * 1024)
        let bytes = Array(#"{"zen":""#.utf8) + Array(padding.utf8) + Array(#""}"#.utf8)
        try await withRouter(server) { client in
            let response = try await client.execute(
                uri: "/webhooks/github", method: .post, headers: webhookHeaders(body: bytes, event: "ping"), body: ByteBuffer(bytes: bytes))
            #expect(response.status == .contentTooLarge)
        }
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    @Test func aDeliveryWithoutItsIDIsRefused400() async throws {
        let server = try makeServer(folder)
        let bytes = Array(pushPayload().utf8)
        try await withRouter(server) { client in
            let response = try await client.execute(
                uri: "/webhooks/github", method: .post, headers: webhookHeaders(body: bytes, delivery: nil), body: ByteBuffer(bytes: bytes))
            #expect(response.status == .badRequest)
            #expect(try errorMessage(response.body).contains("X-GitHub-Delivery"))
        }
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    // MARK: - From stored delivery to deploy

    /// Delivers each body through the endpoint, then runs the processor once.
    private func deliverAndProcess(_ server: ChimeraApplication, _ bodies: [String], event: String = "push") async throws {
        try await withRouter(server) { client in
            for body in bodies {
                let (status, _) = try await deliver(client, body, event: event)
                #expect(status == .accepted)
            }
        }
        #expect(try await makeProcessor(server).processPending() == bodies.count)
        #expect(try server.database.pendingDeliveries().isEmpty)
    }

    /// The reasons of the `github.webhook.ignored` events.
    private func ignoredReasons(_ server: ChimeraApplication) throws -> [String] {
        try server.database.events().filter { $0.name == .webhookIgnored }.map { try payload($0)["reason"] as? String ?? "" }
    }

    @Test func aPushToADeployingBranchBecomesAQueuedDeploy() async throws {
        let server = try makeServer(folder)
        let commit = "2222222222222222222222222222222222222222"
        try await deliverAndProcess(server, [pushPayload(after: commit)])
        let deploys = try DeployQueue(database: server.database).deploys()
        #expect(deploys.count == 1)
        let deploy = try #require(deploys.first)
        #expect(deploy.site == "docs")
        #expect(deploy.context == "production")
        #expect(deploy.branch == "main")
        #expect(deploy.commit == commit)
        #expect(deploy.repository == TestSites.repository)
        #expect(deploy.state == .queued)
        #expect(deploy.trigger.rawValue.hasPrefix("webhook:"))
        let initiated = try server.database.events().filter { $0.name == .deployInitiated }
        #expect(initiated.count == 1)
        #expect(initiated.first?.deployID == deploy.id)
        #expect(try ignoredReasons(server).isEmpty)
        // The delivery is marked processed with the deploy it started.
        let delivery = try #require(try server.database.delivery(sequence: 1))
        #expect(delivery.state == .processed)
        #expect(delivery.deployID == deploy.id)
    }

    @Test func aBranchDeletionIsIgnoredWithTheReason() async throws {
        let server = try makeServer(folder)
        try await deliverAndProcess(server, [
            pushPayload(after: "0000000000000000000000000000000000000000", deleted: true),
            pushPayload(after: "0000000000000000000000000000000000000000", deleted: false),
        ])
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        let reasons = try ignoredReasons(server)
        #expect(reasons.count == 2)
        #expect(reasons.allSatisfy { $0.contains("branch deletion") })
        #expect(try server.database.delivery(sequence: 1)?.state == .ignored)
    }

    @Test func aPushToABranchNoSiteDeploysIsIgnoredWithTheReason() async throws {
        let server = try makeServer(folder)
        try await deliverAndProcess(server, [pushPayload(ref: "refs/heads/feature/x")])
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        let reasons = try ignoredReasons(server)
        #expect(reasons == ["no site deploys branch feature/x of \(TestSites.repository) (sites: docs)"])
        let delivery = try #require(try server.database.delivery(sequence: 1))
        #expect(delivery.state == .ignored)
        #expect(delivery.reason == reasons.first)
    }

    @Test func aPushToARepositoryNoSiteDeploysIsIgnored() async throws {
        let server = try makeServer(folder)
        try await deliverAndProcess(server, [pushPayload(repository: "someone/else")])
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        #expect(try ignoredReasons(server) == ["no site in the sites file deploys someone/else"])
    }

    @Test func aTagPushIsIgnored() async throws {
        let server = try makeServer(folder)
        try await deliverAndProcess(server, [pushPayload(ref: "refs/tags/v1.0")])
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        #expect(try ignoredReasons(server) == ["refs/tags/v1.0 is not a branch: only branch pushes deploy"])
    }

    @Test func anEventOtherThanPushIsIgnored() async throws {
        let server = try makeServer(folder)
        try await deliverAndProcess(server, [#"{"action":"opened"}"#], event: "issues")
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        #expect(try ignoredReasons(server).first?.contains("'issues'") == true)
    }

    @Test func whileDisabledAPushIsRecordedButIgnored() async throws {
        let server = try makeServer(folder, enabled: false)
        try await deliverAndProcess(server, [pushPayload()])
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        let reasons = try ignoredReasons(server)
        #expect(reasons.count == 1)
        #expect(reasons.first?.hasPrefix("CHIMERA_ENABLED=false") == true)
        #expect(try server.database.delivery(sequence: 1)?.state == .ignored)
    }

    @Test func aSecondCommitSupersedesTheQueuedFirst() async throws {
        let server = try makeServer(folder)
        let first = "3333333333333333333333333333333333333333"
        let second = "4444444444444444444444444444444444444444"
        try await deliverAndProcess(server, [pushPayload(after: first)])
        try await deliverAndProcess(server, [pushPayload(after: second)])
        let deploys = try DeployQueue(database: server.database).deploys()
        #expect(deploys.count == 2)
        let old = try #require(deploys.first { $0.commit == first })
        let new = try #require(deploys.first { $0.commit == second })
        #expect(old.state == .superseded)
        #expect(old.finishedAt != nil)
        #expect(new.state == .queued)
        let superseded = try server.database.events().filter { $0.name == .deploySuperseded }
        #expect(superseded.count == 1)
        #expect(superseded.first?.deployID == old.id)
        #expect(try superseded.first.map(payload)?["superseded_by"] as? String == new.id)
    }

    @Test func aPushForTwoContextsOfDifferentSitesQueuesOneDeployEach() async throws {
        let staging = SiteConfiguration(
            name: "docs-staging",
            repository: TestSites.repository,
            cloneURL: "https://github.com/example-org/docs-site.git",
            platform: .netlify,
            branches: ["main": "staging"]
        )
        let server = try makeServer(folder, sites: [TestSites.docs(), staging, TestSites.blog()])
        try await deliverAndProcess(server, [pushPayload()])
        let deploys = try DeployQueue(database: server.database).deploys()
        #expect(Set(deploys.map(\.site)) == ["docs", "docs-staging"])
        #expect(Set(deploys.map(\.context)) == ["production", "staging"])
    }
}
