import ChimeraHTTP
import ChimeraStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of the real `chimeractl serve` at arbitrary moments: every accepted push still reaches a final state
/// after restarts, and no release is switched twice for one deploy.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func everyAcceptedPushReachesAFinalStateAcrossKills() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let config = fixture.root + "/chimera.toml"
        try Data(fixture.sitesFile.utf8).write(to: URL(fileURLWithPath: config))
        let http = HTTPClient()
        var generator = SystemRandomNumberGenerator()
        var accepted: [String] = []
        var server = try ServeProcess(state: fixture.state, config: config)

        for round in 1...5 {
            let commit = try fixture.commitSite(redirects: "/old /new/ 301\n/r\(round) /new/ 302\n", message: "Round \(round)")
            let answer = try await http.send(fixture.push(commit: commit, delivery: "crash-\(round)", base: server.base))
            #expect(answer.status == 202)
            if answer.status == 202 { accepted.append(commit) }
            // Kill at some moment of the pipeline: right away, mid-build, mid-certify or mid-deploy.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
            server.kill()
            server = try ServeProcess(state: fixture.state, config: config)
        }
        // The last restart runs everything that is left to the end.
        let database = try ChimeraDatabase.open(stateDirectory: fixture.state)
        let deploys = try await fixture.waitForFinalDeploys(database, count: accepted.count)
        server.stop()

        let deliveries = try (1...Int64(accepted.count + 1)).compactMap { try database.delivery(sequence: $0) }
        #expect(deliveries.count == accepted.count)
        #expect(try database.pendingDeliveries(limit: 100).isEmpty)
        #expect(deliveries.allSatisfy { $0.state == .processed }, "\(deliveries.map(\.state))")
        #expect(Set(deploys.map(\.commit)) == Set(accepted))
        #expect(deploys.allSatisfy { $0.state == .succeeded || $0.state == .superseded }, "\(deploys.map { ($0.state, $0.lastError ?? "") })")
        #expect(deploys.last?.state == .succeeded)

        // Each deploy switched the live release at most once, and its ledger records it once.
        let ledger = try database.ledgerEntries().filter { $0.action == "deploy" }
        #expect(Set(ledger.map(\.subject)).count == ledger.count)
        #expect(ledger.count == deploys.filter { $0.state == .succeeded }.count)
        let activations = try String(contentsOfFile: fixture.state + "/sites/docs/activations.log", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(Set(activations).count == activations.count, "\(activations)")
        #expect(try database.verifyLedger(keys: nil).isIntact)
    }
}

extension CrashRecoveryTests {
    @Test func sigtermLetsTheStageFinishAndTheNextStartResumes() async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let config = fixture.root + "/chimera.toml"
        try Data(fixture.sitesFile.utf8).write(to: URL(fileURLWithPath: config))
        // A build that takes a second, so SIGTERM arrives while the simulate stage runs.
        let commit = try fixture.commitSite(
            redirects: "/old /new/ 301\n",
            message: "Slow build",
            buildCommand: "sleep 1 && mkdir -p public && cp -r pages/. public/"
        )
        let server = try ServeProcess(state: fixture.state, config: config)
        let answer = try await HTTPClient().send(fixture.push(commit: commit, delivery: "term-1", base: server.base))
        #expect(answer.status == 202)
        let database = try ChimeraDatabase.open(stateDirectory: fixture.state)
        let deadline = ContinuousClock.now + .seconds(60)
        while try DeployQueue(database: database).deploys(limit: 1).first?.stage != .simulate {
            try #require(ContinuousClock.now < deadline, "the deploy never reached the simulate stage")
            try await Task.sleep(for: .milliseconds(20))
        }
        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        // The simulate stage finished; the deploy waits at the next boundary for the next start.
        let stopped = try #require(try DeployQueue(database: database).deploys(limit: 1).first)
        #expect(stopped.state == .running && stopped.stage == .certify, "\(stopped.state) at \(stopped.stage)")

        let restarted = try ServeProcess(state: fixture.state, config: config)
        let finished = try await fixture.waitForFinalDeploys(database, count: 1)
        restarted.stop()
        #expect(finished.map(\.state) == [.succeeded])
    }
}

/// `chimeractl serve` as a child process on a free port.
struct ServeProcess {
    let process: Process
    let base: String

    /// The `chimeractl` built with the tests (this target depends on it).
    static let executable: String = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: folder.path + "/chimeractl") { return folder.path + "/chimeractl" }
            folder = folder.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().path + "/chimeractl"
    }()

    /// Starts the server and waits until it says where it listens.
    init(state: String, config: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        environment["CHIMERA_STATE_DIR"] = state
        environment["CHIMERA_CONFIG"] = config
        environment["CHIMERA_LISTEN"] = "127.0.0.1:0"
        environment["GITHUB_WEBHOOK_SECRET"] = EndToEndTests.secret
        environment["CHIMERA_LOG_LEVEL"] = "warning"
        environment.removeValue(forKey: "GITHUB_TOKEN")
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first line on standard error is "chimera: listening on http://127.0.0.1:PORT (sites: …)".
        var seen = ""
        let handle = errors.fileHandleForReading
        while !seen.contains("listening on http://") || !seen.contains(" (sites") {
            let chunk = handle.availableData
            if chunk.isEmpty { throw FixtureFailure(description: "chimeractl serve exited before listening: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let start = seen.range(of: "listening on ")?.upperBound, let end = seen[start...].range(of: " (sites")?.lowerBound else {
            throw FixtureFailure(description: "no address in: \(seen)")
        }
        self.base = String(seen[start..<end])
        self.process = process
        // Keep draining standard error so the child never blocks on a full pipe.
        handle.readabilityHandler = { handle in _ = handle.availableData }
    }

    /// `kill -9`: no shutdown, no flush, no goodbye.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, and wait for a graceful exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
