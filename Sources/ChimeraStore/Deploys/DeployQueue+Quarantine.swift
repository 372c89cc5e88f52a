import Foundation
import GRDB

// Quarantine: a deploy (or a webhook delivery) whose processing keeps failing is set aside, so it neither blocks its
// site nor loops, until someone looks at it and replays it.
extension DeployQueue {
    /// Sets a queued or running deploy aside: its state becomes `quarantined`, with a `deploy.quarantined` event, in
    /// one transaction.
    /// - Parameter details: The deploy's new details (JSON object text), or `nil` to keep them.
    /// - Throws: ``StoreError`` when the deploy does not exist or is over or already quarantined.
    @discardableResult
    public func quarantine(deployID: String, error: String, details: String? = nil) throws -> QuarantineEntry {
        if let details { try CanonicalJSON.screen(details) }
        return try database.writer.write { db in
            var deploy = try Self.existing(deployID, in: db)
            try Self.require(deploy, in: [.queued, .running], to: "quarantine")
            let now = Date.storable()
            deploy.state = .quarantined
            deploy.lastError = error
            if let details { deploy.details = details }
            deploy.notBefore = nil
            deploy.updatedAt = now
            try deploy.update(db)
            let entry = try QuarantineEntry(deployID: deployID, deliverySequence: nil, error: error, createdAt: now, replayedAt: nil).inserted(db)
            _ = try Event(
                .deployQuarantined,
                subject: deploy.subject,
                payload: [
                    "quarantine_id": String(entry.id ?? 0), "stage": deploy.stage.rawValue, "attempts": String(deploy.attempts),
                    "error": error,
                ],
                time: now
            )
            .inserted(db)
            return entry
        }
    }

    /// Sets a webhook delivery aside (its state becomes `quarantined`), so the intake loop stops picking it up.
    /// - Throws: ``StoreError`` when there is no such delivery.
    @discardableResult
    public func quarantine(deliverySequence: Int64, error: String) throws -> QuarantineEntry {
        try database.writer.write { db in
            try ChimeraDatabase.markDelivery(sequence: deliverySequence, state: .quarantined, reason: error, deployID: nil, in: db)
            return try QuarantineEntry(deployID: nil, deliverySequence: deliverySequence, error: error, createdAt: Date.storable(), replayedAt: nil)
                .inserted(db)
        }
    }

    /// Quarantine entries, oldest first: only those waiting for a replay unless `includeReplayed`.
    public func quarantined(includeReplayed: Bool = false) throws -> [QuarantineEntry] {
        try database.writer.read { db in
            var request = QuarantineEntry.order(QuarantineEntry.Columns.id)
            if !includeReplayed { request = request.filter(QuarantineEntry.Columns.replayedAt == nil) }
            return try request.fetchAll(db)
        }
    }

    /// Replays a quarantined deploy: the entry is marked replayed and the deploy queued again at its stage with its
    /// attempts reset.
    /// - Throws: ``StoreError`` when the entry does not exist, was replayed already, is a delivery (see
    ///   ``replayDelivery(id:)``), or its deploy is no longer quarantined.
    @discardableResult
    public func replay(id: Int64) throws -> Deploy {
        try database.writer.write { db in
            let entry = try Self.waitingEntry(id, in: db)
            guard let deployID = entry.deployID else {
                throw StoreError("quarantine entry \(id) is a webhook delivery, not a deploy; replay it with replayDelivery(id:)")
            }
            var deploy = try Self.existing(deployID, in: db)
            try Self.require(deploy, in: [.quarantined], to: "replay")
            let now = Date.storable()
            deploy.state = .queued
            deploy.attempts = 0
            deploy.notBefore = nil
            deploy.finishedAt = nil
            deploy.updatedAt = now
            try deploy.update(db)
            try Self.markReplayed(entry, at: now, in: db)
            return deploy
        }
    }

    /// Replays a quarantined webhook delivery: the entry is marked replayed and the delivery is `received` again, for
    /// the intake loop to pick up.
    /// - Throws: ``StoreError`` when the entry does not exist, was replayed already, or is a deploy.
    @discardableResult
    public func replayDelivery(id: Int64) throws -> StoredDelivery {
        try database.writer.write { db in
            let entry = try Self.waitingEntry(id, in: db)
            guard let sequence = entry.deliverySequence else {
                throw StoreError("quarantine entry \(id) is a deploy, not a webhook delivery; replay it with replay(id:)")
            }
            try ChimeraDatabase.markDelivery(sequence: sequence, state: .received, reason: nil, deployID: nil, in: db)
            try Self.markReplayed(entry, at: Date.storable(), in: db)
            guard let delivery = try StoredDelivery.fetchOne(db, key: sequence) else {
                throw StoreError("webhook delivery \(sequence) vanished during its replay")
            }
            return delivery
        }
    }

    private static func waitingEntry(_ id: Int64, in db: Database) throws -> QuarantineEntry {
        guard let entry = try QuarantineEntry.fetchOne(db, key: id) else {
            throw StoreError("there is no quarantine entry \(id); list them with quarantined()")
        }
        guard entry.replayedAt == nil else {
            throw StoreError("quarantine entry \(id) was replayed already; quarantine the deploy again to replay it again")
        }
        return entry
    }

    private static func markReplayed(_ entry: QuarantineEntry, at time: Date, in db: Database) throws {
        var entry = entry
        entry.replayedAt = time
        try entry.update(db)
    }
}
