import Foundation
import GRDB

/// Chimera's embedded store: one SQLite database holding the Genesis Bus (events) and the Genesis Ledger.
///
/// The CLI and the daemon open the same file, `<state directory>/chimera.sqlite`, as WAL `DatabasePool`s with a
/// busy timeout; tests use an in-memory `DatabaseQueue`. Both go through `any DatabaseWriter`.
///
/// ```swift
/// let database = try ChimeraDatabase.open(stateDirectory: state.path)
/// try database.append(Event(.simulateStart, subject: EventSubject(site: folder), payload: ["platform": "netlify"]))
/// ```
public struct ChimeraDatabase: Sendable {
    /// The file name inside the state directory.
    public static let fileName = "chimera.sqlite"
    /// How long a writer waits for another process's write to finish before failing with "database is locked".
    public static let busyTimeout: TimeInterval = 5

    /// Access to the database.
    ///
    /// See <https://swiftpackageindex.com/groue/GRDB.swift/documentation/grdb/databaseconnections>
    public let writer: any DatabaseWriter

    /// Wraps `writer` and migrates the schema.
    ///
    /// - Important: Create the writer with ``makeConfiguration(_:)``.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        // `DatabasePool` switches its writer to WAL *after* the `prepareDatabase` functions ran, and that step sets
        // `PRAGMA synchronous = NORMAL` (GRDB `Database.setUpWALMode`), undoing ``makeConfiguration(_:)``. Set it
        // again here, on the writer itself, so a commit is on disk when `write` returns. The setting is per connection
        // and GRDB keeps one writer connection for the pool's lifetime, so once is enough.
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating it and its folder when needed) the database at `path`, in WAL mode.
    /// - Throws: ``StoreError`` when it cannot be opened or migrated.
    public static func open(path: String) throws -> Self {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            return try Self(DatabasePool(path: path, configuration: makeConfiguration()))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot open the database \(path): \(error)")
        }
    }

    /// Opens `<stateDirectory>/chimera.sqlite`.
    public static func open(stateDirectory: String) throws -> Self {
        try open(path: path(inStateDirectory: stateDirectory))
    }

    /// The database file of a state directory.
    public static func path(inStateDirectory stateDirectory: String) -> String {
        (stateDirectory as NSString).appendingPathComponent(fileName)
    }

    /// An empty in-memory database, for tests.
    public static func inMemory() throws -> Self {
        try Self(DatabaseQueue(configuration: makeConfiguration()))
    }

    /// The configuration every connection uses.
    public static func makeConfiguration(_ base: Configuration = Configuration()) -> Configuration {
        var config = base
        // The CLI and the daemon write the same file; waiting beats failing on a short overlap.
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // Durable at commit. In WAL mode GRDB's default is `synchronous = NORMAL`: a commit only appends to the WAL
            // and a power cut can lose the last transactions, although `write` returned. The daemon answers GitHub
            // "202 stored" and records ledger entries on the strength of a commit, so every commit must fsync the WAL
            // (`FULL`). Group commit (``DeliveryIntake``) keeps that to one fsync for many webhooks.
            // Note: `DatabasePool` resets its writer to NORMAL after this runs; ``init(_:)`` sets FULL again.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    /// The schema, one migration per released change.
    ///
    /// See <https://swiftpackageindex.com/groue/GRDB.swift/documentation/grdb/migrations>
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: Event.databaseTableName) { t in
                // AUTOINCREMENT: a sequence number is never reused, even after the last row is gone.
                t.autoIncrementedPrimaryKey("sequence")
                t.column("name", .text).notNull()
                t.column("site", .text).indexed()
                t.column("commit_id", .text)
                t.column("deploy_id", .text).indexed()
                t.column("payload", .text).notNull()
                t.column("time", .text).notNull()
            }
            try db.create(table: LedgerEntry.databaseTableName) { t in
                // Assigned by GenesisLedger (last + 1), not by SQLite, so a gap always means a removal.
                t.primaryKey("sequence", .integer).check { $0 >= 1 }
                t.column("time", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull().indexed()
                t.column("details", .text).notNull()
                t.column("prev_hash", .text).notNull()
                t.column("hash", .text).notNull().unique()
                t.column("key_id", .text).notNull()
                t.column("signature", .text).notNull()
            }
            for table in [Event.databaseTableName, LedgerEntry.databaseTableName] {
                for operation in ["UPDATE", "DELETE"] {
                    try db.execute(
                        sql: """
                            CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                            BEGIN SELECT RAISE(ABORT, '\(table) is append-only: \(operation) is not allowed'); END
                            """
                    )
                }
            }
        }
        migrator.registerMigration("v2", migrate: migrateV2)
        migrator.registerMigration("v3") { db in
            // ARIE's memory: one row per applied fix; `verified` is filled in when the deploy's verification ends.
            try db.create(table: AppliedFix.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("site", .text).notNull().indexed()
                t.column("code", .text).notNull()
                t.column("confidence", .text).notNull()
                t.column("location", .text).notNull()
                t.column("deploy_id", .text).indexed()
                t.column("commit_id", .text)
                t.column("cleared", .boolean).notNull()
                t.column("verified", .boolean)
                t.column("created_at", .datetime).notNull()
            }
        }
        return migrator
    }
}

// MARK: - Events

extension ChimeraDatabase {
    /// Appends `event` to the bus in its own transaction.
    /// - Returns: The event with its sequence.
    @discardableResult
    public func append(_ event: Event) throws -> Event {
        try writer.write { db in try event.inserted(db) }
    }

    /// Events with a sequence above `sequence`, oldest first.
    public func events(since sequence: Int64 = 0, limit: Int? = nil) throws -> [Event] {
        try writer.read { db in
            try Event.filter(Event.Columns.sequence > sequence).order(Event.Columns.sequence).limit(limit ?? -1).fetchAll(db)
        }
    }
}

// MARK: - Ledger

extension ChimeraDatabase {
    /// Writes `event` and a ledger entry for it in one transaction: both are kept or neither.
    /// - Returns: The event and the entry written.
    @discardableResult
    public func record(event: Event, ledger draft: LedgerEntry.Draft, signer: any LedgerSigner) throws -> (event: Event, entry: LedgerEntry) {
        try writer.write { db in
            let event = try event.inserted(db)
            let entry = try GenesisLedger(signer: signer).append(draft, in: db)
            return (event, entry)
        }
    }

    /// Appends one ledger entry in its own transaction, for actions whose change lives outside the database
    /// (a key rotation writes files).
    public func appendLedger(_ draft: LedgerEntry.Draft, signer: any LedgerSigner) throws -> LedgerEntry {
        try writer.write { db in try GenesisLedger(signer: signer).append(draft, in: db) }
    }

    /// Ledger entries with a sequence above `sequence`, oldest first.
    public func ledgerEntries(since sequence: Int64 = 0) throws -> [LedgerEntry] {
        try writer.read { db in
            try LedgerEntry.filter(LedgerEntry.Columns.sequence > sequence).order(LedgerEntry.Columns.sequence).fetchAll(db)
        }
    }

    /// Walks the whole ledger; see ``LedgerVerifier``.
    public func verifyLedger(keys: (any LedgerKeyring)?) throws -> LedgerVerification {
        try writer.read { db in try LedgerVerifier.verify(db, keys: keys) }
    }
}
