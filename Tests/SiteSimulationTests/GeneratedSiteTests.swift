import Foundation
import PlatformModels
import Testing

@testable import SiteSimulation

/// The acceptance check of the simulation: on synthetic sites from the project's own generator
/// (`bench/gen_site.py`, run as a real child process), `ASSET_MISSING` equals the number of broken
/// references the generator injected, and no reference that a `_redirects` rule resolves is reported.
@Suite struct GeneratedSiteTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private struct Summary: Decodable {
        var brokenRefs: Int
        var refsViaRedirect: Int
        var localRefs: Int
        var redirectTargetsMissing: Int
        var htmlFiles: Int

        enum CodingKeys: String, CodingKey {
            case brokenRefs = "broken_refs"
            case refsViaRedirect = "refs_via_redirect"
            case localRefs = "local_refs"
            case redirectTargetsMissing = "redirect_targets_missing"
            case htmlFiles = "html_files"
        }
    }

    private func generate(pages: Int, seed: Int, brokenRatio: Double, into folder: String) throws -> Summary {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.repositoryRoot.appendingPathComponent("bench/gen_site.py").path, "--pages", "\(pages)", "--assets",
            "\(max(20, pages / 8))", "--broken-ratio", "\(brokenRatio)", "--via-redirect-ratio", "0.1", "--seed", "\(seed)",
            "--out", folder,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try JSONDecoder().decode(Summary.self, from: data)
    }

    @Test(arguments: [(1, 0.002), (7, 0.01), (42, 0.05)])
    func assetMissingEqualsTheInjectedBrokenReferences(seed: Int, brokenRatio: Double) throws {
        let site = try TemporarySite()
        let summary = try generate(pages: 400, seed: seed, brokenRatio: brokenRatio, into: site.path("public"))
        #expect(summary.refsViaRedirect > 0)
        let report = try NetlifySimulation(publishDirectory: site.path("public")).run()
        #expect(report.findings.filter { $0.code == .assetMissing }.count == summary.brokenRefs)
        #expect(report.findings.filter { $0.code == .redirectTargetMissing }.count == summary.redirectTargetsMissing)
        #expect(report.stats.references == summary.localRefs)
        #expect(report.stats.htmlFiles == summary.htmlFiles)
    }
}
