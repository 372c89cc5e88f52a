import Foundation
import PlatformModels

/// What a release is: `release.json` in the release folder.
///
/// Dates are written as ISO 8601 with milliseconds (`2026-11-25T10:15:00.123Z`) so the file reads the same in
/// every language.
public struct ReleaseMetadata: Sendable, Hashable, Codable {
    /// How the platform's router is configured for this release.
    public struct Options: Sendable, Hashable, Codable {
        /// render: the static site of `render.yaml` served (nil: its first static site).
        public var renderServiceName: String?
        /// pages: the path the site is served under (`/repo`); `/` for the root; nil to infer it from
        /// `pagesRepository`.
        public var pagesBasePath: String?
        /// pages: the repository (`owner/name`), which decides the base path of a project site.
        public var pagesRepository: String?
        /// pages: `branch` (Jekyll runs unless `.nojekyll`) or `workflow`; nil means `branch`.
        public var pagesSource: String?
        /// The platform config files copied into the release's `config/` folder, by file name
        /// (`netlify.toml`, `render.yaml`).
        public var configFiles: [String]

        /// Creates options; everything defaults to "not set".
        public init(
            renderServiceName: String? = nil,
            pagesBasePath: String? = nil,
            pagesRepository: String? = nil,
            pagesSource: String? = nil,
            configFiles: [String] = []
        ) {
            self.renderServiceName = renderServiceName
            self.pagesBasePath = pagesBasePath
            self.pagesRepository = pagesRepository
            self.pagesSource = pagesSource
            self.configFiles = configFiles
        }
    }

    /// The release id (the folder's name under `releases/`); filled in by `ReleaseStore.install`.
    public var id: String
    /// The site's name.
    public var site: String
    /// The platform whose semantics the release is served with.
    public var platform: ReleasePlatform
    /// The commit deployed, when known.
    public var commit: String?
    /// The deploy context (`production`, `deploy-preview`…), which selects Netlify's context settings.
    public var context: String?
    /// The digest of the certificate that admitted the files.
    public var certificateDigest: String
    /// The digest of the manifest the certificate covers.
    public var manifestDigest: String
    /// When the release was installed; filled in by `ReleaseStore.install`.
    public var createdAt: Date
    /// How the platform's router is configured.
    public var options: Options

    /// Creates metadata; `id` and `createdAt` are set by `ReleaseStore.install`.
    public init(
        id: String = "",
        site: String,
        platform: ReleasePlatform,
        commit: String? = nil,
        context: String? = nil,
        certificateDigest: String,
        manifestDigest: String,
        createdAt: Date = Date(),
        options: Options = Options()
    ) {
        self.id = id
        self.site = site
        self.platform = platform
        self.commit = commit
        self.context = context
        self.certificateDigest = certificateDigest
        self.manifestDigest = manifestDigest
        self.createdAt = createdAt
        self.options = options
    }

    /// The Pages publishing source, `branch` when unset or unknown.
    public var pagesSource: PagesPublishingSource {
        options.pagesSource.flatMap(PagesPublishingSource.init(rawValue:)) ?? .branch
    }

    /// The JSON encoder for `release.json`: sorted keys, ISO 8601 dates with milliseconds.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.text(date))
        }
        return encoder
    }

    /// The JSON decoder for `release.json`.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamps.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }
}
