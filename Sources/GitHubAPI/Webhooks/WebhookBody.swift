import Foundation

/// Extracts the JSON payload from a webhook delivery body. GitHub sends either `application/json` (the payload
/// as is) or `application/x-www-form-urlencoded` (the payload percent-encoded in the `payload` field).
public enum WebhookBody {
    /// The JSON bytes of the delivery. Throws ``WebhookBodyError`` for another content type, a missing type,
    /// a form without `payload`, or a malformed percent escape.
    public static func jsonBytes(body: [UInt8], contentType: String?) throws -> [UInt8] {
        guard let contentType, !contentType.isEmpty else {
            throw WebhookBodyError(
                "the webhook delivery has no Content-Type; set the webhook's content type to application/json in GitHub")
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            String($0).trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        switch mediaType {
        case "application/json":
            return body
        case "application/x-www-form-urlencoded":
            return try formPayload(body)
        default:
            throw WebhookBodyError(
                "the webhook delivery has Content-Type \(mediaType), expected application/json or "
                    + "application/x-www-form-urlencoded; set the webhook's content type to application/json in GitHub")
        }
    }

    /// The decoded value of the `payload=` field of a form body.
    private static func formPayload(_ body: [UInt8]) throws -> [UInt8] {
        for field in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = field.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try percentDecoded(parts[0], field: "a field name")
            guard name == Array("payload".utf8) else { continue }
            let value = parts.count > 1 ? try percentDecoded(parts[1], field: "payload") : []
            guard !value.isEmpty else {
                throw WebhookBodyError("the form-encoded webhook delivery has an empty payload field")
            }
            return value
        }
        throw WebhookBodyError(
            "the form-encoded webhook delivery has no payload field; GitHub puts the JSON in payload=… "
                + "(or set the webhook's content type to application/json)")
    }

    /// Decodes `+` as a space and `%XX` escapes as bytes.
    private static func percentDecoded(_ bytes: ArraySlice<UInt8>, field: String) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else {
                    throw WebhookBodyError(
                        "the form-encoded webhook delivery has a malformed percent escape in \(field) at byte \(index)")
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
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
