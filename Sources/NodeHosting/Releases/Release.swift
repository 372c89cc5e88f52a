import Foundation

/// One installed, immutable release of a site: `releases/<id>/` with `files/`, `config/`, `release.json` and
/// `manifest.json`.
public struct Release: Sendable, Hashable {
    /// The release id (the folder's name).
    public var id: String
    /// The release folder, absolute.
    public var path: String
    /// What `release.json` says.
    public var metadata: ReleaseMetadata

    /// Creates a release value (it does not touch the disk).
    public init(id: String, path: String, metadata: ReleaseMetadata) {
        self.id = id
        self.path = path
        self.metadata = metadata
    }

    /// The site's files, served as they are.
    public var filesPath: String { path + "/files" }
    /// The copied platform config files (`netlify.toml`, `render.yaml`).
    public var configPath: String { path + "/config" }
    /// `release.json`.
    public var metadataPath: String { path + "/release.json" }
    /// `manifest.json`.
    public var manifestPath: String { path + "/manifest.json" }

    /// The path of a copied config file, or nil when the release has none by that name.
    public func configFile(_ name: String) -> String? {
        guard metadata.options.configFiles.contains(name) else { return nil }
        let candidate = configPath + "/" + name
        return POSIXFiles.kind(candidate) == .file ? candidate : nil
    }

    /// Reads the release's `manifest.json`.
    public func manifest() throws(NodeHostingError) -> ReleaseManifest {
        try ReleaseManifest.read(manifestPath)
    }

    /// Reads the release in `folder` (whose name is its id).
    public static func read(folder: String) throws(NodeHostingError) -> Self {
        let id = String(folder.split(separator: "/").last ?? "")
        guard let bytes = POSIXFiles.readFile(folder + "/release.json") else {
            throw NodeHostingError("release \(id): cannot read \(folder)/release.json; the release is incomplete or unreadable")
        }
        do {
            var metadata = try ReleaseMetadata.decoder().decode(ReleaseMetadata.self, from: Data(bytes))
            metadata.id = id
            return Self(id: id, path: folder, metadata: metadata)
        } catch {
            throw NodeHostingError("release \(id): \(folder)/release.json is not valid release metadata: \(error)")
        }
    }
}
