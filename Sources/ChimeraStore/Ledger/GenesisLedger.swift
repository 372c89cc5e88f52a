import Foundation
import GRDB

/// Appends signed, hash-chained entries to the ledger.
///
/// ```swift
/// let ledger = GenesisLedger(signer: signer)
/// try database.writer.write { db in
///     try deploy.insert(db)
///     try ledger.append(LedgerEntry.Draft(actor: "chimera", action: "deploy", subject: site), in: db)
/// }
/// ```
public struct GenesisLedger: Sendable {
    /// The key entries are signed with.
    public let signer: any LedgerSigner

    /// A ledger signing with `signer`.
    public init(signer: any LedgerSigner) {
        self.signer = signer
    }

    /// Appends `draft` as the next entry, inside the caller's transaction.
    ///
    /// - Important: Call it in the same write transaction as the change the entry records, so both are kept or
    ///   both rolled back. It throws when `db` is not inside a transaction.
    /// - Returns: The entry written.
    @discardableResult
    public func append(_ draft: LedgerEntry.Draft, in db: Database) throws -> LedgerEntry {
        guard db.isInsideTransaction else {
            throw StoreError("a ledger entry must be written inside the transaction of the change it records")
        }
        try CanonicalJSON.screen(draft.details)
        // GRDB opens write transactions IMMEDIATE, so no other connection (another process included) can append
        // between reading the tail and inserting: the chain cannot fork.
        let last = try LedgerEntry.order(LedgerEntry.Columns.sequence.desc).fetchOne(db)
        let sequence = (last?.sequence ?? 0) + 1
        let prevHash = last?.hash ?? LedgerEntry.genesisHash
        let time = Timestamp.string(from: draft.time)
        let bytes = LedgerEntry.canonicalBytes(
            sequence: sequence,
            time: time,
            actor: draft.actor,
            action: draft.action,
            subject: draft.subject,
            details: draft.details,
            prevHash: prevHash
        )
        let hash = LedgerEntry.hashHex(of: bytes)
        let signature = try signer.sign(Data(hexadecimal: hash)!)
        let entry = LedgerEntry(
            sequence: sequence,
            time: time,
            actor: draft.actor,
            action: draft.action,
            subject: draft.subject,
            details: draft.details,
            prevHash: prevHash,
            hash: hash,
            keyID: signer.keyID,
            signature: signature.base64EncodedString()
        )
        try entry.insert(db)
        return entry
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex text; `nil` when it is not hex of even length.
    init?(hexadecimal text: String) {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
