import ArgumentParser
import Certification
import ChimeraStore
import SiteSimulation

extension Chimeractl {
    /// `chimeractl keys`: the Ed25519 keys certificates are signed with.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or rotate the certificate signing key (kept in <state>/keys, made on first use).",
            subcommands: [Show.self, Rotate.self]
        )

        /// `chimeractl keys show`: the current public key and the ids of retired ones.
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the current public key (PEM and keyid) and the ids of older keys that still verify."
            )

            func run() throws {
                do {
                    let state = StateDirectory.resolve()
                    let keys = SigningKeys(stateDirectory: state.path)
                    let current = try BusEvents(state: state).currentKey(state: state)
                    print(current.publicKey.pem, terminator: "")
                    print("keyid: \(current.keyid)")
                    for old in try keys.publicKeys() where old.keyid != current.keyid { print("retired keyid: \(old.keyid)") }
                } catch let error as CertificationError {
                    throw InputError(error.message)
                }
            }
        }

        /// `chimeractl keys rotate`: a new signing key; old public keys are kept.
        struct Rotate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Replace the signing key; certificates signed by older keys still verify."
            )

            func run() throws {
                do {
                    let state = StateDirectory.resolve()
                    let keys = SigningKeys(stateDirectory: state.path)
                    let old = try BusEvents(state: state).currentKey(state: state).keyid
                    let new = try keys.rotate()
                    print("rotated: \(old) → \(new.keyid)")
                    // Key actions go to the ledger, signed by the new key; only public key ids are recorded.
                    BusEvents(state: .resolve()).recordLedger(
                        action: "key.rotate",
                        subject: "signing-key",
                        details: ["retired_keyid": old, "keyid": new.keyid],
                        key: new
                    )
                    print(new.publicKey.pem, terminator: "")
                } catch let error as CertificationError {
                    throw InputError(error.message)
                }
            }
        }
    }
}
