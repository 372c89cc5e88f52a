import ChimeraStore
import Foundation
import GRDB
import Testing

/// A deploy request for tests.
func deployRequest(site: String = "site", context: String = "production", commit: String) -> DeployRequest {
    DeployRequest(site: site, context: context, branch: "main", commit: commit, repository: "octo/site", trigger: .cli)
}

/// The JSON object of an event's payload.
func payload(of event: Event) throws -> [String: String] {
    try JSONDecoder().decode([String: String].self, from: Data(event.payload.utf8))
}

@Suite struct DeployQueueTests {
    @Test func theNewestQueuedCommitSupersedesTheOlderOnes() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let queue = DeployQueue(database: database)

        let first = try queue.enqueue(deployRequest(commit: "c1"))
        let preview = try queue.enqueue(deployRequest(context: "preview", commit: "p1"))
        let second = try queue.enqueue(deployRequest(commit: "c2"))
        let third = try queue.enqueue(
            deployRequest(commit: "c3"),
            ledger: LedgerEntry.Draft(actor: "ann", action: "deploy.enqueue", subject: "site"),
            signer: key.signer
        )

        #expect(first.superseded.isEmpty)
        #expect(second.superseded.map(\.id) == [first.deploy.id])
        #expect(third.superseded.map(\.id) == [second.deploy.id])
        #expect(third.superseded.first?.state == .superseded)
        #expect(third.superseded.first?.finishedAt != nil)

        let states = Dictionary(uniqueKeysWithValues: try queue.deploys().map { ($0.commit, $0.state) })
        #expect(states == ["c1": .superseded, "c2": .superseded, "c3": .queued, "p1": .queued])
        #expect(preview.superseded.isEmpty)

        let superseded = try database.events().filter { $0.name == .deploySuperseded }
        #expect(superseded.map(\.deployID) == [first.deploy.id, second.deploy.id])
        #expect(try superseded.map { try payload(of: $0)["superseded_by"] } == [second.deploy.id, third.deploy.id] as [String?])
        #expect(try database.events().filter { $0.name == .deployInitiated }.count == 4)
        #expect(try database.ledgerEntries().map(\.action) == ["deploy.enqueue"])

