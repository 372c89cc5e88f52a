import ArgumentParser
import Certification
import ChimeraStore
import Foundation
import SiteSimulation

extension Chimeractl {
    /// `chimeractl ledger`: reads and verifies the Genesis Ledger in the state directory.
    struct Ledger: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or verify the signed, hash-chained ledger of certifications, deploys, rollbacks, token and key actions.",
            subcommands: [Show.self, Verify.self]
        )

        /// `chimeractl ledger show`: prints entries.
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print ledger entries, oldest first.")

            @Option(help: "Only entries with a sequence number above N.") var since: Int64 = 0
            @Option(help: "Output format.") var format: OutputFormat = .text

            func run() throws {
                let entries = try openStore().ledgerEntries(since: since)
                if format == .json {
                    print(try ledgerJSON(entries))
                } else {
                    for entry in entries {
                        print("#\(entry.sequence) \(entry.time) \(entry.actor) \(entry.action) \(entry.subject) \(entry.details)")
                        print("    hash \(entry.hash) key \(entry.keyID)")
                    }
                }
            }
        }

        /// `chimeractl ledger verify`: walks the chain and names the first tampered entry.
        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check every entry's hash, link and signature; name the first edited, removed, reordered or re-signed entry.",
                discussion: "Exit status: 0 intact, 1 tampered (the first bad entry is named), 2 unreadable database."
            )

            func run() throws {
                let state = StateDirectory.resolve()
                let result = try openStore(state).verifyLedger(keys: ledgerKeyring(state))
                if let problem = result.problem {
                    print("ledger: \(problem)")
                    throw ExitCode(1)
                }
                let signatures = result.signaturesChecked ? "signatures valid" : "signatures NOT checked (no keys)"
                print("ledger: \(result.entries) entries intact, \(signatures); head \(result.headHash)")
            }
        }
    }
}

/// Opens the store of the state directory, as an input error (exit 2) when it cannot be opened.
private func openStore(_ state: StateDirectory = .resolve()) throws -> ChimeraDatabase {
    do { return try ChimeraDatabase.open(stateDirectory: state.path) } catch { throw InputError("\(error)") }
}

/// The public keys ledger signatures are checked against.
// The key store (Certification's `SigningKeys`) is being written alongside; until it is wired in here the
// chain and hashes are checked and the output says signatures were not.
private func ledgerKeyring(_ state: StateDirectory) -> (any LedgerKeyring)? {
    // No key store yet means nothing was ever signed: verify hashes and links only.
    let store = SigningKeys(stateDirectory: state.path)
    // Checked without touching the store: reading its keys would make a first key as a side effect.
    guard FileManager.default.fileExists(atPath: store.folder + "/current.key"), let keyring = try? CertificationLedgerKeyring(store: store)
    else { return nil }
    return keyring
}

/// Entries as a JSON array with `details` embedded as an object, keys sorted.
private func ledgerJSON(_ entries: [LedgerEntry]) throws -> String {
    let objects: [[String: Any]] = entries.map { entry in
        [
            "sequence": entry.sequence, "time": entry.time, "actor": entry.actor, "action": entry.action,
            "subject": entry.subject,
            "details": (try? JSONSerialization.jsonObject(with: Data(entry.details.utf8))) ?? entry.details,
            "prev_hash": entry.prevHash, "hash": entry.hash, "key_id": entry.keyID, "signature": entry.signature,
        ]
    }
    let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
}
