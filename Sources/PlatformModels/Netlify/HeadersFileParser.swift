/// Parses a `_headers` file with the semantics of Netlify's headers parser.
///
/// A line starting with `/` opens a block; the lines after it are `Name: value`. Lines without a `:` are
/// ignored by Netlify without a word, which is reported here. See <https://docs.netlify.com/routing/headers/>.
public struct HeadersFileParser: Sendable {
    /// What the parser kept and what it found.
    public struct Output: Sendable {
        /// The rules Netlify keeps, in file order (blocks without headers are dropped, as Netlify does).
        public var rules: [HeaderRule] = []
        /// Ignored and rejected lines.
        public var findings: [Finding] = []
    }

    /// Creates a parser.
    public init() {}

    /// Parses the file.
    public func parse(_ file: TextFile) -> Output {
        var output = Output()
        if let finding = file.encodingFinding() { output.findings.append(finding) }
        var current: HeaderRule?
        func close() {
            if let rule = current, !rule.values.isEmpty { output.rules.append(rule) }
            current = nil
        }
        for (index, rawLine) in file.lines.enumerated() {
            let number = index + 1
            let line = rawLine.trimmingJavaScriptWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func finding(_ message: String, fix: String) {
                output.findings.append(Finding(.headersSyntax, file: file.displayPath, line: number, message: message, fix: fix))
            }
            if line.hasPrefix("/") {
                close()
                current = HeaderRule(
                    source: RuleSource(kind: .headersFile, displayPath: file.displayPath, line: number),
                    forPath: String(line),
                    values: []
                )
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                if let equals = line.firstIndex(of: "=") {
                    let name = line[..<equals].trimmingJavaScriptWhitespace()
                    let value = line[line.index(after: equals)...].trimmingJavaScriptWhitespace()
                    finding(
                        "Netlify ignores this line: a header needs `Name: value`, not `=` (\(line.abbreviated()))",
                        fix: "write `\(name.abbreviated()): \(value.abbreviated())`"
                    )
                } else {
                    finding(
                        "Netlify ignores this line: it is neither a path (starting with /) nor `Name: value` (\(line.abbreviated()))",
                        fix: "start a path line with `/`, or write the header as `Name: value`"
                    )
                }
                continue
            }
            let name = String(line[..<colon].trimmingJavaScriptWhitespace())
            let value = String(line[line.index(after: colon)...].trimmingJavaScriptWhitespace())
            if name.isEmpty {
                finding("Netlify rejects this line: the header name is missing", fix: "write `Name: value`")
                continue
            }
            if value.isEmpty {
                finding("Netlify rejects this line: header `\(name.abbreviated())` has no value", fix: "give `\(name.abbreviated())` a value")
                continue
            }
            guard current != nil else {
                finding(
                    "Netlify rejects header `\(name.abbreviated())`: no path line comes before it",
                    fix: "put a path line such as `/*` above the headers"
                )
                continue
            }
            if !HeaderName.isValid(name) {
                finding(
                    "`\(name.abbreviated())` is not a valid header name, so the header is never sent",
                    fix: "header names are letters, digits and - (e.g. `X-Frame-Options`)"
                )
                continue
            }
            current!.append(name: name, value: value)
        }
        close()
        return output
    }
}

/// Checks on HTTP header names.
public enum HeaderName {
    /// Whether `name` is an RFC 9110 token.
    public static func isValid(_ name: some StringProtocol) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    /// Response headers Netlify does not let a site set; custom values for them are dropped.
    public static let restricted: Set<String> = [
        "accept-ranges", "age", "allow", "alt-svc", "connection", "content-encoding", "content-length",
        "content-range", "date", "server", "set-cookie", "trailer", "transfer-encoding", "upgrade",
    ]
}