        // A running deploy is not superseded: the newer one waits for it.
        let running = try #require(try queue.claim(id: third.deploy.id))
        let fourth = try queue.enqueue(deployRequest(commit: "c4"))
        #expect(fourth.superseded.isEmpty)
        #expect(try queue.deploy(id: running.id)?.state == .running)
    }

    @Test func oneSiteRunsOneDeployAtATimeAndSitesRunSideBySide() throws {
        let queue = DeployQueue(database: try ChimeraDatabase.inMemory())
        let a1 = try queue.enqueue(deployRequest(site: "a", commit: "a1")).deploy
        let a2 = try queue.enqueue(deployRequest(site: "a", context: "preview", commit: "a2")).deploy
        let b1 = try queue.enqueue(deployRequest(site: "b", commit: "b1")).deploy
        #expect(a1.id < a2.id && a2.id < b1.id)
        #expect(a1.id.hasPrefix("d-"))

        #expect(try queue.claimNext()?.id == a1.id)
        // a is busy: b goes next, not a2, although a2 is older.
        #expect(try queue.claimNext()?.id == b1.id)
        #expect(try queue.claimNext() == nil)

        try queue.finish(a1.id, state: .succeeded, event: Event(.deployComplete, subject: a1.subject))
        let next = try #require(try queue.claimNext())
        #expect(next.id == a2.id)
        #expect(next.state == .running)
        #expect(try queue.claimNext() == nil)

        let done = try #require(try queue.deploy(id: a1.id))
        #expect(done.state == .succeeded)
        #expect(done.stage == .done)
        #expect(done.finishedAt != nil)
        #expect(try queue.deploys(site: "a").map(\.id) == [a2.id, a1.id])
        #expect(try queue.deploys(limit: 1).map(\.id) == [b1.id])
    }

    @Test func runningDeploysAreRequeuedAfterACrash() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let id: String
        do {
            let queue = DeployQueue(database: try ChimeraDatabase.open(path: folder.databasePath))
            id = try queue.enqueue(deployRequest(commit: "c1")).deploy.id
            _ = try queue.enqueue(deployRequest(site: "other", commit: "o1"))
            #expect(try queue.claimNext()?.id == id)
            try queue.advance(id, to: .simulate, event: Event(.fetchComplete, subject: EventSubject(site: "site", deployID: id)))
            // The process dies here: the database is closed with the deploy still running.
        }

        let queue = DeployQueue(database: try ChimeraDatabase.open(path: folder.databasePath))
        #expect(try queue.deploy(id: id)?.state == .running)
        let recovered = try queue.recoverInterrupted()
        #expect(recovered.map(\.id) == [id])
        let deploy = try #require(recovered.first)
        #expect(deploy.state == .queued)
        #expect(deploy.stage == .simulate)
        #expect(deploy.attempts == 1)
        #expect(deploy.lastError?.contains("interrupted") == true)
        #expect(try queue.recoverInterrupted().isEmpty)

        // It is claimed again, at the stage it was at, before the younger deploy of another site.
        let again = try #require(try queue.claimNext())
        #expect(again.id == id)
        #expect(again.stage == .simulate)
    }

    @Test func retryLaterWaitsForNotBefore() throws {
        let queue = DeployQueue(database: try ChimeraDatabase.inMemory())
        let now = Date()
        let id = try queue.enqueue(deployRequest(commit: "c1")).deploy.id
        _ = try queue.claimNext(now: now)
        try queue.advance(id, to: .deploy, details: #"{"findings":3}"#, releaseID: "r-1")

        let retried = try queue.retryLater(
            id,
            error: "upload failed: 503",
            notBefore: now.addingTimeInterval(60),
            details: #"{"findings":3,"retry":1}"#
        )
        #expect(retried.state == .queued)
        #expect(retried.attempts == 1)
        #expect(retried.stage == .deploy)
        #expect(retried.lastError == "upload failed: 503")

        #expect(try queue.claimNext(now: now.addingTimeInterval(30)) == nil)
        let claimed = try #require(try queue.claimNext(now: now.addingTimeInterval(61)))
        #expect(claimed.id == id)
        #expect(claimed.attempts == 1)
        #expect(claimed.notBefore == nil)
        #expect(claimed.releaseID == "r-1")

        #expect(claimed.details == #"{"findings":3,"retry":1}"#)

        // Advancing resets the attempts; details given replace the stored ones, none keeps them.
        let verified = try queue.advance(id, to: .verify, details: #"{"url":"https://example.test/"}"#, certificate: "dsse")
        #expect(verified.attempts == 0)
        #expect(verified.details == #"{"url":"https://example.test/"}"#)
        #expect(try queue.advance(id, to: .done).details == verified.details)
        #expect(verified.certificate == "dsse")
        #expect(verified.releaseID == "r-1")
    }

    @Test func operationsRefuseDeploysInTheWrongState() throws {
        let key = TestKey()
        let database = try ChimeraDatabase.inMemory()
        let queue = DeployQueue(database: database)
        let id = try queue.enqueue(deployRequest(commit: "c1")).deploy.id

        #expect(throws: StoreError.self) { try queue.advance(id, to: .simulate) }
        #expect(throws: StoreError.self) { try queue.retryLater(id, error: "x", notBefore: Date()) }
        #expect(throws: StoreError.self) { try queue.finish(id, state: .running) }
        #expect(throws: StoreError.self) { try queue.finish("d-missing", state: .failed) }
        #expect(throws: StoreError.self) {
            try queue.finish(id, state: .failed, ledger: LedgerEntry.Draft(actor: "a", action: "deploy", subject: "s"))
        }

        _ = try queue.claimNext()
        let failed = try queue.finish(
            id,
            state: .failed,
            error: "verify: /about returned 404",
            event: Event(.deployFailed, subject: EventSubject(site: "site", deployID: id)),
            ledger: LedgerEntry.Draft(actor: "chimera", action: "deploy.fail", subject: "site"),
            signer: key.signer
        )
        #expect(failed.state == .failed)
        #expect(failed.stage == .fetch)
        #expect(failed.lastError == "verify: /about returned 404")
        // Over is over: a second finish is refused and writes nothing.
        #expect(throws: StoreError.self) {
            try queue.finish(id, state: .succeeded, event: Event(.deployComplete), ledger: nil, signer: nil)
        }
        #expect(try database.events().filter { $0.name == .deployComplete }.isEmpty)
        #expect(try database.ledgerEntries().map(\.action) == ["deploy.fail"])
        #expect(try database.verifyLedger(keys: key.keyring).isIntact)
    }

    @Test func enqueueRefusesEmptyFieldsAndSecrets() throws {
        let queue = DeployQueue(database: try ChimeraDatabase.inMemory())
        #expect(throws: StoreError.self) { try queue.enqueue(deployRequest(site: "", commit: "c")) }
        #expect(throws: StoreError.self) {
            try queue.enqueue(DeployRequest(site: "s", branch: "main", commit: "c", repository: "o/r", trigger: "Bearer abc"))
        }
        #expect(throws: StoreError.self) { try queue.enqueue(deployRequest(commit: "c"), details: #"{"api_key":"x"}"#) }
        #expect(throws: StoreError.self) { try queue.enqueue(deployRequest(commit: "c"), details: "[1]") }
        #expect(try queue.deploys().isEmpty)
        #expect(try queue.database.events().isEmpty)

        let request = DeployRequest(site: "s", branch: "main", commit: "c", repository: "o/r", trigger: "webhook:guid-7")
        #expect(request.context == "production")
        #expect(request.trigger == .webhook("guid-7"))
        let deploy = try queue.enqueue(request, startingAt: .certify, details: #"{"n":1}"#).deploy
        #expect(deploy.stage == .certify)
        #expect(deploy.details == #"{"n":1}"#)
        #expect(try queue.deploy(id: deploy.id) == deploy)
    }

    @Test func aForegroundDeployClaimsItsOwnDeploy() throws {
        let queue = DeployQueue(database: try ChimeraDatabase.inMemory())
        let older = try queue.enqueue(deployRequest(site: "a", commit: "a1")).deploy
        let mine = try queue.enqueue(deployRequest(site: "b", commit: "b1")).deploy
        // Claimed by id, ahead of the older deploy of another site.
        #expect(try queue.claim(id: mine.id)?.state == .running)
        #expect(throws: StoreError.self) { try queue.claim(id: mine.id) }
        #expect(try queue.claimNext()?.id == older.id)
        // Its site busy: nothing to claim yet.
        let next = try queue.enqueue(deployRequest(site: "b", context: "preview", commit: "b2")).deploy
        #expect(try queue.claim(id: next.id) == nil)
        #expect(try queue.deploy(id: next.id)?.state == .queued)

        // Details can be noted whatever the state.
        #expect(try queue.updateDetails(next.id, details: #"{"status":"pending"}"#).details == #"{"status":"pending"}"#)
        #expect(throws: StoreError.self) { try queue.updateDetails(next.id, details: #"{"password":"x"}"#) }
        #expect(throws: StoreError.self) { try queue.updateDetails("d-nope", details: "{}") }
    }
}
