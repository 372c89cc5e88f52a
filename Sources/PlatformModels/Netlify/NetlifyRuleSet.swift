/// The rules Netlify serves a deploy with: `_redirects` first, then `netlify.toml`, exact duplicates removed.
///
/// Netlify removes duplicate rules keeping the *last* copy, so a rule repeated in `netlify.toml` moves
/// behind everything in between. This mirrors that and reports each removed copy.
public struct NetlifyRuleSet: Sendable {
    /// Redirect rules in the order Netlify evaluates them.
    public let redirects: [RedirectRule]
    /// Header rules in the order Netlify applies them.
    public let headers: [HeaderRule]
    /// `REDIRECT_DUPLICATE` findings for removed copies.
    public let findings: [Finding]

    /// Merges rules from both files.
    public init(
        redirectsFile: [RedirectRule] = [],
        configRedirects: [RedirectRule] = [],
        headersFile: [HeaderRule] = [],
        configHeaders: [HeaderRule] = []
    ) {
        var findings: [Finding] = []
        let allRedirects = redirectsFile + configRedirects
        var lastIndex: [RedirectRule.Identity: Int] = [:]
        for (index, rule) in allRedirects.enumerated() { lastIndex[rule.identity] = index }
        var redirects: [RedirectRule] = []
        for (index, rule) in allRedirects.enumerated() {
            let keptIndex = lastIndex[rule.identity]!
            guard keptIndex == index else {
                let kept = allRedirects[keptIndex].source
                findings.append(
                    Finding(
                        .redirectDuplicate,
                        file: rule.source.displayPath,
                        line: rule.source.line,
                        message: "exact duplicate of the rule at \(kept.displayPath):\(kept.line); Netlify keeps only that later copy",
                        fix: "delete this line"
                    )
                )
                continue
            }
            redirects.append(rule)
        }
        let allHeaders = headersFile + configHeaders
        var lastHeader: [[String]: Int] = [:]
        for (index, rule) in allHeaders.enumerated() { lastHeader[rule.identity] = index }
        self.headers = allHeaders.enumerated().filter { lastHeader[$0.element.identity] == $0.offset }.map(\.element)
        self.redirects = redirects
        self.findings = findings
    }
}
