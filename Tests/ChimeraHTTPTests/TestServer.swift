import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Request context that remembers the client's port, so a test can tell connections apart.
struct ConnectionContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The remote (client-side) port of the TCP connection the request came on.
    let remotePort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port ?? -1
    }
}

/// Failure to start the test server.
struct TestServerError: Error, CustomStringConvertible {
    var description: String
}

/// Runs a real Hummingbird server on 127.0.0.1 with a kernel-chosen port for the duration of `body`,
/// then shuts it down gracefully.
func withTestServer<T: Sendable>(
    _ router: Router<ConnectionContext>,
    _ body: @Sendable (_ port: Int) async throws -> T
) async throws -> T {
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "chimera-http-test-server")
    logger.logLevel = .warning
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            // Finishing the stream unblocks the wait below if the server fails to start.
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            try await tasks.waitForAll()
            throw TestServerError(description: "the test server did not start listening")
        }
        do {
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
