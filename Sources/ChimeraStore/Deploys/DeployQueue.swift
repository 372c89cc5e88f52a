import Foundation
import GRDB

/// The durable deploy queue: newest commit wins per site and context, one running deploy per site, retries with
/// backoff, recovery after a crash.
///
/// Every operation is one transaction that includes its events and, when given, its ledger entry: a state change is
/// never kept without its record, nor the record without the change. Write transactions are `IMMEDIATE`, so the CLI
/// and the daemon can share the file without two of them claiming the same deploy.
///
/// ```swift
/// let queue = DeployQueue(database: database)
/// let (deploy, superseded) = try queue.enqueue(request)
/// if let next = try queue.claimNext() {
///     try queue.advance(next.id, to: .simulate, event: Event(.fetchComplete, subject: next.subject))
///     …
///     try queue.finish(next.id, state: .succeeded, event: Event(.deployComplete, subject: next.subject))
/// }
/// ```
///
/// `details` parameters take the whole details as JSON object text and replace what is stored (`nil` keeps it); the
/// text is screened for secrets like event payloads.
public struct DeployQueue: Sendable {
    /// The store the queue lives in.
    public let database: ChimeraDatabase

    /// The queue in `database`.
    public init(database: ChimeraDatabase) {
        self.database = database
    }

    /// Queues a deploy and writes `deploy.initiated`; any deploy still *queued* for the same site and context is
    /// finished as superseded, each with a `deploy.superseded` event naming the new deploy.
    ///
    /// Running deploys are left alone: the new one waits for them (see ``claimNext(now:)``).
    /// - Parameters:
    ///   - ledger: A ledger entry to write in the same transaction (it needs `signer`).
    ///   - delivery: The webhook delivery this deploy comes from: it is marked processed in the same transaction, so a
    ///     crash can neither lose the push nor deploy it twice.
    ///   - stage: Where the pipeline starts: `fetch`, or later for a deploy of a folder already built and simulated.
    ///   - details: The initial details, JSON object text.
    /// - Returns: The new deploy, and the deploys it superseded, so the caller can post their final statuses.
    /// - Throws: ``StoreError`` when a field of the request is empty or looks like a secret, the details are not a JSON
    ///   object, or the delivery does not exist; nothing is written then.
    @discardableResult
    public func enqueue(
        _ request: DeployRequest,
        ledger: LedgerEntry.Draft? = nil,
        signer: (any LedgerSigner)? = nil,
        delivery: Int64? = nil,
        startingAt stage: Deploy.Stage = .fetch,
        details: String = "{}",
        now: Date = Date()
    ) throws -> (deploy: Deploy, superseded: [Deploy]) {
        try request.validate()
        try CanonicalJSON.screen(details)
        let now = Date.storable(now)
        try Self.checkSigner(ledger, signer)
        return try database.writer.write { db in
            let deploy = Deploy(
                id: SortableID.make(prefix: "d-", now: now),
                site: request.site,
                context: request.context,
                branch: request.branch,
                commit: request.commit,
                repository: request.repository,
                trigger: request.trigger,
                state: .queued,
                stage: stage,
                attempts: 0,
                lastError: nil,
                releaseID: nil,
                certificate: nil,
                details: details,
                createdAt: now,
                updatedAt: now,
                finishedAt: nil,
                notBefore: nil
            )
            let older = try Deploy.filter(
                Deploy.Columns.state == Deploy.State.queued && Deploy.Columns.site == request.site
                    && Deploy.Columns.context == request.context
            )
            .order(Deploy.Columns.id)
            .fetchAll(db)
            try deploy.insert(db)
            _ = try Event(
                .deployInitiated,
                subject: deploy.subject,
                payload: [
                    "trigger": request.trigger.rawValue, "context": request.context, "branch": request.branch,
                    "repository": request.repository,
                ],
                time: now
            )
            .inserted(db)
            var superseded: [Deploy] = []
            for var old in older {
                old.state = .superseded
                old.finishedAt = now
                old.updatedAt = now
                try old.update(db)
                _ = try Event(.deploySuperseded, subject: old.subject, payload: ["superseded_by": deploy.id], time: now).inserted(db)
                superseded.append(old)
            }
            if let delivery {
                try ChimeraDatabase.markDelivery(sequence: delivery, state: .processed, reason: nil, deployID: deploy.id, in: db)
            }
            try Self.appendLedger(ledger, signer, in: db)
            return (deploy, superseded)
        }
    }

