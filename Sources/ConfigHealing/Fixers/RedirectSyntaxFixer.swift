import Foundation
import PlatformModels

/// `REDIRECT_SYNTAX` (safe) where the intent is unambiguous; every other dropped rule is left to the author.
///
/// - `from` without its leading `/` (`blog/*  /news/:splat`) → `/blog/*`. Not when the first segment looks like a
///   host (`example.com/*`: a domain rule without its scheme is ambiguous).
/// - A destination with spaces (`/a  /my page.html  301`): the tokens between the destination's first part and a
///   plain status are the rest of the destination, so its whitespace is percent-encoded (`/my%20page.html`). Not
///   when one of those tokens holds `=` (a condition written before the status) or no plain status follows.
/// - `netlify.toml`: `from = "blog/*"` → `from = "/blog/*"`.
///
/// A `_redirects` fix is kept only when the edited line, read back by the parser, gives a rule with no
/// `REDIRECT_SYNTAX` finding.
public struct RedirectSyntaxFixer: Fixer {
    /// `REDIRECT_SYNTAX`.
    public let code = FindingCode.redirectSyntax
    /// Safe: only forms with one possible reading are fixed.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Adds the `/` or percent-encodes the destination.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        switch context.kind(of: path) {
        case .redirectsFile:
            guard let text = document.text(ofLine: number), let layout = RedirectLineLayout(text) else {
                return .notFixed("line \(number) is not a rule")
            }
            let from = layout.tokens[0]
            if !from.text.hasPrefix("/"), !RedirectLineLayout.isURL(from.text) {
                guard !Self.looksLikeHost(from.text) else {
                    return .notFixed("`\(from.text)` looks like a host without its scheme; write `https://\(from.text)` or `/\(from.text)`")
                }
                let fixed = layout.replacing(from.range, with: "/" + from.text)
                guard RedirectLineCheck.clears(code, in: fixed) else {
                    return .notFixed("adding `/` to `from` does not give a rule Netlify keeps")
                }
                return .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])), change: "added the leading `/` to `from`")
            }
            if let to = layout.toIndex, let fixed = Self.encodingSpaces(layout, to: to) {
                guard RedirectLineCheck.clears(code, in: fixed) else {
                    return .notFixed("percent-encoding the destination does not give a rule Netlify keeps")
                }
                return .fixed(
                    FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])),
                    change: "percent-encoded the spaces of the destination"
                )
            }
            return .notFixed("the intended rule is ambiguous: \(finding.fix ?? "correct it by hand")")
        case .netlifyTOML:
            guard let block = TOMLRedirectBlock(containing: number, in: document), let from = block.key("from") ?? block.key("origin") else {
                return .notFixed("the entry has no single-line `from` to correct")
            }
            let value = from.value
            guard value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote else {
                return .notFixed("`from` is not a quoted string")
            }
            let inner = value.dropFirst().dropLast()
            guard !inner.hasPrefix("/"), !RedirectLineLayout.isURL(inner), !inner.isEmpty, !Self.looksLikeHost(inner) else {
                return .notFixed("the intended rule is ambiguous: \(finding.fix ?? "correct it by hand")")
            }
            let fixed = String(from.prefix) + String(quote) + "/" + inner + String(quote) + from.suffix
            return .fixed(FileEdit(path: path, change: .lines([.replace(line: from.line, with: fixed)])), change: "added the leading `/` to `from`")
        default:
            return .notFixed("not a _redirects or netlify.toml file")
        }
    }

    /// A first segment with a dot and no placeholder, such as `example.com`, names a host more likely than a path.
    static func looksLikeHost(_ from: some StringProtocol) -> Bool {
        let first = from.prefix(while: { $0 != "/" })
        return first.contains(".") && !first.hasPrefix(":") && first != "*" && from.contains("/")
    }

    /// The line with the whitespace inside a destination split over several tokens percent-encoded, when the
    /// tokens after the destination's start, up to a plain status, are all path pieces.
    static func encodingSpaces(_ layout: RedirectLineLayout, to: Int) -> String? {
        let tokens = layout.tokens
        guard let statusIndex = tokens[(to + 1)...].firstIndex(where: { RedirectLineLayout.isPlainStatus($0.text) }),
            statusIndex > to + 1
        else { return nil }
        let pieces = tokens[(to + 1)..<statusIndex]
        guard pieces.allSatisfy({ !$0.text.contains("=") && $0.text != "!" }) else { return nil }
        let range = tokens[to].range.lowerBound..<tokens[statusIndex - 1].range.upperBound
        var encoded = ""
        for character in layout.line[range] {
            if RedirectLineLayout.isWhitespace(character) {
                for byte in String(character).utf8 { encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            } else {
                encoded.append(character)
            }
        }
        return layout.replacing(range, with: encoded)
    }
}

extension String {
    /// The text with zeros before it up to `width` characters.
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
