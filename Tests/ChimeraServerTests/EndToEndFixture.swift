import ChimeraHTTP
import ChimeraStore
import Foundation
import GitHubAPI
import Testing

/// A temporary folder with a Netlify-style site in a real git repository, the state directory, and the sites
/// file naming the repository; plus signed push deliveries for its commits.
struct EndToEndFixture {
    let root: String
    var repository: String { root + "/docs-site" }
    var state: String { root + "/state" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main", repository)
    }

    func remove() {
        // Releases are read-only (0444 files, 0555 folders): make them writable before removing.
        _ = try? run("/bin/chmod", ["-R", "u+w", root])
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The sites file for the repository, deploying `main` to production on the node target.
    var sitesFile: String {
        """
        [[site]]
        name = "docs"
        repository = "example-org/docs-site"
        clone_url = "file://\(repository)"
        platform = "netlify"
        domains = ["docs.example.test"]
        [site.branches]
        main = "production"
        [[site.target]]
        kind = "node"

        """
    }

    /// Writes the site (its pages are copied into `public` by a build command, run in the sandbox) with these
    /// `_redirects`, commits, and returns the commit id.
    func commitSite(redirects: String, message: String, buildCommand: String = "mkdir -p public && cp -r pages/. public/") throws -> String {
        try write("netlify.toml", "[build]\ncommand = \"\(buildCommand)\"\npublish = \"public\"\n")
        try write("pages/index.html", "<html><body><a href=\"/new/\">new</a></body></html>\n")
        try write("pages/new/index.html", "<html><body>the new page</body></html>\n")
        try write("pages/404.html", "<html><body>not here</body></html>\n")
        try write("pages/_redirects", redirects)
        try write("pages/_headers", "/*\n  X-Frame-Options: DENY\n")
        try git("add", "-A", in: repository)
        try git("commit", "-q", "-m", message, in: repository)
        return try git("rev-parse", "HEAD", in: repository)
    }

    /// A signed `push` delivery of `commit` to `main`, as GitHub sends it.
    func push(commit: String, delivery: String, base: String) throws -> ChimeraHTTP.HTTPRequest {
        let payload: [String: Any] = [
            "ref": "refs/heads/main",
            "before": String(repeating: "0", count: 40),
            "after": commit,
            "created": false,
            "deleted": false,
            "forced": false,
            "repository": [
                "id": 1, "name": "docs-site", "full_name": "example-org/docs-site", "private": false,
                "clone_url": "https://github.com/example-org/docs-site.git", "html_url": "https://github.com/example-org/docs-site",
                "default_branch": "main", "owner": ["login": "example-org", "id": 2],
            ],
            "pusher": ["name": "dev", "email": "dev@example.test"],
            "sender": ["login": "dev", "id": 3],
            "head_commit": ["id": commit, "message": "update", "timestamp": "2026-11-25T00:00:00Z"],
            "commits": [["id": commit, "message": "update"]],
        ]
        let body = Array(try JSONSerialization.data(withJSONObject: payload))
        return ChimeraHTTP.HTTPRequest(
            method: "POST",
            url: base + "/webhooks/github",
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "X-GitHub-Event", value: "push"),
                HTTPHeader(name: "X-GitHub-Delivery", value: delivery),
                HTTPHeader(name: "X-GitHub-Hook-ID", value: "4242"),
                HTTPHeader(name: "X-Hub-Signature-256", value: WebhookSignature.header(body: body, secret: EndToEndTests.secret)),
            ],
            body: body
        )
    }

    /// Waits until `count` deploys exist and all are final (succeeded, failed, superseded or quarantined),
    /// oldest first; fails the test after two minutes (a build in the sandbox takes a fraction of a second).
    func waitForFinalDeploys(_ database: ChimeraDatabase, count: Int) async throws -> [Deploy] {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let deploys = try DeployQueue(database: database).deploys(limit: 100)
            if deploys.count >= count, deploys.allSatisfy({ $0.state.isFinal || $0.state == .quarantined }) {
                return deploys.sorted { $0.createdAt < $1.createdAt }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let states = try DeployQueue(database: database).deploys(limit: 100).map { "\($0.id) \($0.state.rawValue) at \($0.stage.rawValue)" }
        Issue.record("deploys did not finish: \(states)")
        throw CancellationError()
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: repository + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @discardableResult
    func git(_ arguments: String..., in folder: String? = nil) throws -> String {
        var all = ["-c", "user.name=Chimera Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false"]
        if let folder { all += ["-C", folder] }
        return try run("/usr/bin/env", ["git"] + all + arguments)
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureFailure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var description: String
}

import ChimeraServer
import GitHubStandIn
import DeployPipeline
import Logging
import ServiceLifecycle

extension EndToEndFixture {
    /// Settings for a server on a free port of 127.0.0.1 with this fixture's state directory, the tests' webhook
    /// secret, and commit statuses posted to `github` with the tests' token.
    func settings(reportingTo github: GitHubStandIn) -> ServiceSettings {
        ServiceSettings(
            host: "127.0.0.1",
            port: 0,
            stateDirectory: state,
            webhookSecret: EndToEndTests.secret,
            githubToken: EndToEndTests.token,
            githubAPIURL: github.url
        )
    }

    /// Runs the server (with its pipeline) on a free port of 127.0.0.1 for `body`, which gets the server and its
    /// base URL, then shuts it down gracefully.
    static func withServer(
        settings: ServiceSettings,
        sites: SitesFile,
        logLevel: Logger.Level = .warning,
        _ body: @Sendable (ChimeraApplication, String) async throws -> Void
    ) async throws {
        var logger = Logger(label: "chimera-test")
        logger.logLevel = logLevel
        let server = try ChimeraApplication(settings: settings, sites: sites, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            services: [server.application { portContinuation.yield($0) }],
            gracefulShutdownSignals: [],
            cancellationSignals: [],
            logger: logger
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(server, "http://127.0.0.1:\(port)")
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
