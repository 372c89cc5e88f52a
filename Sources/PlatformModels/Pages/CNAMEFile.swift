/// The `CNAME` file at the root of a site published from a branch: the custom domain GitHub Pages serves it on.
///
/// GitHub's rules: the file name is all uppercase, and the file holds one domain name and nothing else
/// (`www.example.com`, `example.com`), no scheme, path or port. A file Pages cannot read sets no custom domain,
/// so the site stays on `<owner>.github.io`.
/// See <https://docs.github.com/en/pages/configuring-a-custom-domain-for-your-github-pages-site/troubleshooting-custom-domains-and-github-pages>.
public struct CNAMEFile: Sendable, Hashable {
    /// The file as shown in findings.
    public let displayPath: String
    /// The custom domain, lowercased, when the file is valid.
    public let domain: String?
    /// Why the file is not valid, or nil when it is.
    public let problem: String?

    /// Reads and checks the file's bytes.
    public init(displayPath: String, bytes: some Collection<UInt8>) {
        self.displayPath = displayPath
        switch Self.check(Array(bytes)) {
        case .success(let domain):
            self.domain = domain
            self.problem = nil
        case .failure(let problem):
            self.domain = nil
            self.problem = problem.reason
        }
    }

    /// A `PAGES_CNAME_INVALID` finding when the file is not valid.
    public var finding: Finding? {
        guard let problem else { return nil }
        return Finding(
            .pagesCNAMEInvalid,
            file: displayPath,
            line: nil,
            message: "CNAME \(problem); GitHub Pages sets no custom domain from it and the site stays on <owner>.github.io",
            fix: "write the bare domain on a single line, for example `www.example.com`"
        )
    }

    /// A `PAGES_CNAME_INVALID` finding for a custom-domain file whose name is not all uppercase, which Pages ignores.
    public static func misnamedFinding(displayPath: String, name: String) -> Finding {
        Finding(
            .pagesCNAMEInvalid,
            file: displayPath,
            line: nil,
            message: "the custom domain file is named `\(name)`; GitHub Pages reads only `CNAME`, in capitals, so no custom domain is set",
            fix: "rename it to CNAME"
        )
    }

    private struct Problem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func check(_ bytes: [UInt8]) -> Result<String, Problem> {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(Problem("is not valid UTF-8")) }
        if text.hasPrefix("\u{FEFF}") { return .failure(Problem("starts with a byte-order mark")) }
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: { $0 == " " || $0 == "\t" }) }
            .filter { !$0.isEmpty }
        guard let line = lines.first else { return .failure(Problem("is empty")) }
        guard lines.count == 1 else { return .failure(Problem("holds \(lines.count) lines, but Pages takes exactly one domain")) }
        let shown = "\"\(line.abbreviated(60))\""
        if line.contains(where: { $0 == " " || $0 == "\t" }) { return .failure(Problem("holds \(shown), which is more than one domain name")) }
        if line.contains("://") { return .failure(Problem("holds \(shown), a URL with a scheme, not a domain name")) }
        if line.contains("/") { return .failure(Problem("holds \(shown), which has a path; only the domain name may be written")) }
        if line.contains("@") { return .failure(Problem("holds \(shown), which is not a domain name")) }
        if line.contains(":") { return .failure(Problem("holds \(shown), which has a port; only the domain name may be written")) }
        if line.hasPrefix("*") { return .failure(Problem("holds the wildcard \(shown); Pages does not serve wildcard domains")) }
        if !line.allSatisfy(\.isASCII) { return .failure(Problem("holds \(shown); write an internationalized domain in its punycode form (xn--…)")) }
        if line.hasSuffix(".") { return .failure(Problem("holds \(shown), which ends with a dot")) }
        let domain = line.lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return .failure(Problem("holds \(shown), which is not a fully qualified domain name")) }
        if labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            return .failure(Problem("holds the IP address \(shown), not a domain name"))
        }
        if domain.utf8.count > 253 { return .failure(Problem("holds a domain name longer than 253 characters")) }
        for label in labels {
            let valid =
                (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            if !valid { return .failure(Problem("holds \(shown), which is not a valid host name (label \"\(label.abbreviated(30))\")")) }
        }
        if labels.last!.allSatisfy(\.isNumber) { return .failure(Problem("holds \(shown), whose top-level domain is numeric")) }
        if domain == "github.io" || domain.hasSuffix(".github.io") {
            return .failure(Problem("holds \(shown), a github.io address; CNAME is for a custom domain only"))
        }
        return .success(domain)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = lastIndex(where: { !isTrimmed($0) })!
        return String(self[first...last])
    }
}
