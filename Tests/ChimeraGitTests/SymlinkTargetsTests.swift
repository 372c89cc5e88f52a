import Testing

@testable import ChimeraGit

@Suite struct SymlinkTargetsTests {
    func escapes(_ links: [String: String]) -> [String] {
        let targets = SymlinkTargets(targets: links)
        return links.keys.filter { targets.escapes($0) }.sorted()
    }

    @Test func absoluteTargetsAndClimbingOutEscape() {
        #expect(escapes(["a": "/etc/passwd", "b": "..", "c/d": "../..", "c/e": "../x", "f": "./g/../../h"]) == ["a", "b", "c/d", "f"])
    }

    @Test func targetsInsideTheTreeDoNotEscape() {
        #expect(escapes(["a": "b/c", "d/e": "../a", "d/f/g": "../../d/./e", "h": ".", "i": "missing/../x"]).isEmpty)
    }

    /// `sub/up -> ..` resolves to the root, so `sub/x -> up/..` climbs out although `sub/up/..` reads as `sub`.
    @Test func linksAlongTheWayAreFollowed() {
        #expect(escapes(["sub/up": "..", "sub/x": "up/..", "sub/y": "up/index.html"]) == ["sub/x"])
        #expect(escapes(["dir": "/srv", "z": "dir/file"]) == ["dir", "z"])
    }

    @Test func loopsDoNotEscapeAndEnd() {
        #expect(escapes(["a": "b", "b": "a", "c": "c/../.."]).isEmpty)
        // Each link names two others: a depth limit alone would branch into 2^40 walks.
        var chain: [String: String] = [:]
        for index in 0..<60 { chain["l\(index)"] = "l\(index + 1)/../l\(index + 1)" }
        #expect(escapes(chain).isEmpty)
    }
}
