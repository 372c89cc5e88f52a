import Foundation
import PlatformModels

/// `REDIRECT_DUPLICATE` (safe): deletes the copy Netlify removes.
///
/// `NetlifyRuleSet` keeps the *last* copy of an exact duplicate and reports every earlier one, so the finding's
/// line is a copy Netlify already ignores: deleting it changes nothing that is served. In `_redirects` the line is
/// deleted; in `netlify.toml` the whole `[[redirects]]` entry (header to last key, sub-tables included) is.
public struct DuplicateRedirectFixer: Fixer {
    /// `REDIRECT_DUPLICATE`.
    public let code = FindingCode.redirectDuplicate
    /// Safe: the deleted copy is the one Netlify drops.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Deletes the ignored copy.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line, number <= document.count else {
            return .notFixed("the finding names no file line")
        }
        switch context.kind(of: path) {
        case .redirectsFile:
            return .fixed(FileEdit(path: path, change: .lines([.delete(line: number)])), change: "deleted the duplicate rule Netlify ignores")
        case .netlifyTOML:
            guard let block = TOMLRedirectBlock(containing: number, in: document), block.header == number else {
                return .notFixed("the [[redirects]] entry at line \(number) was not found")
            }
            let edits = (block.header...block.last).map { LineEdit.delete(line: $0) }
            return .fixed(
                FileEdit(path: path, change: .lines(edits)),
                change: "deleted the duplicate [[redirects]] entry (lines \(block.header)–\(block.last)) Netlify ignores"
            )
        default:
            return .notFixed("not a _redirects or netlify.toml file")
        }
    }
}
