import Foundation
import GRDB

/// What an event is about: a site, a commit, a deploy. Any may be absent.
public struct EventSubject: Hashable, Sendable, Codable {
    /// The site: its name, or the folder or repository simulated.
    public var site: String?
    /// The commit id or revision.
    public var commit: String?
    /// The deploy id.
    public var deployID: String?

    /// Creates a subject.
    public init(site: String? = nil, commit: String? = nil, deployID: String? = nil) {
        self.site = site
        self.commit = commit
        self.deployID = deployID
    }
}

/// One event on the Genesis Bus, the append-only `events` table.
///
/// The subject is three nullable columns rather than JSON so the daemon can index and filter by site or deploy.
/// The payload is canonical JSON text (see ``CanonicalJSON``); it never holds a secret.
public struct Event: Hashable, Sendable, Codable, FetchableRecord, MutablePersistableRecord {
    /// The table name.
    public static let databaseTableName = "events"

    /// The position on the bus, assigned by SQLite on insert (1, 2, …).
    public internal(set) var sequence: Int64?
    /// The event name.
    public private(set) var name: EventName
    /// The site the event is about.
    public private(set) var site: String?
    /// The commit the event is about.
    public private(set) var commit: String?
    /// The deploy the event is about.
    public private(set) var deployID: String?
    /// The payload: canonical JSON object text.
    public private(set) var payload: String
    /// When it happened: RFC 3339 UTC with milliseconds (see ``Timestamp``).
    public private(set) var time: String

    /// Creates an event, encoding `payload` as canonical JSON.
    /// - Throws: ``StoreError`` when the payload is not a JSON object or looks like it carries a secret.
    public init(
        _ name: EventName,
        subject: EventSubject = EventSubject(),
        payload: some Encodable = [String: String](),
        time: Date = Date()
    )
        throws
    {
        self.name = name
        self.site = subject.site
        self.commit = subject.commit
        self.deployID = subject.deployID
        self.payload = try CanonicalJSON.text(of: payload)
        self.time = Timestamp.string(from: time)
        try screenSubject()
    }

    /// What the event is about.
    public var subject: EventSubject { EventSubject(site: site, commit: commit, deployID: deployID) }

    /// The table's columns.
    public enum Columns {
        /// ``Event/sequence``.
        public static let sequence = Column(CodingKeys.sequence)
        /// ``Event/name``.
        public static let name = Column(CodingKeys.name)
        /// ``Event/site``.
        public static let site = Column(CodingKeys.site)
        /// ``Event/commit``.
        public static let commit = Column(CodingKeys.commit)
        /// ``Event/deployID``.
        public static let deployID = Column(CodingKeys.deployID)
        /// ``Event/payload``.
        public static let payload = Column(CodingKeys.payload)
        /// ``Event/time``.
        public static let time = Column(CodingKeys.time)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, name, site, payload, time
        // `commit` is an SQL keyword; a plain column name keeps hand-written SQL (and sqlite3 sessions) simple.
        case commit = "commit_id"
        case deployID = "deploy_id"
    }

    /// Checks the payload again just before it is written: a decoded or hand-built value must not slip a secret in.
    public func willInsert(_ db: Database) throws {
        try CanonicalJSON.screen(payload)
        try screenSubject()
    }

    /// Stores the sequence SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        sequence = inserted.rowID
    }

    private func screenSubject() throws {
        for (field, value) in [("site", site), ("commit", commit), ("deploy id", deployID)] {
            if let value { try CanonicalJSON.screenValue(value, field: field) }
        }
    }
}
