import Certification
import ChimeraGit
import ChimeraStore
import Foundation
import NodeHosting
import PlatformModels
import SiteSimulation

/// What the API and the CLI ask of the pipeline outside a queued deploy: queue one, simulate now, verify the
/// live site now, roll back.
extension DeployRunner {
    /// A site's production branch: the first branch mapped to `production`, else the first branch by name.
    public func defaultBranch(of site: SiteConfiguration) -> String {
        site.branches.filter { $0.value == "production" }.keys.sorted().first ?? site.branches.keys.sorted().first ?? "main"
    }

    /// Fetches `branch` of `site` into its cache repository and returns the commit `revision` names there (the
    /// branch's head by default).
    public func fetch(site: SiteConfiguration, branch: String, revision: String? = nil) async throws -> String {
        let (path, url) = (cacheRepository(site), site.cloneURL)
        return try await Blocking.run {
            let repository = try GitRepository.openOrCreateBare(path: path)
            // Only a full commit id names the same thing before and after a fetch; a branch name read from the
            // cache could be stale.
            if let revision, revision.count == 40 || revision.count == 64, revision.allSatisfy(\.isHexDigit),
                let id = try? repository.resolve(revision)
            {
                return id
            }
            try repository.fetch(from: url, refspecs: ["+refs/heads/\(branch):refs/heads/\(branch)"])
            // The cache is bare and fetched into: HEAD there means nothing, the branch does.
            let name = revision == nil || revision == "HEAD" ? "refs/heads/\(branch)" : revision!
            return try repository.resolve(name)
        }
    }

    /// Queues a deploy of `commit` (default: the branch's head) and returns it with the deploys it superseded.
    public func enqueue(
        site: SiteConfiguration,
        branch: String?,
        commit: String?,
        trigger: Deploy.Trigger,
        ledger: LedgerEntry.Draft? = nil,
        signer: (any LedgerSigner)? = nil
    ) async throws -> (Deploy, [Deploy]) {
        let branch = branch ?? defaultBranch(of: site)
        guard let context = site.context(forBranch: branch) else {
            throw DeployFailure.permanent("site \(site.name) does not deploy branch \(branch); its branches: \(site.branches.keys.sorted().joined(separator: ", "))")
        }
        let id = try await fetch(site: site, branch: branch, revision: commit)
        let request = DeployRequest(site: site.name, context: context, branch: branch, commit: id, repository: site.repository, trigger: trigger)
        return try queue.enqueue(request, ledger: ledger, signer: signer)
    }

    /// Builds and simulates `commit` of `site` now (default: the branch's head); nothing is deployed.
    public func simulateNow(site: SiteConfiguration, branch: String?, commit: String?) async throws -> (commit: String, report: SimulationReport) {
        let branch = branch ?? defaultBranch(of: site)
        let id = try await fetch(site: site, branch: branch, revision: commit)
        var simulation = CommitSimulation(
            repository: cacheRepository(site),
            revision: id,
            platform: CommitSimulation.Platform(rawValue: site.platform.rawValue) ?? .netlify,
            state: state
        )
        simulation.branch = branch
        simulation.context = site.context(forBranch: branch)
        simulation.timeout = settings.simulationTimeout
        simulation.serviceName = site.service
        simulation.basePath = site.basePath
        simulation.repositoryName = site.repository
        let subject = EventSubject(site: site.name, commit: id)
        try database.append(Event(.simulateStart, subject: subject, payload: ["platform": site.platform.rawValue]))
        let configured = simulation
        let outcome = try await Blocking.run { try configured.run() }
        try database.append(
            Event(
                .simulateComplete,
                subject: subject,
                payload: SimulationRecord(
                    verdict: outcome.report.verdict.rawValue,
                    errors: outcome.report.count(.error),
                    warnings: outcome.report.count(.warning),
                    workspace: outcome.workspace
                )
            )
        )
        return (id, outcome.report)
    }

    /// Probes the live release of `site` now and returns what differed from its prediction.
    public func verifyLive(site: SiteConfiguration) async throws -> (release: String, probes: Int, mismatches: [ProbeMismatch]) {
        guard let current = try releases(of: site.name).current() else {
            throw DeployFailure.permanent("site \(site.name) has no live release to verify")
        }
        let node = try NodeSite.load(release: current)
        let host = site.domains.first ?? "\(site.name).localhost"
        let expectations = ProbePlan.make(site: node, host: host, includeProxyRules: !site.targets.contains { $0.proxy })
        let mismatches = await prober.mismatches(of: expectations, site: node, host: host)
        try database.append(
            Event(
                .verifyComplete,
                subject: EventSubject(site: site.name, commit: current.metadata.commit),
                payload: VerificationRecord(release: current.id, probes: expectations.count, mismatches: mismatches.map(\.description))
            )
        )
        return (current.id, expectations.count, mismatches)
    }

    /// Switches `site` back to release `to` (default: the one live before the current one), with its event and
    /// ledger entry (naming `actor`) in one transaction.
    public func rollback(site: SiteConfiguration, to: String?, actor: String, reason: String) throws -> (from: String?, to: String, milliseconds: Int) {
        let key = try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "hxo")
        let started = ContinuousClock.now
        let (from, target) = try releases(of: site.name).rollback(to: to)
        let milliseconds = Int((ContinuousClock.now - started).seconds * 1000)
        let record = RollbackRecord(from: from?.id ?? "", to: target.id, reason: reason, mismatches: 0, milliseconds: milliseconds)
        try database.record(
            event: Event(.rollbackTriggered, subject: EventSubject(site: site.name, commit: target.metadata.commit), payload: record),
            ledger: LedgerEntry.Draft(actor: actor, action: "rollback", subject: site.name, details: record),
            signer: CertificationLedgerSigner(key: key)
        )
        return (from?.id, target.id, milliseconds)
    }
}
