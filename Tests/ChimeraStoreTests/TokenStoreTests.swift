import ChimeraStore
import Foundation
import GRDB
import Testing

@Suite struct TokenStoreTests {
    @Test func createAuthenticateAndRevoke() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let tokens = TokenStore(database: database)

        let (token, secret) = try tokens.create(name: "ci", role: .systemCore, actor: "ann", signer: key.signer)
        #expect(secret.hasPrefix("chm_"))
        #expect(secret.count == 4 + 43)
        #expect(secret.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(token.id.hasPrefix("t-"))
        #expect(token.role == .systemCore)
        #expect(try tokens.authenticate(secret: secret) == token)

        let (_, otherSecret) = try tokens.create(name: "dashboard", role: .observer, actor: "ann", signer: key.signer)
        #expect(otherSecret != secret)
        #expect(try tokens.authenticate(secret: otherSecret)?.name == "dashboard")
        #expect(try tokens.authenticate(secret: "chm_" + String(repeating: "A", count: 43)) == nil)
        #expect(try tokens.authenticate(secret: String(secret.dropFirst(4))) == nil)
        #expect(try tokens.authenticate(secret: "") == nil)
        #expect(try tokens.list().map(\.name) == ["ci", "dashboard"])

        let revoked = try tokens.revoke(name: "ci", actor: "bob", signer: key.signer)
        #expect(revoked.isRevoked)
        #expect(try tokens.authenticate(secret: secret) == nil)
        #expect(try tokens.authenticate(secret: otherSecret) != nil)
        #expect(throws: StoreError.self) { try tokens.revoke(name: "ci", actor: "bob", signer: key.signer) }
        #expect(throws: StoreError.self) { try tokens.revoke(name: "nobody", actor: "bob", signer: key.signer) }
        #expect(try tokens.token(named: "ci")?.isRevoked == true)

        // Every change is in the ledger; the event names the token and never carries the secret or its hash.
        let entries = try database.ledgerEntries()
        #expect(entries.map(\.action) == ["token.create", "token.create", "token.revoke"])
        #expect(entries[0].subject == "ci")
        #expect(entries[0].details.contains(token.id))
        #expect(try database.verifyLedger(keys: key.keyring).isIntact)
        let created = try database.events().filter { $0.name == .tokenCreated }
        #expect(created.count == 2)
        #expect(try payload(of: created[0]) == ["id": token.id, "name": "ci", "role": "system_core"])
        for text in created.map(\.payload) + entries.map(\.details) {
            #expect(!text.contains(secret) && !text.contains(otherSecret))
        }
    }

    @Test func namesAreUniqueAndChecked() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let tokens = TokenStore(database: database)
        _ = try tokens.create(name: "ci", role: .admiral, actor: "ann", signer: key.signer)
        let duplicate = #expect(throws: StoreError.self) { try tokens.create(name: "ci", role: .observer, actor: "ann", signer: key.signer) }
        #expect(duplicate?.description.contains("already exists") == true)
        for name in ["", "with space", String(repeating: "x", count: 65), "ghp_lookslikeatoken"] {
            #expect(throws: StoreError.self) { try tokens.create(name: name, role: .observer, actor: "ann", signer: key.signer) }
        }
        // Refused creations leave nothing behind.
        #expect(try tokens.list().count == 1)
        #expect(try database.ledgerEntries().count == 1)
        #expect(try database.events().count == 1)
    }

    @Test func theSecretIsNowhereInTheDatabaseFiles() throws {
        let key = TestKey()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        let (_, secret) = try TokenStore(database: database).create(
            name: "needle-name",
            role: .admiral,
            actor: "ann",
            signer: key.signer
        )

        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(ChimeraDatabase.fileName) }
        let bytes = try files.map { try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + $0)) }
        // The search works: the name, written in the same transaction, is found in the files.
        #expect(bytes.contains { $0.range(of: Data("needle-name".utf8)) != nil })
        for data in bytes {
            #expect(data.range(of: Data(secret.utf8)) == nil)
            #expect(data.range(of: Data(secret.dropFirst(4).utf8)) == nil)
        }
    }

    @Test func rolesSayWhatTheyMayDo() throws {
        #expect(APIToken.Role.allCases.filter(\.canWrite) == [.admiral, .systemCore])
        #expect(APIToken.Role.allCases.filter(\.canRead).count == APIToken.Role.allCases.count)
        #expect(APIToken.Role(rawValue: "system_core") == .systemCore)
    }

    @Test func anEncodedTokenHasNoHash() throws {
        let key = TestKey()
        let tokens = TokenStore(database: try ChimeraDatabase.inMemory())
        let (token, _) = try tokens.create(name: "ci", role: .observer, actor: "ann", signer: key.signer)
        let json = String(decoding: try JSONEncoder().encode(token), as: UTF8.self)
        #expect(!json.contains("hash"))
        #expect(json.contains("\"name\":\"ci\""))
        #expect(try JSONDecoder().decode(APIToken.self, from: Data(json.utf8)).name == "ci")
    }
}
