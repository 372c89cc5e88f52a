import Certification
import Foundation

/// The certification signing key, signing ledger entries: one Ed25519 key store serves certificates and ledger.
public struct CertificationLedgerSigner: LedgerSigner {
    private let key: SigningKey

    /// Signs with `key`.
    public init(key: SigningKey) { self.key = key }

    /// The key's id, the hex SHA-256 of its raw public key, as in certificates.
    public var keyID: String { key.keyid }

    /// Signs the entry's hash bytes.
    public func sign(_ data: Data) throws -> Data { Data(try key.signature(for: Array(data))) }
}

/// Every public key of the key store, current and retired, for checking ledger signatures.
public struct CertificationLedgerKeyring: LedgerKeyring {
    private let keys: [String: PublicKey]

    /// The keys of `store`; retired keys stay so that old entries still verify after a rotation.
    public init(store: SigningKeys) throws {
        keys = Dictionary(try store.publicKeys().map { ($0.keyid, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether `signature` is `keyID`'s signature of `data`; false for an unknown key.
    public func verify(_ signature: Data, _ data: Data, keyID: String) -> Bool {
        keys[keyID]?.isValidSignature(Array(signature), for: Array(data)) ?? false
    }
}
