import Certification
import Foundation
import SiteSimulation

/// Certifies a deploy folder: hashes every file (with the state directory's hash cache), digests the
/// simulation report and the platform configuration that was read, and signs the in-toto statement.
///
/// `chimeractl certify` and the pipeline's certify stage both go through here, so a certificate means the same
/// thing whichever made it.
public struct FolderCertifier: Sendable {
    /// The platform model, as the certificate names it: netlify, render or pages.
    public var platform: String
    /// The configuration file given explicitly (`--config`), if any.
    public var configPath: String?
    /// The state directory (hash cache).
    public var stateDirectory: String

    /// Creates a certifier.
    public init(platform: String, configPath: String? = nil, stateDirectory: String) {
        self.platform = platform
        self.configPath = configPath
        self.stateDirectory = stateDirectory
    }

    /// What certifying gave.
    public struct Result: Sendable {
        /// The signed certificate.
        public var certificate: Certificate
        /// The files certified.
        public var manifest: Manifest
        /// Hex SHA-256 of the manifest.
        public var manifestDigest: String
        /// Hex SHA-256 of the certificate's payload.
        public var certificateDigest: String
    }

    /// Certifies `folder`.
    ///
    /// - Parameters:
    ///   - base: config paths in the certificate are relative to this folder (the repository's tree).
    ///   - report: the simulation report; nil records the digest of `{}` (benchmarks only).
    /// - Throws: `CertificationError` for unreadable or unsupported files.
    public func certify(
        folder: String,
        base: String,
        report: SimulationReport?,
        repository: String?,
        commit: String?,
        context: String?,
        key: SigningKey
    ) throws -> Result {
        let reportBytes: [UInt8]
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            reportBytes = Array(try encoder.encode(report))
        } else {
            reportBytes = Array("{}".utf8)
        }
        return try certify(folder: folder, base: base, reportBytes: reportBytes, repository: repository, commit: commit, context: context, key: key)
    }

    /// Certifies `folder` with the simulation report's JSON bytes as written when it ran (the pipeline keeps them
    /// in the workspace, so a certify stage resumed after a restart certifies the same report).
    public func certify(
        folder: String,
        base: String,
        reportBytes: [UInt8],
        repository: String?,
        commit: String?,
        context: String?,
        healing: CertificationPredicate.Healing? = nil,
        key: SigningKey
    ) throws -> Result {
        var cache: HashCache? = HashCache(path: stateDirectory + "/cache/hash-cache.bin")
        let manifest = try Manifest.make(folder: folder, cache: &cache)
        var predicate = CertificationPredicate(
            platform: platform,
            simulationReport: reportBytes,
            configs: try configDigests(folder: folder, base: base),
            repository: repository,
            commit: commit,
            context: context
        )
        predicate.healing = healing
        let certificate = try Certificate.sign(Statement(manifest: manifest, predicate: predicate), with: key)
        // Each digest hashes megabytes for a large folder: computed once.
        return Result(certificate: certificate, manifest: manifest, manifestDigest: manifest.digest, certificateDigest: certificate.digest)
    }

    /// The platform configuration files the simulation reads for `folder`, absolute, that exist.
    public func configFiles(folder: String) -> [String] {
        var candidates: [String] = []
        if let configPath { candidates.append(configPath) }
        let names: [String]
        switch platform {
        case "netlify": names = ["_redirects", "_headers"] + (configPath == nil ? ["netlify.toml"] : [])
        case "render": names = configPath == nil ? ["render.yaml"] : []
        default: names = [".nojekyll", "_config.yml", "CNAME", "404.html"]
        }
        candidates += names.map { folder + "/" + $0 }
        // netlify.toml and render.yaml are also looked for above the folder, up to the repository root.
        if configPath == nil, platform == "netlify" || platform == "render" {
            var parent = (URL(fileURLWithPath: folder).standardizedFileURL.path as NSString).deletingLastPathComponent
            let name = platform == "netlify" ? "netlify.toml" : "render.yaml"
            while parent.count > 1 {
                if FileManager.default.fileExists(atPath: parent + "/" + name) {
                    candidates.append(parent + "/" + name)
                    break
                }
                if FileManager.default.fileExists(atPath: parent + "/.git") || FileManager.default.fileExists(atPath: parent + "/workspace.json") {
                    break
                }
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        return candidates.filter { FileManager.default.fileExists(atPath: $0) }.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// SHA-256 of each platform configuration file that the simulation reads, keyed by its path relative to `base`.
    func configDigests(folder: String, base: String) throws -> [String: String] {
        let digests = try CertificationPredicate.configDigests(configFiles(folder: folder))
        let root = URL(fileURLWithPath: base).standardizedFileURL.path + "/"
        return Dictionary(
            digests.map { path, digest in
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                return (absolute.hasPrefix(root) ? String(absolute.dropFirst(root.count)) : absolute, digest)
            },
            uniquingKeysWith: { first, _ in first }
        )
    }
}
