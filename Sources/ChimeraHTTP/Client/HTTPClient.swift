import NIOPosix

/// Outbound HTTP over libcurl. Blocking calls (`perform`, `performAll`) for threads that may block;
/// async calls (`send`, `sendAll`) run those on a thread pool of their own (`transferThreads`), never on the
/// cooperative pool, and not on `NIOThreadPool.singleton`, which file I/O shares: a transfer blocks its thread for
/// up to its timeout, and requests to this process's own server must never starve the reads that answer them.
public struct HTTPClient: Sendable {
    /// The `User-Agent` sent unless a request gives its own.
    public var userAgent: String

    /// Makes a client; `userAgent` is sent with every request that has no `User-Agent` header.
    public init(userAgent: String = "chimera") {
        self.userAgent = userAgent
    }

    /// Sends one request and waits for the whole response, blocking the calling thread.
    /// Throws only when no HTTP response arrived; HTTP error statuses are returned as responses.
    public func perform(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        let easy = try CurlEasy.make(method: request.method, url: request.url)
        return try easy.perform(request, userAgent: userAgent).get()
    }

    /// Sends one request from async code: the blocking transfer runs on NIO's thread pool.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        return try await HTTPClient.transferThreads.runIfActive { [self] () throws(HTTPClientError) -> HTTPResponse in
            try self.perform(request)
        }
    }

    /// Sends requests one after the other over ONE libcurl handle, blocking the calling thread, so kept-alive
    /// connections are reused (hundreds of probes to one host need one connection, not hundreds).
    /// One result per request, in order; a failure does not stop the rest.
    public func performAll(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, HTTPClientError>] {
        guard let first = requests.first else { return [] }
        let easy: CurlEasy
        do throws(HTTPClientError) {
            easy = try CurlEasy.make(method: first.method, url: first.url)
        } catch {
            return requests.map { request in
                .failure(HTTPClientError(
                    code: error.code, message: error.message, method: request.method, url: RedactedURL(request.url).text))
            }
        }
        return requests.map { easy.perform($0, userAgent: userAgent) }
    }

    /// ``performAll(_:)`` from async code, on NIO's thread pool.
    public func sendAll(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, HTTPClientError>] {
        do {
            return try await HTTPClient.transferThreads.runIfActive { [self] in self.performAll(requests) }
        } catch {
            // Only reached when the thread pool is shut down (or the task was cancelled before starting).
            return requests.map { request in
                .failure(HTTPClientError(
                    code: 0,
                    message: "not sent: the I/O thread pool is not running or the task was cancelled (\(error))",
                    method: request.method, url: RedactedURL(request.url).text))
            }
        }
    }
}

extension HTTPClient {
    /// The threads blocking libcurl transfers run on: 8, started once and kept for the life of the process.
    static let transferThreads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 8)
        pool.start()
        return pool
    }()
}
