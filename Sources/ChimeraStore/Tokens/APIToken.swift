import Foundation
import GRDB

/// An API token in the `api_tokens` table: a name, a role and the SHA-256 of its secret (never the secret).
public struct APIToken: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    /// The table name.
    public static let databaseTableName = "api_tokens"

    /// What a token may do with the `/api/chimera` API.
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
        /// Full control: deploys, rollbacks, tokens.
        case admiral
        /// Automation: may write (start deploys, post results).
        case systemCore = "system_core"
        /// Read-only.
        case observer

        /// Whether the role may change things.
        public var canWrite: Bool { self == .admiral || self == .systemCore }
        /// Whether the role may read: every role can.
        public var canRead: Bool { true }
    }

    /// `t-` + a sortable unique id.
    public internal(set) var id: String
    /// The unique name people know it by.
    public internal(set) var name: String
    /// What it may do.
    public internal(set) var role: Role
    /// Lowercase hex SHA-256 of the secret. Internal: not even the hash leaves the store (an encoded token has none).
    var hash: String
    /// When it was created.
    public internal(set) var createdAt: Date
    /// When it was revoked; `nil` while it is valid.
    public internal(set) var revokedAt: Date?

    /// Whether it was revoked.
    public var isRevoked: Bool { revokedAt != nil }

    /// The table's columns.
    public enum Columns {
        /// ``APIToken/id``.
        public static let id = Column(CodingKeys.id)
        /// ``APIToken/name``.
        public static let name = Column(CodingKeys.name)
        /// ``APIToken/role``.
        public static let role = Column(CodingKeys.role)
        /// The hex SHA-256 of the secret.
        public static let hash = Column(CodingKeys.hash)
        /// ``APIToken/createdAt``.
        public static let createdAt = Column(CodingKeys.createdAt)
        /// ``APIToken/revokedAt``.
        public static let revokedAt = Column(CodingKeys.revokedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, hash
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    /// Decodes a token; the hash is only present in database rows (an encoded token has none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decode(Role.self, forKey: .role)
        hash = try container.decodeIfPresent(String.self, forKey: .hash) ?? ""
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        revokedAt = try container.decodeIfPresent(Date.self, forKey: .revokedAt)
    }

    init(id: String, name: String, role: Role, hash: String, createdAt: Date, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    /// Encodes the token for callers (API responses, the CLI) without its hash: the hash only serves the lookup.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(revokedAt, forKey: .revokedAt)
    }

    /// Writes every column, the hash included (``encode(to:)`` leaves it out).
    public func encode(to container: inout PersistenceContainer) throws {
        container[Columns.id] = id
        container[Columns.name] = name
        container[Columns.role] = role
        container[Columns.hash] = hash
        container[Columns.createdAt] = createdAt
        container[Columns.revokedAt] = revokedAt
    }
}
