import Certification
import ChimeraGit
import ChimeraStore
import Foundation
import GitHubAPI
import Logging
import NodeHosting
import PlatformModels
import ServiceLifecycle
import SiteSimulation

/// HXO's stages for one deploy: fetch → simulate → certify → deploy → verify (→ rollback).
///
/// Each stage's outcome is recorded in the store as it ends; the changes that matter (certification, the
/// switch of the live release, rollback) are each one transaction with their event and ledger entry. A deploy
/// interrupted anywhere, even by `kill -9`, is queued again at the stage it was in and that stage runs again; the only external effect that must not repeat, switching the
/// live release, is keyed (`<deploy>:deploy:activate`) and skipped on replay.
public struct DeployRunner: Sendable {
    /// The service's settings.
    public var settings: ServiceSettings
    /// The sites.
    public var sites: SitesFile
    /// The store.
    public var database: ChimeraDatabase
    /// Commit statuses.
    public var statuses: StatusReporter
    /// The live verification.
    public var prober: LiveProber
    /// Logs.
    public var logger: Logger
    /// How many times a transient failure is retried before the deploy is quarantined.
    public var maxRetries = 3
    /// The first retry's delay; each next one doubles.
    public var retryDelay: Duration

    /// Creates a runner.
    public init(settings: ServiceSettings, sites: SitesFile, database: ChimeraDatabase, statuses: StatusReporter, prober: LiveProber, logger: Logger) {
        self.settings = settings
        self.sites = sites
        self.database = database
        self.statuses = statuses
        self.prober = prober
        self.logger = logger
        self.retryDelay = settings.retryBaseDelay
    }

    var state: StateDirectory { StateDirectory(path: settings.stateDirectory) }
    var queue: DeployQueue { DeployQueue(database: database) }

    /// The releases of `site` on the node target.
    public func releases(of site: String) -> ReleaseStore { ReleaseStore(siteFolder: settings.stateDirectory + "/sites/" + site) }

    /// Runs the claimed `deploy` from its current stage until it finishes, waits for a retry, or the service stops
    /// (at a stage boundary: the next start resumes it).
    public func run(_ claimed: Deploy) async {
        var deploy = claimed
        var progress = DeployProgress.decode(deploy.details)
        let logger = self.logger.with(deploy: deploy)
        guard let site = sites.site(named: deploy.site) else {
            await fail(deploy, progress: &progress, message: "site \(deploy.site) is no longer in the sites file")
            return
        }
        // A deploy requeued after crashes (each restart counts an attempt) must not crash the service forever.
        if deploy.attempts > maxRetries {
            await handle(
                .transient("interrupted \(deploy.attempts) times at the \(deploy.stage.rawValue) stage (crashes or restarts)"),
                deploy,
                progress: &progress,
                logger: logger
            )
            return
        }
        while true {
            logger.info("stage \(deploy.stage.rawValue)")
            do {
                let next = try await runStage(deploy, site: site, progress: &progress)
                if next == .done {
                    // chimera.deploy.complete was written at the switch and chimera.verify.complete after the
                    // probes: the finished state is the deploy's own record.
                    try queue.finish(deploy.id, state: .succeeded, error: nil, details: progress.encoded())
                    cleanUp(progress)
                    logger.info("deploy succeeded", metadata: ["release": "\(progress.release ?? "")"])
                    return
                }
                deploy = try queue.advance(deploy.id, to: next, details: progress.encoded())
            } catch let failure as DeployFailure {
                await handle(failure, deploy, progress: &progress, logger: logger)
                return
            } catch {
                await handle(.transient("\(error)"), deploy, progress: &progress, logger: logger)
                return
            }
            // A stage boundary: on SIGTERM stop here, leaving the deploy running; the next start requeues it here.
            if Task.isShuttingDownGracefully || Task.isCancelled {
                logger.info("stopping at a stage boundary", metadata: ["next": "\(deploy.stage.rawValue)"])
                return
            }
        }
    }

