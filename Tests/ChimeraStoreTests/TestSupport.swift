import ChimeraStore
import Crypto
import Foundation

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "chimera-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var databasePath: String { ChimeraDatabase.path(inStateDirectory: path) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A signing key and the keyring that trusts it.
struct TestKey {
    let signer: Ed25519LedgerSigner
    var keyring: Ed25519LedgerKeyring { Ed25519LedgerKeyring([signer.keyID: signer.privateKey.publicKey]) }

    init(id: String = "ledger-test-1") {
        signer = Ed25519LedgerSigner(keyID: id, privateKey: Curve25519.Signing.PrivateKey())
    }
}

/// Runs the `sqlite3` command-line shell on `database` with `sql`, as an attacker with file access would.
func runSQLite(_ database: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = ["-bail", database, sql]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard process.terminationStatus == 0 else { throw StoreError("sqlite3 failed (\(process.terminationStatus)): \(message)") }
}

/// Runs `python3` with `script` and arguments; returns standard output.
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw StoreError("python3 failed (\(process.terminationStatus))") }
    return text
}

/// Whether a command is on the PATH.
func commandExists(_ name: String) -> Bool {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
}

/// Writes `count` ledger entries, each with an event, into the database at `path`, then closes it.
func writeChain(at path: String, count: Int, key: TestKey) throws {
    let database = try ChimeraDatabase.open(path: path)
    for index in 1...count {
        try database.record(
            event: Event(.deployStart, subject: EventSubject(site: "site-\(index)", deployID: "d\(index)"), payload: ["n": index]),
            ledger: LedgerEntry.Draft(
                actor: "chimera",
                action: "deploy",
                subject: "site-\(index)",
                details: ["deploy": "d\(index)", "n": "\(index)"]
            ),
            signer: key.signer
        )
    }
}
