import Certification
import Foundation

/// `manifest.json` of a release: every file's SHA-256 and size, by its path relative to `files/` (no leading
/// slash). The next install links unchanged files against it; the server takes ETags from it.
public struct ReleaseManifest: Sendable, Hashable, Codable {
    /// One file's digest and size.
    public struct Entry: Sendable, Hashable, Codable {
        /// SHA-256 of the contents, lowercase hex.
        public var sha256: String
        /// The size in bytes.
        public var size: Int64

        /// Creates an entry.
        public init(sha256: String, size: Int64) {
            self.sha256 = sha256
            self.size = size
        }
    }

    /// The files, by path relative to `files/`.
    public var files: [String: Entry]

    /// Creates a manifest from its entries.
    public init(files: [String: Entry]) {
        self.files = files
    }

    /// The release manifest of a certified manifest.
    public init(_ manifest: Manifest) {
        self.files = Dictionary(
            manifest.entries.map { ($0.path, Entry(sha256: $0.sha256, size: $0.size)) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// Reads `manifest.json`.
    public static func read(_ path: String) throws(NodeHostingError) -> Self {
        guard let bytes = POSIXFiles.readFile(path) else {
            throw NodeHostingError("cannot read the release manifest \(path): no such file or not readable")
        }
        do {
            return try JSONDecoder().decode(Self.self, from: Data(bytes))
        } catch {
            throw NodeHostingError("the release manifest \(path) is not valid JSON of the expected shape: \(error)")
        }
    }

    /// The JSON bytes, keys sorted.
    func encoded() throws(NodeHostingError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return [UInt8](try encoder.encode(self))
        } catch {
            throw NodeHostingError("cannot encode the release manifest: \(error)")
        }
    }
}
