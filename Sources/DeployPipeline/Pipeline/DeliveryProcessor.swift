import ChimeraStore
import Foundation
import GitHubAPI
import Logging
import Synchronization

/// Turns stored webhook deliveries into deploys: a push to a branch a site deploys becomes a queued deploy;
/// everything else is acknowledged and recorded as ignored, with the reason.
///
/// The webhook endpoint only verifies, stores and answers (fast, and durable before the 202); the reading and
/// matching happen here, off the request path.
public struct DeliveryProcessor: Sendable {
    /// The service's settings (`CHIMERA_ENABLED`).
    public var settings: ServiceSettings
    /// The sites.
    public var sites: SitesFile
    /// The store.
    public var database: ChimeraDatabase
    /// Posts the first pending statuses and the final state of superseded deploys.
    public var statuses: StatusReporter
    /// Logs.
    public var logger: Logger
    /// Failed attempts per delivery sequence, for quarantine.
    private let failures = FailureCounts()

    /// Creates a processor.
    public init(settings: ServiceSettings, sites: SitesFile, database: ChimeraDatabase, statuses: StatusReporter, logger: Logger) {
        self.settings = settings
        self.sites = sites
        self.database = database
        self.statuses = statuses
        self.logger = logger
    }

    /// How many times a delivery's handling may fail before it is quarantined.
    public static let maxFailures = 3

    /// Processes every stored, unprocessed delivery, oldest first; returns how many were processed.
    ///
    /// A delivery whose handling throws is tried again on the next pass; after ``maxFailures`` failures it is
    /// quarantined with its error (`chimeractl quarantine list`), so one bad delivery never blocks the others.
    @discardableResult
    public func processPending(limit: Int = 200) async throws -> Int {
        let database = self.database
        // While disabled, a page is one cheap transaction: take a large one, so the intake's commits (which share
        // the one writer) are interrupted rarely.
        let pageSize = settings.enabled ? limit : max(limit, 5000)
        let deliveries = try await Blocking.run { try database.pendingDeliveries(limit: pageSize) }
        guard !deliveries.isEmpty else { return 0 }
        if !settings.enabled {
            // Nothing runs: the whole page is acknowledged as ignored in one transaction (one fsync), without reading
            // the payloads, and told by one event for the page (the rows themselves record each delivery).
            let reason = "CHIMERA_ENABLED=false: recorded, nothing runs"
            let page = IgnoredPage(
                reason: reason,
                deliveries: deliveries.count,
                firstSequence: deliveries.first?.sequence ?? 0,
                lastSequence: deliveries.last?.sequence ?? 0
            )
            var marks = deliveries.map { ChimeraDatabase.DeliveryMark(sequence: $0.sequence, state: .ignored, reason: reason, events: []) }
            marks[marks.count - 1].events = [try Event(.webhookIgnored, payload: page)]
            let written = marks
            try await Blocking.run { try database.markDeliveries(written) }
            return deliveries.count
        }
        for delivery in deliveries {
            do {
                try await process(delivery)
            } catch {
                let count = failures.withLock { counts -> Int in
                    counts[delivery.sequence, default: 0] += 1
                    return counts[delivery.sequence]!
                }
                logger.warning("webhook handling failed", metadata: ["delivery": "\(delivery.deliveryID)", "attempt": "\(count)", "error": "\(error)"])
                if count >= Self.maxFailures {
                    try DeployQueue(database: database).quarantine(deliverySequence: delivery.sequence, error: "\(error)")
                    failures.withLock { _ = $0.removeValue(forKey: delivery.sequence) }
                }
            }
        }
        return deliveries.count
    }

    private func ignore(_ delivery: StoredDelivery, _ reason: String, subject: EventSubject = EventSubject()) throws {
        logger.info("webhook ignored", metadata: ["delivery": "\(delivery.deliveryID)", "reason": "\(reason)"])
        try database.markDelivery(
            sequence: delivery.sequence,
            state: .ignored,
            reason: reason,
            deployID: nil,
            event: Event(.webhookIgnored, subject: subject, payload: ["delivery": delivery.deliveryID, "event": delivery.event, "reason": reason])
        )
    }