    /// Starts the oldest queued deploy whose site has no running deploy and whose ``Deploy/notBefore`` has passed.
    ///
    /// One pipeline at a time per site: two sites run side by side, one site never twice.
    /// - Returns: The deploy, now running, or `nil` when nothing can start.
    public func claimNext(now: Date = Date()) throws -> Deploy? {
        let now = Date.storable(now)
        return try database.writer.write { db in
            let running = Deploy.filter(Deploy.Columns.state == Deploy.State.running).select(Deploy.Columns.site)
            guard
                let deploy = try Deploy.filter(Deploy.Columns.state == Deploy.State.queued)
                    .filter(Deploy.Columns.notBefore == nil || Deploy.Columns.notBefore <= now)
                    .filter(!running.contains(Deploy.Columns.site))
                    .order(Deploy.Columns.id)
                    .fetchOne(db)
            else { return nil }
            return try Self.start(deploy, at: now, in: db)
        }
    }

    /// Starts the queued deploy `id` now, whatever its age and ``Deploy/notBefore``, for a foreground
    /// `chimeractl deploy` that runs the deploy it just queued.
    /// - Returns: The deploy, now running, or `nil` when another deploy of its site is running.
    /// - Throws: ``StoreError`` when the deploy does not exist or is not queued.
    public func claim(id: String, now: Date = Date()) throws -> Deploy? {
        let now = Date.storable(now)
        return try database.writer.write { db in
            let deploy = try Self.existing(id, in: db)
            try Self.require(deploy, in: [.queued], to: "claim")
            let busy = try Deploy.filter(Deploy.Columns.state == Deploy.State.running && Deploy.Columns.site == deploy.site).fetchCount(db)
            guard busy == 0 else { return nil }
            return try Self.start(deploy, at: now, in: db)
        }
    }

    /// Records that a running deploy finished its stage and moves on to `stage`.
    /// - Parameters:
    ///   - details: The new details (JSON object text), or `nil` to keep them.
    ///   - releaseID: The release made, when this stage made one.
    ///   - certificate: The certificate, when this stage made one.
    ///   - event: An event to write in the same transaction.
    /// - Returns: The deploy as stored, attempts back at 0.
    /// - Throws: ``StoreError`` when the deploy does not exist or is not running.
    @discardableResult
    public func advance(
        _ id: String,
        to stage: Deploy.Stage,
        details: String? = nil,
        releaseID: String? = nil,
        certificate: String? = nil,
        event: Event? = nil
    ) throws -> Deploy {
        if let details { try CanonicalJSON.screen(details) }
        return try database.writer.write { db in
            var deploy = try Self.existing(id, in: db)
            try Self.require(deploy, in: [.running], to: "advance")
            deploy.stage = stage
            deploy.attempts = 0
            deploy.lastError = nil
            if let details { deploy.details = details }
            if let releaseID { deploy.releaseID = releaseID }
            if let certificate { deploy.certificate = certificate }
            deploy.updatedAt = Date.storable()
            try deploy.update(db)
            if let event { _ = try event.inserted(db) }
            return deploy
        }
    }

    /// Puts a running deploy back in the queue at the same stage, to try again at `notBefore` (backoff).
    ///
    /// ``Deploy/attempts`` goes up by one; the pipeline quarantines the deploy once it reaches its limit.
    /// - Throws: ``StoreError`` when the deploy does not exist or is not running.
    @discardableResult
    public func retryLater(_ id: String, error: String, notBefore: Date, details: String? = nil, event: Event? = nil) throws -> Deploy {
        if let details { try CanonicalJSON.screen(details) }
        return try database.writer.write { db in
            var deploy = try Self.existing(id, in: db)
            try Self.require(deploy, in: [.running], to: "retry")
            deploy.state = .queued
            deploy.attempts += 1
            deploy.lastError = error
            deploy.notBefore = Date.storable(notBefore)
            if let details { deploy.details = details }
            deploy.updatedAt = Date.storable()
            try deploy.update(db)
            if let event { _ = try event.inserted(db) }
            return deploy
        }
    }

