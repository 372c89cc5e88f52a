import ChimeraStore
import Crypto
import Foundation
import GRDB
import Testing

@Suite struct LedgerTests {
    @Test func canonicalBytesAreTheDocumentedJSON() throws {
        let bytes = LedgerEntry.canonicalBytes(
            sequence: 7,
            time: "2026-11-24T22:45:00.123Z",
            actor: "ann \"a\"\n\u{01}é",
            action: "deploy",
            subject: "site/a\\b",
            details: #"{"k":1}"#,
            prevHash: LedgerEntry.genesisHash
        )
        let expected =
            #"{"action":"deploy","actor":"ann \"a\"\n\u0001é","details":{"k":1},"prev_hash":""#
            + LedgerEntry.genesisHash + #"","sequence":7,"subject":"site/a\\b","time":"2026-11-24T22:45:00.123Z"}"#
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func appendChainsHashesAndSigns() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let ledger = GenesisLedger(signer: key.signer)
        let entries = try database.writer.write { db in
            [
                try ledger.append(LedgerEntry.Draft(actor: "ann", action: "certify", subject: "site", details: ["z": "1", "a": "2"]), in: db),
                try ledger.append(LedgerEntry.Draft(actor: "ann", action: "deploy", subject: "site"), in: db),
            ]
        }
        #expect(entries.map(\.sequence) == [1, 2])
        #expect(entries[0].prevHash == LedgerEntry.genesisHash)
        #expect(entries[1].prevHash == entries[0].hash)
        #expect(entries[0].details == #"{"a":"2","z":"1"}"#)
        #expect(entries[0].hash == LedgerEntry.hashHex(of: entries[0].canonicalBytes))
        #expect(entries[0].hash.count == 64)
        #expect(try database.ledgerEntries() == entries)
        #expect(try database.ledgerEntries(since: 1) == [entries[1]])
    }

    @Test func anEntryRollsBackWithTheChangeItRecords() throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(stateDirectory: folder.path)
        struct Abort: Error {}

