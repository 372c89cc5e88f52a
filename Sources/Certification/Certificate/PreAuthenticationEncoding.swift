/// DSSE's pre-authentication encoding, the exact bytes a certificate's Ed25519 signature covers.
///
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths as decimal ASCII byte counts.
/// See <https://github.com/secure-systems-lab/dsse/blob/master/protocol.md>.
public enum PreAuthenticationEncoding {
    /// The bytes signed for `payload` of `payloadType`.
    public static func bytes(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out = Array("DSSEv1 \(type.count) ".utf8)
        out.reserveCapacity(out.count + type.count + payload.count + 24)
        out.append(contentsOf: type)
        out.append(contentsOf: Array(" \(payload.count) ".utf8))
        out.append(contentsOf: payload)
        return out
    }
}
