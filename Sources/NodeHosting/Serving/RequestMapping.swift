import PlatformModels

/// How a received request becomes the `RouteRequest` a platform router reads.
///
/// Mapped from headers:
/// - `Accept-Language` → `languages`, by descending quality, `*` and `q=0` left out (Netlify `Language=`);
/// - `Cookie` → `cookies` (Netlify `Cookie=`);
/// - `X-Country` → `country`, a two-letter code a trusted front proxy can set (there is no geolocation on the
///   node target; without the header `Country=` rules never match);
/// - `Host` (port removed) → `host`, and `X-Forwarded-Proto` (`https`) → `scheme`, default `http`, for
///   Netlify's domain-level rules (an absolute-form target sets both itself).
///
/// Not mapped: roles. Netlify reads them from a verified Identity JWT, which the node target cannot check,
/// so `Role=` rules never match and their fallbacks (usually a 401 or a login page) answer.
public enum RequestMapping {
    /// The route request for `target` (`/path?query` or an absolute URL) with what `headers` say; nil when the
    /// target is neither.
    public static func routeRequest(target: String, headers: [(name: String, value: String)]) -> RouteRequest? {
        guard var request = RouteRequest(target) else { return nil }
        var languageValues: [String] = []
        var cookieValues: [String] = []
        for (name, value) in headers {
            switch name.lowercased() {
            case "accept-language": languageValues.append(value)
            case "cookie": cookieValues.append(value)
            case "x-country":
                let code = value.trimmingSpaces
                if code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) { request.country = code.uppercased() }
            case "host" where request.host == nil:
                request.host = hostName(value)
            case "x-forwarded-proto" where request.scheme == nil:
                let proto = value.split(separator: ",").first.map { $0.trimmingSpaces.lowercased() }
                if proto == "https" || proto == "http" { request.scheme = proto }
            default: break
            }
        }
        if request.host != nil, request.scheme == nil { request.scheme = "http" }
        request.languages = languages(languageValues.joined(separator: ","))
        request.cookies = cookies(cookieValues.joined(separator: ";"))
        return request
    }

    /// The language tags of an `Accept-Language` value, most wanted first.
    public static func languages(_ value: String) -> [String] {
        var ranked: [(tag: String, quality: Double, position: Int)] = []
        for (position, item) in value.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingSpaces, !tag.isEmpty, tag != "*" else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingSpaces.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "q" { quality = Double(pair[1].trimmingSpaces) ?? 0 }
            }
            if quality > 0 { ranked.append((tag, quality, position)) }
        }
        return ranked.sorted { $0.quality != $1.quality ? $0.quality > $1.quality : $0.position < $1.position }.map(\.tag)
    }

    /// The cookies of a `Cookie` value, by name (the first of duplicate names wins, as browsers send the most
    /// specific first).
    public static func cookies(_ value: String) -> [String: String] {
        var cookies: [String: String] = [:]
        for item in value.split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0].trimmingSpaces
            guard !name.isEmpty, cookies[name] == nil else { continue }
            cookies[name] = pair.count > 1 ? pair[1].trimmingSpaces : ""
        }
        return cookies
    }

    /// The host of a `Host` value, lowercased, without its port.
    static func hostName(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces.lowercased()
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("[") {
            // An IPv6 literal: the port follows the closing bracket.
            return trimmed.firstIndex(of: "]").map { String(trimmed[...$0]) }
        }
        return String(trimmed.prefix(while: { $0 != ":" }))
    }
}