        #expect(throws: Abort.self) {
            try database.writer.write { db in
                _ = try Event(.rollbackTriggered, subject: EventSubject(site: "s")).inserted(db)
                try GenesisLedger(signer: key.signer).append(LedgerEntry.Draft(actor: "chimera", action: "rollback", subject: "s"), in: db)
                throw Abort()
            }
        }
        #expect(try database.ledgerEntries().isEmpty)
        #expect(try database.events().isEmpty)

        // Outside a transaction there is nothing to share the fate of the change with: refused.
        #expect(throws: StoreError.self) {
            try database.writer.writeWithoutTransaction { db in
                try GenesisLedger(signer: key.signer).append(LedgerEntry.Draft(actor: "chimera", action: "rollback", subject: "s"), in: db)
            }
        }

        let (event, entry) = try database.record(
            event: Event(.rollbackTriggered, subject: EventSubject(site: "s")),
            ledger: LedgerEntry.Draft(actor: "chimera", action: "rollback", subject: "s"),
            signer: key.signer
        )
        #expect(event.sequence == 1)
        #expect(entry.sequence == 1)
    }

    @Test func ledgerRejectsUpdateAndDelete() throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeChain(at: folder.databasePath, count: 2, key: key)
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        for sql in ["UPDATE ledger SET actor = 'mallory' WHERE sequence = 1", "DELETE FROM ledger WHERE sequence = 2"] {
            #expect(throws: DatabaseError.self) { try database.writer.write { try $0.execute(sql: sql) } }
        }
        // The sqlite3 shell is refused too while the triggers stand.
        #expect(throws: StoreError.self) { try runSQLite(folder.databasePath, "DELETE FROM ledger WHERE sequence = 2;") }
        #expect(try database.verifyLedger(keys: key.keyring).isIntact)
    }

    @Test func verifyPassesOnAGoodChain() throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeChain(at: folder.databasePath, count: 5, key: key)
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        let result = try database.verifyLedger(keys: key.keyring)
        #expect(result.isIntact)
        #expect(result.entries == 5)
        #expect(result.signaturesChecked)
        #expect(result.headHash == (try database.ledgerEntries().last?.hash))
        #expect(try ChimeraDatabase.inMemory().verifyLedger(keys: key.keyring).isIntact)

        // A key the verifier does not trust makes the first entry count as re-signed.
        let stranger = TestKey(id: "ledger-test-1")
        #expect(try database.verifyLedger(keys: stranger.keyring).problem?.kind == .resigned)
    }

    /// One way to tamper with entry #3 of a five-entry chain, the SQL doing it, and what verify must say.
    struct Tampering: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: @Sendable (_ otherSignature: String) -> String
        var sequence: Int64
        var kind: LedgerProblem.Kind
        var testDescription: String { name }
    }

    @Test(arguments: [
        Tampering(
            name: "edit details",
            sql: { _ in #"UPDATE ledger SET details = '{"deploy":"evil","n":"3"}' WHERE sequence = 3;"# },
            sequence: 3,
            kind: .edited
        ),
        Tampering(name: "edit actor", sql: { _ in "UPDATE ledger SET actor = 'mallory' WHERE sequence = 4;" }, sequence: 4, kind: .edited),
        Tampering(name: "delete", sql: { _ in "DELETE FROM ledger WHERE sequence = 3;" }, sequence: 3, kind: .removed),
        Tampering(name: "delete first", sql: { _ in "DELETE FROM ledger WHERE sequence = 1;" }, sequence: 1, kind: .removed),
        Tampering(
            name: "swap sequences",
            sql: { _ in
                "UPDATE ledger SET sequence = 1000 WHERE sequence = 3; UPDATE ledger SET sequence = 3 WHERE sequence = 4; "
                    + "UPDATE ledger SET sequence = 4 WHERE sequence = 1000;"
            },
            sequence: 3,
            kind: .reordered
        ),
        Tampering(
            name: "re-sign with another key id",
            sql: { signature in "UPDATE ledger SET key_id = 'intruder', signature = '\(signature)' WHERE sequence = 3;" },
            sequence: 3,
            kind: .resigned
        ),
        Tampering(
            name: "re-sign keeping the key id",
            sql: { signature in "UPDATE ledger SET signature = '\(signature)' WHERE sequence = 3;" },
            sequence: 3,
            kind: .resigned
        ),
    ])
    func tamperingWithTheFileIsCaughtAndNamed(_ tampering: Tampering) throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeChain(at: folder.databasePath, count: 5, key: key)

        let entry = try #require(try ChimeraDatabase.open(path: folder.databasePath).ledgerEntries().first { $0.sequence == 3 })
        let intruder = Curve25519.Signing.PrivateKey()
        let otherSignature = try intruder.signature(for: try #require(hexBytes(entry.hash))).base64EncodedString()

        // A real sqlite3 process, as someone with the file would do it: drop the guards, then tamper.
        try runSQLite(folder.databasePath, "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete; " + tampering.sql(otherSignature))

        let result = try ChimeraDatabase.open(path: folder.databasePath).verifyLedger(keys: key.keyring)
        let problem = try #require(result.problem)
        #expect(problem.sequence == tampering.sequence)
        #expect(problem.kind == tampering.kind)
    }

    @Test func twoPoolsOnOneFileBothWrite() async throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The CLI and the daemon: two independent pools, each with its own writer connection.
        let cli = try ChimeraDatabase.open(path: folder.databasePath)
        let daemon = try ChimeraDatabase.open(path: folder.databasePath)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, database) in [("cli", cli), ("daemon", daemon)] {
                group.addTask {
                    for index in 0..<40 {
                        try await database.writer.write { db in
                            _ = try Event(.deployStart, subject: EventSubject(site: name), payload: ["n": index]).inserted(db)
                            try GenesisLedger(signer: key.signer).append(
                                LedgerEntry.Draft(actor: name, action: "deploy", subject: "s\(index)"),
                                in: db
                            )
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try cli.events().count == 80)
        let result = try daemon.verifyLedger(keys: key.keyring)
        #expect(result.isIntact)
        #expect(result.entries == 80)
    }

    @Test(.enabled(if: commandExists("python3"))) func pythonRecomputesHashesFromTheDocumentedBytes() throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try writeChain(at: folder.databasePath, count: 3, key: key)
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        _ = try database.writer.write { db in
            try GenesisLedger(signer: key.signer).append(
                LedgerEntry.Draft(actor: "Zoë \"z\"\tq", action: "key.rotate", subject: "a/b\\c", details: ["note": "line\nbreak/é"]),
                in: db
            )
        }
        // Independent of Swift: only the documented layout, Python's json and hashlib.
        let script = """
            import hashlib, json, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            prev = "0" * 64
            for seq, time, actor, action, subject, details, prev_hash, h in db.execute(
                    "SELECT sequence, time, actor, action, subject, details, prev_hash, hash FROM ledger ORDER BY sequence"):
                q = lambda s: json.dumps(s, ensure_ascii=False)
                text = ('{"action":' + q(action) + ',"actor":' + q(actor) + ',"details":' + details + ',"prev_hash":' + q(prev_hash)
                        + ',"sequence":' + str(seq) + ',"subject":' + q(subject) + ',"time":' + q(time) + '}')
                assert prev_hash == prev, seq
                assert hashlib.sha3_256(text.encode("utf-8")).hexdigest() == h, seq
                prev = h
            print("ok")
            """
        #expect(try runPython(script, [folder.databasePath]).trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}

private func hexBytes(_ hex: String) -> Data? {
    var bytes = [UInt8]()
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
        bytes.append(byte)
        index = next
    }
    return Data(bytes)
}
