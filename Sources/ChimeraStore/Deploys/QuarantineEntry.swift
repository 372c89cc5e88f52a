import Foundation
import GRDB

/// A deploy or webhook delivery set aside in the `quarantine` table after processing it kept failing.
public struct QuarantineEntry: Hashable, Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table name.
    public static let databaseTableName = "quarantine"

    /// The entry's number, assigned by SQLite.
    public internal(set) var id: Int64?
    /// The deploy set aside, when it is a deploy.
    public internal(set) var deployID: String?
    /// The webhook delivery set aside, when it is a delivery.
    public internal(set) var deliverySequence: Int64?
    /// Why, for people.
    public internal(set) var error: String
    /// When it was quarantined.
    public internal(set) var createdAt: Date
    /// When it was replayed; `nil` while it waits.
    public internal(set) var replayedAt: Date?

    /// The table's columns.
    public enum Columns {
        /// ``QuarantineEntry/id``.
        public static let id = Column(CodingKeys.id)
        /// ``QuarantineEntry/deployID``.
        public static let deployID = Column(CodingKeys.deployID)
        /// ``QuarantineEntry/deliverySequence``.
        public static let deliverySequence = Column(CodingKeys.deliverySequence)
        /// ``QuarantineEntry/error``.
        public static let error = Column(CodingKeys.error)
        /// ``QuarantineEntry/createdAt``.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// ``QuarantineEntry/replayedAt``.
        public static let replayedAt = Column(CodingKeys.replayedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, error
        case deployID = "deploy_id"
        case deliverySequence = "delivery_sequence"
        case createdAt = "created_at"
        case replayedAt = "replayed_at"
    }

    /// Stores the id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