    private func process(_ delivery: StoredDelivery) async throws {
        try database.append(DeliveryIntake.receivedEvent(for: delivery))
        switch delivery.event {
        case "ping":
            try database.markDelivery(sequence: delivery.sequence, state: .processed, reason: "ping", deployID: nil, event: nil)
            return
        case "push": break
        default:
            try ignore(delivery, "GitHub event '\(delivery.event)' is not one Chimera deploys from (only push)")
            return
        }
        let push: PushEvent
        do {
            push = try JSONDecoder().decode(PushEvent.self, from: Data(delivery.body))
        } catch {
            try ignore(delivery, "the push payload could not be read: \(error)")
            return
        }
        let subject = EventSubject(site: push.repository.fullName, commit: push.after)
        if push.isDeletion {
            try ignore(delivery, "branch deletion (\(push.ref)): nothing to deploy", subject: subject)
            return
        }
        guard let branch = push.branch else {
            try ignore(delivery, "\(push.ref) is not a branch: only branch pushes deploy", subject: subject)
            return
        }
        let candidates = sites.sites(forRepository: push.repository.fullName)
        guard !candidates.isEmpty else {
            try ignore(delivery, "no site in the sites file deploys \(push.repository.fullName)", subject: subject)
            return
        }
        let deploying = candidates.compactMap { site in site.context(forBranch: branch).map { (site, $0) } }
        guard !deploying.isEmpty else {
            let names = candidates.map(\.name).joined(separator: ", ")
            try ignore(delivery, "no site deploys branch \(branch) of \(push.repository.fullName) (sites: \(names))", subject: subject)
            return
        }
        var deployIDs: [String] = []
        for (site, context) in deploying {
            let request = DeployRequest(
                site: site.name,
                context: context,
                branch: branch,
                commit: push.after,
                repository: site.repository,
                trigger: "webhook:\(delivery.deliveryID)"
            )
            let (deploy, superseded) = try database.enqueueDeploy(request, delivery: delivery.sequence)
            deployIDs.append(deploy.id)
            await announce(deploy, superseded: superseded)
        }
        logger.info("push queued", metadata: ["delivery": "\(delivery.deliveryID)", "deploys": "\(deployIDs.joined(separator: ","))"])
    }

    /// Posts `pending` for the new deploy and a final `error` for those it superseded.
    public func announce(_ deploy: Deploy, superseded: [Deploy]) async {
        var progress = DeployProgress.decode(deploy.details)
        await statuses.post(
            repository: deploy.repository,
            commit: deploy.commit,
            deployID: deploy.id,
            context: StatusReporter.Context.simulate,
            state: .pending,
            description: "queued for \(deploy.context)",
            progress: &progress
        )
        try? DeployQueue(database: database).updateDetails(deploy.id, details: progress.encoded())
        for old in superseded {
            var oldProgress = DeployProgress.decode(old.details)
            await statuses.finishPending(
                repository: old.repository,
                commit: old.commit,
                deployID: old.id,
                description: "superseded by \(deploy.commit.prefix(12)) (\(deploy.id))",
                progress: &oldProgress
            )
            try? DeployQueue(database: database).updateDetails(old.id, details: oldProgress.encoded())
        }
    }
}

/// Failed handling attempts per delivery, shared by copies of the processor.
final class FailureCounts: Sendable {
    private let counts = Mutex<[Int64: Int]>([:])

    func withLock<T>(_ body: (inout [Int64: Int]) -> T) -> T { counts.withLock { body(&$0) } }
}

/// The one `github.webhook.ignored` event of a page of deliveries acknowledged while `CHIMERA_ENABLED=false`.
struct IgnoredPage: Encodable {
    var reason: String
    var deliveries: Int
    var firstSequence: Int64
    var lastSequence: Int64

    enum CodingKeys: String, CodingKey {
        case reason, deliveries
        case firstSequence = "first_sequence"
        case lastSequence = "last_sequence"
    }
}
