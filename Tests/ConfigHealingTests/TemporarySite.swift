import ConfigHealing
import Foundation
import PlatformModels
import SiteSimulation
import Testing

/// A real folder for one test (UUID name), removed when the test ends.
final class TemporarySite {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("heal-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// A Netlify target on `publish` (relative), never looking for netlify.toml above the site's root.
    func netlify(_ publish: String = "") -> HealTarget {
        var target = HealTarget(platform: .netlify, directory: path(publish))
        target.repositoryRoot = root
        target.displayRoot = root
        return target
    }
}

/// The acceptance checks every fixer passes (see `FixerAcceptanceTests`).
enum Acceptance {
    /// Heals `target` in `scope` and checks: the site had a finding of `code` before, has none after (re-simulated),
    /// the file `file` now reads exactly `expected` (so every untouched line is byte-identical), and a second heal
    /// changes nothing.
    static func check(
        _ target: HealTarget,
        code: FindingCode,
        scope: FixScope = .safe,
        site: TemporarySite,
        file: String,
        expected: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let healer = Healer(target: target, scope: scope)
        let before = try healer.simulate()
        #expect(before.findings.contains { $0.code == code }, "no \(code) before the fix: \(before.findings.map(\.code))", sourceLocation: sourceLocation)
        let outcome = try healer.heal()
        #expect(outcome.fixedCodes.contains(code), "\(code) not fixed: \(outcome.remaining.fixes.map { $0.summary(applied: false) })", sourceLocation: sourceLocation)
        let after = try healer.simulate()
        #expect(!after.findings.contains { $0.code == code }, "\(code) still there: \(after.findings.filter { $0.code == code })", sourceLocation: sourceLocation)
        #expect(site.read(file) == expected, "\(file) is\n\(site.read(file) ?? "(missing)")", sourceLocation: sourceLocation)
        // Idempotent: nothing more to write.
        let again = try healer.plan()
        #expect(again.patches.isEmpty, "a second run changes \(again.patches.map(\.displayPath))", sourceLocation: sourceLocation)
        #expect(again.shownPatches.isEmpty, sourceLocation: sourceLocation)
    }
}
