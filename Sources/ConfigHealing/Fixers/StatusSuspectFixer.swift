import Foundation
import PlatformModels

/// `REDIRECT_STATUS_SUSPECT` (suggested) for 307 and 308: written as 302 and 301, the statuses Netlify documents.
///
/// Suggested: browsers treat 307/308 differently from 302/301 (they keep the method and body), so the answer
/// changes. A `!` is kept. Other suspect statuses (not a plain number, outside 100–599, 303) are not fixed.
public struct StatusSuspectFixer: Fixer {
    /// `REDIRECT_STATUS_SUSPECT`.
    public let code = FindingCode.redirectStatusSuspect
    /// Suggested: 307 → 302 and 308 → 301 change the status sent.
    public let confidence = FixConfidence.suggested

    /// Creates the fixer.
    public init() {}

    static let replacements = [307: 302, 308: 301]

    /// Rewrites the status.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        switch context.kind(of: path) {
        case .redirectsFile:
            guard let text = document.text(ofLine: number), let layout = RedirectLineLayout(text), let status = layout.statusIndex else {
                return .notFixed("line \(number) has no status")
            }
            let token = layout.tokens[status]
            guard RedirectLineLayout.isPlainStatus(token.text), let code = RedirectLineLayout.statusCode(token.text),
                let replacement = Self.replacements[code]
            else { return .notFixed("only a plain 307 or 308 is rewritten; \(finding.fix ?? "")") }
            let fixed = layout.replacing(token.range, with: "\(replacement)" + (token.text.hasSuffix("!") ? "!" : ""))
            return .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])), change: "status \(code) → \(replacement)")
        case .netlifyTOML:
            guard let block = TOMLRedirectBlock(containing: number, in: document), let status = block.key("status"),
                let code = Int(status.value), let replacement = Self.replacements[code]
            else { return .notFixed("only `status = 307` or `status = 308` is rewritten") }
            return .fixed(
                FileEdit(path: path, change: .lines([.replace(line: status.line, with: String(status.prefix) + "\(replacement)" + status.suffix)])),
                change: "status \(code) → \(replacement)"
            )
        default:
            return .notFixed("not a _redirects or netlify.toml file")
        }
    }
}
