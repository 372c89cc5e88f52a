/// Strong entity tags from a file's SHA-256, and `If-None-Match` evaluation (RFC 9110 §13.1.2).
public enum EntityTag {
    /// The quoted strong tag for a file: the first 32 hex digits of its SHA-256.
    public static func forSHA256(_ sha256: String) -> String {
        "\"" + sha256.prefix(32) + "\""
    }

    /// Whether an `If-None-Match` value matches `tag`: `*`, or a listed tag equal under the weak comparison
    /// (a `W/` prefix on either side is ignored).
    public static func noneMatchHits(_ headerValue: String, tag: String) -> Bool {
        let wanted = opaque(tag)
        for candidate in headerValue.split(separator: ",") {
            let trimmed = candidate.trimmingSpaces
            if trimmed == "*" { return true }
            if !trimmed.isEmpty, opaque(trimmed) == wanted { return true }
        }
        return false
    }

    /// The opaque tag without a weakness prefix.
    private static func opaque(_ text: some StringProtocol) -> Substring {
        let value = Substring(text)
        return value.hasPrefix("W/") ? value.dropFirst(2) : value
    }
}
