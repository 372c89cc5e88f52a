import Foundation
import PlatformModels

/// `REDIRECT_CONDITION_INVALID` (safe) for a condition with more than one `=` (`Country=us=ca`).
///
/// Netlify splits a condition with JavaScript's `split('=')` and keeps the first two pieces, so `Country=us=ca`
/// *is* `Country=us` on Netlify today. The safe fix writes exactly that, so the file says what is served; the
/// change line names the dropped part, so an author who meant `Country=us,ca` can write it. Other invalid
/// conditions (no `=`, unknown names, query parameters without a value) are not fixed: what was meant is unknown.
public struct ConditionFixer: Fixer {
    /// `REDIRECT_CONDITION_INVALID`.
    public let code = FindingCode.redirectConditionInvalid
    /// Safe: the rewritten condition is the one Netlify applies.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Rewrites each `k=v=w` condition on the line as `k=v`.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        guard finding.message.contains("more than one `=`") else {
            return .notFixed("\(finding.message); what was meant is unknown, so it is left to the author")
        }
        guard context.kind(of: path) == .redirectsFile else { return .notFixed("only `_redirects` conditions are rewritten") }
        guard let text = document.text(ofLine: number), let layout = RedirectLineLayout(text), let status = layout.statusIndex else {
            return .notFixed("line \(number) has no status followed by conditions")
        }
        var fixed = text
        var dropped: [String] = []
        // Right to left, so that earlier ranges stay valid.
        for token in layout.tokens[(status + 1)...].reversed() {
            let pieces = token.text.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count > 2 else { continue }
            dropped.insert(String(token.text), at: 0)
            let offsetStart = text.distance(from: text.startIndex, to: token.range.lowerBound)
            let offsetEnd = text.distance(from: text.startIndex, to: token.range.upperBound)
            let start = fixed.index(fixed.startIndex, offsetBy: offsetStart)
            let end = fixed.index(fixed.startIndex, offsetBy: offsetEnd)
            fixed.replaceSubrange(start..<end, with: pieces[0] + "=" + pieces[1])
        }
        guard !dropped.isEmpty else { return .notFixed("\(finding.message); what was meant is unknown, so it is left to the author") }
        let summary = dropped.map { token -> String in
            let pieces = token.split(separator: "=", omittingEmptySubsequences: false)
            return "`\(token)` → `\(pieces[0])=\(pieces[1])` (Netlify ignores `=\(pieces[2...].joined(separator: "="))`)"
        }.joined(separator: ", ")
        return .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: fixed)])), change: "wrote what Netlify reads: " + summary)
    }
}
