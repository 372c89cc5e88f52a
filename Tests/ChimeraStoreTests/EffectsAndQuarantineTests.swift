import ChimeraStore
import Foundation
import GRDB
import Testing

@Suite struct EffectsAndQuarantineTests {
    struct Activation: Codable, Equatable {
        var release: String
    }

    @Test func anEffectIsRecordedOnceWithItsEventAndLedgerEntry() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let queue = DeployQueue(database: database)
        let effectKey = "d-1:deploy:activate"
        #expect(try queue.effect(effectKey) == nil)

        let text = try queue.recordEffect(
            effectKey,
            result: #"{"release":"r-7"}"#,
            event: Event(.deployComplete, subject: EventSubject(site: "s", deployID: "d-1"), payload: ["release_id": "r-7"]),
            ledger: LedgerEntry.Draft(actor: "chimera", action: "deploy", subject: "s", details: ["release_id": "r-7"]),
            signer: key.signer
        )
        #expect(text == #"{"release":"r-7"}"#)
        #expect(try queue.effect(effectKey) == text)
        #expect(try queue.effect(effectKey, as: Activation.self) == Activation(release: "r-7"))

        // Recording the same key again is an error, and rolls back its event and ledger entry with it.
        #expect(throws: StoreError.self) {
            try queue.recordEffect(
                effectKey,
                result: #"{"release":"r-8"}"#,
                event: Event(.deployComplete),
                ledger: LedgerEntry.Draft(actor: "chimera", action: "deploy", subject: "s"),
                signer: key.signer
            )
        }
        #expect(try queue.effect(effectKey, as: Activation.self) == Activation(release: "r-7"))
        #expect(try database.events().count == 1)
        #expect(try database.ledgerEntries().count == 1)
        #expect(try database.verifyLedger(keys: key.keyring).isIntact)

        // Other keys are independent; results are screened like event payloads.
        try queue.recordEffect("d-1:status:success", result: #"{"state":"success"}"#)
        #expect(try queue.effect("d-1:status:success") == #"{"state":"success"}"#)
        #expect(throws: StoreError.self) { try queue.recordEffect("d-1:upload", result: #"{"token":"x"}"#) }
        #expect(throws: StoreError.self) { try queue.recordEffect("d-1:upload", result: "not json") }
        #expect(try queue.effect("d-1:upload") == nil)
    }

    @Test func aQuarantinedDeployWaitsUntilItIsReplayed() throws {
        let database = try ChimeraDatabase.inMemory()
        let queue = DeployQueue(database: database)
        let id = try queue.enqueue(deployRequest(commit: "c1")).deploy.id
        _ = try queue.claimNext()
        try queue.advance(id, to: .certify)
        _ = try queue.retryLater(id, error: "signing failed", notBefore: Date.distantPast)
        _ = try queue.claimNext()

        let entry = try queue.quarantine(deployID: id, error: "signing failed 3 times", details: #"{"attempts":3}"#)
        #expect(entry.deployID == id)
        #expect(entry.replayedAt == nil)
        let quarantined = try #require(try queue.deploy(id: id))
        #expect(quarantined.state == .quarantined)
        #expect(quarantined.lastError == "signing failed 3 times")
        #expect(quarantined.details == #"{"attempts":3}"#)
        #expect(try queue.quarantined().map(\.id) == [entry.id])
        let event = try #require(try database.events().last)
        #expect(event.name == .deployQuarantined)
        #expect(event.deployID == id)
        #expect(try payload(of: event)["stage"] == "certify")

        // Set aside: it is not claimed, and it does not block its site.
        #expect(try queue.claimNext() == nil)
        let other = try queue.enqueue(deployRequest(context: "preview", commit: "p1")).deploy
        #expect(try queue.claimNext()?.id == other.id)
        #expect(throws: StoreError.self) { try queue.quarantine(deployID: id, error: "again") }

        let replayed = try queue.replay(id: try #require(entry.id))
        #expect(replayed.state == .queued)
        #expect(replayed.stage == .certify)
        #expect(replayed.attempts == 0)
        #expect(try queue.quarantined().isEmpty)
        #expect(try queue.quarantined(includeReplayed: true).first?.replayedAt != nil)
        #expect(throws: StoreError.self) { try queue.replay(id: try #require(entry.id)) }
        #expect(throws: StoreError.self) { try queue.replay(id: 42) }

        try queue.finish(other.id, state: .succeeded)
        let claimed = try #require(try queue.claimNext())
        #expect(claimed.id == id)
        #expect(claimed.stage == .certify)
    }

    @Test func aQuarantinedDeliveryLeavesTheIntakeLoopUntilReplayed() async throws {
        let database = try ChimeraDatabase.inMemory()
        let intake = DeliveryIntake(database: database)
        let queue = DeployQueue(database: database)
        let sequence = try await intake.store(NewDelivery(deliveryID: "g", event: "push", body: Data("{".utf8))).sequence

        let entry = try queue.quarantine(deliverySequence: sequence, error: "the payload is not JSON")
        #expect(entry.deliverySequence == sequence)
        #expect(try intake.pendingDeliveries().isEmpty)
        #expect(try intake.delivery(sequence: sequence)?.state == .quarantined)
        #expect(throws: StoreError.self) { try queue.replay(id: try #require(entry.id)) }
        #expect(throws: StoreError.self) { try queue.quarantine(deliverySequence: 99, error: "x") }

        let replayed = try queue.replayDelivery(id: try #require(entry.id))
        #expect(replayed.state == .received)
        #expect(replayed.reason == nil)
        #expect(try intake.pendingDeliveries().map(\.sequence) == [sequence])
    }
}
