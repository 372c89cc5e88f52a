/// Netlify configuration in a folder published on GitHub Pages: every rule in it stops working there, silently.
///
/// Pages has no redirect, rewrite, proxy or custom-header rules and runs no Netlify build, so `_redirects`,
/// `_headers` and `netlify.toml` are read with Netlify's own parsers only to list what will be lost. Each file
/// that holds something gets one `PAGES_UNSUPPORTED_CONFIG` error: a rule that stops working without a word is
/// the kind of loss this tool exists to catch.
public struct PagesIgnoredConfig: Sendable {
    /// One finding per file that configures something Pages ignores.
    public let findings: [Finding]

    /// How many rules are listed in a message before the rest are only counted.
    static let listed = 5

    /// Reads the Netlify files found at the root of the folder (nil for a file that is not there).
    public init(redirectsFile: TextFile? = nil, headersFile: TextFile? = nil, netlifyTOML: TextFile? = nil) {
        var findings: [Finding] = []
        if let file = redirectsFile {
            let rules = RedirectsFileParser().parse(file).rules
            if let first = rules.first {
                findings.append(
                    Self.finding(
                        file: file.displayPath,
                        line: first.source.line,
                        what: "\(Self.count(rules.count, "redirect rule")) that GitHub Pages ignores",
                        items: rules.map(Self.describe),
                        fix: Self.redirectFix
                    )
                )
            }
        }
        if let file = headersFile {
            let rules = HeadersFileParser().parse(file).rules
            if let first = rules.first {
                findings.append(
                    Self.finding(
                        file: file.displayPath,
                        line: first.source.line,
                        what: "\(Self.count(rules.count, "header rule")) that GitHub Pages ignores (it sends no custom headers)",
                        items: rules.map(Self.describe),
                        fix: Self.headerFix
                    )
                )
            }
        }
        if let file = netlifyTOML {
            let config = NetlifyConfig.parse(file)
            var items = config.redirects.map(Self.describe) + config.headers.map(Self.describe)
            var line = (config.redirects.map(\.source.line) + config.headers.map(\.source.line)).min()
            if let command = config.build.command, !command.isEmpty {
                items.append("[build] command \"\(command.abbreviated(60))\" (Pages does not run it)")
                line = line ?? config.line(ofKey: "command")
            }
            if !config.plugins.isEmpty {
                items.append("build plugins " + config.plugins.map(\.package).joined(separator: ", "))
            }
            let rules = config.redirects.count + config.headers.count
            if !items.isEmpty {
                var parts: [String] = []
                if !config.redirects.isEmpty { parts.append(Self.count(config.redirects.count, "redirect rule")) }
                if !config.headers.isEmpty { parts.append(Self.count(config.headers.count, "header rule")) }
                let what = rules > 0 ? parts.joined(separator: " and ") + " that GitHub Pages ignores" : "Netlify build settings GitHub Pages ignores"
                findings.append(
                    Self.finding(
                        file: file.displayPath,
                        line: line,
                        what: what,
                        items: items,
                        fix: rules > 0 ? Self.redirectFix : "run the build before publishing to Pages, for example in a GitHub Actions workflow"
                    )
                )
            }
        }
        self.findings = findings
    }

    private static let redirectFix =
        "recreate each redirect as a page (a <meta http-equiv=\"refresh\"> page, or jekyll-redirect-from), or publish where the rules are honoured"
    private static let headerFix = "set what you can with <meta http-equiv> in the pages, or put a CDN that sets headers in front of Pages"

    private static func finding(file: String, line: Int?, what: String, items: [String], fix: String) -> Finding {
        var list = items.prefix(listed).joined(separator: "; ")
        if items.count > listed { list += "; and \(items.count - listed) more" }
        return Finding(.pagesUnsupportedConfig, file: file, line: line, message: "\(what), so they stop working: \(list)", fix: fix)
    }

    private static func describe(_ rule: RedirectRule) -> String {
        let kind: String
        switch rule.status {
        case 200..<300 where rule.targetIsURL: kind = "proxy"
        case 200..<300: kind = "rewrite"
        case 300..<400: kind = "redirect"
        default: kind = "\(rule.status) page"
        }
        return "line \(rule.source.line): \(rule.from.abbreviated(50)) → \(rule.to.abbreviated(50)) (\(rule.status)\(rule.force ? "!" : "") \(kind))"
    }

    private static func describe(_ rule: HeaderRule) -> String {
        "line \(rule.source.line): \(rule.forPath.abbreviated(50)) sets " + rule.values.map(\.name).joined(separator: ", ").abbreviated(80)
    }

    private static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
