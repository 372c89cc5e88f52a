import Certification
import ChimeraHTTP
import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NodeHosting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real state folder for one test (UUID name), removed with everything in it, read-only releases included.
final class ServerTestFolder: Sendable {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        Self.makeWritable(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Releases are installed 0555/0444: make them writable so the folder can be removed.
    private static func makeWritable(_ folder: String) {
        chmod(folder, 0o755)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            var status = stat()
            if lstat(folder + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { makeWritable(folder + "/" + name) }
        }
    }

    /// The absolute path of `relative` inside the folder.
    func path(_ relative: String = "") -> String { relative.isEmpty ? root : root + "/" + relative }

    /// The state directory the server uses.
    var state: String { path("state") }

    /// Writes a text file, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
}

/// The sites most server tests use: one Netlify site with a domain, deploying `main` to production.
enum TestSites {
    static let repository = "example-org/docs-site"

    static func docs(cloneURL: String = "https://github.com/example-org/docs-site.git") -> SiteConfiguration {
        SiteConfiguration(
            name: "docs",
            repository: repository,
            cloneURL: cloneURL,
            platform: .netlify,
            domains: ["docs.example.org"],
            branches: ["main": "production"]
        )
    }

    static func blog() -> SiteConfiguration {
        SiteConfiguration(
            name: "blog",
            repository: "example-org/blog",
            cloneURL: "https://github.com/example-org/blog.git",
            platform: .netlify,
            domains: ["blog.example.org"],
            branches: ["main": "production", "staging": "staging"]
        )
    }
}

/// Builds the server the way `chimeractl serve` does, over a state folder of the test.
func makeServer(
    _ folder: ServerTestFolder,
    sites: [SiteConfiguration] = [TestSites.docs()],
    enabled: Bool = true,
    secret: String? = "webhook-secret-for-tests"
) throws -> ChimeraApplication {
    var logger = Logger(label: "chimera-server-tests")
    logger.logLevel = .critical
    let settings = ServiceSettings(enabled: enabled, port: 0, stateDirectory: folder.state, webhookSecret: secret)
    return try ChimeraApplication(settings: settings, sites: SitesFile(sites: sites), logger: logger)
}

/// The delivery processor wired as `ChimeraApplication` wires it, with no GitHub client (no statuses posted).
func makeProcessor(_ server: ChimeraApplication) -> DeliveryProcessor {
    DeliveryProcessor(
        settings: server.settings,
        sites: server.sites,
        database: server.database,
        statuses: StatusReporter(client: nil, baseURL: server.settings.baseURL, logger: server.logger),
        logger: server.logger
    )
}

/// The signer of the server's ledger (the key of its state directory).
func ledgerSigner(_ server: ChimeraApplication) throws -> CertificationLedgerSigner {
    CertificationLedgerSigner(key: try SigningKeys(stateDirectory: server.settings.stateDirectory).current())
}

/// A token of `role`, created as `chimeractl tokens create` does; returns its secret.
func makeToken(_ server: ChimeraApplication, name: String, role: APIToken.Role) throws -> String {
    try TokenStore(database: server.database).create(name: name, role: role, actor: "test", signer: try ledgerSigner(server)).secret
}

/// A GitHub push payload as JSON text.
func pushPayload(
    repository: String = TestSites.repository,
    ref: String = "refs/heads/main",
    after: String = "1111111111111111111111111111111111111111",
    deleted: Bool = false
) -> String {
    """
    {"ref":"\(ref)","before":"0000000000000000000000000000000000000000","after":"\(after)","created":false,\
    "deleted":\(deleted),"forced":false,"repository":{"full_name":"\(repository)",\
    "clone_url":"https://github.com/\(repository).git"},"commits":[],"pusher":{"name":"ann"},"sender":{"login":"ann"}}
    """
}

/// Headers GitHub sends with a delivery, signed over `body` with `secret`.
func webhookHeaders(
    body: [UInt8],
    secret: String? = "webhook-secret-for-tests",
    event: String = "push",
    delivery: String? = UUID().uuidString,
    hook: String = "4242",
    contentType: String = "application/json"
) -> HTTPFields {
    var fields = HTTPFields()
    fields[.contentType] = contentType
    fields[HTTPField.Name("X-GitHub-Event")!] = event
    fields[HTTPField.Name("X-GitHub-Hook-ID")!] = hook
    if let delivery { fields[HTTPField.Name("X-GitHub-Delivery")!] = delivery }
    if let secret { fields[HTTPField.Name("X-Hub-Signature-256")!] = WebhookSignature.header(body: body, secret: secret) }
    return fields
}

/// `Authorization: Bearer <secret>` (plus a JSON content type).
func bearer(_ secret: String) -> HTTPFields {
    [.authorization: "Bearer \(secret)", .contentType: "application/json"]
}

/// A response body as text.
func bodyString(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

/// A response body as a JSON object.
func jsonObject(_ buffer: ByteBuffer) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))
    guard let object = value as? [String: Any] else {
        throw SupportError("the body is JSON but not an object: \(String(buffer: buffer))")
    }
    return object
}

