import Crypto
import Foundation

/// An Ed25519 public key that certificates are checked against.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32 raw key bytes.
    public let rawRepresentation: [UInt8]

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING.
    static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// Creates a key from its 32 raw bytes.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else { throw CertificationError("an Ed25519 public key is 32 bytes, not \(rawRepresentation.count)") }
        self.rawRepresentation = rawRepresentation
    }

    /// Reads a `-----BEGIN PUBLIC KEY-----` PEM holding an Ed25519 SubjectPublicKeyInfo.
    public init(pem: String) throws {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count == 44, Array(der.prefix(12)) == Self.spkiPrefix else {
            throw CertificationError("not an Ed25519 public key PEM (SubjectPublicKeyInfo)")
        }
        try self.init(rawRepresentation: Array(der.suffix(32)))
    }

    /// The key id: lowercase hex SHA-256 of the 32 raw bytes.
    public var keyid: String { Hex.encode(SHA256.hash(data: rawRepresentation)) }

    /// The key as a SubjectPublicKeyInfo PEM, which `openssl pkey -pubin` and Python's `cryptography` read.
    public var pem: String {
        let base64 = Data(Self.spkiPrefix + rawRepresentation).base64EncodedString()
        return "-----BEGIN PUBLIC KEY-----\n\(base64)\n-----END PUBLIC KEY-----\n"
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// The key id, for printing.
    public var description: String { "Ed25519 key \(keyid)" }
}
