import Crypto
import Foundation
import GRDB

/// One entry of the Genesis Ledger, the signed, hash-chained, append-only `ledger` table.
///
/// Entries are only made by ``GenesisLedger/append(_:in:)``, which assigns the sequence, links `prevHash`,
/// computes `hash` and signs it. See ``canonicalBytes`` for exactly what is hashed.
public struct LedgerEntry: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    /// The table name.
    public static let databaseTableName = "ledger"
    /// The `prevHash` of the first entry: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The position in the chain: 1, 2, … with no gaps.
    public internal(set) var sequence: Int64
    /// When it was recorded: RFC 3339 UTC with milliseconds (see ``Timestamp``).
    public internal(set) var time: String
    /// Who did it: a user, `chimeractl`, `chimera` (the daemon).
    public internal(set) var actor: String
    /// What was done, such as `certify`, `deploy`, `rollback`, `token.create`, `key.rotate`.
    public internal(set) var action: String
    /// What it was done to: a site, deploy or key.
    public internal(set) var subject: String
    /// Details: canonical JSON object text, never holding a secret.
    public internal(set) var details: String
    /// The previous entry's `hash` in lowercase hex, or ``genesisHash``.
    public internal(set) var prevHash: String
    /// Lowercase hex SHA3-256 of ``canonicalBytes``.
    public internal(set) var hash: String
    /// The id of the key that signed `hash`.
    public internal(set) var keyID: String
    /// Base64 Ed25519 signature of the 32 bytes `hash` encodes (not of its hex text).
    public internal(set) var signature: String

    /// The table's columns.
    public enum Columns {
        /// ``LedgerEntry/sequence``.
        public static let sequence = Column(CodingKeys.sequence)
        /// ``LedgerEntry/time``.
        public static let time = Column(CodingKeys.time)
        /// ``LedgerEntry/actor``.
        public static let actor = Column(CodingKeys.actor)
        /// ``LedgerEntry/action``.
        public static let action = Column(CodingKeys.action)
        /// ``LedgerEntry/subject``.
        public static let subject = Column(CodingKeys.subject)
        /// ``LedgerEntry/details``.
        public static let details = Column(CodingKeys.details)
        /// ``LedgerEntry/prevHash``.
        public static let prevHash = Column(CodingKeys.prevHash)
        /// ``LedgerEntry/hash``.
        public static let hash = Column(CodingKeys.hash)
        /// ``LedgerEntry/keyID``.
        public static let keyID = Column(CodingKeys.keyID)
        /// ``LedgerEntry/signature``.
        public static let signature = Column(CodingKeys.signature)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, time, actor, action, subject, details, hash, signature
        case prevHash = "prev_hash"
        case keyID = "key_id"
    }

    /// The exact bytes `hash` is the SHA3-256 of: UTF-8 of
    ///
    /// ```text
    /// {"action":A,"actor":B,"details":D,"prev_hash":P,"sequence":N,"subject":S,"time":T}
    /// ```
    ///
    /// with no whitespace and the keys in this (sorted) order. `A`, `B`, `P`, `S`, `T` are JSON strings escaped as
    /// RFC 8785 does (`"` and `\` backslash-escaped, `\b \t \n \f \r`, other characters below U+0020 as `\u00xx`,
    /// everything else literal UTF-8); `N` is the sequence in decimal; `D` is the stored `details` text verbatim
    /// (already a canonical JSON object). For ASCII keys this is what Python's
    /// `json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` prints.
    /// `hash`, `key_id` and `signature` are not part of it: the signature covers the hash, and leaving the key id
    /// out lets a re-signed entry be told apart from an edited one.
    public var canonicalBytes: Data {
        Self.canonicalBytes(
            sequence: sequence,
            time: time,
            actor: actor,
            action: action,
            subject: subject,
            details: details,
            prevHash: prevHash
        )
    }

    /// The canonical bytes of an entry with these fields; see ``canonicalBytes``.
    public static func canonicalBytes(
        sequence: Int64,
        time: String,
        actor: String,
        action: String,
        subject: String,
        details: String,
        prevHash: String
    ) -> Data {
        let q = CanonicalJSON.quoted
        let text =
            "{\"action\":\(q(action)),\"actor\":\(q(actor)),\"details\":\(details),\"prev_hash\":\(q(prevHash)),"
            + "\"sequence\":\(sequence),\"subject\":\(q(subject)),\"time\":\(q(time))}"
        return Data(text.utf8)
    }

    /// The lowercase hex SHA3-256 of `bytes`.
    public static func hashHex(of bytes: Data) -> String {
        SHA3_256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The hash these fields should have, recomputed.
    public var computedHash: String { Self.hashHex(of: canonicalBytes) }
}

extension LedgerEntry {
    /// What a caller asks to record; ``GenesisLedger`` turns it into an entry.
    public struct Draft: Hashable, Sendable {
        /// Who did it.
        public var actor: String
        /// What was done.
        public var action: String
        /// What it was done to.
        public var subject: String
        /// Canonical JSON object text.
        public var details: String
        /// When.
        public var time: Date

        /// Creates a draft, encoding `details` as canonical JSON.
        /// - Throws: ``StoreError`` when a field or the details look like they carry a secret.
        public init(actor: String, action: String, subject: String, details: some Encodable = [String: String](), time: Date = Date()) throws {
            try CanonicalJSON.screenValue(actor, field: "actor")
            try CanonicalJSON.screenValue(action, field: "action")
            try CanonicalJSON.screenValue(subject, field: "subject")
            self.actor = actor
            self.action = action
            self.subject = subject
            self.details = try CanonicalJSON.text(of: details)
            self.time = time
        }
    }
}