/// The `error` message of an error answer: `{"error": "…", "status": N}`, as the OpenAPI document's Error schema says.
func errorMessage(_ buffer: ByteBuffer) throws -> String {
    let object = try jsonObject(buffer)
    guard let message = object["error"] as? String else {
        throw SupportError("the error answer does not follow the Error schema {\"error\": string, \"status\": integer}: \(String(buffer: buffer))")
    }
    return message
}

/// The payload of an event as a JSON object.
func payload(_ event: Event) throws -> [String: Any] {
    (try JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any]) ?? [:]
}

/// A failure of a test helper, with what went wrong.
struct SupportError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Installs the folder `source` as a release of `store` (its manifest is made here; the folder stands in for
/// the staged, certified copy), as the NodeHosting tests do.
func installRelease(_ store: ReleaseStore, source: String, site: String, commit: String = "0123456789abcdef") throws -> Release {
    let manifest = try Manifest.make(folder: source, workers: 1)
    let metadata = ReleaseMetadata(
        site: site,
        platform: .netlify,
        commit: commit,
        context: "production",
        certificateDigest: "c0ffee",
        manifestDigest: manifest.digest,
        options: .init()
    )
    return try store.install(stagedFolder: source, manifest: manifest, metadata: metadata)
}

/// Runs `command` (a real process, such as git) in `directory`; throws with its output when it fails.
@discardableResult
func runProcess(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: output, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw SupportError("\(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(text)")
    }
    return text
}

/// A real git repository with one commit on `main`; returns the commit id.
func makeGitRepository(at path: String) throws -> String {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let git = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main"]
    try runProcess(git + ["init", "-q", "-b", "main"], in: path)
    try Data("<h1>hello</h1>\n".utf8).write(to: URL(fileURLWithPath: path + "/index.html"))
    try runProcess(git + ["add", "index.html"], in: path)
    try runProcess(git + ["commit", "-q", "-m", "first"], in: path)
    return try runProcess(["git", "rev-parse", "HEAD"], in: path).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Runs the router of `server` as a real HTTP server on 127.0.0.1 (a free port), calls `body` with the port,
/// then stops the server.
func withLiveServer(_ server: ChimeraApplication, _ body: @Sendable (Int) async throws -> Void) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let application = Application(
        router: server.router(),
        configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "chimera-test"),
        onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        },
        logger: server.logger
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw SupportError("the test server did not start")
        }
        do {
            try await body(port)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

/// Sends a request with libcurl (ChimeraHTTP), which sends the `Host` given as it is.
func send(
    port: Int,
    _ path: String,
    host: String,
    method: String = "GET",
    headers: [(String, String)] = [],
    timeout: Duration = .seconds(30)
) async throws -> ChimeraHTTP.HTTPResponse {
    let fields = [ChimeraHTTP.HTTPHeader(name: "Host", value: host)] + headers.map { ChimeraHTTP.HTTPHeader(name: $0.0, value: $0.1) }
    return try await HTTPClient().send(
        ChimeraHTTP.HTTPRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: fields, timeout: timeout))
}