    private func handle(_ failure: DeployFailure, _ deploy: Deploy, progress: inout DeployProgress, logger: Logger) async {
        if failure.transient, deploy.attempts < maxRetries {
            let delay = retryDelay * (1 << deploy.attempts)
            logger.warning("stage failed; retrying", metadata: ["error": "\(failure.message)", "in": "\(delay)"])
            do {
                try queue.retryLater(deploy.id, error: failure.message, notBefore: Date().addingTimeInterval(delay.seconds), details: progress.encoded())
            } catch {
                logger.error("cannot schedule the retry", metadata: ["error": "\(error)"])
            }
            return
        }
        if failure.transient {
            logger.error("stage keeps failing; quarantined", metadata: ["error": "\(failure.message)"])
            await statuses.finishPending(
                repository: deploy.repository,
                commit: deploy.commit,
                deployID: deploy.id,
                description: "quarantined: \(failure.message)",
                progress: &progress
            )
            do { try queue.quarantine(deployID: deploy.id, error: failure.message, details: progress.encoded()) } catch {
                logger.error("cannot quarantine", metadata: ["error": "\(error)"])
            }
            cleanUp(progress)
            return
        }
        await fail(deploy, progress: &progress, message: failure.message)
    }

    /// Finishes `deploy` as failed, giving every pending status a final state.
    func fail(_ deploy: Deploy, progress: inout DeployProgress, message: String) async {
        logger.with(deploy: deploy).warning("deploy failed", metadata: ["error": "\(message)"])
        await statuses.finishPending(repository: deploy.repository, commit: deploy.commit, deployID: deploy.id, description: message, progress: &progress)
        do {
            try queue.finish(
                deploy.id,
                state: .failed,
                error: message,
                details: progress.encoded(),
                event: try Event(.deployFailed, subject: deploy.subject, payload: CompletionRecord(deploy, progress, outcome: "failed", error: message))
            )
        } catch {
            logger.error("cannot record the failure", metadata: ["error": "\(error)"])
        }
        cleanUp(progress)
    }

    /// The built tree is only needed until the deploy ends (the release holds its own copy); its record stays.
    private func cleanUp(_ progress: DeployProgress) {
        // Only a tree the pipeline exported itself, never a folder a user handed over.
        guard let tree = progress.tree, tree.hasPrefix(state.workspaces + "/") else { return }
        try? FileManager.default.removeItem(atPath: tree)
    }

    private func runStage(_ deploy: Deploy, site: SiteConfiguration, progress: inout DeployProgress) async throws -> Deploy.Stage {
        switch deploy.stage {
        case .fetch: try await fetch(deploy, site: site)
        case .simulate: try await simulate(deploy, site: site, progress: &progress)
        case .certify: try await certify(deploy, site: site, progress: &progress)
        case .deploy: try await activate(deploy, site: site, progress: &progress)
        case .verify: try await verify(deploy, site: site, progress: &progress)
        case .done: .done
        }
    }

    /// Posts a commit status for `deploy` (see ``StatusReporter/post(repository:commit:deployID:context:state:description:progress:)``).
    private func post(_ deploy: Deploy, _ context: String, _ state: CommitStatus.State, _ description: String, _ progress: inout DeployProgress) async {
        await statuses.post(
            repository: deploy.repository,
            commit: deploy.commit,
            deployID: deploy.id,
            context: context,
            state: state,
            description: description,
            progress: &progress
        )
    }

    // MARK: - Stages

    /// The site's cache repository, which every pushed commit is fetched into.
    func cacheRepository(_ site: SiteConfiguration) -> String { settings.stateDirectory + "/repos/\(site.name).git" }

    private func fetch(_ deploy: Deploy, site: SiteConfiguration) async throws -> Deploy.Stage {
        let (path, url, commit, branch) = (cacheRepository(site), site.cloneURL, deploy.commit, deploy.branch)
        let found: Bool = try await Blocking.run {
            do {
                let repository = try GitRepository.openOrCreateBare(path: path)
                if (try? repository.resolve(commit)) == commit { return true }
                try repository.fetch(from: url, refspecs: ["+refs/heads/\(branch):refs/heads/\(branch)"])
                return (try? repository.resolve(commit)) == commit
            } catch {
                throw DeployFailure.transient("fetching \(branch) from the site's clone_url: \(error)")
            }
        }
        guard found else {
            throw DeployFailure.permanent("commit \(commit) is not on branch \(branch) of \(GitRepository.redacted(url)) (force-pushed away?)")
        }
        try database.append(Event(.fetchComplete, subject: deploy.subject, payload: ["branch": branch, "commit": commit]))
        return .simulate
    }

