import Foundation

/// A real folder on disk for one test, removed when the test is done.
final class TemporarySite {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The absolute path of `relative` inside the site.
    func path(_ relative: String = "") -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    /// Writes a file, creating its folders.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> Self {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes raw bytes, creating the folders.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> Self {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return self
    }

    /// Creates an empty folder.
    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
    }

    /// A minimal HTML page linking to `links`.
    static func page(_ links: [String] = []) -> String {
        "<!DOCTYPE html><html><body>\n" + links.map { "<a href=\"\($0)\">x</a>\n" }.joined() + "</body></html>\n"
    }
}
