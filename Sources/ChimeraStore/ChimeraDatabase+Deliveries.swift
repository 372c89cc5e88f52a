import GRDB

// The intake loop's side of webhook deliveries: ``DeliveryIntake`` stores them, the pipeline reads the pending ones
// and records what became of each.
extension ChimeraDatabase {
    /// Deliveries still `received`, oldest first: what the intake loop has to turn into deploys.
    public func pendingDeliveries(limit: Int = 100) throws -> [StoredDelivery] {
        try writer.read { db in
            try StoredDelivery.filter(StoredDelivery.Columns.state == StoredDelivery.State.received)
                .order(StoredDelivery.Columns.sequence)
                .limit(limit)
                .fetchAll(db)
        }
    }

    /// The delivery with `sequence`, or `nil`.
    public func delivery(sequence: Int64) throws -> StoredDelivery? {
        try writer.read { db in try StoredDelivery.fetchOne(db, key: sequence) }
    }

    /// Records what became of a delivery, with an optional event, in one transaction.
    ///
    /// To start a deploy from a delivery, use ``enqueueDeploy(_:delivery:)``, which marks the delivery processed in the
    /// deploy's own transaction.
    /// - Throws: ``StoreError`` when there is no such delivery; the event is not written then.
    public func markDelivery(
        sequence: Int64,
        state: StoredDelivery.State,
        reason: String? = nil,
        deployID: String? = nil,
        event: Event? = nil
    ) throws {
        try writer.write { db in
            try Self.markDelivery(sequence: sequence, state: state, reason: reason, deployID: deployID, in: db)
            if let event { _ = try event.inserted(db) }
        }
    }

    /// One delivery's new state and the events that tell it, for ``markDeliveries(_:)``.
    public struct DeliveryMark: Sendable {
        /// The delivery.
        public var sequence: Int64
        /// Its new state.
        public var state: StoredDelivery.State
        /// Why (for `ignored`).
        public var reason: String?
        /// Events written with it.
        public var events: [Event]

        /// Creates a mark.
        public init(sequence: Int64, state: StoredDelivery.State, reason: String?, events: [Event]) {
            self.sequence = sequence
            self.state = state
            self.reason = reason
            self.events = events
        }
    }

    /// Marks many deliveries in ONE transaction (one fsync): the intake loop's way when a whole page of deliveries
    /// is acknowledged and ignored, as with `CHIMERA_ENABLED=false`.
    public func markDeliveries(_ marks: [DeliveryMark]) throws {
        guard !marks.isEmpty else { return }
        try writer.write { db in
            for mark in marks {
                try Self.markDelivery(sequence: mark.sequence, state: mark.state, reason: mark.reason, deployID: nil, in: db)
                for event in mark.events { _ = try event.inserted(db) }
            }
        }
    }

    /// Queues a deploy for a push delivery and marks the delivery processed, in one transaction: a crash can neither
    /// lose the push nor queue it twice. See ``DeployQueue/enqueue(_:ledger:signer:delivery:startingAt:details:now:)``.
    @discardableResult
    public func enqueueDeploy(_ request: DeployRequest, delivery: Int64) throws -> (deploy: Deploy, superseded: [Deploy]) {
        try DeployQueue(database: self).enqueue(request, delivery: delivery)
    }

    /// Sets a delivery's state, reason and deploy inside the caller's transaction.
    static func markDelivery(sequence: Int64, state: StoredDelivery.State, reason: String?, deployID: String?, in db: Database) throws {
        try db.execute(
            sql: "UPDATE webhook_deliveries SET state = ?, reason = ?, deploy_id = ? WHERE sequence = ?",
            arguments: [state, reason, deployID, sequence]
        )
        guard db.changesCount == 1 else {
            throw StoreError("there is no webhook delivery with sequence \(sequence); list them with pendingDeliveries()")
        }
    }
}
