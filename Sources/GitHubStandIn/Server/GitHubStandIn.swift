import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// A local stand-in for GitHub's REST API (commit statuses) for tests: a real Hummingbird server on
/// 127.0.0.1 with a kernel-chosen port. Every request is recorded and checked against the contract in
/// `Contract/github-statuses.contract.json`; violations are recorded with their reason and answered the way
/// GitHub would (422 Validation Failed, 401, 404, 400). Tests can script failures with ``failNext(_:status:headers:message:)``.
///
/// ```swift
/// let github = GitHubStandIn()
/// try await github.start()
/// defer { Task { await github.stop() } }   // or call stop() at the end of the test
/// let client = GitHubClient(apiURL: github.url, token: "t")
/// ```
public final class GitHubStandIn: Sendable {
    private let core: StandInCore
    /// The running server: the service group (for a graceful shutdown) and the task that runs it.
    private let server = NIOLockedValueBox<(group: ServiceGroup, task: Task<Void, any Error>)?>(nil)

    /// Makes a stand-in; with `token`, requests must carry exactly that token (`Bearer` or `token` scheme).
    public init(token: String? = nil) {
        core = StandInCore(expectedToken: token)
    }

    deinit {
        // A test that forgot stop(): cancelling the task makes the service group shut the server down.
        server.withLockedValue { $0?.task.cancel() }
    }

    /// The API base URL, e.g. `http://127.0.0.1:54321` (valid after ``start()``).
    public var url: String {
        "http://127.0.0.1:\(port)"
    }

    /// The port the server listens on (0 before ``start()``).
    public var port: Int {
        core.state.withLockedValue { $0.port }
    }

    /// Loads the contract and starts the server; returns once it is listening.
    public func start() async throws {
        let contract = try StandInContract.load()
        core.state.withLockedValue { $0.contract = ContractChecker(contract: contract) }
        guard server.withLockedValue({ $0 == nil }) else {
            throw GitHubStandInError("the stand-in is already running on port \(port); call stop() before starting it again")
        }

        var logger = Logger(label: "github-stand-in")
        logger.logLevel = .warning
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let core = self.core
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await core.respond(to: request) },
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "GitHub stand-in"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        // No signal handling: the test process owns its signals; stop() shuts the group down.
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        // An unstructured (not detached) task: the server must outlive this call, and stop() awaits it.
        let task = Task<Void, any Error> {
            defer { portContinuation.finish() }
            try await group.run()
        }
        server.withLockedValue { $0 = (group, task) }

        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            server.withLockedValue { $0 = nil }
            let reason: String
            switch await task.result {
            case .failure(let error): reason = "\(error)"
            case .success: reason = "the server stopped before listening"
            }
            throw GitHubStandInError("the GitHub stand-in could not start on 127.0.0.1: \(reason)")
        }
        core.state.withLockedValue { $0.port = port }
    }

    /// Shuts the server down gracefully and waits until it has stopped. Recorded data stays readable.
    public func stop() async {
        guard let running = server.withLockedValue({ state in defer { state = nil }; return state }) else { return }
        await running.group.triggerGracefulShutdown()
        _ = await running.task.result
    }

    // MARK: - What was received

    /// Every request received, in order.
    public var requests: [RecordedRequest] {
        core.state.withLockedValue { $0.requests }
    }

    /// Every contract violation found, each naming the request and the reason.
    public var violations: [String] {
        core.state.withLockedValue { $0.violations }
    }

    /// The commit statuses accepted for `sha`, oldest first.
    public func statuses(for sha: String) -> [StandInStatus] {
        core.state.withLockedValue { state in state.statuses.filter { $0.sha.lowercased() == sha.lowercased() } }
    }

    /// The commit comments on `sha`, oldest first, with their latest text.
    public func comments(for sha: String) -> [StandInComment] {
        core.state.withLockedValue { $0.comments.filter { $0.sha == sha } }
    }

    /// Every commit status accepted, oldest first.
    public var allStatuses: [StandInStatus] {
        core.state.withLockedValue { $0.statuses }
    }

    // MARK: - Scripted faults

    /// Answers the next `count` valid requests with `status`, these header fields and a GitHub-style
    /// `{"message": …}` body, e.g. 429 with `retry-after: 1`, 403 with `x-ratelimit-remaining: 0` and
    /// `x-ratelimit-reset`, or 502.
    public func failNext(_ count: Int, status: Int, headers: [String: String] = [:], message: String? = nil) {
        let text = message ?? Self.defaultMessage(for: status)
        let fault = ScriptedFault(status: status, headers: headers, message: text)
        core.state.withLockedValue { $0.faults.append(contentsOf: Array(repeating: fault, count: max(0, count))) }
    }

    /// Forgets recorded requests, violations, statuses and pending faults (the server keeps running).
    public func reset() {
        core.state.withLockedValue { state in
            state.requests.removeAll()
            state.violations.removeAll()
            state.statuses.removeAll()
            state.comments.removeAll()
            state.faults.removeAll()
        }
    }

    private static func defaultMessage(for status: Int) -> String {
        switch status {
        case 403, 429: "API rate limit exceeded for the stand-in's token. (scripted by the test)"
        case 404: "Not Found"
        case 500..<600: "Server Error"
        default: "Scripted failure"
        }
    }
}