    private func simulate(_ deploy: Deploy, site: SiteConfiguration, progress: inout DeployProgress) async throws -> Deploy.Stage {
        try database.append(Event(.simulateStart, subject: deploy.subject, payload: ["platform": site.platform.rawValue, "context": deploy.context]))
        await post(deploy, StatusReporter.Context.simulate, .pending, "Leviathan is building and simulating \(site.platform.rawValue)", &progress)
        var simulation = CommitSimulation(
            repository: cacheRepository(site),
            revision: deploy.commit,
            platform: CommitSimulation.Platform(rawValue: site.platform.rawValue) ?? .netlify,
            state: state
        )
        simulation.branch = deploy.branch
        simulation.context = deploy.context
        simulation.keepWorkspace = true
        simulation.timeout = settings.simulationTimeout
        simulation.serviceName = site.service
        simulation.basePath = site.basePath
        simulation.repositoryName = site.repository
        if let domain = site.domains.first { simulation.siteURL = "https://\(domain)" }
        let configured = simulation
        let outcome: CommitSimulation.Outcome = try await Blocking.run {
            do { return try configured.run() } catch { throw DeployFailure.transient("the workspace could not be made: \(error)") }
        }
        var report = outcome.report
        progress.workspace = outcome.workspace
        progress.tree = outcome.workspace + "/tree"
        progress.publishDirectory = outcome.publishDirectory
        if let folder = outcome.publishDirectory,
            let healed = try await heal(deploy, site: site, folder: folder, tree: outcome.workspace + "/tree", report: report, progress: &progress)
        {
            report = healed.report
        }
        progress.verdict = report.verdict.rawValue
        progress.errors = report.count(.error)
        progress.warnings = report.count(.warning)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(report)), to: outcome.workspace + "/report.json")
        try database.append(
            Event(
                .simulateComplete,
                subject: deploy.subject,
                payload: SimulationRecord(verdict: report.verdict.rawValue, errors: progress.errors ?? 0, warnings: progress.warnings ?? 0, workspace: outcome.workspace)
            )
        )
        guard report.verdict != .fail, outcome.publishDirectory != nil else {
            let first = report.findings.first { $0.severity == .error }
            let summary = first.map { "\($0.code.rawValue) at \($0.file ?? "?")\($0.line.map { ":\($0)" } ?? ""): \($0.message)" } ?? "no publish folder"
            await post(deploy, StatusReporter.Context.simulate, .failure, "\(progress.errors ?? 0) error(s); \(summary)", &progress)
            throw DeployFailure.permanent("the simulation failed: \(progress.errors ?? 0) error(s); \(summary)")
        }
        await post(deploy, StatusReporter.Context.simulate, .success, "passed with \(progress.warnings ?? 0) warning(s)", &progress)
        return .certify
    }

    private func certify(_ deploy: Deploy, site: SiteConfiguration, progress: inout DeployProgress) async throws -> Deploy.Stage {
        guard let folder = progress.publishDirectory, let workspace = progress.workspace, FileManager.default.fileExists(atPath: folder) else {
            // The kept tree is gone (cleaned by hand?): build it again.
            progress = DeployProgress()
            return .simulate
        }
        try database.append(Event(.certifyStart, subject: deploy.subject, payload: ["platform": site.platform.rawValue]))
        await post(deploy, StatusReporter.Context.certify, .pending, "Truth Engine is hashing and signing the deploy folder", &progress)
        let key = try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "hxo")
        let reportBytes = Array(FileManager.default.contents(atPath: workspace + "/report.json") ?? Data("{}".utf8))
        let certifier = FolderCertifier(platform: site.platform.rawValue, stateDirectory: state.path)
        let (repository, commit, context) = (deploy.repository, deploy.commit, deploy.context)
        // An already-built folder (chimeractl deploy --dir) has no tree: config paths are relative to the folder.
        let tree = progress.tree ?? folder
        let healing = progress.healPatchDigest.map { CertificationPredicate.Healing(fixed: progress.healedCodes ?? [], patchSHA256: $0) }
        let result = try await Blocking.run {
            try certifier.certify(
                folder: folder,
                base: tree,
                reportBytes: reportBytes,
                repository: repository,
                commit: commit,
                context: context,
                healing: healing,
                key: key
            )
        }
        let path = state.path + "/certificates/\(deploy.id).dsse.json"
        try AtomicFile.makeFolder(state.path + "/certificates")
        try result.certificate.write(to: path)
        progress.certificate = path
        progress.certificateDigest = result.certificateDigest
        progress.manifestDigest = result.manifestDigest
        let record = CertificationRecord(
            platform: site.platform.rawValue,
            manifest: result.manifestDigest,
            certificate: result.certificateDigest,
            keyid: key.keyid,
            files: result.manifest.entries.count,
            commit: deploy.commit
        )
        try database.append(Event(.certifyComplete, subject: deploy.subject, payload: record))
        try database.record(
            event: Event(.deployCertified, subject: deploy.subject, payload: record),
            ledger: LedgerEntry.Draft(actor: "hxo", action: "certify", subject: "\(site.name)@\(deploy.commit)", details: record),
            signer: CertificationLedgerSigner(key: key)
        )
        await post(deploy, StatusReporter.Context.certify, .success, "certified: \(result.manifest.entries.count) files, manifest \(result.manifestDigest.prefix(12))", &progress)
        return .deploy
    }

    private func activate(_ deploy: Deploy, site: SiteConfiguration, progress: inout DeployProgress) async throws -> Deploy.Stage {
        let context = StatusReporter.Context.deploy(site.targets.first?.name ?? "node")
        let activationKey = "\(deploy.id):deploy:activate"
        if let recorded = try queue.effect(activationKey), let activation = ActivationRecord.decode(recorded) {
            // Replay after a crash: the release was already switched; never switch again.
            progress.release = activation.release
            progress.previousRelease = activation.previous
            return .verify
        }
        guard let certificatePath = progress.certificate, let folder = progress.publishDirectory else { return .certify }
        let releases = releases(of: site.name)
        // A crash between the switch and its record: the live release carries this deploy's certificate (unique per
        // certification, by its nonce), so the switch happened; record it now instead of switching again.
        if let digest = progress.certificateDigest, let live = releases.current(), live.metadata.certificateDigest == digest {
            let key = try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "hxo")
            let record = ActivationRecord(release: live.id, previous: releases.previous()?.id, certificate: digest)
            try recordActivation(record, key: activationKey, deploy: deploy, site: site, signingKey: key, progress: &progress)
            return .verify
        }
        try database.append(Event(.deployStart, subject: deploy.subject, payload: ["target": "node", "site": site.name]))
        await post(deploy, context, .pending, "Cascade is deploying to the node", &progress)
        let key = try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "hxo")
        let configFiles = FolderCertifier(platform: site.platform.rawValue, stateDirectory: state.path).configFiles(folder: folder)
            .filter { !$0.hasPrefix(URL(fileURLWithPath: folder).standardizedFileURL.path + "/") }
        let metadata = ReleaseMetadata(
            site: site.name,
            platform: ReleasePlatform(rawValue: site.platform.rawValue) ?? .netlify,
            commit: deploy.commit,
            context: deploy.context,
            certificateDigest: progress.certificateDigest ?? "",
            manifestDigest: progress.manifestDigest ?? "",
            options: ReleaseMetadata.Options(
                renderServiceName: site.service,
                pagesBasePath: site.basePath,
                pagesRepository: site.platform == .pages ? site.repository : nil
            )
        )
        let stateDirectory = state.path
        let (release, previous): (Release, Release?) = try await Blocking.run {
            let certificate = try Certificate(contentsOf: certificatePath)
            let staged = try DeployGate(stateDirectory: stateDirectory).admit(
                folder: folder,
                certificate: certificate,
                keys: try SigningKeys(stateDirectory: stateDirectory).publicKeys()
            )
            defer { try? staged.discard() }
            let previous = releases.current()
            let release = try releases.install(
                stagedFolder: staged.path,
                manifest: staged.statement.manifest,
                metadata: metadata,
                configFiles: Dictionary(configFiles.map { (($0 as NSString).lastPathComponent, $0) }, uniquingKeysWith: { first, _ in first })
            )
            _ = try releases.activate(release.id)
            return (release, previous)
        }
        let record = ActivationRecord(release: release.id, previous: previous?.id, certificate: progress.certificateDigest ?? "")
        try recordActivation(record, key: activationKey, deploy: deploy, site: site, signingKey: key, progress: &progress)
        _ = try? releases.prune(keep: 10)
        return .verify
    }

    /// Records the switch of the live release: its idempotency key, `chimera.deploy.complete` and the signed
    /// `deploy` ledger entry, in one transaction.
    private func recordActivation(
        _ record: ActivationRecord,
        key: String,
        deploy: Deploy,
        site: SiteConfiguration,
        signingKey: SigningKey,
        progress: inout DeployProgress
    ) throws {
        progress.release = record.release
        progress.previousRelease = record.previous
        try queue.recordEffect(
            key,
            result: record.encoded(),
            event: try Event(.deployComplete, subject: deploy.subject, payload: record),
            ledger: try LedgerEntry.Draft(actor: "hxo", action: "deploy", subject: "\(site.name)@\(deploy.commit)", details: record),
            signer: CertificationLedgerSigner(key: signingKey)
        )
    }

    private func verify(_ deploy: Deploy, site: SiteConfiguration, progress: inout DeployProgress) async throws -> Deploy.Stage {
        let context = StatusReporter.Context.deploy(site.targets.first?.name ?? "node")
        try database.append(Event(.verifyStart, subject: deploy.subject, payload: ["release": progress.release ?? ""]))
        let releases = releases(of: site.name)
        guard let current = releases.current() else { throw DeployFailure.permanent("no live release to verify for \(site.name)") }
        let node = try NodeSite.load(release: current)
        let host = site.domains.first ?? "\(site.name).localhost"
        let expectations = ProbePlan.make(site: node, host: host, includeProxyRules: !site.targets.contains { $0.proxy })
        let mismatches = await prober.mismatches(of: expectations, site: node, host: host)
        // Not one answer: the server itself is unreachable (restarting?), which says nothing about the release.
        if !expectations.isEmpty, mismatches.count == expectations.count, mismatches.allSatisfy({ $0.kind == .noAnswer }) {
            throw DeployFailure.transient("the live site did not answer any probe: \(mismatches[0].description)")
        }
        progress.probes = expectations.count
        progress.mismatches = mismatches.map(\.description)
        if progress.healedCodes?.isEmpty == false {
            try HealMemory(database: database).markVerified(deployID: deploy.id, verified: mismatches.isEmpty)
        }
        try database.append(
            Event(.verifyComplete, subject: deploy.subject, payload: VerificationRecord(release: current.id, probes: expectations.count, mismatches: progress.mismatches ?? []))
        )
        if mismatches.isEmpty {
            await post(deploy, context, .success, "live: \(expectations.count) probes match the prediction (release \(current.id))", &progress)
            return .done
        }
        let first = mismatches[0].description
        guard let previous = progress.previousRelease else {
            await post(deploy, context, .failure, "live site differs (\(mismatches.count)): \(first); no earlier release to roll back to", &progress)
            throw DeployFailure.permanent("the live site differs from the prediction: \(first); no earlier release to roll back to")
        }
        let key = try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "hxo")
        let started = ContinuousClock.now
        _ = try releases.rollback(to: previous)
        let elapsed = ContinuousClock.now - started
        try releases.reject(current.id)
        progress.rollbackMilliseconds = Int(elapsed.seconds * 1000)
        let record = RollbackRecord(from: current.id, to: previous, reason: first, mismatches: mismatches.count, milliseconds: progress.rollbackMilliseconds ?? 0)
        try database.record(
            event: Event(.rollbackTriggered, subject: deploy.subject, payload: record),
            ledger: LedgerEntry.Draft(actor: "hxo", action: "rollback", subject: "\(site.name)@\(deploy.commit)", details: record),
            signer: CertificationLedgerSigner(key: key)
        )
        await post(deploy, context, .failure, "rolled back to \(previous): \(first)", &progress)
        throw DeployFailure.permanent("the live site differs from the prediction (\(mismatches.count)): \(first); rolled back to \(previous)")
    }
}

