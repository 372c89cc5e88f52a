import Certification
import ChimeraStore
import Foundation

/// The state directory's current signing key, made on first use; making it is a key action, so it is a ledger
/// entry (`key.create`) whoever makes it: the CLI, the pipeline or the API.
public enum CurrentSigningKey {
    /// The current key of `stateDirectory`, recording its creation in `database` when this call made it.
    public static func load(stateDirectory: String, database: ChimeraDatabase, actor: String) throws -> SigningKey {
        let store = SigningKeys(stateDirectory: stateDirectory)
        // Asked before `current()`, which makes the key.
        let isNew = !FileManager.default.fileExists(atPath: store.folder + "/current.key")
        let key = try store.current()
        if isNew {
            let draft = try LedgerEntry.Draft(actor: actor, action: "key.create", subject: "signing-key", details: ["keyid": key.keyid])
            _ = try database.appendLedger(draft, signer: CertificationLedgerSigner(key: key))
        }
        return key
    }
}
