import ChimeraStore
import Foundation
import GRDB
import Testing

@Suite struct DeliveryIntakeTests {
    @Test func concurrentDeliveriesAreStoredExactlyOnceInFewTransactions() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        let intake = DeliveryIntake(database: database)
        let tasks = 64
        let perTask = 50

        // Each task stores 50 deliveries: mostly new ones, every tenth a redelivery of its previous one, and one a
        // delivery id that eight tasks race to store.
        let outcomes = try await withThrowingTaskGroup(of: [(String, IntakeResult)].self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var outcomes: [(String, IntakeResult)] = []
                    for index in 0..<perTask {
                        let id: String
                        if index % 10 == 9 {
                            id = "g-\(task)-\(index - 1)"
                        } else if index == 20 {
                            id = "shared-\(task % 8)"
                        } else {
                            id = "g-\(task)-\(index)"
                        }
                        let body = Data(#"{"ref":"refs/heads/main","n":\#(index)}"#.utf8)
                        let result = try await intake.store(NewDelivery(deliveryID: id, hookID: "hook-1", event: "push", body: body))
                        outcomes.append((id, result))
                    }
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }

        #expect(outcomes.count == tasks * perTask)
        let byID = Dictionary(grouping: outcomes, by: \.0)
        for (id, results) in byID {
            // Exactly one call stored it; every other call was told it is a duplicate of that very row.
            let stored = results.filter { $0.1.isNew }
            #expect(stored.count == 1, "\(id) stored \(stored.count) times")
            #expect(Set(results.map(\.1.sequence)).count == 1, "\(id) has several sequences")
        }
        let rows = try database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, delivery_id FROM webhook_deliveries")
        }
        #expect(rows.count == byID.count)
        for row in rows {
            let id: String = row["delivery_id"]
            let sequence: Int64 = row["sequence"]
            #expect(byID[id]?.first?.1.sequence == sequence)
        }
        // The intake writes rows only (its thread is the one every commit waits for); the intake loop writes the
        // `github.webhook.received` event when it handles the delivery.
        #expect(try database.events().filter { $0.name == .webhookReceived }.isEmpty)
        // Group commit: far fewer transactions than deliveries.
        #expect(intake.commits > 0)
        #expect(intake.commits * 4 <= outcomes.count, "\(intake.commits) transactions for \(outcomes.count) deliveries")
    }

    @Test func theDaemonsConnectionsSyncEveryCommit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // What GRDB does on its own: a WAL pool's writer runs with synchronous = NORMAL (1), even when the
        // configuration's prepareDatabase asked for FULL, because the WAL set-up comes after it.
        let plain = try DatabasePool(path: folder.path + "/plain.sqlite", configuration: ChimeraDatabase.makeConfiguration())
        #expect(try plain.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 1)

        // ChimeraDatabase puts FULL (2) back on the writer; readers get it from prepareDatabase.
        let database = try ChimeraDatabase.open(path: folder.databasePath)
        #expect(try database.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try database.writer.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try database.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func aStoredDeliveryIsCommittedWhenStoreReturns() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let intake = DeliveryIntake(database: try ChimeraDatabase.open(path: folder.databasePath))
        let body = Data(#"{"zen":"Keep it logically awesome."}"#.utf8)
        let result = try await intake.store(NewDelivery(deliveryID: "guid-1", hookID: "", event: "ping", body: body))
        #expect(result == .stored(1))

        // Another connection (the CLI) sees it at once: the transaction committed before store returned.
        let other = try ChimeraDatabase.open(path: folder.databasePath)
        let stored = try #require(try DeliveryIntake(database: other).delivery(sequence: 1))
        #expect(stored.body == body)
        #expect(stored.deliveryID == "guid-1")
        #expect(stored.hookID == "")
        #expect(stored.event == "ping")
        #expect(stored.state == .received)
    }

    @Test func theHookIDIsPartOfTheIdentity() async throws {
        let intake = DeliveryIntake(database: try ChimeraDatabase.inMemory())
        let body = Data("{}".utf8)
        let first = try await intake.store(NewDelivery(deliveryID: "guid", hookID: "1", event: "push", body: body))
        let otherHook = try await intake.store(NewDelivery(deliveryID: "guid", hookID: "2", event: "push", body: body))
        let again = try await intake.store(NewDelivery(deliveryID: "guid", hookID: "1", event: "push", body: body))
        #expect(first == .stored(1))
        #expect(otherHook == .stored(2))
        #expect(again == .duplicate(1))
    }

    @Test func unusableHeadersAreRefusedBeforeTheBatch() async throws {
        let intake = DeliveryIntake(database: try ChimeraDatabase.inMemory())
        await #expect(throws: StoreError.self) { try await intake.store(NewDelivery(deliveryID: "", event: "push", body: Data())) }
        await #expect(throws: StoreError.self) { try await intake.store(NewDelivery(deliveryID: "g", event: "", body: Data())) }
        await #expect(throws: StoreError.self) {
            try await intake.store(NewDelivery(deliveryID: "ghp_0123456789abcdef", event: "push", body: Data()))
        }
        #expect(try intake.pendingDeliveries().isEmpty)
        #expect(intake.commits == 0)
    }

    @Test func theIntakeLoopReadsPendingDeliveriesAndMarksThem() async throws {
        let database = try ChimeraDatabase.inMemory()
        let intake = DeliveryIntake(database: database)
        for id in ["a", "b", "c", "d"] {
            _ = try await intake.store(NewDelivery(deliveryID: id, hookID: "h", event: "push", body: Data("{}".utf8)))
        }
        #expect(try intake.pendingDeliveries().map(\.deliveryID) == ["a", "b", "c", "d"])
        #expect(try intake.pendingDeliveries(limit: 2).map(\.sequence) == [1, 2])

        try intake.markDelivery(
            sequence: 2,
            state: .ignored,
            reason: "branch feature is not deployed",
            event: Event(.webhookIgnored, payload: ["delivery_id": "b", "reason": "branch feature is not deployed"])
        )
        // Turning a push into a deploy marks the delivery in the deploy's own transaction.
        let request = DeployRequest(site: "s", branch: "main", commit: "c1", repository: "o/r", trigger: .webhook("a"))
        let (deploy, _) = try database.enqueueDeploy(request, delivery: 1)

        #expect(try intake.pendingDeliveries().map(\.deliveryID) == ["c", "d"])
        let ignored = try #require(try intake.delivery(sequence: 2))
        #expect(ignored.state == .ignored)
        #expect(ignored.reason == "branch feature is not deployed")
        let processed = try #require(try intake.delivery(sequence: 1))
        #expect(processed.state == .processed)
        #expect(processed.deployID == deploy.id)
        #expect(deploy.trigger.rawValue == "webhook:a")
        #expect(try database.events().filter { $0.name == .webhookIgnored }.count == 1)

        // An unknown delivery is an error, and its event is not written.
        #expect(throws: StoreError.self) {
            try intake.markDelivery(sequence: 99, state: .processed, event: Event(.webhookIgnored))
        }
        #expect(try database.events().filter { $0.name == .webhookIgnored }.count == 1)
        // So is an enqueue naming an unknown delivery: the deploy is rolled back with it.
        #expect(throws: StoreError.self) { try database.enqueueDeploy(request, delivery: 99) }
        #expect(try DeployQueue(database: database).deploys().count == 1)
    }
}
