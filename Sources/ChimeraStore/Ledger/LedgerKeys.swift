import Crypto
import Foundation

/// Signs ledger entries: a private key and the id it is known by.
///
/// Certification's key store adapts to this; ``Ed25519LedgerSigner`` is the plain implementation.
public protocol LedgerSigner: Sendable {
    /// The id recorded in each entry's `key_id`, which ``LedgerKeyring`` looks the public key up by.
    var keyID: String { get }
    /// Signs `data` (the 32 hash bytes of an entry) with Ed25519.
    func sign(_ data: Data) throws -> Data
}

/// Checks ledger signatures: the public keys, by id, that the ledger trusts, including retired ones.
public protocol LedgerKeyring: Sendable {
    /// Whether `signature` is a valid Ed25519 signature of `data` by the key `keyID`; `false` for an unknown key.
    func verify(_ signature: Data, _ data: Data, keyID: String) -> Bool
}

/// An Ed25519 private key that signs ledger entries.
public struct Ed25519LedgerSigner: LedgerSigner {
    /// The key's id.
    public let keyID: String
    /// The private key.
    public let privateKey: Curve25519.Signing.PrivateKey

    /// Wraps `privateKey`, known as `keyID`.
    public init(keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// Signs `data`.
    public func sign(_ data: Data) throws -> Data {
        try privateKey.signature(for: data)
    }
}

/// A set of Ed25519 public keys by id.
public struct Ed25519LedgerKeyring: LedgerKeyring {
    /// The public keys by id.
    public var keys: [String: Curve25519.Signing.PublicKey]

    /// Creates a keyring from public keys by id.
    public init(_ keys: [String: Curve25519.Signing.PublicKey] = [:]) {
        self.keys = keys
    }

    /// Whether `signature` over `data` verifies with the key `keyID`.
    public func verify(_ signature: Data, _ data: Data, keyID: String) -> Bool {
        guard let key = keys[keyID] else { return false }
        return key.isValidSignature(signature, for: data)
    }
}
