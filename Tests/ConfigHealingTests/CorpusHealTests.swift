import ConfigHealing
import Foundation
import PlatformModels
import SiteSimulation
import Testing

/// Sites from the project's generator (`bench/gen_site.py`, run as a child process) with faults injected into
/// `_redirects` and `_headers`: after a heal with safe fixes only, no safe-fixable finding is left.
@Suite struct CorpusHealTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func generate(seed: Int, into folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.repositoryRoot.appendingPathComponent("bench/gen_site.py").path, "--pages", "80", "--assets", "20",
            "--broken-ratio", "0.01", "--via-redirect-ratio", "0.1", "--seed", "\(seed)", "--out", folder,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    /// Injects the faults: a detached `!`, a duplicate, a `from` without `/`, a `Name = value` header, a 307.
    private func injectFaults(into publish: String, seed: Int) throws -> Set<FindingCode> {
        let redirectsPath = publish + "/_redirects"
        var redirects = String(decoding: try Data(contentsOf: URL(fileURLWithPath: redirectsPath)), as: UTF8.self)
        // The generator always writes these rules; each gets one fault.
        let detached = "/old-docs/*  /docs/:splat  301\n"
        let slash = "/partners/*  https://partners.example.test/:splat  301\n"
        let duplicated = "/news/:year/:slug  /blog/:year/:slug/  301\n"
        let temporary = "/intl/*  /docs/:splat  302  Language=fr,de\n"
        for rule in [detached, slash, duplicated, temporary] { try #require(redirects.contains(rule)) }
        // Detached `!`, and before it an earlier copy of a later rule (Netlify keeps the later one).
        redirects = redirects.replacingOccurrences(of: detached, with: duplicated + "/old-docs/*  /docs/:splat  301 !\n")
        // A `from` without its leading `/`.
        redirects = redirects.replacingOccurrences(of: slash, with: String(slash.dropFirst()))
        // A 307 (suggested only: must stay).
        redirects = redirects.replacingOccurrences(of: temporary, with: "/intl/*  /docs/:splat  307  Language=fr,de\n")
        try Data(redirects.utf8).write(to: URL(fileURLWithPath: redirectsPath))

        let headersPath = publish + "/_headers"
        var headers = String(decoding: try Data(contentsOf: URL(fileURLWithPath: headersPath)), as: UTF8.self)
        headers = headers.replacingOccurrences(of: "X-Frame-Options: DENY", with: "X-Frame-Options = DENY")
        headers = headers.replacingOccurrences(of: "X-Content-Type-Options: nosniff", with: "X-Content-Type-Options =nosniff")
        try Data(headers.utf8).write(to: URL(fileURLWithPath: headersPath))
        return [.redirectForceDetached, .redirectSyntax, .redirectDuplicate, .headersSyntax]
    }

    @Test(arguments: [3, 11, 29])
    func safeHealLeavesNoSafeFixableFinding(seed: Int) throws {
        let site = try TemporarySite()
        try generate(seed: seed, into: site.path("public"))
        let injected = try injectFaults(into: site.path("public"), seed: seed)
        let healer = Healer(target: site.netlify("public"), scope: .safe)
        let before = try healer.simulate()
        for code in injected { #expect(before.findings.contains { $0.code == code }, "\(code) was not injected") }

        let outcome = try healer.heal()
        let left = outcome.remaining.fixes.filter { $0.confidence == .safe && $0.isFixable }
        #expect(left.isEmpty, "safe fixes left: \(left.map { $0.summary(applied: false) })")
        for code in injected {
            #expect(!outcome.finalReport.findings.contains { $0.code == code }, "\(code) remains: \(outcome.finalReport.findings.filter { $0.code == code })")
        }
        // The 307 is a suggested fix: shown, not applied.
        #expect(outcome.remaining.fixes.contains { $0.code == .redirectStatusSuspect && $0.isFixable })
        #expect(outcome.attempts <= Healer.defaultMaxAttempts)
    }
}
