import ChimeraStore
import Foundation
import GRDB
import Testing

@Suite struct EventTests {
    @Test func migrationsCreateTablesAndTriggersInWALMode() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(stateDirectory: folder.path)
        try database.writer.read { db in
            #expect(try db.tableExists("events"))
            #expect(try db.tableExists("ledger"))
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
            #expect(triggers == ["events_no_delete", "events_no_update", "ledger_no_delete", "ledger_no_update"])
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
        }
        // Opening again migrates nothing and keeps the data.
        try database.append(Event(.simulateStart))
        #expect(try ChimeraDatabase.open(stateDirectory: folder.path).events().count == 1)
    }

    @Test func appendsAndReadsEvents() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(stateDirectory: folder.path)

        let first = try database.append(
            Event(.simulateStart, subject: EventSubject(site: "/srv/site"), payload: ["platform": "netlify", "a": "b"])
        )
        try database.append(
            Event(.simulateComplete, subject: EventSubject(site: "/srv/site", commit: "abc123"), payload: ["verdict": "pass"])
        )

        #expect(first.sequence == 1)
        let events = try database.events()
        #expect(events.map(\.name) == [.simulateStart, .simulateComplete])
        #expect(events.map(\.sequence) == [1, 2])
        #expect(events[0].payload == #"{"a":"b","platform":"netlify"}"#)
        #expect(events[1].subject == EventSubject(site: "/srv/site", commit: "abc123"))
        #expect(try database.events(since: 1).map(\.name) == [.simulateComplete])
        #expect(events[0].time.hasSuffix("Z"))
    }

    @Test func unknownEventNamesAreRejected() throws {
        #expect(EventName(rawValue: "deploy.exploded") == nil)
        #expect(throws: StoreError.self) { try EventName.parse("chimera.simulate.begin") }
        #expect(try EventName.parse("chimera.rollback.triggered") == .rollbackTriggered)
        #expect(EventName.all.count == 20)
        #expect(Set(EventName.all.map(\.rawValue)).count == EventName.all.count)
        // Every listed name parses back, so `all` and the accepted names cannot drift apart.
        for name in EventName.all { #expect(EventName(rawValue: name.rawValue) == name) }
        #expect(try EventName.parse("github.webhook.received") == .webhookReceived)

        // A row written behind the store's back with an unknown name cannot be read as an event.
        let database = try ChimeraDatabase.inMemory()
        try database.writer.write { db in
            try db.execute(sql: "INSERT INTO events (name, payload, time) VALUES ('deploy.bogus', '{}', 'now')")
        }
        #expect(throws: (any Error).self) { try database.events() }
    }

    @Test(
        arguments: [
            ["github_token": "abc"],
            ["nested": ["Authorization": "x"]],
            ["list": [["private-key": "x"]]],
            ["PASSWORD": "hunter2"],
            ["note": "ghp_0123456789abcdef"],
            ["pem": "-----BEGIN OPENSSH PRIVATE KEY-----\nabc"],
        ] as [[String: JSONFixture]]
    )
    func secretsAreRejected(payload: [String: JSONFixture]) throws {
        #expect(throws: StoreError.self) { try Event(.deployInitiated, payload: payload) }
        #expect(throws: StoreError.self) { try LedgerEntry.Draft(actor: "a", action: "token.create", subject: "s", details: payload) }
    }

    @Test func namesAndCountsOfSecretsAreAllowed() throws {
        let event = try Event(.deployInitiated, payload: ["token_id": "t-1", "key_name": "ci", "secret_count": "2", "key_id": "k"])
        #expect(event.payload.contains("token_id"))
        #expect(throws: StoreError.self) { try Event(.deployInitiated, subject: EventSubject(site: "Bearer abc")) }
    }

    @Test func eventsRejectUpdateAndDelete() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(stateDirectory: folder.path)
        try database.append(Event(.deployStart))
        #expect(throws: DatabaseError.self) { try database.writer.write { try $0.execute(sql: "UPDATE events SET name = 'deploy.certified'") } }
        #expect(throws: DatabaseError.self) { try database.writer.write { try $0.execute(sql: "DELETE FROM events") } }
        #expect(try database.events().count == 1)
    }
}

/// A JSON value for argument tables: a string, an object or an array.
indirect enum JSONFixture: Encodable, Sendable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    case string(String)
    case object([String: JSONFixture])
    case array([JSONFixture])

    init(stringLiteral value: String) { self = .string(value) }
    init(dictionaryLiteral elements: (String, JSONFixture)...) { self = .object(Dictionary(uniqueKeysWithValues: elements)) }
    init(arrayLiteral elements: JSONFixture...) { self = .array(elements) }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value): try value.encode(to: encoder)
        case .object(let value): try value.encode(to: encoder)
        case .array(let value): try value.encode(to: encoder)
        }
    }
}
