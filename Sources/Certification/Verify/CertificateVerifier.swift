import Foundation

/// Checks a certificate's signature against known public keys, then a folder's files against the certificate.
///
/// ```swift
/// let verifier = CertificateVerifier(publicKeys: try SigningKeys(stateDirectory: state).publicKeys())
/// let result = verifier.verify(folder: "public", certificate: try Certificate(contentsOf: "site.dsse.json"))
/// if !result.holds { print(result.problems.joined(separator: "\n")) }
/// ```
public struct CertificateVerifier: Sendable {
    /// The keys a certificate may be signed with.
    public var publicKeys: [PublicKey]
    /// When set, a certificate for another platform fails.
    public var platform: String?

    /// Creates a verifier trusting `publicKeys`.
    public init(publicKeys: [PublicKey], platform: String? = nil) {
        self.publicKeys = publicKeys
        self.platform = platform
    }

    /// Checks the signature (before anything reads the payload, as DSSE asks), then parses the statement.
    ///
    /// - Returns: the statement and the key id whose signature held.
    public func checkSignature(of certificate: Certificate) -> Result<(statement: Statement, keyid: String), VerificationResult.Failure> {
        guard certificate.payloadType == Certificate.inTotoPayloadType else {
            return .failure(.init(.wrongPayloadType, "payloadType is \(certificate.payloadType), not \(Certificate.inTotoPayloadType)"))
        }
        guard !certificate.signatures.isEmpty else { return .failure(.init(.unsigned, "the envelope has no signature")) }
        let message = PreAuthenticationEncoding.bytes(payloadType: certificate.payloadType, payload: certificate.payload)
        let known = Dictionary(publicKeys.map { ($0.keyid, $0) }, uniquingKeysWith: { first, _ in first })
        var badKeyid: String?
        var signer: String?
        for signature in certificate.signatures {
            guard let key = known[signature.keyid] else { continue }
            guard let bytes = Certificate.base64(signature.sig), key.isValidSignature(bytes, for: message) else {
                badKeyid = signature.keyid
                continue
            }
            signer = signature.keyid
            break
        }
        guard let signer else {
            if let badKeyid {
                return .failure(
                    .init(.badSignature, "the signature by key \(badKeyid) does not hold for this payload: the certificate was altered or re-signed")
                )
            }
            let ids = certificate.keyids.joined(separator: ", ")
            return .failure(
                .init(.unknownKey, "signed by key \(ids), which is not among the \(publicKeys.count) known key(s) (chimeractl keys show)")
            )
        }
        let statement: Statement
        do {
            statement = try Statement(decoding: certificate.payload)
        } catch {
            return .failure(.init(.notInTotoStatement, "\(error)"))
        }
        if let platform, statement.predicate.platform != platform {
            return .failure(.init(.wrongPlatform, "the certificate is for \(statement.predicate.platform), not \(platform)"))
        }
        return .success((statement, signer))
    }

    /// Checks the signature, then hashes every file of `folder` and compares it with the certificate.
    ///
    /// - Parameter cache: digests from earlier runs (the racy-file rule applies); nil hashes every file.
    public func verify(folder: String, certificate: Certificate, cache: inout HashCache?) -> VerificationResult {
        var result = VerificationResult()
        let statement: Statement
        switch checkSignature(of: certificate) {
        case .failure(let failure):
            result.failure = failure
            return result
        case .success(let checked):
            statement = checked.statement
            result.keyid = checked.keyid
            result.statement = checked.statement
        }
        let actual: Manifest
        do {
            actual = try Manifest.make(folder: folder, cache: &cache)
        } catch {
            result.failure = .init(.unreadableFolder, "\(error)")
            return result
        }
        (result.added, result.removed, result.changed) = Self.compare(expected: statement.manifest, actual: actual)
        return result
    }

    /// Checks the signature, then compares an already-made manifest of the folder with the certificate.
    public func verify(manifest actual: Manifest, certificate: Certificate) -> VerificationResult {
        var result = VerificationResult()
        switch checkSignature(of: certificate) {
        case .failure(let failure):
            result.failure = failure
        case .success(let checked):
            result.keyid = checked.keyid
            result.statement = checked.statement
            (result.added, result.removed, result.changed) = Self.compare(expected: checked.statement.manifest, actual: actual)
        }
        return result
    }

    /// `verify(folder:certificate:cache:)` without a cache: every file is read.
    public func verify(folder: String, certificate: Certificate) -> VerificationResult {
        var none: HashCache? = nil
        return verify(folder: folder, certificate: certificate, cache: &none)
    }

    /// The files added, removed and changed from `expected` to `actual`, each sorted by path.
    public static func compare(
        expected: Manifest,
        actual: Manifest
    ) -> (added: [String], removed: [String], changed: [VerificationResult.Change]) {
        let wanted = Dictionary(expected.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let found = Dictionary(actual.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let added = actual.entries.map(\.path).filter { wanted[$0] == nil }
        let removed = expected.entries.map(\.path).filter { found[$0] == nil }
        var changed: [VerificationResult.Change] = []
        for entry in expected.entries {
            guard let other = found[entry.path] else { continue }
            var kind: VerificationResult.Change.Kind = []
            var details: [String] = []
            if entry.sha256 != other.sha256 || entry.sha3_256 != other.sha3_256 {
                kind.insert(.content)
                details.append("content sha256 \(entry.sha256.prefix(12))… → \(other.sha256.prefix(12))…")
            }
            if entry.size != other.size {
                kind.insert(.size)
                details.append("size \(entry.size) → \(other.size) bytes")
            }
            if entry.mode != other.mode {
                kind.insert(.mode)
                details.append("mode \(entry.octalMode) → \(other.octalMode)")
            }
            if !kind.isEmpty { changed.append(.init(path: entry.path, kind: kind, detail: details.joined(separator: ", "))) }
        }
        return (added, removed, changed)
    }
}
