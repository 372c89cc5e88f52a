import Foundation
import PlatformModels

/// Reads one edited `_redirects` line back through Netlify's parser model, so that a fix is kept only when the
/// parser now keeps the rule and no longer reports what the fix was for.
enum RedirectLineCheck {
    /// The findings the parser reports for `line` alone, and whether it keeps a rule.
    static func parse(_ line: String) -> (keepsRule: Bool, codes: Set<FindingCode>) {
        let output = RedirectsFileParser().parse(TextFile(displayPath: "_redirects", bytes: Array(line.utf8)))
        return (output.rules.count == 1, Set(output.findings.map(\.code)))
    }

    /// Whether the parser reads `line` without a finding of `code`, and keeps its rule unless `original` was
    /// dropped for another reason too (another finding on the same line, fixed by its own fixer).
    static func clears(_ code: FindingCode, in line: String, original: String? = nil) -> Bool {
        let (keeps, codes) = parse(line)
        let originalKept = original.map { parse($0).keepsRule } ?? true
        return !codes.contains(code) && (keeps || !originalKept)
    }
}
