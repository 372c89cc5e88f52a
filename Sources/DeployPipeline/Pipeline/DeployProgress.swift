import Foundation

/// What a deploy's finished stages left for the next ones, kept in the deploy's `details` so that a restart
/// (even after `kill -9`) resumes at the stage it stopped in with everything the earlier stages produced.
public struct DeployProgress: Codable, Sendable, Hashable {
    /// The kept workspace of the build.
    public var workspace: String?
    /// The built publish folder inside the workspace's tree.
    public var publishDirectory: String?
    /// The exported tree (config paths in the certificate are relative to it).
    public var tree: String?
    /// The simulation's verdict and counts.
    public var verdict: String?
    /// Error-level findings of the simulation.
    public var errors: Int?
    /// Warning-level findings of the simulation.
    public var warnings: Int?
    /// The certificate file.
    public var certificate: String?
    /// Its digest.
    public var certificateDigest: String?
    /// The manifest digest it covers.
    public var manifestDigest: String?
    /// The release the deploy stage activated.
    public var release: String?
    /// The release that was live before it (the rollback target).
    public var previousRelease: String?
    /// Probes sent by the verify stage.
    public var probes: Int?
    /// What differed between the live site and the prediction.
    public var mismatches: [String]?
    /// How long the rollback took, in milliseconds.
    public var rollbackMilliseconds: Int?
    /// The finding codes ARIE fixed in the workspace before certification.
    public var healedCodes: [String]?
    /// The patch ARIE applied (unified diffs), kept in the workspace.
    public var healPatch: String?
    /// Hex SHA-256 of that patch, as the certificate records it.
    public var healPatchDigest: String?
    /// The state last posted for each commit status context (`chimera/simulate` → `pending`).
    public var statuses: [String: String]?

    /// An empty progress record.
    public init() {}
}

extension DeployProgress {
    /// Reads the progress kept in a deploy's `details`; an empty or foreign value gives an empty record.
    public static func decode(_ text: String?) -> DeployProgress {
        guard let text, let progress = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return DeployProgress() }
        return progress
    }

    /// The progress as the JSON text a deploy's `details` keeps.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
