import Foundation
import GRDB

/// One deploy in the `deploys` table: which commit goes where, and how far the pipeline got with it.
///
/// Only ``DeployQueue`` changes deploys, each change in one transaction with its events.
public struct Deploy: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    /// The table name.
    public static let databaseTableName = "deploys"

    /// Where a deploy is in its life.
    public enum State: String, Hashable, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Waiting for its site to be free (and for ``Deploy/notBefore``).
        case queued
        /// A pipeline works on it; at most one per site.
        case running
        /// Deployed and verified.
        case succeeded
        /// Failed for good.
        case failed
        /// Replaced by a newer deploy for the same site and context before it started.
        case superseded
        /// Set aside after failing again and again; ``DeployQueue/replay(id:)`` queues it again.
        case quarantined

        /// Whether the deploy is over: succeeded, failed or superseded. (Quarantined ones can still be replayed.)
        public var isFinal: Bool { self == .succeeded || self == .failed || self == .superseded }
    }

    /// The pipeline's stages, in order.
    public enum Stage: String, Hashable, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Fetch the commit and export its tree.
        case fetch
        /// Build and simulate it.
        case simulate
        /// Certify what is shipped.
        case certify
        /// Upload and activate the release.
        case deploy
        /// Probe the live site against the prediction.
        case verify
        /// Nothing left to do.
        case done
    }

    /// What asked for a deploy: `webhook:<delivery id>`, `cli`, `api` or `hook`.
    public struct Trigger: RawRepresentable, Hashable, Sendable, Codable, DatabaseValueConvertible, CustomStringConvertible,
        ExpressibleByStringLiteral, ExpressibleByStringInterpolation
    {
        /// The text stored.
        public let rawValue: String
        /// A trigger from its text.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A trigger from literal text, such as `"webhook:\(id)"`.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// `chimeractl deploy`.
        public static let cli = Self(rawValue: "cli")
        /// The HTTP API.
        public static let api = Self(rawValue: "api")
        /// A git hook in a developer's clone.
        public static let hook = Self(rawValue: "hook")
        /// A GitHub push webhook, by its `X-GitHub-Delivery`.
        public static func webhook(_ deliveryID: String) -> Self { Self(rawValue: "webhook:" + deliveryID) }

        /// The text.
        public var description: String { rawValue }
    }

    /// `d-` + a sortable unique id: a smaller id is an older deploy.
    public internal(set) var id: String
    /// The site deployed.
    public internal(set) var site: String
    /// The deploy context, such as `production` or `preview`.
    public internal(set) var context: String
    /// The branch the commit is on.
    public internal(set) var branch: String
    /// The commit id.
    public internal(set) var commit: String
    /// The repository, `owner/name`.
    public internal(set) var repository: String
    /// What asked for it.
    public internal(set) var trigger: Trigger
    /// Where it is in its life.
    public internal(set) var state: State
    /// The stage it is at (or failed at).
    public internal(set) var stage: Stage
    /// Attempts at the current stage that did not complete.
    public internal(set) var attempts: Int
    /// The last error, for people.
    public internal(set) var lastError: String?
    /// The release the deploy stage made.
    public internal(set) var releaseID: String?
    /// The certificate (DSSE envelope) or a reference to it.
    public internal(set) var certificate: String?
    /// Free-form details as JSON object text, owned by the pipeline: findings counts, URLs, progress.
    public internal(set) var details: String
    /// When it was queued.
    public internal(set) var createdAt: Date
    /// When it last changed.
    public internal(set) var updatedAt: Date
    /// When it succeeded, failed or was superseded.
    public internal(set) var finishedAt: Date?
    /// Not claimed before this time: retry backoff.
    public internal(set) var notBefore: Date?

    /// The table's columns.
    public enum Columns {
        /// ``Deploy/id``.
        public static let id = Column(CodingKeys.id)
        /// ``Deploy/site``.
        public static let site = Column(CodingKeys.site)
        /// ``Deploy/context``.
        public static let context = Column(CodingKeys.context)
        /// ``Deploy/branch``.
        public static let branch = Column(CodingKeys.branch)
        /// ``Deploy/commit``.
        public static let commit = Column(CodingKeys.commit)
        /// ``Deploy/repository``.
        public static let repository = Column(CodingKeys.repository)
        /// ``Deploy/trigger``.
        public static let trigger = Column(CodingKeys.trigger)
        /// ``Deploy/state``.
        public static let state = Column(CodingKeys.state)
        /// ``Deploy/stage``.
        public static let stage = Column(CodingKeys.stage)
        /// ``Deploy/attempts``.
        public static let attempts = Column(CodingKeys.attempts)
        /// ``Deploy/lastError``.
        public static let lastError = Column(CodingKeys.lastError)
        /// ``Deploy/releaseID``.
        public static let releaseID = Column(CodingKeys.releaseID)
        /// ``Deploy/certificate``.
        public static let certificate = Column(CodingKeys.certificate)
        /// ``Deploy/details``.
        public static let details = Column(CodingKeys.details)
        /// ``Deploy/createdAt``.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// ``Deploy/updatedAt``.
        public static let updatedAt = Column(CodingKeys.updatedAt)
        /// ``Deploy/finishedAt``.
        public static let finishedAt = Column(CodingKeys.finishedAt)
        /// ``Deploy/notBefore``.
        public static let notBefore = Column(CodingKeys.notBefore)
    }

    enum CodingKeys: String, CodingKey {
        case id, site, context, branch, repository, trigger, state, stage, attempts, certificate, details
        // `commit` is an SQL keyword, as in `events`.
        case commit = "commit_id"
        case lastError = "last_error"
        case releaseID = "release_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case finishedAt = "finished_at"
        case notBefore = "not_before"
    }

    /// The subject of this deploy's events: its site, commit and id.
    public var subject: EventSubject { EventSubject(site: site, commit: commit, deployID: id) }

    /// The details decoded as `type`.
    public func decodedDetails<T: Decodable>(as type: T.Type) throws -> T {
        do { return try JSONDecoder().decode(type, from: Data(details.utf8)) } catch {
            throw StoreError("the details of deploy \(id) do not decode as \(type): \(error)")
        }
    }
}
