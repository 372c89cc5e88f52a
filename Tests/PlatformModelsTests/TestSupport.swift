import PlatformModels

/// A `TextFile` from a string literal, as the simulation would read it from disk.
func textFile(_ text: String, path: String = "_redirects") -> TextFile {
    TextFile(displayPath: path, bytes: Array(text.utf8))
}

/// Parses `_redirects` text.
func parseRedirects(_ text: String) -> RedirectsFileParser.Output {
    RedirectsFileParser().parse(textFile(text))
}

/// Parses `_headers` text.
func parseHeaders(_ text: String) -> HeadersFileParser.Output {
    HeadersFileParser().parse(textFile(text, path: "_headers"))
}

/// Parses `netlify.toml` text.
func parseConfig(_ text: String) -> NetlifyConfig {
    NetlifyConfig.parse(textFile(text, path: "netlify.toml"))
}

/// The codes of `findings`, in order.
func codes(_ findings: [Finding]) -> [FindingCode] { findings.map(\.code) }

/// The `(code, line)` pairs of `findings`, in order, for asserting where each problem was reported.
func codeLines(_ findings: [Finding]) -> [String] { findings.map { "\($0.code.rawValue)@\($0.line.map(String.init) ?? "-")" } }

/// A router over a whole site: `_redirects`, `netlify.toml` and `_headers` texts and the deploy's files.
func makeRouter(redirects: String = "", toml: String = "", headers: String = "", files: [String] = []) -> NetlifyRouter {
    let config = parseConfig(toml)
    let ruleSet = NetlifyRuleSet(
        redirectsFile: parseRedirects(redirects).rules,
        configRedirects: config.redirects,
        headersFile: parseHeaders(headers).rules,
        configHeaders: config.headers
    )
    return NetlifyRouter(rules: ruleSet, files: SiteFileIndex(paths: files))
}

extension NetlifyRouter {
    /// Routes a request written as `chimeractl route` takes it (`/path?query` or an absolute URL).
    func route(_ text: String) -> RouteResult {
        route(RouteRequest(text)!)
    }
}

/// A compact view of a redirect rule, so one `#expect` compares everything the parser decided.
struct RuleSummary: Hashable, CustomStringConvertible {
    var from: String
    var to: String
    var status: Int = 301
    var force = false
    var query: [String: String] = [:]
    var conditions = RedirectConditions()
    var signed: String?

    init(
        from: String,
        to: String,
        status: Int = 301,
        force: Bool = false,
        query: [String: String] = [:],
        conditions: RedirectConditions = .init(),
        signed: String? = nil
    ) {
        self.from = from
        self.to = to
        self.status = status
        self.force = force
        self.query = query
        self.conditions = conditions
        self.signed = signed
    }

    init(_ rule: RedirectRule) {
        self.init(
            from: rule.from,
            to: rule.to,
            status: rule.status,
            force: rule.force,
            query: Dictionary(rule.query.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
            conditions: rule.conditions,
            signed: rule.signed
        )
    }

    var description: String { "\(from) \(query) \(to) \(status)\(force ? "!" : "") \(conditions) signed=\(signed ?? "nil")" }
}

/// The rules of a parser output, summarized.
func summaries(_ rules: [RedirectRule]) -> [RuleSummary] { rules.map(RuleSummary.init) }
