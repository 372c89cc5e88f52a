import Foundation
import GRDB

/// The first thing wrong with a ledger: which entry and how.
public struct LedgerProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// How an entry was tampered with.
    public struct Kind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        /// `edited`, `removed`, `reordered` or `resigned`.
        public let rawValue: String
        /// A kind from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Its contents no longer match its hash.
        public static let edited = Self(rawValue: "edited")
        /// It is missing: a gap in the sequence, or the entry the next one was chained to is gone.
        public static let removed = Self(rawValue: "removed")
        /// It is intact but not where it was recorded: its hash was made for another position or predecessor.
        public static let reordered = Self(rawValue: "reordered")
        /// Its signature does not verify with the key it names, or that key is unknown.
        public static let resigned = Self(rawValue: "resigned")

        /// The name.
        public var description: String { rawValue }
    }

    /// The sequence number of the first bad (or first missing) entry.
    public var sequence: Int64
    /// What is wrong with it.
    public var kind: Kind
    /// A sentence for people.
    public var message: String

    /// `entry #N was <kind>: <message>`.
    public var description: String { "entry #\(sequence) was \(kind): \(message)" }
}

/// The outcome of walking the ledger.
public struct LedgerVerification: Hashable, Sendable {
    /// How many entries were read.
    public var entries: Int
    /// The hash of the last intact entry (or the genesis hash): an anchor to compare with a copy kept elsewhere.
    public var headHash: String
    /// Whether signatures were checked (they are not when no keyring is given).
    public var signaturesChecked: Bool
    /// The first problem, or `nil` when the chain is intact.
    public var problem: LedgerProblem?

    /// Whether no problem was found.
    public var isIntact: Bool { problem == nil }
}

/// Walks the ledger in sequence order and names the first entry that was edited, removed, reordered or re-signed.
///
/// - Note: Removing entries from the end of the chain leaves a valid, shorter chain; only comparing
///   ``LedgerVerification/entries`` and ``LedgerVerification/headHash`` with a copy kept elsewhere reveals it.
public enum LedgerVerifier {
    /// Reads every entry from `db` and verifies the chain.
    /// - Parameters:
    ///   - keys: The trusted public keys; `nil` checks hashes and links only.
    public static func verify(_ db: Database, keys: (any LedgerKeyring)?) throws -> LedgerVerification {
        let entries = try LedgerEntry.order(LedgerEntry.Columns.sequence).fetchAll(db)
        return verify(entries, keys: keys)
    }

    /// Verifies `entries`, which must be sorted by sequence.
    public static func verify(_ entries: [LedgerEntry], keys: (any LedgerKeyring)?) -> LedgerVerification {
        var result = LedgerVerification(entries: entries.count, headHash: LedgerEntry.genesisHash, signaturesChecked: keys != nil)
        let storedHashes = Set(entries.map(\.hash))
        var expectedSequence: Int64 = 1
        for entry in entries {
            if let problem = problem(
                with: entry,
                expectedSequence: expectedSequence,
                expectedPrevHash: result.headHash,
                in: entries,
                storedHashes,
                keys
            ) {
                result.problem = problem
                return result
            }
            expectedSequence = entry.sequence + 1
            result.headHash = entry.hash
        }
        return result
    }

    private static func problem(
        with entry: LedgerEntry,
        expectedSequence: Int64,
        expectedPrevHash: String,
        in entries: [LedgerEntry],
        _ storedHashes: Set<String>,
        _ keys: (any LedgerKeyring)?
    ) -> LedgerProblem? {
        let sequence = entry.sequence
        // Contents first: an entry whose own hash fails tells us nothing trustworthy about its position.
        if entry.computedHash != entry.hash {
            if let original = originalSequence(of: entry, in: entries) {
                return LedgerProblem(sequence: sequence, kind: .reordered, message: "it holds the entry recorded as #\(original)")
            }
            return LedgerProblem(sequence: sequence, kind: .edited, message: "its contents do not match its hash")
        }
        if sequence != expectedSequence {
            let missing = expectedSequence == sequence - 1 ? "#\(expectedSequence) is" : "#\(expectedSequence)…#\(sequence - 1) are"
            return LedgerProblem(sequence: expectedSequence, kind: .removed, message: "\(missing) missing before #\(sequence)")
        }
        if entry.prevHash != expectedPrevHash {
            if storedHashes.contains(entry.prevHash) {
                return LedgerProblem(sequence: sequence, kind: .reordered, message: "it is chained to another entry than #\(sequence - 1)")
            }
            return LedgerProblem(
                sequence: max(sequence - 1, 1),
                kind: .removed,
                message: "the entry #\(sequence) was chained to is gone (removed, or replaced by another)"
            )
        }
        if let keys {
            guard let hashBytes = Data(hexadecimal: entry.hash), let signature = Data(base64Encoded: entry.signature),
                keys.verify(signature, hashBytes, keyID: entry.keyID)
            else {
                return LedgerProblem(
                    sequence: sequence,
                    kind: .resigned,
                    message: "its signature does not verify with key \"\(entry.keyID)\" (wrong key, unknown key or altered signature)"
                )
            }
        }
        return nil
    }

    /// The sequence `entry`'s hash was computed for, when it is another one than where the entry now sits.
    private static func originalSequence(of entry: LedgerEntry, in entries: [LedgerEntry]) -> Int64? {
        // Only runs once, on the first bad entry: trying every position is cheap next to reading the table.
        let highest = max(entries.last?.sequence ?? 0, Int64(entries.count)) + 1
        for candidate in 1...highest where candidate != entry.sequence {
            var moved = entry
            moved.sequence = candidate
            if moved.computedHash == entry.hash { return candidate }
        }
        return nil
    }
}
