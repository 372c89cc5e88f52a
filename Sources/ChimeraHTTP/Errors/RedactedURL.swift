/// A URL reduced to `scheme://host:port/path` for messages: userinfo (passwords), query strings (tokens) and
/// fragments are dropped so an error or a log line can never leak them.
struct RedactedURL: Sendable {
    /// The printable form.
    let text: String
    /// The parts that were removed and must not appear in any message (userinfo, query, fragment).
    let secrets: [String]

    init(_ url: String) {
        guard let schemeEnd = url.firstRange(of: "://") else {
            // Not an absolute URL: nothing printable can be trusted to be free of secrets.
            text = "<not an absolute URL>"
            secrets = url.isEmpty ? [] : [url]
            return
        }
        let scheme = url[..<schemeEnd.lowerBound]
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var removed: [String] = []
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            removed.append(String(authority[..<at]))
            hostPort = authority[authority.index(after: at)...]
        }
        let tail = rest[authorityEnd...]
        let pathEnd = tail.firstIndex { $0 == "?" || $0 == "#" } ?? tail.endIndex
        let path = tail[..<pathEnd]
        if pathEnd < tail.endIndex {
            removed.append(String(tail[tail.index(after: pathEnd)...]))
        }
        text = "\(scheme)://\(hostPort)\(path.isEmpty ? "/" : path)"
        secrets = removed.filter { !$0.isEmpty }
    }

    /// Returns `message` with every removed part masked, and also each password and query value on its own
    /// (a message may quote `abc` from `token=abc` without the rest).
    func scrub(_ message: String) -> String {
        var result = message
        for secret in secrets {
            result = result.replacingAll(secret, with: "***")
            let pieces = secret.split { $0 == "&" || $0 == ";" }.flatMap { $0.split(separator: "=", maxSplits: 1).dropFirst() }
                + secret.split(separator: ":", maxSplits: 1).dropFirst()
            for piece in pieces where piece.count >= 3 {
                result = result.replacingAll(String(piece), with: "***")
            }
        }
        return result
    }
}

extension String {
    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