    /// Ends a deploy: `succeeded` (its stage becomes `done`), `failed` or `superseded`, with an optional event and
    /// ledger entry in the same transaction.
    /// - Throws: ``StoreError`` when `state` is not a final state, or the deploy does not exist or is already over.
    @discardableResult
    public func finish(
        _ id: String,
        state: Deploy.State,
        error: String? = nil,
        details: String? = nil,
        event: Event? = nil,
        ledger: LedgerEntry.Draft? = nil,
        signer: (any LedgerSigner)? = nil
    ) throws -> Deploy {
        if let details { try CanonicalJSON.screen(details) }
        guard state.isFinal else {
            throw StoreError("a deploy finishes as succeeded, failed or superseded, not \(state); use quarantine(deployID:error:) to set one aside")
        }
        try Self.checkSigner(ledger, signer)
        return try database.writer.write { db in
            var deploy = try Self.existing(id, in: db)
            try Self.require(deploy, in: [.queued, .running, .quarantined], to: "finish")
            let now = Date.storable()
            deploy.state = state
            if state == .succeeded { deploy.stage = .done }
            if let error { deploy.lastError = error }
            if let details { deploy.details = details }
            deploy.finishedAt = now
            deploy.updatedAt = now
            deploy.notBefore = nil
            try deploy.update(db)
            if let event { _ = try event.inserted(db) }
            try Self.appendLedger(ledger, signer, in: db)
            return deploy
        }
    }

    /// At start-up: puts every `running` deploy back in the queue at its current stage, because the process that ran
    /// it is gone (a crash, a `kill -9`, a power cut).
    ///
    /// The interrupted attempt counts: ``Deploy/attempts`` goes up by one, so a stage that kills the daemon every time
    /// ends in quarantine instead of a crash loop.
    /// - Important: Call it before the pipeline claims anything; a deploy running in another live process (a
    ///   foreground `chimeractl deploy`) would be requeued too.
    /// - Returns: The deploys requeued.
    public func recoverInterrupted() throws -> [Deploy] {
        try database.writer.write { db in
            let now = Date.storable()
            return try Deploy.filter(Deploy.Columns.state == Deploy.State.running).order(Deploy.Columns.id).fetchAll(db).map {
                var deploy = $0
                deploy.state = .queued
                deploy.attempts += 1
                deploy.lastError = "interrupted: Chimera stopped while the \(deploy.stage) stage was running"
                deploy.notBefore = nil
                deploy.updatedAt = now
                try deploy.update(db)
                return deploy
            }
        }
    }

    /// Replaces the details of deploy `id` (JSON object text), whatever its state: the pipeline notes what it posted
    /// to GitHub for a deploy it queued or superseded.
    /// - Throws: ``StoreError`` when the deploy does not exist or the details are not a JSON object.
    @discardableResult
    public func updateDetails(_ id: String, details: String) throws -> Deploy {
        try CanonicalJSON.screen(details)
        return try database.writer.write { db in
            var deploy = try Self.existing(id, in: db)
            deploy.details = details
            deploy.updatedAt = Date.storable()
            try deploy.update(db)
            return deploy
        }
    }

    /// The deploy `id`, or `nil`.
    public func deploy(id: String) throws -> Deploy? {
        try database.writer.read { db in try Deploy.fetchOne(db, key: id) }
    }

    /// The newest deploys first, of one site or of all.
    public func deploys(limit: Int = 50, site: String? = nil) throws -> [Deploy] {
        try database.writer.read { db in
            var request = Deploy.order(Deploy.Columns.id.desc)
            if let site { request = request.filter(Deploy.Columns.site == site) }
            return try request.limit(limit).fetchAll(db)
        }
    }
}

// MARK: - Helpers shared by the queue's operations

extension DeployQueue {
    static func existing(_ id: String, in db: Database) throws -> Deploy {
        guard let deploy = try Deploy.fetchOne(db, key: id) else {
            throw StoreError("there is no deploy \(id); list the deploys to find its id")
        }
        return deploy
    }

    static func start(_ deploy: Deploy, at now: Date, in db: Database) throws -> Deploy {
        var deploy = deploy
        deploy.state = .running
        deploy.notBefore = nil
        deploy.updatedAt = now
        try deploy.update(db)
        return deploy
    }

    static func require(_ deploy: Deploy, in states: [Deploy.State], to action: String) throws {
        guard states.contains(deploy.state) else {
            let allowed = states.map(\.rawValue).joined(separator: " or ")
            throw StoreError("cannot \(action) deploy \(deploy.id): it is \(deploy.state.rawValue), and only a \(allowed) deploy can")
        }
    }

    static func checkSigner(_ ledger: LedgerEntry.Draft?, _ signer: (any LedgerSigner)?) throws {
        if ledger != nil, signer == nil {
            throw StoreError("a ledger entry was given without a signer; pass the ledger signing key too")
        }
    }

    static func appendLedger(_ draft: LedgerEntry.Draft?, _ signer: (any LedgerSigner)?, in db: Database) throws {
        guard let draft else { return }
        guard let signer else { throw StoreError("a ledger entry was given without a signer; pass the ledger signing key too") }
        try GenesisLedger(signer: signer).append(draft, in: db)
    }
}
