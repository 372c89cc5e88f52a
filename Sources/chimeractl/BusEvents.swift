import Certification
import ChimeraStore
import DeployPipeline
import Foundation
import PlatformModels
import SiteSimulation

/// Writes a command's events to the Genesis Bus in the state directory, without ever failing the command.
///
/// The bus is a record of what happened, not a prerequisite: when the database cannot be opened or written the
/// command warns once on standard error and carries on.
struct BusEvents {
    private var database: ChimeraDatabase?

    /// Opens the store of `state`, or warns and records nothing.
    init(state: StateDirectory = .resolve()) {
        do { database = try ChimeraDatabase.open(stateDirectory: state.path) } catch {
            standardError("chimeractl: warning: events not recorded: \(error)\n")
        }
    }

    /// Appends an event and a ledger entry in one transaction, signed with `key`; a failure is a warning.
    func record(_ name: EventName, _ subject: EventSubject, _ payload: some Encodable, ledger: LedgerEntry.Draft, key: SigningKey) {
        guard let database else { return }
        do {
            _ = try database.record(
                event: Event(name, subject: subject, payload: payload),
                ledger: ledger,
                signer: CertificationLedgerSigner(key: key)
            )
        } catch {
            standardError("chimeractl: warning: \(name) and its ledger entry not recorded: \(error)\n")
        }
    }

    /// Appends a ledger entry on its own (for changes outside the database, such as key files), signed with `key`.
    func recordLedger(action: String, subject: String, details: [String: String], key: SigningKey) {
        guard let database else { return }
        do {
            let draft = try LedgerEntry.Draft(actor: "chimeractl", action: action, subject: subject, details: details)
            _ = try database.appendLedger(draft, signer: CertificationLedgerSigner(key: key))
        } catch {
            standardError("chimeractl: warning: ledger entry \(action) not recorded: \(error)\n")
        }
    }

    /// The current signing key, made on first use; making it is a key action, so it is recorded in the ledger.
    func currentKey(state: StateDirectory) throws -> SigningKey {
        guard let database else { return try SigningKeys(stateDirectory: state.path).current() }
        return try CurrentSigningKey.load(stateDirectory: state.path, database: database, actor: "chimeractl")
    }

    /// Appends one event; a failure is a warning.
    func record(_ name: EventName, _ subject: EventSubject, _ payload: some Encodable) {
        guard let database else { return }
        do { try database.append(Event(name, subject: subject, payload: payload)) } catch {
            standardError("chimeractl: warning: event \(name) not recorded: \(error)\n")
        }
    }
}

/// The payload of `chimera.simulate.complete`: the outcome in numbers, nothing from the site's files.
struct SimulationSummary: Encodable {
    var platform: String
    var verdict: String
    var errors: Int
    var warnings: Int
    var infos: Int
    var files: Int

    init(_ report: SimulationReport) {
        platform = report.platform
        verdict = report.verdict.rawValue
        errors = report.count(.error)
        warnings = report.count(.warning)
        infos = report.count(.info)
        files = report.stats.files
    }
}
