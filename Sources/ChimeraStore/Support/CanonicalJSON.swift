import Foundation

/// Turns event payloads and ledger details into canonical JSON text, refusing anything that looks like a secret.
///
/// Canonical here means: a JSON object, keys sorted, no whitespace, slashes not escaped (Foundation's
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`). The ledger hashes the stored text verbatim, so
/// verification never depends on re-encoding it the same way.
///
/// - Important: Secrets never enter events or the ledger. A key naming a secret (`token`, `secret`, `password`,
///   `passwd`, `private_key`, `authorization`, `api_key`, `credential`, `cookie`, `bearer`, in any case and with or
///   without `_`/`-`) is rejected, unless it only names or counts one (`token_id`, `key_name`, `token_count`,
///   `secret_fingerprint`…). A string value that looks like a credential (a PEM private key, a GitHub, GitLab or
///   Slack token, an `Authorization: Bearer` value) is rejected too.
public enum CanonicalJSON {
    /// Encodes `value`, which must encode as a JSON object, into canonical text.
    /// - Throws: ``StoreError`` when the value is not an object or carries something that looks like a secret.
    public static func text(of value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(value) } catch { throw StoreError("cannot encode as JSON: \(error)") }
        let text = String(decoding: data, as: UTF8.self)
        try screen(text)
        return text
    }

    /// Checks already-encoded JSON text: it must be an object and carry no secret.
    /// - Throws: ``StoreError`` naming the offending key path (never the value).
    public static func screen(_ text: String) throws {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) } catch {
            throw StoreError("not valid JSON: \(error.localizedDescription)")
        }
        guard object is [String: Any] else { throw StoreError("a payload or details must be a JSON object") }
        try screen(object, path: "")
    }

    /// Rejects a single string (an actor, a subject) that looks like a credential.
    public static func screenValue(_ value: String, field: String) throws {
        if looksLikeCredential(value) {
            throw StoreError("\(field) looks like a secret; secrets never enter events or the ledger")
        }
    }

    private static func screen(_ value: Any, path: String) throws {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let childPath = path.isEmpty ? key : path + "." + key
                if namesSecret(key) {
                    throw StoreError("key \"\(childPath)\" looks like a secret; secrets never enter events or the ledger")
                }
                try screen(child, path: childPath)
            }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { try screen(child, path: "\(path)[\(index)]") }
        } else if let string = value as? String, looksLikeCredential(string) {
            throw StoreError("the value of \"\(path)\" looks like a secret; secrets never enter events or the ledger")
        }
    }

    private static let secretWords = [
        "token", "secret", "password", "passwd", "privatekey", "authorization", "apikey", "credential", "cookie", "bearer",
    ]
    // A key that only identifies, names or counts a secret is safe: token and key actions must be able to say which.
    private static let harmlessSuffixes = ["id", "ids", "name", "names", "count", "fingerprint", "kind", "type", "scope", "scopes"]

    static func namesSecret(_ key: String) -> Bool {
        let normalized = key.lowercased().filter { $0.isLetter || $0.isNumber }
        guard secretWords.contains(where: normalized.contains) else { return false }
        return !harmlessSuffixes.contains(where: normalized.hasSuffix)
    }

    private static let credentialPrefixes = ["ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "bearer "]

    static func looksLikeCredential(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if lowered.contains("-----begin"), lowered.contains("private key") { return true }
        return credentialPrefixes.contains(where: lowered.hasPrefix)
    }

    /// Writes `value` as a JSON string literal, escaped as RFC 8785 (JCS) does.
    ///
    /// `"` and `\` are backslash-escaped; U+0008, U+0009, U+000A, U+000C, U+000D become `\b`, `\t`, `\n`, `\f`, `\r`;
    /// the other characters below U+0020 become `\u00xx` (lowercase hex); everything else is written as UTF-8.
    /// Python's `json.dumps(value, ensure_ascii=False)` gives the same text.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{09}": out += "\\t"
            case "\u{0A}": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\u{0D}": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
