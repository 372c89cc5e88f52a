import Foundation
import PlatformModels

/// `REDIRECT_SHADOWED` (suggested): forces the rule, so it applies even though a file exists at its path.
///
/// `_redirects`: `!` is appended to the status (`301` → `301!`), or ` 301!` is added after the destination when
/// no status is written (301 is Netlify's default). `netlify.toml`: `force = false` becomes `force = true`, or
/// `force = true` is inserted after the entry's last key. Suggested: the file stops being served at that path.
public struct ShadowedRedirectFixer: Fixer {
    /// `REDIRECT_SHADOWED`.
    public let code = FindingCode.redirectShadowed
    /// Suggested: the deployed file at that path is no longer served there.
    public let confidence = FixConfidence.suggested

    /// Creates the fixer.
    public init() {}

    /// Forces the rule.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        switch context.kind(of: path) {
        case .redirectsFile:
            guard let text = document.text(ofLine: number), let layout = RedirectLineLayout(text) else {
                return .notFixed("line \(number) is not a rule")
            }
            // A detached `!` already follows (`301 !`): gluing it is REDIRECT_FORCE_DETACHED's safe fix.
            if layout.tokens.contains(where: { $0.text == "!" }) {
                return .notFixed("the rule already has a detached `!`; the REDIRECT_FORCE_DETACHED fix glues it")
            }
            let fixed: String
            if let status = layout.statusIndex {
                let token = layout.tokens[status]
                guard RedirectLineLayout.isPlainStatus(token.text), !token.text.hasSuffix("!") else {
                    return .notFixed("the status `\(token.text)` is not a plain number")
                }
                fixed = layout.replacing(token.range, with: token.text + "!")
            } else if let to = layout.toIndex, to == layout.tokens.count - 1 {
                fixed = layout.replacing(layout.tokens[to].range, with: layout.tokens[to].text + " 301!")
            } else {
                return .notFixed("no status to force")
            }
            guard RedirectLineCheck.parse(fixed).keepsRule else { return .notFixed("the forced rule would not parse") }
            return .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])), change: "forced the rule (`!`)")
        case .netlifyTOML:
            guard let block = TOMLRedirectBlock(containing: number, in: document), let lastKey = block.keys.last else {
                return .notFixed("the [[redirects]] entry was not found")
            }
            if let force = block.key("force") {
                guard force.value == "false" else { return .notFixed("`force = \(force.value)` is not `false`") }
                return .fixed(
                    FileEdit(path: path, change: .lines([.replace(line: force.line, with: String(force.prefix) + "true" + force.suffix)])),
                    change: "set `force = true`"
                )
            }
            let indentation = TOMLRedirectBlock.indentation(of: document.text(ofLine: lastKey.line) ?? "")
            return .fixed(
                FileEdit(path: path, change: .lines([.insert(before: lastKey.line + 1, text: indentation + "force = true")])),
                change: "added `force = true`"
            )
        default:
            return .notFixed("not a _redirects or netlify.toml file")
        }
    }
}
