import Crypto
import Foundation

/// An Ed25519 private key that signs certificates. Its description never shows the secret.
public struct SigningKey: Sendable, CustomStringConvertible {
    let privateKey: Curve25519.Signing.PrivateKey

    /// The DER prefix of an Ed25519 PKCS#8 PrivateKeyInfo (RFC 8410), before the 32-byte seed.
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]

    /// A new random key.
    public init() { privateKey = Curve25519.Signing.PrivateKey() }

    /// Reads a `-----BEGIN PRIVATE KEY-----` PKCS#8 PEM holding an Ed25519 seed.
    init(pkcs8PEM pem: String) throws {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count == 48, Array(der.prefix(16)) == Self.pkcs8Prefix else {
            throw CertificationError("not an Ed25519 private key PEM (PKCS#8)")
        }
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        } catch {
            throw CertificationError("not an Ed25519 private key: \(error)")
        }
    }

    /// The key as PKCS#8 PEM, for the key file only.
    var pkcs8PEM: String {
        let base64 = Data(Self.pkcs8Prefix + Array(privateKey.rawRepresentation)).base64EncodedString()
        return "-----BEGIN PRIVATE KEY-----\n\(base64)\n-----END PRIVATE KEY-----\n"
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        // 32 bytes by construction, so this cannot fail.
        try! PublicKey(rawRepresentation: Array(privateKey.publicKey.rawRepresentation))
    }

    /// The key id of the public key.
    public var keyid: String { publicKey.keyid }

    /// The Ed25519 signature of `message`.
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        do {
            return Array(try privateKey.signature(for: message))
        } catch {
            throw CertificationError("cannot sign: \(error)")
        }
    }

    /// The key id only: secrets are never printed.
    public var description: String { "Ed25519 signing key \(keyid)" }
}
