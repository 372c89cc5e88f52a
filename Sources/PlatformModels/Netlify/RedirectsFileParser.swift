/// Parses a `_redirects` file with the semantics of Netlify's own parser, including what it silently accepts.
///
/// Each line is `from [query…] [to] [status[!]] [conditions…]`. Comments start a line or start at the first
/// token beginning with `#`. Lines Netlify drops are reported as findings and left out of the rule set.
/// See <https://docs.netlify.com/routing/redirects/>.
public struct RedirectsFileParser: Sendable {
    /// What the parser kept and what it found.
    public struct Output: Sendable {
        /// The rules Netlify keeps, in file order.
        public var rules: [RedirectRule] = []
        /// Dropped lines and suspicious ones.
        public var findings: [Finding] = []
    }

    /// Creates a parser.
    public init() {}

    /// Parses the file.
    public func parse(_ file: TextFile) -> Output {
        var output = Output()
        if let finding = file.encodingFinding() { output.findings.append(finding) }
        for (index, rawLine) in file.lines.enumerated() {
            let line = rawLine.trimmingJavaScriptWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            parseLine(line, number: index + 1, file: file, into: &output)
        }
        return output
    }

    private func parseLine(_ line: Substring, number: Int, file: TextFile, into output: inout Output) {
        let source = RuleSource(kind: .redirectsFile, displayPath: file.displayPath, line: number)
        func finding(_ code: FindingCode, _ message: String, fix: String? = nil) {
            output.findings.append(Finding(code, file: file.displayPath, line: number, message: message, fix: fix))
        }
        var tokens = line.javaScriptTokens()
        if let comment = tokens.firstIndex(where: { $0.hasPrefix("#") }) { tokens.removeSubrange(comment...) }
        let from = String(tokens[0])
        let parts = tokens.dropFirst()
        guard !parts.isEmpty else {
            finding(
                .redirectSyntax,
                "Netlify drops this rule: it has no destination (\(line.abbreviated()))",
                fix: "add the destination after `\(from.abbreviated())`, e.g. `\(from.abbreviated()) /new-path 301`"
            )
            return
        }

        var draft = RedirectDraft(source: source, from: from)
        var lastParts: ArraySlice<Substring>
        if StatusToken(parts[parts.startIndex]).code != nil {
            // A forward rule (`/path/* 200`): the status comes right after `from`.
            lastParts = parts
        } else {
            guard let toIndex = parts.firstIndex(where: { $0.hasPrefix("/") || RedirectRule.isURL($0) }) else {
                let hint = parts.count >= 2 ? " (a destination with spaces must be percent-encoded: %20)" : ""
                finding(
                    .redirectSyntax,
                    "Netlify drops this rule: the destination must start with /, http:// or https://\(hint)",
                    fix: parts.count >= 2
                        ? "write the destination as one token, percent-encoding spaces"
                        : "write `\(from.abbreviated()) /\(parts[parts.startIndex].abbreviated())`"
                )
                return
            }
            for pair in parts[..<toIndex] {
                let (name, value, _) = Self.splitPair(pair)
                guard let value else {
                    // Netlify keeps `{name: undefined}`, which vanishes when the rule is serialized: no requirement.
                    finding(
                        .redirectConditionInvalid,
                        "query parameter `\(pair.abbreviated())` has no `=value`, so Netlify does not require it",
                        fix: "write `\(name.abbreviated())=:\(name.abbreviated())` to require it and capture its value"
                    )
                    continue
                }
                draft.query.append(.init(name: name, value: value))
            }
            draft.to = String(parts[toIndex])
            lastParts = parts[(toIndex + 1)...]
        }

        if let statusPart = lastParts.first {
            let status = StatusToken(statusPart)
            guard let code = status.code else {
                let message =
                    statusPart == "!"
                    ? "Netlify drops this rule: `!` stands where the status should be"
                    : "Netlify drops this rule: `\(statusPart.abbreviated())` is not a status code (conditions come after the status)"
                finding(
                    .redirectSyntax,
                    message,
                    fix: statusPart == "!"
                        ? "write the status with the `!` glued to it, e.g. `301!`" : "put a status such as 301 before any condition"
                )
                return
            }
            draft.status = code
            draft.force = status.forced
            if !status.isPlain {
                finding(
                    .redirectStatusSuspect,
                    "status `\(statusPart.abbreviated())` is not a plain integer; Netlify reads it as \(code)",
                    fix: (100...599).contains(code) ? "write `\(code)\(status.forced ? "!" : "")`" : "write the intended status in digits, e.g. `301`"
                )
            }
            lastParts = lastParts.dropFirst()
        }

        var conditionTokens = Array(lastParts)
        if conditionTokens.first == "!" {
            conditionTokens.removeFirst()
            finding(
                .redirectForceDetached,
                "the `!` is separated from the status, so Netlify ignores it and the rule is not forced",
                fix: "glue it to the status: `\(draft.status.map(String.init) ?? "301")!`"
            )
        }
        var raw: [(name: String, value: String?)] = []
        for token in conditionTokens {
            let (name, value, extra) = Self.splitPair(token)
            if value == nil {
                finding(
                    .redirectConditionInvalid,
                    "condition `\(token.abbreviated())` has no `=value`, so Netlify ignores it",
                    fix: "write it as `Name=value`, e.g. `Country=us`"
                )
            } else if extra {
                finding(
                    .redirectConditionInvalid,
                    "condition `\(token.abbreviated())` has more than one `=`; Netlify keeps only `\(name)=\(value!)`",
                    fix: "use one `=` per condition and commas between values, e.g. `Country=us,ca`"
                )
            }
            raw.append((name, value))
        }
        let (conditions, signed, unknown) = ConditionReader.read(raw)
        for name in unknown {
            finding(
                .redirectConditionInvalid,
                "unknown condition `\(name.abbreviated())` is ignored by Netlify",
                fix: "use Country, Language, Role or Cookie"
            )
        }
        draft.conditions = conditions
        draft.signed = signed

        switch draft.validated() {
        case .success(let rule): output.rules.append(rule)
        case .failure(let rejection): finding(.redirectSyntax, "Netlify drops this rule: \(rejection.message)", fix: rejection.fix)
        }
    }

