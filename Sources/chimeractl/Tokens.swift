import ArgumentParser
import Certification
import ChimeraStore
import DeployPipeline
import Foundation
import SiteSimulation

extension Chimeractl {
    /// `chimeractl tokens`: API bearer tokens.
    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke the API's bearer tokens.",
            subcommands: [Create.self, List.self, Revoke.self]
        )

        /// `tokens create --role R --name N`.
        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token; its secret is printed once and only its hash is stored.",
                discussion: "Roles: admiral and system_core read and write; observer reads only."
            )

            @Option(help: "admiral, system_core or observer.") var role: String
            @Option(help: "A unique name (the ledger names the token by it).") var name: String

            func run() throws {
                guard let role = APIToken.Role(rawValue: role) else {
                    throw ValidationError("--role \(role): give admiral, system_core or observer")
                }
                let context = try ServiceContext.load(requireSites: false, readSites: false)
                let state = StateDirectory(path: context.settings.stateDirectory)
                let key = try BusEvents(state: state).currentKey(state: state)
                do {
                    let (token, secret) = try TokenStore(database: context.database).create(
                        name: name,
                        role: role,
                        actor: "chimeractl",
                        signer: CertificationLedgerSigner(key: key)
                    )
                    print(secret)
                    standardError("chimeractl: token \(token.name) (\(token.role.rawValue)) created; the secret above is shown only once\n")
                } catch let error as StoreError {
                    throw InputError(error.description)
                }
            }
        }

        /// `tokens list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (names and roles; secrets are never stored).")

            func run() throws {
                let context = try ServiceContext.load(requireSites: false, readSites: false)
                for token in try TokenStore(database: context.database).list() {
                    print("\(token.name)\t\(token.role.rawValue)\t\(token.isRevoked ? "revoked" : "active")")
                }
            }
        }

        /// `tokens revoke --name N`.
        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token.")

            @Option(help: "The token's name.") var name: String

            func run() throws {
                let context = try ServiceContext.load(requireSites: false, readSites: false)
                let state = StateDirectory(path: context.settings.stateDirectory)
                let key = try BusEvents(state: state).currentKey(state: state)
                do {
                    try TokenStore(database: context.database).revoke(name: name, actor: "chimeractl", signer: CertificationLedgerSigner(key: key))
                    print("revoked \(name)")
                } catch let error as StoreError {
                    throw InputError(error.description)
                }
            }
        }
    }
}
