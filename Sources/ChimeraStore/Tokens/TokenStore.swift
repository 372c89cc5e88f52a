import Crypto
import Foundation
import GRDB

/// API tokens: create, authenticate, list and revoke.
///
/// A token's secret is `chm_` + 32 random bytes in unpadded base64url. It is shown once, by ``create(name:role:actor:signer:)``;
/// the store keeps only its SHA-256, and looks tokens up by that hash. The secret never enters events, the ledger or
/// error messages.
///
/// ```swift
/// let tokens = TokenStore(database: database)
/// let (token, secret) = try tokens.create(name: "ci", role: .systemCore, actor: "ann", signer: key)
/// // later, for each request:
/// guard let caller = try tokens.authenticate(secret: bearer), caller.role.canWrite else { … }
/// ```
public struct TokenStore: Sendable {
    /// What every secret starts with, so scanners and people can tell a Chimera token.
    public static let secretPrefix = "chm_"

    /// The store the tokens live in.
    public let database: ChimeraDatabase

    /// The tokens in `database`.
    public init(database: ChimeraDatabase) {
        self.database = database
    }

    /// Creates a token, with a `token.created` event and a `token.create` ledger entry, in one transaction.
    /// - Parameters:
    ///   - name: A unique name: 1 to 64 letters, digits, `.`, `_` or `-`. Revoked tokens keep their name.
    ///   - actor: Who creates it, for the ledger.
    /// - Returns: The token and its secret: the only time the secret exists outside the caller's hands.
    /// - Throws: ``StoreError`` when the name is invalid or taken.
    public func create(name: String, role: APIToken.Role, actor: String, signer: any LedgerSigner) throws -> (token: APIToken, secret: String) {
        try Self.validate(name: name)
        try CanonicalJSON.screenValue(actor, field: "actor")
        let secret = Self.makeSecret()
        let now = Date.storable()
        let token = try database.writer.write { db in
            if try APIToken.filter(APIToken.Columns.name == name).fetchCount(db) > 0 {
                throw StoreError("a token named \"\(name)\" already exists (revoked tokens keep their name); pick another name")
            }
            let token = APIToken(
                id: SortableID.make(prefix: "t-", now: now),
                name: name,
                role: role,
                hash: Self.hash(of: secret),
                createdAt: now,
                revokedAt: nil
            )
            try token.insert(db)
            // The event and the entry name the token (`token_id` is a key the secret screening allows), never its
            // secret or hash.
            _ = try Event(.tokenCreated, payload: ["id": token.id, "name": name, "role": role.rawValue], time: now).inserted(db)
            try GenesisLedger(signer: signer).append(
                LedgerEntry.Draft(
                    actor: actor,
                    action: "token.create",
                    subject: name,
                    details: ["token_id": token.id, "token_name": name, "role": role.rawValue],
                    time: now
                ),
                in: db
            )
            return token
        }
        return (token, secret)
    }

    /// The valid token whose secret is `secret`, or `nil` when it is unknown, revoked, or not a Chimera token.
    public func authenticate(secret: String) throws -> APIToken? {
        guard secret.hasPrefix(Self.secretPrefix) else { return nil }
        let hash = Self.hash(of: secret)
        return try database.writer.read { db in
            try APIToken.filter(APIToken.Columns.hash == hash && APIToken.Columns.revokedAt == nil).fetchOne(db)
        }
    }

    /// Every token, revoked ones included, oldest first.
    public func list() throws -> [APIToken] {
        try database.writer.read { db in try APIToken.order(APIToken.Columns.id).fetchAll(db) }
    }

    /// The token named `name`, or `nil`.
    public func token(named name: String) throws -> APIToken? {
        try database.writer.read { db in try APIToken.filter(APIToken.Columns.name == name).fetchOne(db) }
    }

    /// Revokes the token named `name`, with a `token.revoke` ledger entry, in one transaction.
    /// - Returns: The token, revoked.
    /// - Throws: ``StoreError`` when there is no such token or it is revoked already.
    @discardableResult
    public func revoke(name: String, actor: String, signer: any LedgerSigner) throws -> APIToken {
        try database.writer.write { db in
            guard var token = try APIToken.filter(APIToken.Columns.name == name).fetchOne(db) else {
                throw StoreError("there is no token named \"\(name)\"; list the tokens to see their names")
            }
            guard token.revokedAt == nil else { throw StoreError("the token \"\(name)\" is already revoked") }
            let draft = try LedgerEntry.Draft(
                actor: actor,
                action: "token.revoke",
                subject: name,
                details: ["token_id": token.id, "token_name": name]
            )
            token.revokedAt = draft.time
            try token.update(db)
            try GenesisLedger(signer: signer).append(draft, in: db)
            return token
        }
    }

    /// Lowercase hex SHA-256 of the secret's UTF-8.
    static func hash(of secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `chm_` + 32 bytes from the system's cryptographic generator, base64url without padding (43 characters).
    static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return secretPrefix + base64
    }

    private static func validate(name: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else {
            throw StoreError("token name \"\(name)\" is invalid: use 1 to 64 letters, digits, '.', '_' or '-'")
        }
        try CanonicalJSON.screenValue(name, field: "token name")
    }
}
