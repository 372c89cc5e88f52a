import Dispatch
import Foundation
import GRDB

/// Stores webhook deliveries durably, many per transaction (group commit), and hands them to the intake loop.
///
/// GitHub must only hear "202" once a delivery is on disk, and with `synchronous = FULL` every commit costs an fsync.
/// So deliveries are not written one transaction each: while one transaction commits, the deliveries that arrive
/// queue up, and the next transaction inserts all of them at once — one fsync for many webhooks. Each caller of
/// ``store(_:)`` resumes once the transaction holding its delivery has committed.
///
/// The database work runs on one dedicated serial `DispatchQueue`, never on the cooperative pool: a commit blocks on
/// the fsync.
///
/// ```swift
/// let intake = DeliveryIntake(database: database)
/// switch try await intake.store(NewDelivery(deliveryID: guid, hookID: hook, event: "push", body: bytes)) {
/// case .stored(let sequence): …   // new: the intake loop will turn it into a deploy
/// case .duplicate(let sequence): … // GitHub redelivered it: already stored
/// }
/// ```
public final class DeliveryIntake: Sendable {
    private struct Waiter {
        var delivery: NewDelivery
        var continuation: CheckedContinuation<IntakeResult, any Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        /// Whether a drain is scheduled or running on `queue`; new waiters then just wait for it to pick them up.
        var draining = false
        var commits = 0
    }

    /// The store written to.
    public let database: ChimeraDatabase
    /// The most deliveries one transaction inserts; more wait for the next one.
    public let maximumBatchSize: Int
    private let queue = DispatchQueue(label: "chimera.store.delivery-intake", qos: .userInitiated)
    private let state = Locked(State())

    /// An intake writing to `database`.
    /// - Parameter maximumBatchSize: The most deliveries per transaction (at least 1), which bounds how long one
    ///   transaction holds the write lock.
    public init(database: ChimeraDatabase, maximumBatchSize: Int = 512) {
        self.database = database
        self.maximumBatchSize = max(1, maximumBatchSize)
    }

    /// How many transactions ``store(_:)`` has committed so far: far fewer than deliveries under load.
    public var commits: Int { state.withLock { $0.commits } }

    /// Stores `delivery` unless the same hook id and delivery id are stored already, and writes a
    /// `github.webhook.received` event for a new one, in the same transaction.
    ///
    /// Returns only once that transaction has committed (and, with the store's `synchronous = FULL`, is on disk).
    /// - Throws: ``StoreError`` when the headers are unusable or the transaction failed; nothing was stored then.
    public func store(_ delivery: NewDelivery) async throws -> IntakeResult {
        try delivery.validate()
        return try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLock { state -> Bool in
                state.waiting.append(Waiter(delivery: delivery, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDrain { queue.async { self.drain() } }
        }
    }

    /// Commits batches until nobody waits. Runs on `queue` only.
    private func drain() {
        while true {
            let batch = state.withLock { state -> [Waiter] in
                let count = min(state.waiting.count, maximumBatchSize)
                let batch = Array(state.waiting.prefix(count))
                state.waiting.removeFirst(count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try database.writer.write { db in try batch.map { try Self.insert($0.delivery, in: db) } }
                state.withLock { $0.commits += 1 }
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
            } catch {
                // The whole transaction rolled back: nothing of this batch is stored, and each caller must say so
                // (GitHub then redelivers).
                let failure = error as? StoreError ?? StoreError("cannot store the webhook delivery: \(error)")
                for waiter in batch { waiter.continuation.resume(throwing: failure) }
            }
        }
    }

    /// Inserts one delivery (or finds the earlier copy) inside the batch's transaction.
    private static func insert(_ delivery: NewDelivery, in db: Database) throws -> IntakeResult {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO webhook_deliveries (delivery_id, hook_id, event, received_at, body, state)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                delivery.deliveryID, delivery.hookID, delivery.event, delivery.receivedAt, delivery.body,
                StoredDelivery.State.received,
            ]
        )
        if db.changesCount == 0 {
            // Ignored by UNIQUE(hook_id, delivery_id): stored before, possibly earlier in this very batch.
            let earlier = try Int64.fetchOne(
                db,
                sql: "SELECT sequence FROM webhook_deliveries WHERE hook_id = ? AND delivery_id = ?",
                arguments: [delivery.hookID, delivery.deliveryID]
            )
            guard let earlier else {
                throw StoreError("webhook delivery \(delivery.deliveryID) was neither inserted nor found; the database may be damaged")
            }
            return .duplicate(earlier)
        }
        // Only the row: this runs on the one thread every webhook's commit waits for, so the `github.webhook.received`
        // event is written by the intake loop when it handles the delivery (``receivedEvent(for:)``).
        return .stored(db.lastInsertedRowID)
    }
}

// MARK: - The intake loop (the same operations as on ChimeraDatabase, for callers holding the intake)

extension DeliveryIntake {
    /// Deliveries still `received`, oldest first; see ``ChimeraDatabase/pendingDeliveries(limit:)``.
    public func pendingDeliveries(limit: Int = 100) throws -> [StoredDelivery] {
        try database.pendingDeliveries(limit: limit)
    }

    /// The delivery with `sequence`, or `nil`.
    public func delivery(sequence: Int64) throws -> StoredDelivery? {
        try database.delivery(sequence: sequence)
    }

    /// Records what became of a delivery; see ``ChimeraDatabase/markDelivery(sequence:state:reason:deployID:event:)``.
    public func markDelivery(
        sequence: Int64,
        state: StoredDelivery.State,
        reason: String? = nil,
        deployID: String? = nil,
        event: Event? = nil
    ) throws {
        try database.markDelivery(sequence: sequence, state: state, reason: reason, deployID: deployID, event: event)
    }
}

extension DeliveryIntake {
    /// The `github.webhook.received` event of a stored delivery, written when the intake loop handles it.
    public static func receivedEvent(for delivery: StoredDelivery) throws -> Event {
        try Event(
            .webhookReceived,
            payload: ["delivery_id": delivery.deliveryID, "hook_id": delivery.hookID, "event": delivery.event, "sequence": String(delivery.sequence)],
            time: delivery.receivedAt
        )
    }
}
