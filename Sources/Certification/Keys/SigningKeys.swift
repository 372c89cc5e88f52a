import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key store in the state directory: the current signing key and every public key ever used.
///
/// Layout (folder 0700): `current.key` (PKCS#8 PEM, 0600) and `public/<keyid>.pem` (SubjectPublicKeyInfo PEM)
/// for the current and every retired key, so certificates signed before a rotation still verify.
/// Every file is written atomically (temporary file, then rename or link).
public struct SigningKeys: Sendable {
    /// The folder, such as `<state>/keys`.
    public let folder: String

    /// A store in `folder`.
    public init(folder: String) { self.folder = folder }

    /// The store of the state directory at `statePath`: `<statePath>/keys`.
    public init(stateDirectory statePath: String) { self.init(folder: statePath + "/keys") }

    private var currentPath: String { folder + "/current.key" }
    private var publicFolder: String { folder + "/public" }

    /// The current signing key, generated on first use.
    public func current() throws -> SigningKey {
        if let text = try? String(contentsOfFile: currentPath, encoding: .utf8) { return try SigningKey(pkcs8PEM: text) }
        try prepareFolders()
        let key = SigningKey()
        try record(key.publicKey)
        // Exclusive: when two processes start at once, one key wins and both sign with it.
        if try AtomicFile.write(Array(key.pkcs8PEM.utf8), to: currentPath, mode: 0o600, exclusive: true) { return key }
        return try SigningKey(pkcs8PEM: String(contentsOfFile: currentPath, encoding: .utf8))
    }

    /// Replaces the current key with a new one; the old public key stays known.
    ///
    /// - Returns: the new key.
    @discardableResult
    public func rotate() throws -> SigningKey {
        let old = try current()
        try record(old.publicKey)
        let key = SigningKey()
        // The public key goes first: a certificate signed by the new key is never unverifiable.
        try record(key.publicKey)
        try AtomicFile.write(Array(key.pkcs8PEM.utf8), to: currentPath, mode: 0o600)
        return key
    }

    /// Every known public key, current and retired, sorted by key id.
    public func publicKeys() throws -> [PublicKey] {
        // The current key is recorded here when it is made, so reading never has to make one.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: publicFolder)) ?? []
        return try names.filter { $0.hasSuffix(".pem") }.sorted().map { name in
            try PublicKey(pem: String(contentsOfFile: publicFolder + "/" + name, encoding: .utf8))
        }
    }

    private func prepareFolders() throws {
        try AtomicFile.makeFolder(folder, mode: 0o700)
        try AtomicFile.makeFolder(publicFolder, mode: 0o700)
    }

    private func record(_ key: PublicKey) throws {
        try prepareFolders()
        let path = publicFolder + "/" + key.keyid + ".pem"
        if FileManager.default.fileExists(atPath: path) { return }
        try AtomicFile.write(Array(key.pem.utf8), to: path, mode: 0o644)
    }
}
