import GitHubAPI
import Logging

/// Posts the commit statuses of a deploy (`chimera/simulate`, `chimera/certify`, `chimera/deploy/<target>`).
///
/// A status is a report, not part of the deploy: when GitHub cannot be reached after the client's retries, the
/// failure is logged and the deploy carries on. Without `GITHUB_TOKEN` nothing is posted.
public struct StatusReporter: Sendable {
    /// The client, or nil when no token is configured.
    public var client: GitHubClient?
    /// The base of `target_url` links: `<base>/api/chimera/deploys/<id>`.
    public var baseURL: String
    /// Where failures are logged.
    public var logger: Logger

    /// Creates a reporter.
    public init(client: GitHubClient?, baseURL: String, logger: Logger) {
        self.client = client
        self.baseURL = baseURL
        self.logger = logger
    }

    /// The status contexts.
    public enum Context {
        /// The simulation.
        public static let simulate = "chimera/simulate"
        /// The certification.
        public static let certify = "chimera/certify"
        /// The deploy to `target` and its live verification.
        public static func deploy(_ target: String) -> String { "chimera/deploy/\(target)" }
    }

    /// Posts `state` for `context` on the deploy's commit, unless that exact status was the last one posted.
    public func post(
        repository: String,
        commit: String,
        deployID: String,
        context: String,
        state: CommitStatus.State,
        description: String,
        progress: inout DeployProgress
    ) async {
        var posted = progress.statuses ?? [:]
        let key = state.rawValue + " " + description
        if posted[context] == key { return }
        posted[context] = key
        progress.statuses = posted
        guard let client else { return }
        let status = CommitStatus(state: state, context: context, description: description, targetURL: "\(baseURL)/api/chimera/deploys/\(deployID)")
        do {
            _ = try await client.createStatus(repository: repository, sha: commit, status: status)
        } catch {
            logger.warning("commit status not posted", metadata: ["deploy": "\(deployID)", "context": "\(context)", "error": "\(error)"])
        }
    }

    /// Gives every context still pending a final `error` state (superseded, quarantined, failed or crashed
    /// deploys must leave nothing pending on the commit).
    public func finishPending(repository: String, commit: String, deployID: String, description: String, progress: inout DeployProgress) async {
        for (context, last) in (progress.statuses ?? [:]).sorted(by: { $0.key < $1.key }) where last.hasPrefix("pending") {
            await post(repository: repository, commit: commit, deployID: deployID, context: context, state: .error, description: description, progress: &progress)
        }
    }
}
