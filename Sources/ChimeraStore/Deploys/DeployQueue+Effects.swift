import Foundation
import GRDB

// Idempotency keys: every external effect (an upload, an activation, a status post) is recorded under a key once it
// happened, atomically with its event and ledger entry. A pipeline replayed after a crash reads the key first and
// skips the effect when it is there.
extension DeployQueue {
    /// The result recorded under `key` (canonical JSON object text), or `nil` when the effect has not happened.
    public func effect(_ key: String) throws -> String? {
        try database.writer.read { db in try EffectRecord.fetchOne(db, key: key)?.result }
    }

    /// The result recorded under `key`, decoded as `type`, or `nil` when the effect has not happened.
    public func effect<T: Decodable>(_ key: String, as type: T.Type) throws -> T? {
        guard let text = try effect(key) else { return nil }
        do { return try JSONDecoder().decode(type, from: Data(text.utf8)) } catch {
            throw StoreError("the result of effect \(key) does not decode as \(type): \(error)")
        }
    }

    /// Records that the effect `key` happened, with its result, an optional event and an optional ledger entry, all in
    /// one transaction.
    ///
    /// A key is recorded once. Recording it again throws and rolls the whole transaction back — the event and the
    /// ledger entry too — so a duplicate effect can never leave a second record; the caller should have read
    /// ``effect(_:)`` first and skipped the effect.
    /// - Parameters:
    ///   - key: Names the effect, such as `<deploy id>:deploy:activate`.
    ///   - result: What came of it: JSON object text, never a secret.
    /// - Returns: The result text stored.
    /// - Throws: ``StoreError`` when the key is already recorded, or the result is not a JSON object.
    @discardableResult
    public func recordEffect(
        _ key: String,
        result: String,
        event: Event? = nil,
        ledger: LedgerEntry.Draft? = nil,
        signer: (any LedgerSigner)? = nil
    ) throws -> String {
        guard !key.isEmpty else { throw StoreError("an effect needs a key, such as <deploy id>:deploy:activate; it is empty") }
        try CanonicalJSON.screen(result)
        let text = result
        try Self.checkSigner(ledger, signer)
        return try database.writer.write { db in
            if try EffectRecord.exists(db, key: key) {
                throw StoreError("effect \(key) is already recorded; read it with effect(_:) and skip the effect instead of repeating it")
            }
            try EffectRecord(key: key, result: text, createdAt: Date.storable()).insert(db)
            if let event { _ = try event.inserted(db) }
            try Self.appendLedger(ledger, signer, in: db)
            return text
        }
    }
}
