import Foundation
import PlatformModels

/// `REDIRECT_FORCE_DETACHED` (safe): the author wrote a forced rule; the fix writes it the way Netlify reads one.
///
/// - `_redirects`: `301 !` → `301!` (the spaces between the status and the `!` are removed, nothing else moves).
/// - `netlify.toml`: `status = "301!"` → `status = 301` plus `force = true` on the next line (same indentation);
///   when the entry already says `force = false`, the two disagree and it is not fixed.
public struct ForceDetachedFixer: Fixer {
    /// `REDIRECT_FORCE_DETACHED`.
    public let code = FindingCode.redirectForceDetached
    /// Safe: the `!` states the intent to force.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Glues the `!` (or sets `force = true`).
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        switch context.kind(of: path) {
        case .redirectsFile:
            guard let text = document.text(ofLine: number), let layout = RedirectLineLayout(text), let status = layout.statusIndex,
                status + 1 < layout.tokens.count, layout.tokens[status + 1].text == "!"
            else { return .notFixed("line \(number) does not have the form `… STATUS !`") }
            let gap = layout.tokens[status].range.upperBound..<layout.tokens[status + 1].range.lowerBound
            let fixed = layout.replacing(gap, with: "")
            guard RedirectLineCheck.clears(code, in: fixed, original: text) else { return .notFixed("gluing the `!` does not give a rule Netlify keeps") }
            return .fixed(
                FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])),
                change: "glued `!` to status `\(layout.tokens[status].text)!`"
            )
        case .netlifyTOML:
            guard let block = TOMLRedirectBlock(containing: number, in: document), let status = block.key("status") else {
                return .notFixed("no `status` line found in the [[redirects]] entry")
            }
            let quoted = status.value
            guard quoted.count >= 3, let quote = quoted.first, quote == "\"" || quote == "'", quoted.last == quote else {
                return .notFixed("`status` is not a quoted string")
            }
            let inner = quoted.dropFirst().dropLast()
            guard inner.hasSuffix("!"), let code = Int(inner.dropLast()), (100...599).contains(code) else {
                return .notFixed("`status = \(quoted)` is not `\"NNN!\"`")
            }
            var edits: [LineEdit] = [.replace(line: status.line, with: String(status.prefix) + "\(code)" + status.suffix)]
            if let force = block.key("force") {
                guard force.value == "true" else {
                    return .notFixed("the entry says `force = \(force.value)` and `\"\(inner)\"`: which one is meant is ambiguous")
                }
            } else {
                let indentation = TOMLRedirectBlock.indentation(of: document.text(ofLine: status.line) ?? "")
                edits.append(.insert(before: status.line + 1, text: indentation + "force = true"))
            }
            return .fixed(FileEdit(path: path, change: .lines(edits)), change: "wrote `status = \(code)` and `force = true`")
        default:
            return .notFixed("not a _redirects or netlify.toml file")
        }
    }
}
