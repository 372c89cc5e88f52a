import PlatformModels

/// Checks header rules: names Netlify will not set, and rules that fight over one header for one path.
public struct HeaderAnalyzer: Sendable {
    let router: NetlifyRouter

    /// Creates an analyzer over the router that holds the header rules and the files.
    public init(router: NetlifyRouter) {
        self.router = router
    }

    /// `HEADERS_RESTRICTED` and `HEADERS_CONFLICT` findings.
    public func run() -> [Finding] {
        var findings: [Finding] = []
        let rules = router.headerRules
        for rule in rules {
            for value in rule.values where HeaderName.restricted.contains(value.name.lowercased()) {
                findings.append(
                    Finding(
                        .headersRestricted,
                        file: rule.source.displayPath,
                        line: rule.source.line,
                        message: "Netlify does not let a site set `\(value.name)`; this value is dropped",
                        fix: "remove `\(value.name)` from the rule for \(rule.forPath.abbreviated())"
                    )
                )
            }
        }
        // Probe with every file of the deploy plus a sample path of each rule: two rules conflict when one path
        // matches both and they give one header different values.
        let probes = router.files.paths.sorted() + rules.map(\.pattern.samplePath)
        let matchesByRule = rules.map { rule in probes.filter { rule.pattern.matches($0) } }
        for later in rules.indices {
            for earlier in rules.indices where earlier < later {
                let laterValues = Dictionary(rules[later].values.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { $1 })
                let conflicting = rules[earlier].values.filter { value in
                    guard let other = laterValues[value.name.lowercased()] else { return false }
                    return other.value != value.value
                }
                guard !conflicting.isEmpty else { continue }
                let laterMatches = Set(matchesByRule[later])
                guard let path = matchesByRule[earlier].first(where: laterMatches.contains) else { continue }
                let earlierRule = rules[earlier]
                let laterRule = rules[later]
                for value in conflicting {
                    findings.append(
                        Finding(
                            .headersConflict,
                            file: laterRule.source.displayPath,
                            line: laterRule.source.line,
                            message:
                                "`\(value.name)` for \(path.abbreviated(60)) is set by the rule for `\(earlierRule.forPath.abbreviated(40))` (\(earlierRule.source.displayPath):\(earlierRule.source.line)) and again, differently, by this rule for `\(laterRule.forPath.abbreviated(40))`; this later one wins",
                            fix: "keep one value for `\(value.name)`: narrow one of the two paths or remove one of the values"
                        )
                    )
                }
            }
        }
        return findings
    }
}
