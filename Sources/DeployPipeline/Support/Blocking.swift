import Dispatch

/// Runs blocking work (libgit2, builds, hashing, file copies, libcurl) on Dispatch's threads, never on the
/// cooperative pool, whose few threads must stay free for request handling.
enum Blocking {
    /// Runs `work` on a global queue and returns its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
