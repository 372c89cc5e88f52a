import Crypto
import Foundation

/// A signed certificate: a DSSE envelope around the canonical bytes of an in-toto statement.
///
/// ```swift
/// let statement = Statement(manifest: manifest, predicate: CertificationPredicate(platform: "netlify", simulationReport: report))
/// let certificate = try Certificate.sign(statement, with: try SigningKeys(stateDirectory: state).current())
/// try certificate.write(to: "site.dsse.json")
/// ```
///
/// The signature is Ed25519 over `PreAuthenticationEncoding.bytes(payloadType:payload:)`; `keyid` is the hex
/// SHA-256 of the signer's raw public key. See docs/CHIMERA_CERTIFICATION_FLOW.md.
public struct Certificate: Sendable, Hashable {
    /// The DSSE payload type of an in-toto statement.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// One DSSE signature.
    public struct Signature: Sendable, Hashable, Codable {
        /// Hex SHA-256 of the signer's raw Ed25519 public key.
        public var keyid: String
        /// The Ed25519 signature, standard base64.
        public var sig: String

        /// Creates a signature entry.
        public init(keyid: String, sig: String) {
            self.keyid = keyid
            self.sig = sig
        }
    }

    /// The payload type, `application/vnd.in-toto+json` for Chimera's certificates.
    public var payloadType: String
    /// The statement's exact bytes (base64 in the envelope).
    public var payload: [UInt8]
    /// The signatures; Chimera writes one.
    public var signatures: [Signature]

    /// Creates an envelope from its parts.
    public init(payloadType: String, payload: [UInt8], signatures: [Signature]) {
        self.payloadType = payloadType
        self.payload = payload
        self.signatures = signatures
    }

    /// Signs `statement`'s canonical bytes with `key`.
    public static func sign(_ statement: Statement, with key: SigningKey) throws -> Certificate {
        let payload = statement.bytes
        let signature = try key.signature(for: PreAuthenticationEncoding.bytes(payloadType: inTotoPayloadType, payload: payload))
        return Certificate(
            payloadType: inTotoPayloadType,
            payload: payload,
            signatures: [Signature(keyid: key.keyid, sig: Data(signature).base64EncodedString())]
        )
    }

    /// Reads an envelope from its JSON bytes; the payload may be standard or URL-safe base64 (DSSE allows both).
    ///
    /// - Throws: `CertificationError` when the bytes are not a DSSE envelope.
    public init(json: some Collection<UInt8>) throws {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: Data(json))
        } catch {
            throw CertificationError("not a DSSE envelope (payloadType, payload, signatures): \(error)")
        }
        guard let payload = Self.base64(envelope.payload) else { throw CertificationError("the envelope's payload is not base64") }
        self.init(payloadType: envelope.payloadType, payload: payload, signatures: envelope.signatures)
    }

    /// Reads the envelope in the file at `path`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CertificationError("cannot read the certificate \(path)") }
        try self.init(json: data)
    }

    /// The envelope as JSON: `{"payload":…,"payloadType":…,"signatures":[{"keyid":…,"sig":…}]}` and a newline.
    public var json: [UInt8] {
        // Written directly: the base64 payload of a large folder runs to megabytes, and base64 never needs escaping.
        let encoded = Data(payload).base64EncodedData()
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + 512)
        out.append(contentsOf: #"{"payload":""#.utf8)
        out.append(contentsOf: encoded)
        out.append(contentsOf: #"","payloadType":"#.utf8)
        out.append(contentsOf: CanonicalJSON.string(payloadType).bytes)
        out.append(contentsOf: #","signatures":"#.utf8)
        out.append(contentsOf: CanonicalJSON.array(signatures.map { .object(["keyid": .string($0.keyid), "sig": .string($0.sig)]) }).bytes)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Writes the envelope to `path` atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(json, to: path, mode: 0o644)
    }

    /// The certificate's digest: hex SHA-256 of the payload (the statement bytes), for events and the ledger.
    public var digest: String { Hex.encode(SHA256.hash(data: payload)) }

    /// The key ids that signed.
    public var keyids: [String] { signatures.map(\.keyid) }

    /// The statement, parsed without checking the signature: use `CertificateVerifier` before trusting it.
    public func unverifiedStatement() throws -> Statement { try Statement(decoding: payload) }

    static func base64(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }

    private struct Envelope: Decodable {
        var payloadType: String
        var payload: String
        var signatures: [Signature]
    }
}
