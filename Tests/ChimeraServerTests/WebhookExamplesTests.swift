import ChimeraHTTP
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing

/// The files of `webhooks/`: the example deliveries go to a real server, signed as the README says, and
/// `create-webhook.sh` sends its request to a local stand-in for GitHub's hooks endpoint.
@Suite(.serialized) struct WebhookExamplesTests {
    static let secret = "examples-webhook-secret"
    /// The `after` of `push.json`: the tests put a real commit in its place.
    static let exampleAfter = "9c4e1f0a7b2d5e8c3f6a9b1d4e7c0f2a5b8d1e3f"

    /// The package root, found from this file (`Tests/ChimeraServerTests/…`).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The bytes of `webhooks/examples/NAME`, exactly as in the repository.
    static func example(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/webhooks/examples/" + name)))
    }

    /// A delivery of `body` as GitHub sends it, signed with `secret`.
    static func delivery(_ body: [UInt8], event: String, id: String, base: String, secret: String = Self.secret) -> ChimeraHTTP.HTTPRequest {
        ChimeraHTTP.HTTPRequest(
            method: "POST",
            url: base + "/webhooks/github",
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "X-GitHub-Event", value: event),
                HTTPHeader(name: "X-GitHub-Delivery", value: id),
                HTTPHeader(name: "X-GitHub-Hook-ID", value: "481516234"),
                HTTPHeader(name: "X-Hub-Signature-256", value: WebhookSignature.header(body: body, secret: secret)),
            ],
            body: body
        )
    }

    static func object(_ body: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    // MARK: - The example deliveries

    @Test func theExamplesParseAsThePayloadsGitHubSends() throws {
        let ping = try JSONDecoder().decode(PingEvent.self, from: Data(try Self.example("ping.json")))
        #expect(ping.hookID == 481_516_234)
        let push = try JSONDecoder().decode(PushEvent.self, from: Data(try Self.example("push.json")))
        #expect(push.repository.fullName == "example-org/docs-site")
        #expect(push.branch == "main")
        #expect(push.after == Self.exampleAfter)
        #expect(push.headCommit?.id == push.after)
        #expect(push.commitCount == 2)
        #expect(!push.isDeletion)
        #expect(push.pusherName == "ann-example")
        // About the size of a real push delivery (GitHub's are several KB: the repository alone has ~90 fields).
        #expect(try Self.example("push.json").count > 5_000)
    }

    @Test func theOpensslCommandOfTheReadmeSignsAsGitHubDoes() throws {
        let readme = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.packageRoot + "/webhooks/examples/README.md")), as: UTF8.self)
        // The README's own command, run by sh in the examples folder.
        let line = try #require(readme.split(separator: "\n").first { $0.contains("openssl dgst") && $0.contains("push.json") })
        let start = try #require(line.range(of: "$(openssl"))
        let end = try #require(line.range(of: "-f2)", range: start.upperBound..<line.endIndex))
        let command = "printf %s " + line[start.lowerBound..<end.upperBound]
        let signature = try runProcess(["env", "SECRET=\(Self.secret)", "sh", "-c", String(command)], in: Self.packageRoot + "/webhooks/examples")
        #expect("sha256=" + signature == WebhookSignature.header(body: try Self.example("push.json"), secret: Self.secret))
    }

    @Test func thePingExampleIsAnswered200AndAWrongSecret401() async throws {
        let folder = try ServerTestFolder()
        let settings = ServiceSettings(port: 0, stateDirectory: folder.state, webhookSecret: Self.secret)
        try await EndToEndFixture.withServer(settings: settings, sites: SitesFile(sites: [TestSites.docs()])) { _, base in
            let ping = try Self.example("ping.json")
            let answer = try await HTTPClient().send(Self.delivery(ping, event: "ping", id: "ping-1", base: base))
            #expect(answer.status == 200)
            let object = try Self.object(answer.body)
            #expect(object["ok"] as? Bool == true)
            #expect(object["event"] as? String == "ping")
            #expect(object["delivery"] as? String == "ping-1")

            let refused = try await HTTPClient().send(Self.delivery(ping, event: "ping", id: "ping-2", base: base, secret: "another-secret"))
            #expect(refused.status == 401)
        }
    }

    @Test func thePushExampleDeploysTheCommitItNamesOnARealServer() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let commit = try fixture.commitSite(redirects: "/old /new/ 301\n", message: "The example's push")
        let text = String(decoding: try Self.example("push.json"), as: UTF8.self)
        #expect(text.contains(Self.exampleAfter))
        let body = Array(text.replacingOccurrences(of: Self.exampleAfter, with: commit).utf8)

        let settings = ServiceSettings(port: 0, stateDirectory: fixture.state, webhookSecret: Self.secret)
        let sites = try SitesFile.parse(fixture.sitesFile, path: "chimera.toml")
        try await EndToEndFixture.withServer(settings: settings, sites: sites) { server, base in
            let http = HTTPClient()
            let accepted = try await http.send(Self.delivery(body, event: "push", id: "push-1", base: base))
            #expect(accepted.status == 202)
            #expect(try Self.object(accepted.body)["accepted"] as? Bool == true)

            let deploys = try await fixture.waitForFinalDeploys(server.database, count: 1)
            let deploy = try #require(deploys.first)
            #expect(deploy.state == .succeeded, "\(deploy.lastError ?? "")")
            #expect(deploy.repository == "example-org/docs-site")
            #expect(deploy.branch == "main")
            #expect(deploy.commit == commit)
            #expect(deploy.trigger == .webhook("push-1"))
            #expect(try server.database.delivery(sequence: 1)?.state == .processed)

            // The deployed site answers on the node with its rules.
            let old = try await http.send(
                ChimeraHTTP.HTTPRequest(url: base + "/old", headers: [HTTPHeader(name: "Host", value: "docs.example.test")]))
            #expect(old.status == 301)
            #expect(old.value(for: "Location") == "/new/")

            // GitHub's Redeliver sends the same delivery id: acknowledged, not deployed again.
            let again = try await http.send(Self.delivery(body, event: "push", id: "push-1", base: base))
            #expect(again.status == 200)
            #expect(try Self.object(again.body)["duplicate"] as? Bool == true)
            #expect(try DeployQueue(database: server.database).deploys(limit: 10).count == 1)
        }
    }

    @Test func thePushExampleIsIgnoredWithTheReasonWhenNoSiteDeploysItsRepository() async throws {
        let folder = try ServerTestFolder()
        let server = try makeServer(folder, sites: [TestSites.blog()], secret: Self.secret)
        let body = try Self.example("push.json")
        try await withLiveServer(server) { port in
            let answer = try await HTTPClient().send(Self.delivery(body, event: "push", id: "push-unknown", base: "http://127.0.0.1:\(port)"))
            #expect(answer.status == 202)
        }
        #expect(try await makeProcessor(server).processPending() == 1)
        let delivery = try #require(try server.database.delivery(sequence: 1))
        #expect(delivery.state == .ignored)
        #expect(delivery.reason == "no site in the sites file deploys example-org/docs-site")
        #expect(try DeployQueue(database: server.database).deploys().isEmpty)
        let ignored = try #require(try server.database.events().first { $0.name == .webhookIgnored })
        #expect(ignored.site == "example-org/docs-site")
        #expect(ignored.commit == Self.exampleAfter)
    }

    // MARK: - create-webhook.sh

    static let token = "ghp_createWebhookTestToken0123456789"
    static let hookSecret = #"hook "secret" \ with quotes"#

    @Test func createWebhookPostsGitHubsRequestForAPushHook() async throws {
        let github = HooksStandIn(status: .created, answer: #"{"type":"Repository","id":12345678,"name":"web","active":true}"#)
        let result = try await github.run { base in
            try await Self.runScript(["example-org/docs-site", "https://chimera.example.org/webhooks/github"], api: base + "/")
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("created webhook 12345678 on example-org/docs-site"))
        #expect(!result.stdout.contains(Self.token) && !result.stderr.contains(Self.token))
        #expect(!result.stdout.contains(Self.hookSecret) && !result.stderr.contains(Self.hookSecret))

        let requests = github.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/repos/example-org/docs-site/hooks")
        #expect(request.headers["accept"] == "application/vnd.github+json")
        #expect(request.headers["x-github-api-version"] == "2022-11-28")
        #expect(request.headers["authorization"] == "Bearer \(Self.token)")
        #expect(request.headers["content-type"] == "application/json")

        let body = try Self.object(request.body)
        #expect(Set(body.keys) == ["name", "active", "events", "config"])
        #expect(body["name"] as? String == "web")
        #expect(body["active"] as? Bool == true)
        #expect(body["events"] as? [String] == ["push"])
        let config = try #require(body["config"] as? [String: Any])
        #expect(Set(config.keys) == ["url", "content_type", "secret", "insecure_ssl"])
        #expect(config["url"] as? String == "https://chimera.example.org/webhooks/github")
        #expect(config["content_type"] as? String == "json")
        #expect(config["secret"] as? String == Self.hookSecret)
        #expect(config["insecure_ssl"] as? String == "0")
    }

    @Test func createWebhookShowsGitHubsMessageAndExits1WhenRefused() async throws {
        let answer = #"""
            {"message":"Validation Failed","errors":[{"resource":"Hook","code":"custom","message":"Hook already exists on this repository"}],"documentation_url":"https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook","status":"422"}
            """#
        let github = HooksStandIn(status: .unprocessableContent, answer: answer)
        let result = try await github.run { base in
            try await Self.runScript(["example-org/docs-site", "https://chimera.example.org/webhooks/github"], api: base)
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("422"))
        #expect(result.stderr.contains("Hook already exists on this repository"))
        #expect(!result.stdout.contains(Self.token) && !result.stderr.contains(Self.token))
        #expect(!result.stderr.contains(Self.hookSecret))
        #expect(github.requests.count == 1)
    }

    @Test func createWebhookExits2OnBadUsageWithoutSendingAnything() async throws {
        let github = HooksStandIn(status: .created, answer: "{}")
        try await github.run { base in
            let noArguments = try await Self.runScript([], api: base)
            #expect(noArguments.status == 2)
            #expect(noArguments.stderr.contains("usage:"))
            let notARepository = try await Self.runScript(["docs-site", "https://chimera.example.org/webhooks/github"], api: base)
            #expect(notARepository.status == 2)
            #expect(notARepository.stderr.contains("OWNER/REPO"))
            let notAURL = try await Self.runScript(["example-org/docs-site", "chimera.example.org"], api: base)
            #expect(notAURL.status == 2)
            let noSecret = try await Self.runScript(["example-org/docs-site", "https://chimera.example.org/webhooks/github"], api: base, secret: nil)
            #expect(noSecret.status == 2)
            #expect(noSecret.stderr.contains("GITHUB_WEBHOOK_SECRET"))
        }
        #expect(github.requests.isEmpty)
    }

    /// What the script printed and how it exited.
    struct ScriptResult: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `webhooks/create-webhook.sh` with a clean environment, off the cooperative pool (it waits for curl).
    static func runScript(_ arguments: [String], api: String, secret: String? = Self.hookSecret) async throws -> ScriptResult {
        let folder = try ServerTestFolder()
        var variables = ["PATH": "/usr/local/bin:/usr/bin:/bin", "TMPDIR": folder.root, "GITHUB_API_URL": api, "GITHUB_TOKEN": Self.token]
        if let secret { variables["GITHUB_WEBHOOK_SECRET"] = secret }
        let environment = variables
        let script = packageRoot + "/webhooks/create-webhook.sh"
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/sh")
                    process.arguments = [script] + arguments
                    process.environment = environment
                    let stdout = folder.path("stdout"), stderr = folder.path("stderr")
                    _ = FileManager.default.createFile(atPath: stdout, contents: nil)
                    _ = FileManager.default.createFile(atPath: stderr, contents: nil)
                    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
                    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    process.waitUntilExit()
                    let out = String(decoding: try Data(contentsOf: URL(fileURLWithPath: stdout)), as: UTF8.self)
                    let err = String(decoding: try Data(contentsOf: URL(fileURLWithPath: stderr)), as: UTF8.self)
                    // The script removes its own temporary folder.
                    let left = try FileManager.default.contentsOfDirectory(atPath: folder.root).filter { $0.hasPrefix("create-webhook.") }
                    continuation.resume(returning: ScriptResult(status: process.terminationStatus, stdout: out, stderr: err + (left.isEmpty ? "" : "\nleft behind: \(left)")))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// A stand-in for GitHub's `POST /repos/{owner}/{repo}/hooks` on 127.0.0.1: answers every request with one
/// status and body, and records each request (method, path, headers in lower case, body).
final class HooksStandIn: Sendable {
    struct Recorded: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
    }

    let status: HTTPResponse.Status
    let answer: String
    private let recorded = Mutex<[Recorded]>([])

    init(status: HTTPResponse.Status, answer: String) {
        self.status = status
        self.answer = answer
    }

    var requests: [Recorded] { recorded.withLock { $0 } }

    /// Runs the stand-in for `body`, which gets its base URL (`http://127.0.0.1:PORT`).
    @discardableResult
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.on("**", method: .post) { request, context in try await self.record(request, context: context) }
        router.on("**", method: .get) { request, context in try await self.record(request, context: context) }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Quiet: cancelling the server at the end of a test is logged as errors otherwise.
        var logger = Logger(label: "github-hooks-stand-in")
        logger.logLevel = .critical
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "github-hooks-stand-in"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw SupportError("the hooks stand-in did not start")
            }
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private func record(_ request: Request, context: some RequestContext) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        recorded.withLock {
            $0.append(Recorded(method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer: buffer)))
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer))
        )
    }
}
