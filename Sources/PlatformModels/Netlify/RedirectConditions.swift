/// The conditions a redirect rule puts on a request (`Country=`, `Language=`, `Role=`, `Cookie=`).
public struct RedirectConditions: Sendable, Hashable {
    /// ISO country codes; the rule matches a request from any of them.
    public var country: [String]?
    /// Language tags; `zh` matches a request in `zh-tw`, not the reverse.
    public var language: [String]?
    /// JWT roles (Netlify Identity); the rule matches a visitor holding any of them.
    public var role: [String]?
    /// Cookie names; the rule matches when any of them is present, whatever its value.
    public var cookie: [String]?

    /// No conditions.
    public init(country: [String]? = nil, language: [String]? = nil, role: [String]? = nil, cookie: [String]? = nil) {
        self.country = country
        self.language = language
        self.role = role
        self.cookie = cookie
    }

    /// True when no condition is set.
    public var isEmpty: Bool { country == nil && language == nil && role == nil && cookie == nil }

    /// Country, Language and Role rules bypass shadowing: Netlify treats them as forced.
    public var actsAsForced: Bool { country != nil || language != nil || role != nil }

    /// Whether `request` satisfies every condition.
    public func accept(_ request: RouteRequest) -> Bool {
        if let country {
            guard let requestCountry = request.country,
                country.contains(where: { $0.caseInsensitiveCompare(requestCountry) })
            else { return false }
        }
        if let language {
            let wanted = language.map { $0.lowercased() }
            let accepted = request.languages.contains { requested in
                let requested = requested.lowercased()
                return wanted.contains { requested == $0 || requested.hasPrefix($0 + "-") }
            }
            guard accepted else { return false }
        }
        if let role {
            guard request.roles.contains(where: { role.contains($0) }) else { return false }
        }
        if let cookie {
            guard cookie.contains(where: { request.cookies[$0] != nil }) else { return false }
        }
        return true
    }

    /// Whether every request accepted by `other` is accepted by `self` (a sufficient check, not an exact one).
    func covers(_ other: Self) -> Bool {
        Self.covers(country, other.country) && Self.covers(language, other.language) && Self.covers(role, other.role)
            && Self.covers(cookie, other.cookie)
    }

    private static func covers(_ mine: [String]?, _ theirs: [String]?) -> Bool {
        guard let mine else { return true }
        guard let theirs else { return false }
        return Set(theirs.map { $0.lowercased() }).isSubset(of: mine.map { $0.lowercased() })
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
