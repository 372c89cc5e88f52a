import Foundation
import PlatformModels

/// `REDIRECT_UNREACHABLE` (suggested): moves the rule that never fires to just above the more general rule that
/// always matches first, in `_redirects`.
///
/// The general rule is the one the finding names (`the rule at FILE:LINE`). Not fixed when the two are in
/// different files (Netlify reads `_redirects` before `netlify.toml`, so a `netlify.toml` rule cannot be moved
/// above a `_redirects` one) or both are in `netlify.toml` (entries are moved by hand). Suggested: requests the
/// general rule answered now get the specific rule's answer.
public struct UnreachableRedirectFixer: Fixer {
    /// `REDIRECT_UNREACHABLE`.
    public let code = FindingCode.redirectUnreachable
    /// Suggested: the moved rule starts answering requests.
    public let confidence = FixConfidence.suggested

    /// Creates the fixer.
    public init() {}

    /// Moves the rule's line above the covering rule's line.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line, let file = finding.file else {
            return .notFixed("the finding names no file line")
        }
        guard let (coverFile, coverLine) = Self.coveringRule(in: finding.message) else {
            return .notFixed("the covering rule could not be read from the finding")
        }
        guard coverFile == file, context.kind(of: path) == .redirectsFile else {
            return .notFixed("the covering rule is in \(coverFile) and this one in \(file): move it by hand (`_redirects` is read first)")
        }
        guard coverLine < number, let text = document.text(ofLine: number) else { return .notFixed("the covering rule does not come first") }
        return .fixed(
            FileEdit(path: path, change: .lines([.delete(line: number), .insert(before: coverLine, text: text)])),
            change: "moved the rule from line \(number) above the rule at line \(coverLine) that always matched first"
        )
    }

    /// `FILE` and `LINE` from `… the rule at FILE:LINE (…`.
    static func coveringRule(in message: String) -> (String, Int)? {
        guard let start = message.range(of: "the rule at ") else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.range(of: " (`") else { return nil }
        let location = rest[..<end.lowerBound]
        guard let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) else { return nil }
        return (String(location[..<colon]), line)
    }
}