// MARK: - Records (events and ledger details: digests and ids, never a secret)

struct SimulationRecord: Encodable {
    var verdict: String
    var errors: Int
    var warnings: Int
    var workspace: String
}

struct CertificationRecord: Encodable {
    var platform: String
    var manifest: String
    var certificate: String
    var keyid: String
    var files: Int
    var commit: String?
}

struct ActivationRecord: Codable {
    var release: String
    var previous: String?
    var certificate: String

    func encoded() -> String { (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "{}" }
    static func decode(_ text: String) -> Self? { try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) }
}

struct VerificationRecord: Encodable {
    var release: String
    var probes: Int
    var mismatches: [String]
}

struct RollbackRecord: Encodable {
    var from: String
    var to: String
    var reason: String
    var mismatches: Int
    var milliseconds: Int
}

struct CompletionRecord: Encodable {
    var outcome: String
    var site: String
    var context: String
    var release: String?
    var error: String?

    init(_ deploy: Deploy, _ progress: DeployProgress, outcome: String, error: String? = nil) {
        self.outcome = outcome
        self.site = deploy.site
        self.context = deploy.context
        self.release = progress.release
        self.error = error
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Logger {
    /// This logger with the deploy's id, site and commit as metadata.
    func with(deploy: Deploy) -> Logger {
        var logger = self
        logger[metadataKey: "deploy"] = "\(deploy.id)"
        logger[metadataKey: "site"] = "\(deploy.site)"
        logger[metadataKey: "commit"] = "\(deploy.commit.prefix(12))"
        return logger
    }
}

extension Deploy {
    /// What the deploy's events are about: its site, commit and id.
    public var subject: EventSubject { EventSubject(site: site, commit: commit, deployID: id) }
}
