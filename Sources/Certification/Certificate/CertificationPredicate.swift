import Crypto
import Foundation

/// What a certificate says besides the files' digests: where the folder came from, what simulated it, when.
public struct CertificationPredicate: Sendable, Hashable {
    /// The platform model simulated: netlify, render or pages.
    public var platform: String
    /// The repository built, when certified from a commit.
    public var repository: String?
    /// The commit id, when certified from a commit.
    public var commit: String?
    /// The deploy context (netlify), when known.
    public var context: String?
    /// Hex SHA-256 of the simulation report's JSON bytes.
    public var simulationReportSHA256: String
    /// Hex SHA-256 of each platform configuration file read, by its path.
    public var configs: [String: String]
    /// When the certificate was made, RFC 3339 in UTC.
    public var time: String
    /// 256 random bits, hex: no two certificates of the same folder have the same bytes.
    public var nonce: String
    /// Set when ARIE healed the folder before it was certified: what it fixed and the digest of its patch.
    public var healing: Healing?

    /// What ARIE changed in a certified folder.
    public struct Healing: Sendable, Hashable, Codable {
        /// The finding codes fixed, sorted.
        public var fixed: [String]
        /// Hex SHA-256 of the patch (the unified diffs applied, in order).
        public var patchSHA256: String

        /// Creates a healing record.
        public init(fixed: [String], patchSHA256: String) {
            self.fixed = fixed.sorted()
            self.patchSHA256 = patchSHA256
        }
    }

    /// Creates a predicate, hashing `simulationReport` and drawing a fresh nonce.
    public init(
        platform: String,
        simulationReport: [UInt8],
        configs: [String: String] = [:],
        repository: String? = nil,
        commit: String? = nil,
        context: String? = nil,
        time: Date = Date()
    ) {
        self.platform = platform
        self.repository = repository
        self.commit = commit
        self.context = context
        self.simulationReportSHA256 = Hex.encode(SHA256.hash(data: simulationReport))
        self.configs = configs
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.time = formatter.string(from: time)
        var generator = SystemRandomNumberGenerator()
        self.nonce = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Creates a predicate from every field, as read back from a statement.
    public init(
        platform: String,
        repository: String?,
        commit: String?,
        context: String?,
        simulationReportSHA256: String,
        configs: [String: String],
        time: String,
        nonce: String
    ) {
        self.platform = platform
        self.repository = repository
        self.commit = commit
        self.context = context
        self.simulationReportSHA256 = simulationReportSHA256
        self.configs = configs
        self.time = time
        self.nonce = nonce
    }

    /// Hex SHA-256 of each file in `paths` that exists, keyed by the path as given.
    public static func configDigests(_ paths: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for path in paths where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else { throw CertificationError("cannot read \(path)") }
            out[path] = Hex.encode(SHA256.hash(data: data))
        }
        return out
    }
}
