import Foundation
import GRDB

/// One fix ARIE applied, and whether it held: did the finding clear on re-simulation, did the deploy verify?
public struct AppliedFix: Hashable, Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table.
    public static let databaseTableName = "heal_outcomes"

    /// The row id.
    public internal(set) var id: Int64?
    /// The site healed.
    public internal(set) var site: String
    /// The finding code the fix was for.
    public internal(set) var code: String
    /// `safe` or `suggested`.
    public internal(set) var confidence: String
    /// The file and line fixed, as shown to the author.
    public internal(set) var location: String
    /// The deploy it was part of, when healed in the pipeline.
    public internal(set) var deployID: String?
    /// The commit healed.
    public internal(set) var commit: String?
    /// Whether the finding was gone after the fix (false: the fix did not do what it claims).
    public internal(set) var cleared: Bool
    /// Whether the deploy that shipped the fix verified live; nil until known (or when nothing was deployed).
    public internal(set) var verified: Bool?
    /// When it was applied.
    public internal(set) var createdAt: Date

    /// Whether the fix failed to hold: it left its finding, or its deploy failed verification.
    public var failedToHold: Bool { !cleared || verified == false }

    /// Column names.
    public enum Columns {
        /// `site`.
        public static let site = Column(CodingKeys.site)
        /// `code`.
        public static let code = Column(CodingKeys.code)
        /// `deploy_id`.
        public static let deployID = Column(CodingKeys.deployID)
        /// `id`.
        public static let id = Column(CodingKeys.id)
    }

    enum CodingKeys: String, CodingKey {
        case id, site, code, confidence, location
        case deployID = "deploy_id"
        case commit = "commit_id"
        case cleared, verified
        case createdAt = "created_at"
    }

    /// Creates an outcome to record.
    public init(site: String, code: String, confidence: String, location: String, deployID: String?, commit: String?, cleared: Bool) {
        self.site = site
        self.code = code
        self.confidence = confidence
        self.location = location
        self.deployID = deployID
        self.commit = commit
        self.cleared = cleared
        self.verified = nil
        self.createdAt = Date.storable()
    }

    /// Keeps the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
