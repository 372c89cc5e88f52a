import Crypto
import Foundation

/// Checks GitHub's `X-Hub-Signature-256` header: `sha256=` followed by the hex HMAC-SHA256 of the raw body,
/// keyed with the webhook secret.
public enum WebhookSignature {
    /// The prefix GitHub puts before the hex digest.
    static let prefix = "sha256="

    /// Whether `signatureHeader` is GitHub's signature of exactly these body bytes under `secret`.
    /// False for a missing header, another prefix (e.g. the SHA-1 `sha1=` header), malformed hex, or an empty
    /// secret (an empty key would let anyone sign). The comparison takes constant time.
    public static func isValid(body: some Collection<UInt8>, signatureHeader: String?, secret: String) -> Bool {
        guard !secret.isEmpty, let header = signatureHeader?.trimmingCharacters(in: .whitespaces),
              header.hasPrefix(prefix),
              let digest = hexBytes(header.dropFirst(prefix.count)), digest.count == SHA256.byteCount
        else { return false }
        let key = SymmetricKey(data: Array(secret.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: Array(body), using: key)
    }

    /// The signature header value GitHub would send for `body` (for tests and for replaying deliveries).
    public static func header(body: some Collection<UInt8>, secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array(body), using: key)
        return prefix + code.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// Decodes hex digits (either case); nil for an odd length or a non-hex character.
    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
