import Certification
import Foundation
import NodeHosting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real folder on disk for one test, removed (read-only parts included) when the test is done.
final class TestFolder {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-node-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        Self.makeWritable(root)
        try? FileManager.default.removeItem(atPath: root)
    }

    private static func makeWritable(_ folder: String) {
        chmod(folder, 0o755)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            var status = stat()
            if lstat(folder + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { makeWritable(folder + "/" + name) }
        }
    }

    /// The absolute path of `relative` inside the folder.
    func path(_ relative: String = "") -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// Writes a file (replacing, never writing into, an existing one), creating its folders.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> Self {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes raw bytes (a new file renamed into place), creating the folders.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> Self {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
        return self
    }

    /// Reads a file's text.
    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The inode, link count and permission bits of a path.
func fileStatus(_ path: String) -> (inode: UInt64, links: UInt64, mode: Int)? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return (UInt64(status.st_ino), UInt64(status.st_nlink), Int(status.st_mode & 0o7777))
}

/// Installs the folder `source` as a release of `store`, as the lead does with a staged copy: the folder's
/// manifest is made here, the folder stands in for the staged copy.
func installRelease(
    _ store: ReleaseStore,
    source: String,
    platform: ReleasePlatform = .netlify,
    options: ReleaseMetadata.Options = .init(),
    configFiles: [String: String] = [:]
) throws -> Release {
    let manifest = try Manifest.make(folder: source, workers: 1)
    let metadata = ReleaseMetadata(
        site: "blog",
        platform: platform,
        commit: "0123456789abcdef",
        context: "production",
        certificateDigest: "c0ffee",
        manifestDigest: manifest.digest,
        options: options
    )
    return try store.install(stagedFolder: source, manifest: manifest, metadata: metadata, configFiles: configFiles)
}

/// The body of a response as text (files read from disk).
func bodyText(_ response: NodeResponse) -> String {
    switch response.body {
    case .empty: ""
    case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
    case .file(let path, _): FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "<unreadable \(path)>"
    }
}
