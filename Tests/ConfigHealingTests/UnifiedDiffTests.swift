import ConfigHealing
import Foundation
import Testing

/// The patches' diffs equal `diff -u` on the same files (run as a child process), hunks compared without the
/// timestamped headers.
@Suite struct UnifiedDiffTests {
    static let cases: [(String, String, String)] = [
        ("one line changed", "a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\n"),
        ("line deleted, no final newline", "a\nb\nc\nd", "a\nc\nd"),
        ("last line loses no newline", "a\nb\nc", "a\nb\nd"),
        ("insert at start and end", "a\nb\n", "x\na\nb\ny\n"),
        ("adjacent duplicates", "a\nb\nb\nc\n", "a\nb\nc\n"),
        ("move up", "r1\nr2\nr3\nr4\nr5\n", "r1\nr4\nr2\nr3\nr5\n"),
        ("two far hunks", (1...30).map { "l\($0)\n" }.joined(), (1...30).map { $0 == 3 || $0 == 25 ? "X\($0)\n" : "l\($0)\n" }.joined()),
        ("two near hunks merge", (1...12).map { "l\($0)\n" }.joined(), (1...12).map { $0 == 3 || $0 == 9 ? "X\($0)\n" : "l\($0)\n" }.joined()),
        ("crlf", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"),
        ("delete everything", "a\nb\n", ""),
        ("from empty", "", "a\n"),
        ("block removed", "# top\n[[r]]\n  a = 1\n\n[[r]]\n  a = 1\n", "# top\n\n[[r]]\n  a = 1\n"),
    ]

    @Test(arguments: cases.indices)
    func equalsDiffU(index: Int) throws {
        let (name, old, new) = Self.cases[index]
        let site = try TemporarySite()
        try site.write("old", old)
        try site.write("new", new)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", site.path("old"), site.path("new")]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
            .joined(separator: "\n")
        let patch = Patch(path: site.path("old"), displayPath: "old", original: Array(old.utf8), updated: Array(new.utf8), fixes: [])
        let ours = patch.unifiedDiff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
        #expect(ours == expected, "\(name):\nours:\n\(ours)\ndiff -u:\n\(expected)")
        #expect(patch.unifiedDiff.hasPrefix("--- a/old\n+++ b/old\n"))
    }

    @Test func equalFilesGiveNoDiff() {
        #expect(UnifiedDiff().diff(old: Array("a\n".utf8), new: Array("a\n".utf8), oldLabel: "a", newLabel: "b").isEmpty)
    }
}
