import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only copy of a certified folder: the bytes that were hashed while they were copied, ready to upload.
public struct StagedDeploy: Sendable, Hashable {
    /// The staged folder (files 0444, folders 0555).
    public var path: String
    /// The certificate's statement, whose signature held.
    public var statement: Statement
    /// The certificate's digest (hex SHA-256 of its payload).
    public var certificateDigest: String
    /// The key id whose signature held.
    public var keyid: String

    /// The manifest digest the certificate covers.
    public var manifestDigest: String { statement.manifest.digest }

    /// Removes the staged copy (making it writable first).
    public func discard() throws {
        try Self.remove(path)
    }

    static func remove(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        if let folders = try? FolderWalk(root: path).folders() {
            for folder in folders { chmod(folder.isEmpty ? path : path + "/" + folder, 0o700) }
        }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw CertificationError("cannot remove the staged copy \(path): \(error.localizedDescription)")
        }
    }
}