    /// Splits `key=value` as JavaScript's `split('=')` does: the value stops at a second `=`.
    static func splitPair(_ token: some StringProtocol) -> (name: String, value: String?, extra: Bool) {
        let pieces = token.split(separator: "=", omittingEmptySubsequences: false)
        return (String(pieces[0]), pieces.count > 1 ? String(pieces[1]) : nil, pieces.count > 2)
    }
}

/// A status token read the way `Number.parseInt` reads it: leading digits count, the rest is ignored.
struct StatusToken {
    /// The integer Netlify reads, or nil when there is none.
    var code: Int?
    /// True when the token ends with `!`.
    var forced: Bool
    /// True when the token is exactly digits, with an optional `!`.
    var isPlain: Bool

    init(_ token: some StringProtocol) {
        let trimmed = token.drop(while: { $0.isJavaScriptWhitespace })
        var digits = Substring(trimmed)
        var sign = 1
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        let number = digits.prefix(while: { $0.isASCII && $0.isNumber })
        code = number.isEmpty ? nil : Int(number.prefix(9)).map { $0 * sign }
        forced = token.hasSuffix("!")
        let body = token.hasSuffix("!") ? token.dropLast() : token[...]
        isPlain = !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// Reads condition pairs the way Netlify normalizes them: capitalized or lowercase names, comma lists.
enum ConditionReader {
    static func read(_ pairs: [(name: String, value: String?)]) -> (RedirectConditions, signed: String?, unknown: [String]) {
        var conditions = RedirectConditions()
        var signed: String?
        var unknown: [String] = []
        func list(_ value: String) -> [String] {
            value.trimmingJavaScriptWhitespace().split(separator: ",").map { String($0.trimmingJavaScriptWhitespace()) }
        }
        for (name, value) in pairs {
            guard let value else { continue }
            switch name {
            case "Country", "country": conditions.country = list(value)
            case "Language", "language": conditions.language = list(value)
            case "Role", "role": conditions.role = list(value)
            case "Cookie": conditions.cookie = list(value)
            case "Sign", "signed": signed = value
            default: unknown.append(name)
            }
        }
        return (conditions, signed, unknown)
    }
}
