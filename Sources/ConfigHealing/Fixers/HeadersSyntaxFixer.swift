import Foundation
import PlatformModels

/// `HEADERS_SYNTAX` (safe) for a `Name = value` line in `_headers`: rewritten as `Name: value`.
///
/// The indentation and anything after the value (trailing spaces) stay; the name must be a valid header name
/// and the value non-empty. The other `HEADERS_SYNTAX` causes (a header before any path, an invalid name, no
/// value, `netlify.toml` entries) are not fixed.
public struct HeadersSyntaxFixer: Fixer {
    /// `HEADERS_SYNTAX`.
    public let code = FindingCode.headersSyntax
    /// Safe: `=` for `:` has one reading.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Rewrites `Name = value` as `Name: value`.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        guard context.kind(of: path) == .headersFile else { return .notFixed("only `_headers` lines are rewritten") }
        guard let text = document.text(ofLine: number), !text.contains(":"), let equals = text.firstIndex(of: "=") else {
            return .notFixed("line \(number) is not `Name = value`; \(finding.fix ?? "correct it by hand")")
        }
        let indentation = text.prefix(while: RedirectLineLayout.isWhitespace)
        let name = text[indentation.endIndex..<equals].trimmingCharacters(in: " \t")
        let afterEquals = text[text.index(after: equals)...]
        let value = afterEquals.drop(while: RedirectLineLayout.isWhitespace)
        guard HeaderName.isValid(name), !value.trimmingCharacters(in: " \t").isEmpty else {
            return .notFixed("`\(name)` is not a valid header name, or the value is empty")
        }
        // Some `Name: value` above must be inside a block: a path line must come first.
        let hasPath = (1..<number).contains { document.text(ofLine: $0)?.trimmingCharacters(in: " \t").hasPrefix("/") == true }
        guard hasPath else { return .notFixed("no path line comes before it, so it would still be rejected") }
        let fixed = String(indentation) + name + ": " + value
        return .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])), change: "wrote `\(name): …` instead of `\(name) = …`")
    }
}
