import Foundation
import GRDB

/// A webhook delivery in the `webhook_deliveries` table: the raw request and what became of it.
///
/// Rows are only inserted by ``DeliveryIntake`` (an `INSERT OR IGNORE` per delivery, in batches), so the record is
/// fetch-only and its sequence is never missing.
public struct StoredDelivery: Hashable, Sendable, Codable, FetchableRecord, TableRecord {
    /// The table name.
    public static let databaseTableName = "webhook_deliveries"

    /// What became of a delivery.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Stored; the intake loop has not looked at it yet.
        case received
        /// Turned into a deploy (``StoredDelivery/deployID``) or otherwise handled.
        case processed
        /// Acknowledged, but nothing runs for it (``StoredDelivery/reason`` says why).
        case ignored
        /// Processing it kept failing; it waits in quarantine for a replay.
        case quarantined
    }

    /// The position in arrival order, assigned by SQLite.
    public internal(set) var sequence: Int64
    /// `X-GitHub-Delivery`.
    public internal(set) var deliveryID: String
    /// `X-GitHub-Hook-ID`, possibly empty.
    public internal(set) var hookID: String
    /// `X-GitHub-Event`.
    public internal(set) var event: String
    /// When it arrived.
    public internal(set) var receivedAt: Date
    /// The raw JSON body.
    public internal(set) var body: Data
    /// What became of it.
    public internal(set) var state: State
    /// Why it was ignored or quarantined.
    public internal(set) var reason: String?
    /// The deploy it started.
    public internal(set) var deployID: String?

    /// The table's columns.
    public enum Columns {
        /// ``StoredDelivery/sequence``.
        public static let sequence = Column(CodingKeys.sequence)
        /// ``StoredDelivery/deliveryID``.
        public static let deliveryID = Column(CodingKeys.deliveryID)
        /// ``StoredDelivery/hookID``.
        public static let hookID = Column(CodingKeys.hookID)
        /// ``StoredDelivery/event``.
        public static let event = Column(CodingKeys.event)
        /// ``StoredDelivery/receivedAt``.
        public static let receivedAt = Column(CodingKeys.receivedAt)
        /// ``StoredDelivery/body``.
        public static let body = Column(CodingKeys.body)
        /// ``StoredDelivery/state``.
        public static let state = Column(CodingKeys.state)
        /// ``StoredDelivery/reason``.
        public static let reason = Column(CodingKeys.reason)
        /// ``StoredDelivery/deployID``.
        public static let deployID = Column(CodingKeys.deployID)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, event, body, state, reason
        case deliveryID = "delivery_id"
        case hookID = "hook_id"
        case receivedAt = "received_at"
        case deployID = "deploy_id"
    }
}
